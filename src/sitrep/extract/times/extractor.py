"""Times: temporal expressions resolved against the publication date.

Rules (data/times/rules.json) find the expressions, the spaCy parse gives the tense that
decides which way "on Monday" or "in June" points, and timex_resolve computes a TimeML value.
The report keeps dates only: durations ("for two years", "in three decades"), sets ("daily")
and vague references ("now", "recently") are temporal expressions but not dates, so they are
recognised (which keeps them from turning into false dates) and left out of the report.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from sitrep.extract.parse import tokens_at
from sitrep.extract.times.resolve import Context, TimexType, resolve
from sitrep.extract.times.rules import Candidate, Grammar, Lexicon, select
from sitrep.extract.times.tense import direction
from sitrep.model import Article, TimeMention, TimePrecision

_CONTRACT_FORMS: tuple[tuple[re.Pattern[str], int, TimePrecision], ...] = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}"), 10, "day"),
    (re.compile(r"^\d{4}-W\d{2}"), 8, "week"),
    (re.compile(r"^\d{4}-\d{2}$"), 7, "month"),
    (re.compile(r"^\d{4}$"), 4, "year"),
    # quarters, halves and seasons are reported at the year they fall in: coarser, still true
    (re.compile(r"^\d{4}-(?:Q\d|H\d|SP|SU|FA|WI)$"), 4, "year"),
)
_DATE_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-Q\d|-H\d|-SP|-SU|-FA|-WI)?$")
_NAME_WORDS = {"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "EVENT", "LAW"}


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression with its TimeML type and value (the evaluator scores these)."""

    start: int
    end: int
    text: str
    type: TimexType
    value: str | None
    kind: str
    """The rule kind that found it (date, weekday, relunit, duration, ...)."""


def to_contract(value: str | None) -> tuple[str | None, TimePrecision | None]:
    """A TimeML value as the report's value and precision; (None, None) when it has no such form."""
    if value is None:
        return None, None
    for pattern, length, precision in _CONTRACT_FORMS:
        if pattern.match(value):
            return value[:length], precision
    return None, None


class TimeExtractor:
    """Finds and resolves the temporal expressions of one parsed article."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon.load()
        self.grammar = Grammar(self.lexicon)

    def __call__(self, doc: Doc, article: Article) -> tuple[TimeMention, ...]:
        return self.mentions(self.timexes(doc, article))

    @staticmethod
    def mentions(timexes: Iterable[Timex]) -> tuple[TimeMention, ...]:
        """The dates among the expressions, as the report gives them."""
        mentions: list[TimeMention] = []
        for t in timexes:
            if t.type in ("DURATION", "SET") or t.kind == "ref":
                continue
            value, precision = to_contract(t.value)
            mentions.append(TimeMention(t.text, t.start, t.end, value, precision))
        return tuple(mentions)

    def timexes(self, doc: Doc, article: Article) -> list[Timex]:
        """Every temporal expression in the article, durations and sets included."""
        text = doc.text  # spaCy rebuilds Doc.text on every access: read it once
        found: list[Timex] = []
        reference: dt.date | None = None
        reference_value: str | None = None
        chosen = select([c for c in self.grammar.candidates(text) if self._plausible(c, doc, text)])
        for c in chosen:
            tense = direction(doc, c.start, c.end, self.lexicon, text)
            ctx = Context(article.published, tense, reference, reference_value)
            resolved = resolve(c, ctx, self.lexicon)
            if resolved is None:
                continue
            found.append(
                Timex(c.start, c.end, text[c.start : c.end], resolved.type, resolved.value, c.kind)
            )
            if resolved.value and re.match(r"^\d{4}-\d{2}-\d{2}", resolved.value):
                reference = dt.date.fromisoformat(resolved.value[:10])
            if (
                resolved.value
                and c.kind not in ("offset", "anaphor")
                and _DATE_VALUE.match(resolved.value)
            ):
                # what "a year earlier" moves: the last date the text set, not one derived from it
                reference_value = resolved.value
        return found

    def _plausible(self, c: Candidate, doc: Doc, text: str) -> bool:
        """False for matches that are names or quantities rather than times."""
        before = text[max(0, c.start - 30) : c.start].lower().split()
        previous = before[-1].strip(",.-") if before else ""
        after = text[c.end : c.end + 30].lower().split()
        following = after[0].strip(",.;:") if after else ""
        span = tokens_at(doc, c.start, c.end)
        labels = {t.ent_type_ for t in span} if span is not None else set()
        if c.kind in ("month", "weekday", "season") and labels & _NAME_WORDS:
            return False  # "Theresa May", "August Busch", "Black Friday sale"
        if c.kind == "month" and set(c.groups) <= {"month"}:
            # A bare month name must sit where a date would ("in May"), not start a sentence.
            return previous in self.lexicon.month_cues or bool(re.match(r"\d{4}\b", following))
        if c.kind == "season" and set(c.groups) <= {"season", "mod"}:
            cues = self.lexicon.season_cues
            return previous in cues or (previous == "the" and _before_the(before, cues))
        if c.kind == "year":
            if following in self.lexicon.year_nouns or previous in self.lexicon.number_marks:
                return False
            counted = (t.dep_ == "nummod" and _is_count(t, self.lexicon) for t in span or ())
            if any(counted):
                return False
        return True


def _before_the(words: list[str], cues: frozenset[str]) -> bool:
    return len(words) >= 2 and words[-2] in cues


def _is_count(token: Token, lexicon: Lexicon) -> bool:
    """A number counting a plural noun ("2000 troops"), not naming a year ("the 1996 campaign")."""
    head = token.head
    return head is not None and head.tag_ == "NNS" and head.lemma_ not in lexicon.year_count_nouns
