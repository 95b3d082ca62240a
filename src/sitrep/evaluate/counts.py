"""Scores casualty counts: exact match of dead and injured on PLOVER_GSR_CAMEO.json.

Each coded sentence is a one-sentence article. A gold ``dead`` (``injured``) figure is matched
when an event of the sentence has a killed (injured) count of exactly that value. The gold
``size`` field (how many arrested, deported, demonstrating, ...) is scored too, against any
count of the sentence's events, where it is a number or a vague plural ACLED codes ("thousands").
"""

from __future__ import annotations

from pathlib import Path

from sitrep.errors import EvalError
from sitrep.evaluate import EvalResult, Metric
from sitrep.evaluate.events import PLOVER_FILE, plover_reports
from sitrep.extract.counts.numbers import load_lexicon, parse_number
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings


def gold_figure(value: object) -> int | None:
    """A gold figure as an int: '156', '1,000', 'Thousands', 'Tens of thousands'; else None."""
    lex = load_lexicon()
    words = str(value).lower().replace(",", "").split()
    if not words:
        return None
    if len(words) == 1 and words[0] in lex.vague:
        return lex.vague[words[0]]
    if len(words) == 3 and words[1] == "of" and words[0] in lex.vague and words[2] in lex.vague:
        return lex.vague[words[0]] * lex.vague[words[2]]
    return parse_number(words, lex)


def run(path: Path, settings: Settings) -> EvalResult:
    """Exact match of stated dead, injured and size figures."""
    plover = path / PLOVER_FILE if path.is_dir() else path
    if plover.name != PLOVER_FILE or not plover.exists():
        raise EvalError(str(path), f"expected {PLOVER_FILE} or the folder holding it")
    pipeline = Pipeline(settings)
    scored = {"dead": [0, 0], "injured": [0, 0], "size": [0, 0]}
    kinds = {"dead": "killed", "injured": "injured"}
    misses: list[str] = []
    for record, timed in plover_reports(plover, settings, pipeline,
                                        ("dead", "injured", "size")):
        counts = [c for e in timed.report.events for c in e.counts]
        for field, kind in kinds.items():
            gold = gold_figure(record.get(field, "")) if field in record else None
            if gold is None:
                continue
            scored[field][1] += 1
            hit = any(c.kind == kind and c.value == gold for c in counts)
            scored[field][0] += hit
            if not hit:
                misses.append(f"{record.get('id')}: {field} {gold}, got "
                              f"{[(c.kind, c.value) for c in counts]}")
        size = gold_figure(record.get("size", "")) if "size" in record else None
        if size is not None:
            scored["size"][1] += 1
            scored["size"][0] += any(c.value == size for c in counts)
    total = scored["dead"][1] + scored["injured"][1]
    if total == 0:
        raise EvalError(str(plover), "no dead or injured figures to score")
    stated = scored["dead"][0] + scored["injured"][0]
    metrics = (
        Metric("dead_injured_exact", stated / total,
               "regex 6-26%, SRL 31-74%, fine-tuned T5 44-81% (Zhong et al., EACL 2023)"),
        Metric("dead_exact", scored["dead"][0] / scored["dead"][1] if scored["dead"][1] else 0),
        Metric("injured_exact",
               scored["injured"][0] / scored["injured"][1] if scored["injured"][1] else 0),
        Metric("size_exact", scored["size"][0] / scored["size"][1] if scored["size"][1] else 0),
    )
    notes = (f"figures scored: dead {scored['dead'][1]}, injured {scored['injured'][1]}, "
             f"size {scored['size'][1]}", *misses[:10])
    return EvalResult("counts", str(plover), total, metrics, notes)
