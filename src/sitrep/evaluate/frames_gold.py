"""The gold of events/frames-dev: its event frames, and where their strings stand in the text.

``gold.jsonl`` holds one event a line: ``anchor`` and ``also`` (exact substrings of the article's
text), the PLOVER type, actors, place point, date and counts. Cleaning may change the text (a
doubled space, a line break, an invisible character), so each string is located in the report's
cleaned text, not at its offset in the input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.errors import EvalError
from sitrep.model import Span

BORDERLINE = "borderline:"
"""How a gold note marks a debatable event."""
# Cleaning drops these and folds runs of white space; a string is also sought with them gone.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s|$)|\n")


@dataclass(frozen=True, slots=True)
class GoldActor:
    """A gold actor: a name, an ISO 3166 alpha-3 country, either or both may be null."""

    name: str | None
    country: str | None

    @property
    def absent(self) -> bool:
        """The gold says no actor takes this role."""
        return not self.name and not self.country


@dataclass(frozen=True, slots=True)
class GoldPlace:
    """A gold place: a point with a radius in km, or only a country (ISO 3166 alpha-2)."""

    lat: float | None
    lon: float | None
    km: float | None
    country: str | None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One annotated event frame."""

    url: str
    strings: tuple[str, ...]
    """The anchor first, then the ``also`` strings."""
    type: str
    acled_sub_event_type: str | None
    actor1: GoldActor
    actor2: GoldActor
    place: GoldPlace | None
    place_name: str | None
    date: str | None
    """ISO 8601 at its precision: 2022-03-04, 2022-03, 2022."""
    killed: int | None
    injured: int | None
    status: str
    note: str | None

    @property
    def borderline(self) -> bool:
        """The annotator marked the event as debatable."""
        return (self.note or "").startswith(BORDERLINE)


@dataclass(frozen=True, slots=True)
class Located:
    """A gold event with the spans of its strings in the cleaned text, and the strings not found."""

    gold: GoldEvent
    spans: tuple[Span, ...]
    missing: tuple[str, ...]


def load_gold(path: Path) -> dict[str, list[GoldEvent]]:
    """The gold events of ``gold.jsonl`` by article URL, in file order."""
    out: dict[str, list[GoldEvent]] = {}
    for number, record in enumerate(_jsonl(path), start=1):
        try:
            event = _event(record)
        except (KeyError, TypeError, ValueError) as err:
            raise EvalError(f"{path}:{number}", f"not a frames gold event: {err!r}") from err
        out.setdefault(event.url, []).append(event)
    return out


def load_articles(path: Path) -> list[bytes]:
    """The non-blank lines of ``articles.jsonl``, for the reader ``sitrep extract`` uses."""
    try:
        return [line for line in path.read_bytes().splitlines() if line.strip()]
    except OSError as err:
        raise EvalError(str(path), f"cannot read the articles: {err}") from err


def article_texts(lines: list[bytes]) -> list[tuple[str, str]]:
    """Each line's URL and input text ("" where it has none), in order: the URL ties a report to
    its gold, the text tells which occurrence of a repeated string is meant."""
    out: list[tuple[str, str]] = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict):
            record = {}
        out.append((str(record.get("url") or ""), str(record.get("text") or "")))
    return out


def locate(string: str, text: str, raw: str = "") -> Span | None:
    """Where ``string`` stands in the cleaned ``text``: exactly, else with invisible characters
    dropped and white space folded; of several occurrences the one nearest its place in ``raw``."""
    if not string.strip():
        return None
    hits = [m.start() for m in re.finditer(re.escape(string), text)]
    if hits:
        start = _nearest(hits, raw.find(string))
        return start, start + len(string)
    folded, index = _fold(text)
    needle, _ = _fold(string)
    hits = [m.start() for m in re.finditer(re.escape(needle), folded)] if needle else []
    if not hits:
        return None
    start = _nearest([index[h] for h in hits], raw.find(string))
    first = index.index(start)
    return start, index[first + len(needle) - 1] + 1


def locate_all(events: list[GoldEvent], text: str, raw: str = "") -> list[Located]:
    """Each gold event's strings located in the cleaned text."""
    out: list[Located] = []
    for event in events:
        spans: list[Span] = []
        missing: list[str] = []
        for string in event.strings:
            span = locate(string, text, raw)
            if span is None:
                missing.append(string)
            else:
                spans.append(span)
        out.append(Located(event, tuple(spans), tuple(missing)))
    return out


def annotated_end(text: str, located: list[Located]) -> int:
    """The end of the annotated part: the end of the sentence of the last gold string."""
    last = max((end for loc in located for _, end in loc.spans), default=0)
    if last == 0:
        return 0
    found = _SENTENCE_END.search(text, max(0, last - 1))
    return found.end() if found else len(text)


def _nearest(hits: list[int], wanted: int) -> int:
    """The hit closest to where the string stood in the input (the first, if it was not there)."""
    if wanted < 0:
        return hits[0]
    return min(hits, key=lambda h: (abs(h - wanted), h))


def _fold(text: str) -> tuple[str, list[int]]:
    """The text without invisible characters, white-space runs as one space, and for each of
    its characters the offset it came from."""
    chars: list[str] = []
    index: list[int] = []
    for offset, char in enumerate(text):
        if _INVISIBLE.match(char):
            continue
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        index.append(offset)
    return "".join(chars), index


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    if not isinstance(record, dict):
                        raise ValueError("a line is not a JSON object")
                    yield record
    except (OSError, ValueError) as err:
        raise EvalError(str(path), f"not JSON Lines: {err}") from err


def _figure(value: Any) -> int | None:
    return None if value is None else int(value)


def _place(value: Any) -> GoldPlace | None:
    if not isinstance(value, dict):
        return None
    if "lat" in value and "lon" in value:
        return GoldPlace(float(value["lat"]), float(value["lon"]), float(value.get("km", 50)),
                         None)
    if value.get("country"):
        return GoldPlace(None, None, None, str(value["country"]).upper())
    return None


def _event(record: dict[str, Any]) -> GoldEvent:
    strings = (str(record["anchor"]), *(str(s) for s in record.get("also") or ()))
    return GoldEvent(
        url=str(record["url"]),
        strings=strings,
        type=str(record["type"]).upper(),
        acled_sub_event_type=record.get("acled_sub_event_type"),
        actor1=GoldActor(record.get("actor1"), record.get("actor1_country")),
        actor2=GoldActor(record.get("actor2"), record.get("actor2_country")),
        place=_place(record.get("place_point")),
        place_name=record.get("place"),
        date=record.get("date"),
        killed=_figure(record.get("killed")),
        injured=_figure(record.get("injured")),
        status=str(record.get("status") or "reported"),
        note=record.get("note"),
    )
