"""Where and when an event happened: the time and place mentions the text ties to it.

Date: a time mention in the event's clause, else in its sentence, else in its paragraph, else
unknown. Place: a place in the clause, else in the sentence, else the sentence after it when that
one opens on a place ("In Kharkiv, in the north-east, ..."), else the dateline, else the country
the article is most about.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep.extract.parse import inside, subtree_chars
from sitrep.geo.countries import countries
from sitrep.model import Article, EventPlace, Place, TimeMention, TimePrecision

_PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True, slots=True)
class DatedPlace:
    """A place mention with the place it resolves to."""

    start: int
    end: int
    place: Place


class Context:
    """Time and place lookup for one article, built once per document."""

    def __init__(
        self,
        article: Article,
        places: tuple[Place, ...],
        times: tuple[TimeMention, ...],
        sentences: list[SpacySpan],
        openers: frozenset[str],
    ) -> None:
        self.article = article
        self.openers = openers
        """Prepositions that open a sentence on a place ("In Kharkiv, ...")."""
        self.sentences = sentences
        self.next_of = {s.start: sentences[i + 1] for i, s in enumerate(sentences[:-1])}
        self.times = sorted((t for t in times if t.value), key=lambda t: t.start)
        self.places = sorted(
            (DatedPlace(s, e, p) for p in places for s, e in p.mentions), key=lambda d: d.start
        )
        self.country = self._main_country(places)

    def date(
        self, clause: tuple[int, int], sentence: tuple[int, int], anchor: int
    ) -> tuple[str | None, TimePrecision | None]:
        """The value and precision of the time mention nearest the event, or (None, None)."""
        for lo, hi in (clause, sentence, self._paragraph(anchor)):
            found = [t for t in self.times if lo <= t.start and t.end <= hi]
            if found:
                best = min(found, key=lambda t: abs(t.start - anchor))
                return best.value, best.precision
        return None, None

    def place(self, clause: tuple[int, int], sentence: SpacySpan, anchor: int) -> EventPlace | None:
        """The place the text ties to the event, with its precision, or None."""
        sent_span = (sentence.start_char, sentence.end_char)
        for lo, hi in (clause, sent_span):
            found = [d for d in self.places if lo <= d.start and d.end <= hi]
            if found:
                return _event_place(min(found, key=lambda d: abs(d.start - anchor)).place)
        following = self.next_of.get(sentence.start)
        if following is not None:
            opener = self._opening_place(following)
            if opener is not None:
                return _event_place(opener)
        dateline = self._dateline_place()
        if dateline is not None:
            return _event_place(dateline)
        return self.country

    def local_place(self, trigger: Token) -> Place | None:
        """The place named in the trigger's own clause or sentence, if any (no fallbacks)."""
        sentence = next((s for s in self.sentences if inside(trigger, s)), None)
        spans = [clause_span(trigger)]
        if sentence is not None:
            spans.append((sentence.start_char, sentence.end_char))
        for lo, hi in spans:
            found = [d for d in self.places if lo <= d.start and d.end <= hi]
            if found:
                return min(found, key=lambda d: abs(d.start - trigger.idx)).place
        return None

    def _paragraph(self, anchor: int) -> tuple[int, int]:
        text = self.article.text
        lo = text.rfind(_PARAGRAPH_BREAK, 0, anchor)
        hi = text.find(_PARAGRAPH_BREAK, anchor)
        return (0 if lo < 0 else lo, len(text) if hi < 0 else hi)

    def _opening_place(self, sentence: SpacySpan) -> Place | None:
        """'In Kharkiv, in the north-east, ...': a place in the sentence's opening words."""
        if sentence[0].lower_ not in self.openers:
            return None
        limit = sentence[min(len(sentence) - 1, 5)].idx
        for d in self.places:
            if sentence.start_char <= d.start < limit:
                return d.place
        return None

    def _dateline_place(self) -> Place | None:
        a = self.article
        if a.dateline_span is not None:
            lo, hi = a.dateline_span
            for d in self.places:
                if lo <= d.start and d.end <= hi:
                    return d.place
        if a.dateline:
            name = a.dateline.split(",")[0].strip().lower()
            for d in self.places:
                if d.place.name.lower() == name:
                    return d.place
        return None

    def _main_country(self, places: tuple[Place, ...]) -> EventPlace | None:
        """The country most of the article's places lie in, at country precision."""
        votes: Counter[str] = Counter()
        for p in places:
            if p.country:
                votes[p.country] += len(p.mentions)
        if not votes:
            return None
        code = votes.most_common(1)[0][0]
        country = next((p for p in places if p.country == code and p.precision == 4), None)
        if country is not None:
            return _event_place(country)
        return EventPlace(
            name=countries().name_of(code),
            lat=None,
            lon=None,
            country=code,
            admin1=None,
            precision=4,
        )


def _event_place(place: Place) -> EventPlace:
    return EventPlace(
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        country=place.country,
        admin1=place.admin1,
        precision=place.precision,
    )


def sentence_units(doc: Doc) -> list[SpacySpan]:
    """The parser's sentences, split again where a line break separates them (paragraphs,
    a dateline line, a caption): the parser joins a quote to the next paragraph."""
    units: list[SpacySpan] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if tok.i > start:
                    units.append(doc[start : tok.i])
                start = tok.i + 1
        if start < sent.end:
            units.append(doc[start : sent.end])
    return [u for u in units if any(not t.is_space for t in u)]


def clause_span(trigger: Token) -> tuple[int, int]:
    """Character span of the trigger's clause: its subtree, or its head verb's for a noun."""
    head = trigger
    if (
        trigger.pos_ in ("NOUN", "PROPN")
        and trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj")
        and trigger.head.pos_ in ("VERB", "AUX")
    ):
        head = trigger.head
    return subtree_chars(head)
