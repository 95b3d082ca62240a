"""A seeded fuzz run: 1,200 mutated articles and JSON Lines records (giant numbers, deep nesting,
control characters, lone surrogates, huge tokens, mojibake, broken JSON) read, extracted and
stored in one go. No traceback, every offset inside its article, every input reported (a report
or a failure naming its line), every pristine input a report, nothing lost or doubled in the store.
Texts stay short so that the whole run takes well under a minute on the shared model."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from sitrep.ingest import read_inputs
from sitrep.model import Failure, Report, Span
from sitrep.pipeline import Pipeline
from sitrep.report import dumps
from sitrep.settings import Settings
from sitrep.store import open_store
from sitrep.store.ingest import ingest

SEED = 18
RECORDS = 1_200

BASES = (
    "KHARKIV, Ukraine - A Russian missile strike on Kharkiv killed at least 12 people and "
    "injured 30 on Wednesday, regional governor Oleh Syniehubov said.",
    "Sudanese paramilitaries shelled a market in El Fasher on Sunday, killing 9 civilians, "
    "a local aid group said. \"The market was full,\" one witness told reporters.",
    "Israeli and Egyptian officials met in Cairo on Monday to discuss a ceasefire, and the "
    "talks will resume next week, a diplomat said.",
    "Police arrested 40 protesters in Tbilisi overnight after thousands rallied outside "
    "parliament against the foreign agents law, the interior ministry said.",
)
CONTROLS = [chr(c) for c in (*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)] + [
    "\u200b", "\u202e", "\ufeff", "\u2028", "\x85"]


def _giant_number(rng: random.Random, text: str) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(rng.choice((12, 20, 40, 300))))
    figure = rng.choice((digits, f"{int(digits[:3] or 1):,} billion", "9" * 5000,
                         f"{rng.randint(1, 9)},{'000,' * rng.randint(3, 30)}000"))
    return text.replace("12", figure, 1).replace(" 9 ", f" {figure} ", 1)


def _controls(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 12)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(CONTROLS))
    return "".join(chars)


def _surrogate(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + chr(rng.randint(0xD800, 0xDFFF)) + text[at:]


def _huge_token(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return f"{text[:at]} {rng.choice('xZ9-')*rng.randint(500, 20_000)} {text[at:]}"


def _emoji_and_mojibake(rng: random.Random, text: str) -> str:
    mangled = text.replace(" - ", " — ").replace("said", "said 🇺🇦🔥")
    if rng.random() < 0.5:
        return mangled.encode("utf-8", "surrogatepass").decode("cp1252", errors="ignore")
    return mangled


def _quotes(rng: random.Random, text: str) -> str:
    marks = "\"“”'‘’«»"
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(marks))
    return "".join(chars)


TEXT_MUTATIONS = (_giant_number, _controls, _surrogate, _huge_token, _emoji_and_mojibake, _quotes)


def _line(rng: random.Random, n: int) -> tuple[str, bool]:
    """One JSON Lines line and whether it is a pristine record that must give a report."""
    base = BASES[n % len(BASES)]
    if n % 10 == 0:
        return json.dumps({"text": f"{base} (Item {n}.)"}), True
    roll = rng.random()
    if roll < 0.08:
        depth = rng.choice((50, 5_000, 200_000))
        return rng.choice(("[" * depth + "]" * depth,
                           json.dumps({"text": base})[:-1] + ', "x": ' + "[" * depth + "]" * depth
                           + "}")), False
    if roll < 0.14:
        cut = json.dumps({"text": base, "title": "t"})
        return cut[: rng.randrange(1, len(cut))], False
    if roll < 0.18:
        return json.dumps(rng.choice(([base], 12, None, {"title": base}, {"text": ""}))), False
    text = f"{base} (Item {n}.)"
    for mutate in rng.sample(TEXT_MUTATIONS, rng.randint(1, 3)):
        text = mutate(rng, text)
    record: dict[str, object] = {"text": text}
    if rng.random() < 0.3:
        record["title"] = _surrogate(rng, "Title") if rng.random() < 0.3 else text[:60]
    if rng.random() < 0.2:
        record["published"] = rng.choice(("2024-03-14", "0001-01-01", "9999-12-31", "2024-02-30"))
    # ensure_ascii: a lone surrogate travels as the JSON escape a careless producer writes.
    return json.dumps(record, ensure_ascii=True), False


def _spans(report: Report) -> list[Span]:
    spans: list[Span] = [*report.article.headings]
    if report.article.dateline_span:
        spans.append(report.article.dateline_span)
    for actor in report.actors:
        spans += actor.mentions
    for place in report.places:
        spans += place.mentions
    spans += [(t.start, t.end) for t in report.times]
    for quote in report.quotes:
        spans.append((quote.start, quote.end))
        if quote.speaker_mention:
            spans.append(quote.speaker_mention)
    for event in report.events:
        spans += event.evidence
    return spans


@pytest.mark.slow
def test_a_seeded_fuzz_run_loses_nothing_and_raises_nothing(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    lines = [_line(rng, n) for n in range(RECORDS)]
    source = tmp_path / "fuzz.jsonl"
    source.write_text("".join(f"{text}\n" for text, _ in lines), encoding="utf-8")

    results = list(pipeline.run(read_inputs([str(source)], Settings())))

    assert len(results) == RECORDS  # one report or one failure per line, in order
    offsets = 0
    for number, ((_, pristine), result) in enumerate(zip(lines, results, strict=True), start=1):
        if isinstance(result, Failure):
            assert not pristine, result
            assert result.origin == f"{source}:{number}" and result.reason.strip()
            continue
        assert result.article.origin == f"{source}:{number}"
        text = result.article.text
        for start, end in _spans(result):
            assert 0 <= start <= end <= len(text), (number, start, end, len(text))
            offsets += 1
        for event in result.events:
            assert all(0 <= c.value <= 8_200_000_000 for c in event.counts), event.counts
        dumps(result).encode("utf-8")  # every report prints: no surrogate got through
    reports = [r for r in results if isinstance(r, Report)]
    assert offsets > 5 * len(reports)

    with open_store(Settings(), f"sqlite:///{tmp_path / 'fuzz.db'}") as store:
        summary = ingest(store, results)
        again = ingest(store, results)
        sizes = store.table_sizes()
    distinct = len({r.article.id for r in reports})
    assert (summary.added, summary.duplicates) == (distinct, len(reports) - distinct)
    assert summary.failed == RECORDS - len(reports)
    assert (again.added, again.duplicates) == (0, len(reports))
    assert sizes["articles"] == distinct
