"""Where and when an event happened: the place and time mentions the text ties to it.

One lookup per article (``Context``) over the parse and the places and times stages' mentions.
The place (``where``) and the date (``when``) each come from the event's own clause, else its
sentence, else the paragraph, else the dateline or the article (place) or the publication date
(date); each event says which (``EventPlace.source``, ``Event.date_source``). The paragraph is
used only when the sentence goes on telling an event told before it in the paragraph: it opens
on a pronoun ("He said ...", "It also ..."), an event of the same family was told in between
("Missiles hit Odesa on Monday. ... Shelling destroyed ..."), or it names an event of the same
type as a known one ("... The talks ended without a deal").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep.extract.events.context_words import load_context_words
from sitrep.extract.events.place_mentions import Continues, PlaceMention
from sitrep.extract.events.site import event_site
from sitrep.extract.events.when import EventDate, When
from sitrep.extract.events.where import Where
from sitrep.extract.parse import SUBJECT_DEPS, inside, is_ancestor, subtree_chars
from sitrep.model import Article, EventActor, EventPlace, EventStatus, Place, TimeMention

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
_OWN_CLAUSE_BREAKS = frozenset({"conj", "advcl", "ccomp", "parataxis"})
"""Clauses under an event's predicate that tell something else: "shelled Kharkiv and advanced on
Izyum", "as they pushed towards Odesa", "said (that) ..."."""
_CONTENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "advcl", "acl", "relcl", "csubj"})
"""Clauses under a statement that tell what it asks, threatens or is about."""


@dataclass(frozen=True, slots=True)
class Told:
    """An event of the article as the context reads it: its trigger, sentences and kind."""

    trigger: Token
    sentences: tuple[SpacySpan, ...]
    type: str
    family: str | None


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
        self.words = load_context_words()
        self.sentences = sentences
        self.places = places
        self._told: list[tuple[int, str, str | None]] = []
        self._events: list[Told] = []
        self._by_sentence: dict[int, list[Told]] = {}
        """The events by the start of their trigger's sentence (each statement looks at its own)."""
        doc = sentences[0].doc if sentences else None
        self._where = (
            Where(article, doc, places, sentences, self.words, openers) if doc is not None else None
        )
        self._when = When(article, doc, times, sentences, self.words) if doc is not None else None

    def note_events(self, told: Iterable[Told]) -> None:
        """Record the events of the article: whether a sentence goes on telling one of them
        decides if the paragraph dates it, and a meeting of the lead names the article's venue."""
        events = list(told)
        self._events = events
        self._by_sentence = {}
        for event in events:
            self._by_sentence.setdefault(event.trigger.sent.start, []).append(event)
        self._told = sorted((s.start_char, e.type, e.family) for e in events for s in e.sentences)
        if self._where is not None:
            self._where.venue = self._venue(events)

    def _venue(self, events: list[Told]) -> PlaceMention | None:
        """The town the lead's first meeting is told to take place in ("a summit in Brussels"):
        where the article's statements are made when they name no place of their own."""
        where = self._where
        if where is None:
            return None
        for event in events:
            if event.type not in self.words.meeting_types:
                continue
            ordered = _trigger_first(event.trigger, list(event.sentences))
            if not where.in_lead(ordered[0].start_char):
                continue
            choice = where.choose(
                event.trigger,
                own_clause(event.trigger),
                reported_content(event.trigger),
                ordered,
                lambda _: False,
            )
            if (
                choice is not None
                and choice.source in ("clause", "sentence")
                and choice.mention.level <= 2
            ):
                return choice.mention
        return None

    def date(
        self,
        trigger: Token,
        triggers: Iterable[Token],
        sentences: list[SpacySpan],
        status: EventStatus,
        kind: tuple[str, str | None],
    ) -> EventDate:
        """The event's date, precision and source; all None when nothing dates it."""
        if self._when is None:
            return EventDate(None, None, None)
        own = frozenset(t.i for t in triggers) | {_predicate(trigger).i}
        ordered = _trigger_first(trigger, sentences)
        continues = self._continues(ordered[0], trigger, kind)
        return self._when.date(trigger, own, own_clause(trigger), ordered, status, continues)

    def own_date(
        self,
        trigger: Token,
        triggers: Iterable[Token],
        sentences: list[SpacySpan],
        status: EventStatus,
    ) -> EventDate | None:
        """The date an event's own clause or sentences give, or None: no running time and no
        publication date, which would make any two undated events of the text one occasion."""
        if self._when is None:
            return None
        own = frozenset(t.i for t in triggers) | {_predicate(trigger).i}
        ordered = _trigger_first(trigger, sentences)
        found = self._when.date(trigger, own, own_clause(trigger), ordered, status,
                                lambda _: False)
        return found if found.source in ("clause", "sentence") else None

    def named_date(self, trigger: Token, status: EventStatus) -> EventDate | None:
        """The date of a time that hangs on the trigger itself ("Monday's attack"), or None."""
        return self._when.named_on(trigger, status) if self._when is not None else None

    def place(
        self,
        trigger: Token,
        triggers: Iterable[Token],
        sentences: list[SpacySpan],
        kind: tuple[str, str | None],
    ) -> EventPlace | None:
        """The place the text ties to the event, with its precision and source, or None."""
        if self._where is None:
            return None
        ordered = _trigger_first(trigger, sentences)
        continues = self._continues(ordered[0], trigger, kind)
        verbal = kind[0] in self.words.verbal_types
        aside = reported_content(trigger) | other_speech(trigger)
        # "the death of a general, who Ukraine said it killed near Izyum": what is reported
        # there tells this very event, through a trigger of its own.
        aside -= {t.i for own in triggers if own.i in aside for t in own.subtree}
        if verbal:
            aside |= self._other_events(trigger, triggers, kind[1])
            if self._where.venue is not None:
                # Said at the summit the article reports: not where what is asked would happen.
                aside |= stated_content(trigger)
        place = self._where.place(trigger, own_clause(trigger), aside, ordered, continues, verbal)
        if place is None or verbal:
            return place
        return replace(place, site=next(iter(self.sites(trigger, triggers, aside)), None))

    def sites(
        self, trigger: Token, triggers: Iterable[Token], aside: frozenset[int] | None = None
    ) -> list[str]:
        """The sites the words that tell an event name, the head's phrase first: the first is
        the event's site."""
        others = sorted((t for t in triggers if t.i != trigger.i), key=lambda t: t.i)
        if aside is None:
            aside = reported_content(trigger) | other_speech(trigger)
            aside -= {t.i for own in (trigger, *others) if own.i in aside for t in own.subtree}
        told = frozenset(t.i for t in others) | {trigger.i}
        found = (event_site(t, _predicate(t), aside, told) for t in (trigger, *others))
        return [site for site in found if site is not None]

    def home_place(
        self, event_type: str, actor1: EventActor | None, place: EventPlace | None
    ) -> EventPlace | None:
        """'Austria is to expel four Russian diplomats', 'Italian police have seized villas': a
        state's sanction or coercion that its text places no nearer than the article's place
        is carried out in the acting state's country. Forces seizing a town or a plant act where
        they fight, not at home."""
        if (
            self._where is None
            or (place is not None and place.source != "article")
            or event_type not in self.words.home_types
            or actor1 is None
            or actor1.country is None
            or actor1.sector in self.words.field_sectors
        ):
            return place
        return self._where.home(actor1.country) or place

    def _other_events(
        self, trigger: Token, triggers: Iterable[Token], family: str | None
    ) -> frozenset[int]:
        """The noun phrases of the other events of a statement's sentence ("condemned the
        invasion of Ukraine"): their places are theirs, not where the statement was made. A
        meeting's place is where what is said there is said. (An act on another event's
        participants, "dispersed demonstrators protesting in Monrovia", shares its place.)"""
        own = {t.i for t in triggers} | {trigger.i}
        out: set[int] = set()
        for event in self._by_sentence.get(trigger.sent.start, ()):
            other = event.trigger
            if (
                other.i in own
                or other.pos_ not in ("NOUN", "PROPN")
                or event.type in self.words.meeting_types
                or (family is not None and event.family == family)
            ):
                continue
            phrase = {t.i for t in other.subtree}
            if trigger.i not in phrase:
                out |= phrase
        return frozenset(out)

    def place_at(self, spans: Iterable[tuple[int, int]]) -> Place | None:
        """The most specific place named inside some character spans (the first of equals)."""
        ranges = list(spans)
        found = [
            (p.precision, s, p)
            for p in self.places
            for s, e in p.mentions
            if any(lo <= s and e <= hi for lo, hi in ranges)
        ]
        return min(found, key=lambda f: (f[0], f[1]))[2] if found else None

    def local_place(self, trigger: Token) -> Place | None:
        """The place named in the trigger's own clause or sentence, if any (no fallbacks)."""
        sentence = next((s for s in self.sentences if inside(trigger, s)), None)
        spans = [clause_span(trigger)]
        if sentence is not None:
            spans.append((sentence.start_char, sentence.end_char))
        mentions = sorted(((s, e, p) for p in self.places for s, e in p.mentions),
                          key=lambda m: m[0])
        for lo, hi in spans:
            found = [m for m in mentions if lo <= m[0] and m[1] <= hi]
            if found:
                return min(found, key=lambda m: abs(m[0] - trigger.idx))[2]
        return None

    def told_place(self, trigger: Token, sentences: list[SpacySpan]) -> Place | None:
        """The place an event's own sentences name or refer to ("the city"), or None: no
        paragraph's, dateline's or article's place, which any event of the text could share."""
        if self._where is None:
            return None
        aside = reported_content(trigger) | other_speech(trigger)
        choice = self._where.choose(trigger, own_clause(trigger), aside,
                                    _trigger_first(trigger, sentences), lambda _: False)
        if choice is None or choice.source not in ("clause", "sentence"):
            return None
        return choice.mention.place

    def _continues(
        self, sentence: SpacySpan, trigger: Token, kind: tuple[str, str | None]
    ) -> Continues:
        """Whether the sentence goes on telling an event told from an offset on."""
        event_type, family = kind
        definite = trigger.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ == "det" and c.lower_ in self.words.event_determiners for c in trigger.children
        )

        def check(since: int) -> bool:
            if self._opens_on_pronoun(sentence, trigger):
                return True
            # The same family ("Missiles hit Odesa on Monday. ... shelling killed two"), or the
            # same type named as a known event ("... The talks ended without a deal").
            return any(
                since <= start < sentence.start_char
                and ((family is not None and f == family) or (definite and t == event_type))
                for start, t, f in self._told
            )

        return check

    def _opens_on_pronoun(self, sentence: SpacySpan, trigger: Token) -> bool:
        """ "He said ...", "It also ...": the sentence or the event's clause starts from a
        pronoun that stands for someone or something told before."""
        continuers = self.words.continuers
        first = next((t for t in sentence if t.is_alpha), None)
        if first is not None and first.lower_ in continuers and first.dep_ != "expl":
            return True
        head = _clause_head(trigger)
        return any(c.dep_ in SUBJECT_DEPS and c.lower_ in continuers for c in head.children)


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


def _trigger_first(trigger: Token, sentences: list[SpacySpan]) -> list[SpacySpan]:
    """The event's sentences, the one holding its trigger first."""
    own = [s for s in sentences if inside(trigger, s)]
    return own + [s for s in sentences if not inside(trigger, s)] if own else sentences


def _predicate(trigger: Token) -> Token:
    """The verb whose clause tells the event: the trigger, or the verb a noun or gerund trigger
    is an argument of, directly or through a preposition ("came under attack", "killed in a
    strike", "the town of Izium was under heavy shelling as ...")."""
    head = _clause_head(trigger)
    if trigger.dep_ in _SUBJECTS and trigger.head.pos_ in ("VERB", "AUX"):
        return trigger.head  # "Fighting continued last week", a gerund as the subject
    if (
        head.i == trigger.i
        and (
            (trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ == "pobj")
            or (trigger.dep_ == "pcomp" and trigger.tag_ == "VBG")  # "is under shelling"
        )
        and trigger.head.dep_ == "prep"
        and trigger.head.head.pos_ in ("VERB", "AUX")
    ):
        return trigger.head.head
    return head


def _clause_head(trigger: Token) -> Token:
    """The trigger, or for a noun that is an argument of a verb, that verb."""
    if (
        trigger.pos_ in ("NOUN", "PROPN")
        and trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj")
        and trigger.head.pos_ in ("VERB", "AUX")
    ):
        return trigger.head
    return trigger


def clause_span(trigger: Token) -> tuple[int, int]:
    """Character span of the trigger's clause: its subtree, or its head verb's for a noun."""
    return subtree_chars(_clause_head(trigger))


def own_clause(trigger: Token) -> frozenset[int]:
    """The tokens of the trigger's own clause: its head's phrase without the clauses under it
    that tell something else (a second predicate, an adverbial clause, reported content)."""
    head = _predicate(trigger)
    left_out: set[int] = set(reported_content(trigger))
    for child in head.children:
        if child.dep_ in _OWN_CLAUSE_BREAKS and child.pos_ in ("VERB", "AUX"):
            phrase = {t.i for t in child.subtree}
            if trigger.i not in phrase:
                left_out |= phrase
    return frozenset(t.i for t in head.subtree if t.i not in left_out)


def other_speech(trigger: Token) -> frozenset[int]:
    """The tokens of what the sentence reports as said in a clause that does not hold the
    event ("she said shelling hit the town, adding that her family in Kyiv had left"): the
    places of someone else's words are not the event's."""
    out: set[int] = set()
    for token in trigger.sent:
        if token.dep_ != "ccomp" or is_ancestor(token, trigger) or token.i == trigger.i:
            continue
        if is_ancestor(token.head, trigger) and token.head.i != _predicate(trigger).i:
            continue  # the content of a verb above the event tells the event
        out |= {t.i for t in token.subtree}
    return frozenset(out)


def stated_content(trigger: Token) -> frozenset[int]:
    """The tokens of what a statement asks, threatens or is about, told as a clause under it
    ("called on allies to supply weapons to Ukraine", "warned Russia against using chemical
    weapons in Ukraine", "should Putin use them in Ukraine"): their places are where that would
    happen, not where the statement is made. A participle that sets the scene of the statement
    ("Speaking in Brussels, ...") is the statement's own."""
    head = _predicate(trigger)
    out: set[int] = set()
    for token in head.subtree:
        if token.i in (head.i, trigger.i) or token.pos_ not in ("VERB", "AUX"):
            continue
        if token.dep_ not in _CONTENT_DEPS or (token.dep_ == "advcl" and _scene(token)):
            continue
        phrase = {t.i for t in token.subtree}
        if trigger.i not in phrase:
            out |= phrase
    return frozenset(out)


def _scene(verb: Token) -> bool:
    """ "Speaking in Brussels", "visiting Kyiv": a participle with no subject of its own."""
    return verb.tag_ in ("VBG", "VBN") and not any(c.dep_ in _SUBJECTS for c in verb.children)


def reported_content(trigger: Token) -> frozenset[int]:
    """The tokens of what the event's clause reports as said or thought ("warned that ...",
    "Kuleba, who predicted Russia would be defeated"), the trigger's own clause aside."""
    head = _predicate(trigger)
    out: set[int] = set()
    for token in head.subtree:
        if token.dep_ == "ccomp" and token.i != head.i:
            phrase = {t.i for t in token.subtree}
            if trigger.i not in phrase:
                out |= phrase
    return frozenset(out)
