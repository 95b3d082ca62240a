"""Dates and datelines written in the text: a leading ``date 2024-03-14`` line, the dateline
("KHARKIV, Ukraine (Reuters) -", "WASHINGTON, March 3 (AP) —", "GENEVA —"), a caption date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from sitrep import data
from sitrep.ingest.blocks import Block
from sitrep.model import Span

_STAMP_WINDOW = 3
# The patterns take their words (months, weekdays, labels) from data/ingest/datelines.json; the
# "on" and "at" of a stamp ("Published on March 14, 2024 at 10:05") are its grammar.
_DATE_LINE = r"(?i)(?:{labels})\s*[:=]?\s*(\d{{4}}-\d{{2}}-\d{{2}})"
# A line that is nothing but a date (and time) near the top: "Published: March 14, 2024 10:05 GMT".
_STAMP = r"""(?:(?:{labels})(?:\ on)?:?\s)?(?:(?:{weekday})\.?,?\s)?
    (?:(?P<month>{month})\s(?P<day>\d{{1,2}}),?\s(?P<year>\d{{4}})
      |(?P<day2>\d{{1,2}})\s(?P<month2>{month})\s(?P<year2>\d{{4}})
      |(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}))
    (?:,?\s(?:at\s)?\d{{1,2}}[:.]\d{{2}}[^\n]{{0,40}})?"""
# The dateline opens the first paragraph: PLACE[, Region][, Month Day[, Year]] [(Agency)] dash.
# The place is in capitals unless an agency follows; a dash or colon ends it.
_DATELINE = r"""(?:
        (?P<place>[A-Z][A-Z.'’\-]*(?:\s[A-Z][A-Z.'’\-]*){{0,3}}
          |(?P<mixed>[A-Z][a-z.'’\-]+(?:\s[A-Z][a-z.'’\-]+){{0,2}})(?=[^\n]{{0,60}}\(\w))
        (?:,\s(?!{month}\s\d)(?P<region>[A-Z][A-Za-z.'’\-]+(?:\s[A-Z][A-Za-z.'’\-]+){{0,3}}))?
        (?:,\s|\s(?={month}\s\d))?
      )?
      (?P<date>{month}\s\d{{1,2}}(?:,?\s\d{{4}})?)?
      \s?(?:\((?P<agency>[A-Za-z][\w .&/-]{{0,30}})\))?
      \s?(?P<dash>—|–|--?|:)(?=\s)"""
_CAPTION_DATE = r"\b(?P<month>{month})\s(?P<day>\d{{1,2}}),\s(?P<year>\d{{4}})\b"
# A place alone before a dash, in capitals or capitalised ("ODESA - ", "Odesa — "): a dateline
# only when the gazetteer knows the words as a town or region ("NATO - allies met" is none).
_BARE_OPENER = re.compile(
    r"(?P<place>[A-Z][A-Za-z.'’\-]*(?:\s[A-Z][A-Za-z.'’\-]*){0,3})"
    r"(?:,\s[A-Z][A-Za-z.'’\-]+(?:\s[A-Z][A-Za-z.'’\-]+){0,3})?"
    r"\s(?P<dash>—|–|--?)(?=\s)")

TownSize = Callable[[str], int | None]
"""The population of the largest town or region the places gazetteer knows by a name (None for
none), lent by the caller that loads the gazetteer (the pipeline): ingest keeps none of its own."""


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline found at the start of the text."""

    place: str | None
    span: Span
    source: str | None
    published: dt.date | None


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The dateline data and the patterns built from its words."""

    agencies: dict[str, str]
    bare_town_population: int
    lowercase_words: frozenset[str]
    months: dict[str, int]
    date_line: re.Pattern[str]
    stamp: re.Pattern[str]
    dateline: re.Pattern[str]
    caption_date: re.Pattern[str]
    file_photo: re.Pattern[str]


@cache
def _lexicon() -> _Lexicon:
    """The dateline data shipped with sitrep, loaded and compiled once."""
    raw = data.read_json("ingest/datelines.json")
    months = {str(k): int(v) for k, v in raw["months"].items()}
    # Capitalised ("Jan", "March"): datelines and captions match them case-sensitively.
    month = rf"(?:{_alternation(w[:1].upper() + w[1:] for w in months)})\.?"
    weekday = _alternation(w[:1].upper() + w[1:] for w in raw["weekdays"])
    file_photo = _alternation(raw["file_photo_words"], spaces=r"\s+")
    return _Lexicon(
        agencies=dict(raw["agencies"]),
        bare_town_population=int(raw["bare_town_population"]),
        lowercase_words=frozenset(raw["lowercase_words"]),
        months=months,
        date_line=re.compile(_DATE_LINE.format(labels=_alternation(raw["date_labels"]))),
        stamp=re.compile(
            _STAMP.format(
                labels=_alternation(raw["stamp_labels"]), weekday=weekday, month=month
            ),
            re.VERBOSE | re.IGNORECASE,
        ),
        dateline=re.compile(_DATELINE.format(month=month), re.VERBOSE),
        caption_date=re.compile(_CAPTION_DATE.format(month=month)),
        file_photo=re.compile(rf"\b(?:{file_photo})\b", re.IGNORECASE),
    )


def _alternation(words: Iterable[str], spaces: str = r"\ ") -> str:
    """Words as a regex alternation, longest first; a space stays one (escaped for VERBOSE)."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", spaces) for w in ordered)


def take_date_line(blocks: Sequence[Block]) -> tuple[list[Block], dt.date | None]:
    """The blocks without a leading ``date 2024-03-14`` line (or a date-only line near the top:
    "Published: March 14, 2024 10:05 GMT"), and that date."""
    if blocks:
        match = _lexicon().date_line.fullmatch(blocks[0].text.strip())
        if match:
            try:
                return list(blocks[1:]), dt.date.fromisoformat(match.group(1))
            except ValueError:
                pass
    for i, block in enumerate(blocks[:_STAMP_WINDOW]):
        day = _stamp(block.text.strip())
        if day:
            return [*blocks[:i], *blocks[i + 1:]], day
    return list(blocks), None


def _stamp(text: str) -> dt.date | None:
    """The date of a line that holds nothing but a date (and a time)."""
    match = _lexicon().stamp.fullmatch(text)
    if match is None:
        return None
    if match.group("iso"):
        try:
            return dt.date.fromisoformat(match.group("iso"))
        except ValueError:
            return None
    if match.group("month"):
        return _date(match.group("month"), match.group("day"), match.group("year"))
    return _date(match.group("month2"), match.group("day2"), match.group("year2"))


def join_split_dateline(blocks: Sequence[Block]) -> list[Block]:
    """The blocks with a dateline that stands alone on its line joined to the paragraph it opens
    ("KYIV, Ukraine (AP) —" then the story on the next line, as scrapers leave it)."""
    out = list(blocks)
    for i, block in enumerate(out[:-1]):
        line = block.text.rstrip()
        found = find_dateline(f"{line} x", 0, ())  # the dash wants text after it
        if found is not None and found.span[1] == len(line) and not out[i + 1].heading:
            out[i:i + 2] = [Block(f"{line} {out[i + 1].text}")]
            break
    return out


def find_dateline(text: str, start: int, headings: Iterable[Span],
                  towns: TownSize | None = None) -> Dateline | None:
    """The dateline opening the first paragraph at or after ``start`` that is not a heading.
    With ``towns``, a well-known town or region alone before a dash ("ODESA - ...") is one too."""
    heading_starts = {s for s, _ in headings}
    offset = start
    while offset in heading_starts:
        nxt = text.find("\n\n", offset)
        if nxt < 0:
            return None
        offset = nxt + 2
    found = _written_dateline(text, offset)
    if found is None and towns is not None:
        return _town_opener(text, offset, towns)
    return found


def _town_opener(text: str, offset: int, towns: TownSize) -> Dateline | None:
    """A dateline that is a well-known town or region alone before a dash: "ODESA - ..."."""
    match = _BARE_OPENER.match(text, offset)
    if match is None:
        return None
    size = towns(match.group("place"))
    if size is None or size < _lexicon().bare_town_population:
        return None
    return Dateline(_normal_case(match.group("place")), (match.start(), match.end("dash")),
                    None, None)


def _written_dateline(text: str, offset: int) -> Dateline | None:
    """The dateline its form alone marks: an agency, a date, a long dash, or a town in capitals
    with its region before a hyphen."""
    match = _lexicon().dateline.match(text, offset)
    if match is None:
        return None
    place = match.group("place") or match.group("mixed")
    agency = _agency(match.group("agency"))
    if match.group("agency") and agency is None:
        return None  # "(something)" that is no agency: not a dateline
    if place is None and match.group("date") is None:
        return None
    if (agency is None and match.group("date") is None and match.group("dash") in {":", "-"}
            and not (match.group("dash") == "-" and match.group("place")
                     and match.group("region"))):
        # "WARNING:" or "NATO - " is no dateline; a bare one takes a long dash, or a hyphen
        # after a town in capitals and its region, as plain-text wire copy writes it
        # ("KHARKIV, Ukraine - Russian drones hit ...").
        return None
    published = _month_day(match.group("date")) if match.group("date") else None
    return Dateline(_normal_case(place) if place else None, (match.start(), match.end("dash")),
                    agency, published)


def caption_date(captions: Iterable[str]) -> dt.date | None:
    """The date of the first caption that dates its photo ("..., March 14, 2024. REUTERS/...")."""
    lexicon = _lexicon()
    for caption in captions:
        if lexicon.file_photo.search(caption):
            continue  # a file photo is older than the article
        match = lexicon.caption_date.search(caption)
        if match:
            day = _date(match.group("month"), match.group("day"), match.group("year"))
            if day:
                return day
    return None


def _agency(name: str | None) -> str | None:
    """The recorded name of an agency as written in a dateline, if it is one."""
    if not name:
        return None
    return _lexicon().agencies.get(name.strip().lower())


def _normal_case(place: str) -> str:
    """KHARKIV -> Kharkiv, DAR ES SALAAM -> Dar es Salaam; mixed case is kept as written."""
    if not place.isupper():
        return place
    small = _lexicon().lowercase_words
    words = re.split(r"([\s\-])", place.lower())
    out = []
    for i, word in enumerate(words):
        keep_small = i > 0 and word in small
        out.append(word if keep_small else word[:1].upper() + word[1:])
    return "".join(out)


def _month_day(text: str) -> dt.date | None:
    """A dateline date with its year. Without one it is no date: guessing the year from the
    clock would date an archive's copy to the wrong year (SPEC: unknown is null)."""
    parts = re.match(r"(\S+)\s(\d{1,2}),?\s(\d{4})", text)
    if parts is None:
        return None
    return _date(parts.group(1), parts.group(2), parts.group(3))


def _date(month: str, day: str, year: str) -> dt.date | None:
    """The date of month name, day and year, or None if there is no such day."""
    number = _lexicon().months.get(month.lower().rstrip("."))
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        return None
