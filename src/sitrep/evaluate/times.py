"""Times against TempEval-3 TBAQ-cleaned (TimeML): TIMEX3 span and value scores.

Scoring follows TempEval-3: a predicted expression matches a gold TIMEX3 when their spans
overlap (one-to-one); value F1 counts a true positive only when the value is also right.
Values are compared as TimeML strings, exactly, so PRESENT_REF, P3Y, 1998-Q3 and
1998-11-20TMO all have to be produced in TimeML's own form. Two views are printed:

* all TIMEX3 (DATE, TIME, DURATION, SET) against every expression the rules find: this is
  the figure comparable with HeidelTime's 77.6 and SUTime's 67.4;
* DATE and TIME only against what the report keeps (the contract has no durations, sets or
  vague references), with the value compared at the report's own precision.

The document creation time is the publication date; its own TIMEX3 is not in the text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import EvalError
from sitrep.evaluate import EvalResult, Metric, prf
from sitrep.extract.times.extractor import Timex, to_contract
from sitrep.model import Article
from sitrep.pipeline import Pipeline, StageClock
from sitrep.settings import Settings

_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&]+|&")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One TIMEX3 of the text body."""

    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """A TimeML document as plain text, its creation date and its TIMEX3s."""

    name: str
    text: str
    dct: dt.date
    timexes: tuple[GoldTimex, ...]


def load(path: Path) -> GoldDoc:
    """Read one .tml file: the TEXT element without tags, keeping the TIMEX3 offsets."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r'functionInDocument="CREATION_TIME"[^>]*|<DCT>.*?</DCT>', raw, re.S)
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    value = re.search(r'value="(\d{4}-\d{2}-\d{2})', dct.group(0)) if dct else None
    if value is None or body is None:
        raise EvalError(str(path), "not TimeML with a DCT and a TEXT element")
    parts: list[str] = []
    length = 0
    opened: tuple[int, dict[str, str]] | None = None
    timexes: list[GoldTimex] = []
    for m in _TOKEN.finditer(body.group(1)):
        piece = m.group(0)
        if piece.startswith("<TIMEX3"):
            opened = (length, dict(_ATTR.findall(piece)))
        elif piece.startswith("</TIMEX3") and opened is not None:
            start, attrs = opened
            # "2000-W7" and "2000-W07" are the same week; compare the padded form
            gold_value = re.sub(r"-W(\d)(?!\d)", r"-W0\1", attrs.get("value", ""))
            timexes.append(GoldTimex(start, length, attrs.get("type", ""), gold_value))
            opened = None
        elif not piece.startswith("<"):
            text = html.unescape(piece) if piece.startswith("&") else piece
            parts.append(text)
            length += len(text)
    return GoldDoc(path.name, "".join(parts), dt.date.fromisoformat(value.group(1)), tuple(timexes))


def _match(gold: list[GoldTimex], predicted: list[Timex]) -> list[tuple[GoldTimex, Timex]]:
    """One-to-one pairs of overlapping spans, in text order."""
    pairs: list[tuple[GoldTimex, Timex]] = []
    used: set[int] = set()
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and p.start < g.end and g.start < p.end:
                pairs.append((g, p))
                used.add(i)
                break
    return pairs


def _contract_equal(gold: str, predicted: str | None) -> bool:
    """The report's value equals the gold one cut to the report's precision (T19:30 -> day)."""
    mine, precision = to_contract(predicted)
    theirs, gold_precision = to_contract(gold)
    return mine is not None and mine == theirs and precision == gold_precision


def run(path: Path, settings: Settings) -> EvalResult:
    """Score the rules on every .tml file under path (the first settings.eval_limit of them)."""
    files = sorted(path.rglob("*.tml")) if path.is_dir() else [path]
    if settings.eval_limit is not None:
        files = files[: settings.eval_limit]
    if not files:
        raise EvalError(str(path), "no .tml files found")
    pipeline = Pipeline(settings)
    tp = fp = fn = value_tp = 0
    date_tp = date_fp = date_fn = date_value_tp = 0
    seconds = 0.0
    for file in files:
        doc = load(file)
        article = Article(
            id=doc.name, text=doc.text, url=None, title=None, source=None,
            published=doc.dct, dateline=None, language="en",
        )  # fmt: skip
        # The gold text is the article as it is (no cleaning), and only times is scored.
        clock = StageClock()
        predicted = list(pipeline.extract_article(article, stages=("times",), timer=clock).timexes)
        seconds += clock.total()
        gold = list(doc.timexes)
        pairs = _match(gold, predicted)
        tp += len(pairs)
        fp += len(predicted) - len(pairs)
        fn += len(gold) - len(pairs)
        value_tp += sum(g.value == p.value for g, p in pairs)
        kept = [p for p in predicted if p.type in ("DATE", "TIME") and p.kind != "ref"]
        dated = [g for g in gold if g.type in ("DATE", "TIME") and to_contract(g.value)[0]]
        date_pairs = _match(dated, kept)
        date_tp += len(date_pairs)
        date_fp += len(kept) - len(date_pairs)
        date_fn += len(dated) - len(date_pairs)
        date_value_tp += sum(_contract_equal(g.value, p.value) for g, p in date_pairs)
    p, r, f = prf(tp, fp, fn)
    vp, vr, vf = prf(value_tp, tp + fp - value_tp, tp + fn - value_tp)
    dp, dr, df = prf(date_tp, date_fp, date_fn)
    dvp, dvr, dvf = prf(date_value_tp, date_tp + date_fp - date_value_tp,
                        date_tp + date_fn - date_value_tp)  # fmt: skip
    return EvalResult(
        task="times",
        path=str(path),
        items=tp + fn,
        metrics=(
            Metric("span precision (overlap)", p),
            Metric("span recall (overlap)", r),
            Metric("span F1 (overlap)", f, "HeidelTime 90.3 relaxed"),
            Metric("value accuracy on matched", value_tp / tp if tp else 0.0),
            Metric("value precision", vp),
            Metric("value recall", vr),
            Metric("value F1", vf, "HeidelTime 77.6, SUTime 67.4"),
            Metric("report dates: span F1", df),
            Metric("report dates: value accuracy", date_value_tp / date_tp if date_tp else 0.0),
            Metric("report dates: value F1", dvf),
            Metric("seconds per document (parse + times)", seconds / len(files)),
        ),
        notes=(
            f"{len(files)} documents; values compared as exact TimeML strings",
            f"report dates: {date_tp + date_fn} gold DATE/TIME with a day/week/month/year value; "
            f"P {dp:.3f} R {dr:.3f}; value P {dvp:.3f} R {dvr:.3f}",
        ),
    )
