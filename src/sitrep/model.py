"""Domain types: what flows from one stage to the next. Frozen and slotted, no behaviour."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Span = tuple[int, int]
"""Character offsets [start, end) into ``Article.text``."""

ActorKind = Literal["person", "organization", "state", "group"]
TimePrecision = Literal["day", "week", "month", "year"]
QuoteKind = Literal["direct", "partial", "indirect"]
CueClass = Literal["speech", "belief", "intention", "stance", "evaluation"]
"""What kind of attribution a quote's cue makes; what users see as quotes by default is speech."""
EventStatus = Literal["reported", "planned", "threatened", "hypothetical", "background", "negated"]
ContextSource = Literal["clause", "sentence", "paragraph", "dateline", "article", "published"]
"""Where an event's place or date was taken from: its own clause, its sentence, its paragraph,
the dateline, the article as a whole, or (dates only) the publication date."""
PublishedSource = Literal["given", "metadata", "text", "dateline"]
"""Where an article's date came from: given with the input (``--published``, a record's field),
the page's metadata, the text (a leading date line, a photo caption), or a dateline with a year."""
CountKind = Literal[
    "killed", "injured", "missing", "arrested", "abducted", "displaced", "affected", "other"
]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input before cleaning: either text or HTML, with whatever metadata came with it."""

    origin: str
    """Where it came from, for error messages: a path, a URL, ``path:line`` for JSON Lines."""
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A clean article: the text every offset in a report points into."""

    id: str
    text: str
    url: str | None
    title: str | None
    source: str | None
    published: dt.date | None
    dateline: str | None
    language: str
    headings: tuple[Span, ...] = ()
    """Section headings kept in the text; they are not sentences."""
    dateline_span: Span | None = None
    """Where the dateline stands in the text ("KHARKIV, Ukraine (Reuters) -"), if it does."""
    origin: str = ""
    """The input it came from (path, URL, ``path:line``), for error messages."""
    published_source: PublishedSource | None = None
    """Where ``published`` came from; None when it is unknown."""


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organisation, state or group, with every mention of it in the article."""

    name: str
    kind: ActorKind
    country: str | None
    """ISO 3166 alpha-3."""
    sector: str | None
    """GOV, MIL, REB, CVL, COP, LEG, JUD, MED, IGO, NGO, BUS, ..."""
    title: str | None
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Place:
    """A toponym resolved to GeoNames, with every mention of it."""

    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    """ISO 3166 alpha-2."""
    admin1: str | None
    precision: int
    """1 town, 2 near a town or part of a region, 3 region, 4 country."""
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A temporal expression resolved against the publication date."""

    text: str
    start: int
    end: int
    value: str | None
    """ISO 8601 at its precision: 2024-03-13, 2024-W11, 2024-02, 2024."""
    precision: TimePrecision | None


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: str | None
    speaker_mention: Span | None
    cue: str | None
    cue_class: CueClass


@dataclass(frozen=True, slots=True)
class Count:
    kind: CountKind
    value: int
    qualifier: str | None
    noun: str | None


@dataclass(frozen=True, slots=True)
class EventActor:
    name: str
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class EventPlace:
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    precision: int
    source: ContextSource | None = None
    """How the place was chosen (None when read back from a report that does not say)."""
    site: str | None = None
    """The facility, building, street or quarter the event's clause names, finer than the
    place ("Oxford Street bus station"), if any."""


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    """One of the 16 PLOVER types."""
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    actor1: EventActor | None
    actor2: EventActor | None
    date: str | None
    date_precision: TimePrecision | None
    place: EventPlace | None
    counts: tuple[Count, ...]
    status: EventStatus
    evidence: tuple[Span, ...]
    confidence: float
    date_source: ContextSource | None = None
    """How the date was chosen (None when read back from a report that does not say)."""


@dataclass(frozen=True, slots=True)
class Report:
    """Everything extracted from one article; ``report.to_json`` renders the public contract."""

    article: Article
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    times: tuple[TimeMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    relevant: bool = True
    """Whether the article is about conflict or politics (not sport, business or weather)."""
    # Left out of equality: a report read back from its JSON, which has no versions, is the same.
    versions: Mapping[str, str] = field(default_factory=dict, compare=False)
    """Which version of each stage made it (``Pipeline.versions``): not in the JSON contract."""


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that produced no report, and why. Recorded by the boundary that skipped it."""

    origin: str
    reason: str
    extra: dict[str, str] = field(default_factory=dict)
    stage: str | None = None
    """Where it broke: read, ingest, nlp, actors, places, times, quotes, events; None if unknown."""
