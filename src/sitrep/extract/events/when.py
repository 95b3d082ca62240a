"""When an event happened: a time in its own clause, else in its sentence, else the paragraph's
running time when the sentence goes on telling the same event, else the publication date.

A news report tells what happened on or shortly before its date, so an event with no time of
its own is dated to the publication day (``published``), never to a day taken from a sentence
about something else. A time that starts a period ("since 1941"), one in an editor's note ("This
article was amended on ..."), and a historical one hanging on another noun or clause ("the
disaster in 1986", "mirroring earlier sanctions in 2014") dates no event but its own, and never
runs on into the sentences after it. A bare weekday follows the event's status: a reported event
took place on the last such day (unless its verb is a future: the status missed it), a planned
one takes place on the next.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep.extract.events.context_words import ContextWords
from sitrep.extract.events.place_mentions import Continues, paragraph_starts
from sitrep.extract.parse import is_ancestor, tokens_at
from sitrep.extract.times.calendar import date_range
from sitrep.extract.times.resolve import Direction, weekday_date
from sitrep.extract.times.tense import direction as tense
from sitrep.model import Article, ContextSource, EventStatus, TimeMention, TimePrecision

_AHEAD: frozenset[EventStatus] = frozenset({"planned", "threatened"})
_DONE: frozenset[EventStatus] = frozenset({"reported", "negated", "background"})
_HISTORY_DAYS = 365
"""A time that ended this long before publication is history, not news."""
_WORD = re.compile(r"[A-Za-z]+")
_HOST_POS = frozenset({"VERB", "AUX", "NOUN", "PROPN", "ADJ"})


@dataclass(frozen=True, slots=True)
class EventDate:
    """An event's date, its precision and where it came from; all None when unknown."""

    value: str | None
    precision: TimePrecision | None
    source: ContextSource | None


@dataclass(frozen=True, slots=True)
class _Time:
    """A dated time mention, with what the parse says about it."""

    mention: TimeMention
    tokens: frozenset[int]
    host: int | None
    """The word the expression hangs on: a verb, a noun ("the disaster in 1986") or None."""
    aside: bool
    """Starts a period or stands in an editor's note: it dates no event."""
    history: bool
    """Ended more than a year before publication."""


_UNKNOWN = EventDate(None, None, None)


def may_coincide(a: EventDate | None, b: EventDate | None) -> bool:
    """Whether two dates can be one occasion's: one unknown, or their periods overlap ("at
    the weekend" and "on Sunday" can; "on Monday" and "on Wednesday" cannot)."""
    first = date_range(a.value, a.precision) if a is not None else None
    second = date_range(b.value, b.precision) if b is not None else None
    if first is None or second is None:
        return True
    return first[0] <= second[1] and second[0] <= first[1]


class When:
    """The date of each event of one article."""

    def __init__(
        self,
        article: Article,
        doc: Doc,
        times: tuple[TimeMention, ...],
        sentences: list[SpacySpan],
        words: ContextWords,
    ) -> None:
        self.article = article
        self.doc = doc
        self.words = words
        self.sentences = sentences
        self.paragraphs = paragraph_starts(article.text)
        self.times = [self._time(t) for t in sorted(times, key=lambda t: t.start) if t.value]

    def date(
        self,
        trigger: Token,
        triggers: frozenset[int],
        clause: frozenset[int],
        sentences: list[SpacySpan],
        status: EventStatus,
        continues: Continues,
    ) -> EventDate:
        """The event's date, from the nearest part of the text that gives one."""
        own = triggers | {trigger.i}
        head = sentences[0]
        usable = [t for t in self.times if not t.aside and not self._other_history(t, own, trigger)]
        in_clause = [t for t in usable if t.host is not None and t.tokens <= clause]
        if in_clause:
            return self._dated(self._nearest(in_clause, trigger, own), "clause", status, own)
        spans = [(s.start_char, s.end_char) for s in sentences]
        in_sentence = [t for t in usable if any(lo <= t.mention.start < hi for lo, hi in spans)]
        if in_sentence:
            best = self._nearest(in_sentence, trigger, own)
            return self._dated(best, "sentence", status, own)
        running = self._running(head)
        if running is not None and continues(self._sentence_start(running)):
            return self._dated(running, "paragraph", status, frozenset())
        published = self.article.published
        if published is not None:
            return EventDate(published.isoformat(), "day", "published")
        return _UNKNOWN

    def named_on(self, trigger: Token, status: EventStatus) -> EventDate | None:
        """The date of a time that hangs on the trigger itself ("Monday's attack", "the attack
        on Monday"), or None: a time elsewhere in its clause may date another word ("a victim
        died in 1977 of injuries suffered during the attack")."""
        found = [t for t in self.times if t.host == trigger.i and not t.aside]
        if not found:
            return None
        return self._dated(self._nearest(found, trigger, frozenset({trigger.i})), "clause",
                           status, frozenset({trigger.i}))

    def _other_history(self, time: _Time, own: frozenset[int], trigger: Token) -> bool:
        """A historical time that hangs on something other than the event ("the disaster in
        1986" beside a seizure of the plant)."""
        if not time.history or time.host is None:
            return False
        host = self.doc[time.host]
        return host.i not in own and not is_ancestor(host, trigger)

    def _nearest(self, found: list[_Time], trigger: Token, own: frozenset[int]) -> _Time:
        """The time hanging on the event or on what governs it first, the nearest among equals."""

        def rank(t: _Time) -> tuple[int, int]:
            host = self.doc[t.host] if t.host is not None else None
            governs = host is not None and (host.i in own or is_ancestor(host, trigger))
            return (0 if governs else 1, abs(t.mention.start - trigger.idx))

        return min(found, key=rank)

    def _running(self, sentence: SpacySpan) -> _Time | None:
        """The last time told in the few sentences before this one in its paragraph, history
        and asides aside."""
        lo = self.paragraphs[max(0, _index(self.paragraphs, sentence.start_char))]
        before = [s.start_char for s in self.sentences if s.end_char <= sentence.start_char]
        if before:
            lo = max(lo, before[-min(len(before), self.words.running_sentences)])
        found = [
            t
            for t in self.times
            if lo <= t.mention.start < sentence.start_char and not t.aside and not t.history
        ]
        return found[-1] if found else None

    def _sentence_start(self, time: _Time) -> int:
        start = time.mention.start
        return next(
            (s.start_char for s in self.sentences if s.start_char <= start < s.end_char), start
        )

    def _dated(
        self, time: _Time, source: ContextSource, status: EventStatus, own: frozenset[int]
    ) -> EventDate:
        """The event's date from a time; a weekday hanging on the event itself is read by the
        event's status, one hanging on another verb ("On Tuesday, X said Y will ...") by that
        verb's tense, as the times stage read it."""
        m = time.mention
        value = None
        if time.host is not None and time.host in own:
            value = self._weekday_by_status(m, status)
        return EventDate(value or m.value, m.precision, source)

    def _weekday_by_status(self, mention: TimeMention, status: EventStatus) -> str | None:
        """A bare weekday ("on Thursday") as the event's status reads it: the last such day for
        an event that took place, the next for one planned; None to keep the stage's value."""
        published = self.article.published
        if published is None or mention.precision != "day" or not mention.value:
            return None
        if status not in _AHEAD and status not in _DONE:
            return None
        lex = self.words.times
        text = mention.text.lower()
        if any(ch.isdigit() for ch in text) or any(
            re.search(rf"\b{re.escape(r)}\b", text) for r in lex.relatives
        ):
            return None
        days = {d for w in _WORD.findall(text) if (d := lex.weekday(w)) is not None}
        if len(days) != 1:
            return None
        day = days.pop()
        try:
            current = dt.date.fromisoformat(mention.value[:10])
        except ValueError:
            return None
        if current.weekday() != day:
            return None
        if status in _DONE and tense(self.doc, mention.start, mention.end, lex) == "future":
            return None  # "will tell leaders on Thursday": the status reader missed the future
        direction: Direction = "future" if status in _AHEAD else "past"
        return weekday_date(published, day, None, direction).isoformat()

    # --- reading a time mention -----------------------------------------------------------

    def _time(self, mention: TimeMention) -> _Time:
        span = tokens_at(self.doc, mention.start, mention.end)
        if span is None or len(span) == 0:
            return _Time(mention, frozenset(), None, False, self._history(mention))
        tokens = frozenset(range(span.start, span.end))
        before = self.doc[span.start - 1] if span.start > 0 else None
        starts_period = span[0].lower_ in self.words.span_starts or (
            before is not None and before.lower_ in self.words.span_starts
        )
        sentence = next((s for s in self.sentences if s.start <= span.start < s.end), None)
        in_note = sentence is not None and any(
            t.lower_ in self.words.note_cues for t in sentence
        )
        return _Time(
            mention, tokens, _host(span), starts_period or in_note, self._history(mention)
        )

    def _history(self, mention: TimeMention) -> bool:
        published = self.article.published
        end = _period_end(mention.value or "")
        return published is not None and end is not None and (
            (published - end).days > _HISTORY_DAYS
        )


def _host(span: SpacySpan) -> int | None:
    """The first content word above a time expression: what it dates."""
    token = span.root
    inside = {t.i for t in span}
    for _ in range(6):
        if token.head.i == token.i:
            return token.i if token.pos_ in _HOST_POS and token.i not in inside else None
        token = token.head
        if token.i not in inside and token.pos_ in _HOST_POS:
            return token.i
    return None


def _period_end(value: str) -> dt.date | None:
    """The last day of an ISO 8601 date, week, month or year value."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            return dt.date.fromisocalendar(int(m[1]), int(m[2]), 7)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            year, month = int(m[1]), int(m[2])
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def _index(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1
