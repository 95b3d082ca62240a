"""Scores events against the public event gold sets in ../shared/data/events.

Given the folder, every set found in it is scored; given a file, that one:
- ``PLOVER_GSR_CAMEO.json``: each sentence as a one-sentence article; the event sitrep is most
  confident of is compared with the gold PLOVER type (0.5 names mapped to 0.8 by the CAMEO roots
  of CAMEO2PLOVER-2021.txt: DEMAND (10) -> REQUEST, DISAPPROVE (11) and INVESTIGATE (09) ->
  ACCUSE, FIGHT (19) -> ASSAULT), its mode, and the source and target country and sector.
- ``zsp-plover-train.tsv``: the same, on sentences with a gold PLOVER root (its YIELD, the
  older name of CONCEDE and RETREAT, is right when sitrep says either).
- ``wikievents-dev.jsonl`` and ``india-police-events/``: see ``sitrep.evaluate.events_docs``.
- a JSON-lines file of described events with their ACLED types (tests/fixtures/acled/): see
  ``sitrep.evaluate.events_acled``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sitrep.errors import EvalError, SitrepError
from sitrep.evaluate import EvalResult, Metric, events_acled, events_docs
from sitrep.evaluate.events_common import Timed, gold_date, timed_extract
from sitrep.model import Event, RawDocument
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

PLOVER_FILE = "PLOVER_GSR_CAMEO.json"
ZSP_FILE = "zsp-plover-train.tsv"
ZSP_TYPES = MappingProxyType({"YIELD": frozenset({"CONCEDE", "RETREAT"})})
OLD_TYPES = MappingProxyType({"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
             "FIGHT": "ASSAULT"})
"""PLOVER 0.5 names -> 0.8, by the CAMEO root each stood for (09, 10, 11, 19)."""
MODE_ALIASES = MappingProxyType({"strike-hun": "hunger", "strike-gen": "strike", "demo-org": "demo",
                "demo-spon": "demo", "riot-spon": "riot", "detain": "arrest",
                "host": "visit", "heavy-weapons": "heavy-weapons", "aerial": "heavy-weapons",
                "confiscate": "confiscate", "weapons": "troops"})
"""0.5 gold modes and sitrep's 0.8 modes, compared through one name (0.5 had no 'aerial')."""
NOT_COUNTRIES = frozenset({"IGO", "NGO", "MNC", "REB", "UNK", ""})


def load_plover(path: Path) -> list[dict[str, Any]]:
    """The coded sentences of PLOVER_GSR_CAMEO.json (the DOCUMENT record left out)."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise EvalError(str(path), f"not a PLOVER JSON list: {err}") from err
    if not isinstance(records, list):
        raise EvalError(str(path), "expected a JSON list of PLOVER records")
    return [r for r in records if isinstance(r, dict) and r.get("text") and r.get("event")
            and r["event"] != "DOCUMENT"]


def gold_type(record: dict[str, Any]) -> str:
    """The record's event type in PLOVER 0.8 names."""
    name = str(record["event"]).upper()
    return OLD_TYPES.get(name, name)


def top_event(events: tuple[Event, ...]) -> Event | None:
    """The event sitrep is most confident of (the first of equals)."""
    best: Event | None = None
    for event in events:
        if best is None or event.confidence > best.confidence:
            best = event
    return best


def plover_reports(path: Path, settings: Settings, pipeline: Pipeline,
                   fields: tuple[str, ...] = ()) -> Iterator[tuple[dict[str, Any], Timed]]:
    """Each gold record (having one of ``fields``, if given) with the report of its sentence
    (as a one-sentence article)."""
    records = [r for r in load_plover(path) if not fields or any(f in r for f in fields)]
    if settings.eval_limit is not None:
        records = records[:settings.eval_limit]
    for record in records:
        published = gold_date(record.get("date"))
        raw = RawDocument(origin=str(record.get("id")), text=str(record["text"]),
                          published=published)
        try:
            yield record, timed_extract(pipeline, raw)
        except SitrepError:
            continue


def _codes(actors: Any) -> tuple[set[str], set[str]]:
    """Gold country codes and sectors of a source or target list."""
    if not isinstance(actors, list):
        return set(), set()
    codes = {str(a.get("code", "")).upper() for a in actors if isinstance(a, dict)}
    sectors = {str(a.get("sector", "")).upper() for a in actors if isinstance(a, dict)}
    return codes - NOT_COUNTRIES, sectors - {""}


def _mode(name: str | None) -> str | None:
    if not name:
        return None
    return MODE_ALIASES.get(name, name)


def score_plover(path: Path, settings: Settings, pipeline: Pipeline) -> EvalResult:
    """PLOVER type accuracy (top event and any event), mode and actor country and sector."""
    n = typed = any_typed = found = 0
    mode_n = mode_ok = 0
    role_n = {"src_country": 0, "src_sector": 0, "tgt_country": 0}
    role_ok = dict.fromkeys(role_n, 0)
    seconds = 0.0
    for record, timed in plover_reports(path, settings, pipeline):
        n += 1
        seconds += timed.events
        events = timed.report.events
        gold = gold_type(record)
        best = top_event(events)
        found += best is not None
        typed += best is not None and best.type == gold
        any_typed += any(e.type == gold for e in events)
        if best is None or best.type != gold:
            continue
        if record.get("mode"):
            mode_n += 1
            mode_ok += _mode(best.mode) == _mode(str(record["mode"]))
        src_codes, src_sectors = _codes(record.get("source"))
        tgt_codes, _ = _codes(record.get("target"))
        if src_codes:
            role_n["src_country"] += 1
            role_ok["src_country"] += bool(best.actor1 and best.actor1.country in src_codes)
        if src_sectors:
            role_n["src_sector"] += 1
            role_ok["src_sector"] += bool(best.actor1 and best.actor1.sector in src_sectors)
        if tgt_codes:
            role_n["tgt_country"] += 1
            role_ok["tgt_country"] += bool(best.actor2 and best.actor2.country in tgt_codes)
    if n == 0:
        raise EvalError(str(path), "no PLOVER sentences to score")
    metrics = [
        Metric("plover_type_accuracy", typed / n),
        Metric("plover_type_in_any_event", any_typed / n),
        Metric("sentences_with_an_event", found / n),
        Metric("mode_accuracy_when_type_right", mode_ok / mode_n if mode_n else 0.0),
    ]
    metrics.extend(Metric(f"{k}_accuracy_when_type_right", role_ok[k] / role_n[k])
                   for k in role_n if role_n[k])
    metrics.append(Metric("events_ms_per_sentence", 1000 * seconds / n))
    notes = (
        f"mode scored on {mode_n}, roles on {role_n} sentences whose top event had the gold type",
        "0.5 names mapped: DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE, FIGHT->ASSAULT",
    )
    return EvalResult("events/plover", str(path), n, tuple(metrics), notes)


def score_zsp(path: Path, settings: Settings, pipeline: Pipeline) -> EvalResult:
    """PLOVER root accuracy on the Zero-Shot-PLOVER sentences (top event and any event)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [r for r in csv.DictReader(handle, delimiter="\t")
                    if r.get("sentence") and r.get("gold_root")]
    except (OSError, csv.Error) as err:
        raise EvalError(str(path), f"not the Zero-Shot-PLOVER TSV: {err}") from err
    gold: dict[str, set[str]] = {}
    for row in rows:
        root = str(row["gold_root"]).upper()
        gold.setdefault(str(row["sentence"]), set()).update(ZSP_TYPES.get(root, {root}))
    sentences = list(gold)
    if settings.eval_limit is not None:
        sentences = sentences[:settings.eval_limit]
    n = top = anywhere = 0
    seconds = 0.0
    for sentence in sentences:
        try:
            timed = timed_extract(pipeline, RawDocument(origin=ZSP_FILE, text=sentence))
        except SitrepError:
            continue
        n += 1
        seconds += timed.events
        best = top_event(timed.report.events)
        top += best is not None and best.type in gold[sentence]
        anywhere += any(e.type in gold[sentence] for e in timed.report.events)
    if n == 0:
        raise EvalError(str(path), "no Zero-Shot-PLOVER sentences to score")
    metrics = (Metric("plover_root_accuracy", top / n),
               Metric("plover_root_in_any_event", anywhere / n),
               Metric("events_ms_per_sentence", 1000 * seconds / n))
    return EvalResult("events/zsp-plover", str(path), n, metrics,
                      ("a sentence with several marked pairs is right on any of their roots",))


def run(path: Path, settings: Settings) -> EvalResult:
    """Score every event gold set at path (a file, or the events folder)."""
    pipeline = Pipeline(settings)
    if events_acled.is_acled_set(path):
        return events_acled.score_acled(path, settings, pipeline)
    results: list[EvalResult] = []
    plover = path / PLOVER_FILE if path.is_dir() else path
    if plover.name == PLOVER_FILE and plover.exists():
        results.append(score_plover(plover, settings, pipeline))
    zsp = path / ZSP_FILE if path.is_dir() else path
    if zsp.name == ZSP_FILE and zsp.exists():
        results.append(score_zsp(zsp, settings, pipeline))
    results.extend(events_docs.score_docs(path, settings, pipeline))
    if not results:
        raise EvalError(str(path), f"no event gold set here (expected {PLOVER_FILE}, "
                        f"{ZSP_FILE}, {events_docs.WIKI_FILE}, {events_docs.INDIA_DIR}/ "
                        "or a JSON-lines file of ACLED-coded descriptions)")
    if len(results) == 1:
        return results[0]
    metrics = tuple(Metric(f"{r.task.split('/')[-1]}.{m.name}", m.value, m.anchor)
                    for r in results for m in r.metrics)
    notes = tuple(f"{r.task.split('/')[-1]}: {note}" for r in results for note in r.notes)
    return EvalResult("events", str(path), sum(r.items for r in results), metrics, notes)
