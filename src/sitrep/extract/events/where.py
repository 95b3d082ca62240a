"""Where an event happened: the most specific place its own clause names, else its sentence's,
else the paragraph's (an anaphor, the place a following sentence opens on, the place of the
event it goes on telling), else the dateline for the lead paragraphs, else the article's place.

A place that only says whose something is ("Moscow's orders", "Ukraine's foreign minister"),
a country that is a party ("consequences for Russia"), a capital standing for its government
("Moscow has denied"), a place in what the event's clause reports as said, or in the phrase of
another event ("condemned the invasion of Ukraine"), or one that only locates another place
("Sumy, 190 miles east of Kyiv": Kyiv) is not the event's place; only when nothing else places
the event does the home of the body acting stand in ("Cairo's security chief warned"). A
definite place noun ("the city", "the region") stands for the last place of its level named
before it in the paragraph or the lead; "eastern Ukraine" is a part of the country, at region
level, with a point of its own.
A statement that names no place is made at the venue of the meeting the lead reports.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep.extract.events.context_words import ContextWords
from sitrep.extract.events.place_mentions import (
    Choice,
    Continues,
    Mentions,
    PlaceMention,
    paragraph_starts,
)
from sitrep.extract.parse import entity_of
from sitrep.geo.countries import countries
from sitrep.geo.directions import part_of_country
from sitrep.model import Article, ContextSource, EventPlace, Place

_LOCATOR_STEPS = 8


class Where:
    """The place of each event of one article."""

    def __init__(
        self,
        article: Article,
        doc: Doc,
        places: tuple[Place, ...],
        sentences: list[SpacySpan],
        words: ContextWords,
        openers: frozenset[str],
    ) -> None:
        self.article = article
        self.doc = doc
        self.words = words
        self.openers = openers
        self.sentences = sentences
        self.paragraphs = paragraph_starts(article.text)
        self._index = Mentions(doc, places, words.directions)
        self.mentions = self._index.all
        self.dateline, self._dateline_end = self._dateline()
        self.article_place = self._dominant(places)
        self.venue: PlaceMention | None = None
        """Where the meeting the lead reports takes place, once the events are known."""

    def place(
        self,
        trigger: Token,
        clause: frozenset[int],
        aside: frozenset[int],
        sentences: list[SpacySpan],
        continues: Continues,
        verbal: bool = False,
    ) -> EventPlace | None:
        """The event's place, its ``source`` saying which part of the text gave it. A statement
        that names no place is made at the article's venue, when it has one."""
        choice = self.choose(trigger, clause, aside, sentences, continues)
        if verbal and self.venue is not None and (choice is None or choice.mention.level >= 4):
            # A statement at the summit the article reports is made there: a country it names
            # is a party or a topic ("warned Russia", "support for Ukraine"), not the venue.
            return self.event_place(self.venue, "article")
        if choice is not None:
            return self.event_place(choice.mention, choice.source)
        fallback = self._fallback(trigger, aside, sentences[0])
        if fallback is not None:
            return self.event_place(fallback.mention, fallback.source)
        recent = self._recent(sentences[0])
        if recent is not None:
            return self.event_place(recent, "paragraph")
        return self.article_place

    def choose(
        self,
        trigger: Token,
        clause: frozenset[int],
        aside: frozenset[int],
        sentences: list[SpacySpan],
        continues: Continues,
    ) -> Choice | None:
        """The mention the event's place comes from, or None for the article's place.

        ``sentences`` start with the trigger's own; ``aside`` holds the tokens whose places are
        not the event's: what its clause reports someone said or thought, and the phrases of
        other events told beside it."""
        sentence = sentences[0]
        named = [
            m
            for m in self._candidates(sentence, trigger)
            if m.root is None or m.root not in aside
        ]
        own = [m for m in named if m.root is not None and m.root in clause and not m.continent]
        own += self._anaphors(trigger, clause, sentence)
        if own:
            best = self._best(own, trigger)
            inside = sentence.start_char <= best.start < sentence.end_char
            return Choice(best, "clause" if inside else "paragraph")
        nearest = self._nearest_phrase([m for m in named if not m.continent], trigger)
        if nearest is not None:
            return Choice(nearest, "sentence")
        # "said eight missiles had hit the city, and urged residents to evacuate"
        told = frozenset(range(sentence.start, sentence.end)) - aside
        referred = self._anaphors(trigger, told, sentence)
        if referred:
            return Choice(self._best(referred, trigger), "sentence")
        for other in sentences[1:]:
            found = [m for m in self._candidates(other, trigger) if not m.continent]
            if found:
                return Choice(self._best(found, trigger), "sentence")
        paragraph = self._paragraph_place(sentence, continues)
        if paragraph is not None:
            return Choice(paragraph, "paragraph")
        if self.dateline is not None and self.in_lead(sentence.start_char):
            return Choice(self.dateline, "dateline")
        return None

    def _fallback(
        self, trigger: Token, aside: frozenset[int], sentence: SpacySpan
    ) -> Choice | None:
        """What the sentence still says when it names no place for the event: the home of the
        body that acts ("Cairo's security chief warned"), else, for an article that names no
        country, a continent ("in Europe": a continent is seldom where an event is coded)."""
        lo = max(sentence.start_char, self._dateline_end)
        found = [
            m
            for m in self._index.between(lo, sentence.end_char)
            if m.root is not None and m.root not in aside
        ]
        homes = [m for m in found if self._whose(m) and self._of_actor(m, trigger)]
        if homes:
            return Choice(self._best(homes, trigger), "sentence")
        continents = [m for m in found if m.continent]
        if continents and self.article_place is None:
            return Choice(self._best(continents, trigger), "sentence")
        return None

    def _of_actor(self, mention: PlaceMention, trigger: Token) -> bool:
        """Whether a possessor names the home of a subject of the event's clause or of a clause
        above it ("Russia's watchdog said it would fine Google")."""
        if mention.root is None:
            return False
        owner = self.doc[mention.root].head
        while owner.dep_ in ("compound", "amod", "nmod") and owner.head.i != owner.i:
            owner = owner.head
        if owner.dep_ not in ("nsubj", "nsubjpass"):
            return False
        verb = owner.head
        return verb.i == trigger.i or any(a.i == verb.i for a in trigger.ancestors)

    def _nearest_phrase(
        self, mentions: list[PlaceMention], trigger: Token
    ) -> PlaceMention | None:
        """The most specific place of the smallest phrase above the trigger that names one:
        the place told closest to the event in the sentence's structure."""
        rooted = [m for m in mentions if m.root is not None]
        for above in (trigger, *trigger.ancestors):
            lo, hi = above.left_edge.i, above.right_edge.i
            found = [m for m in rooted if m.root is not None and lo <= m.root <= hi]
            if found:
                return self._best(found, trigger)
        return self._best(mentions, trigger) if mentions else None

    def event_place(self, mention: PlaceMention, source: ContextSource) -> EventPlace:
        """The report's place for a mention: a part of a country gets its own name and point."""
        p = mention.place
        if mention.direction and p.country:
            point = part_of_country(p.country, *self.words.directions[mention.direction])
            if point is not None or self.words.directions[mention.direction] == (0, 0):
                lat, lon = point if point is not None else (p.lat, p.lon)
                name = f"{mention.direction} {p.name}"
                return EventPlace(name, lat, lon, p.country, None, 3, source)
        if mention.direction and not p.country:
            # "eastern Europe": a part of a continent, at region level, about its middle.
            return EventPlace(f"{mention.direction} {p.name}", p.lat, p.lon, None, None, 3,
                              source)
        return EventPlace(p.name, p.lat, p.lon, p.country, p.admin1, p.precision, source)

    def home(self, alpha3: str) -> EventPlace | None:
        """The country of a state whose act the text places no nearer than the article, at
        country precision (its point where the article names it)."""
        country = countries().by_code(alpha3)
        if country is None:
            return None
        named = next((m.place for m in self.mentions
                      if m.level == 4 and m.place.country == country.alpha2), None)
        lat, lon = (named.lat, named.lon) if named is not None else (None, None)
        return EventPlace(country.name, lat, lon, country.alpha2, None, 4, "sentence")

    # --- the candidates of a sentence -----------------------------------------------------

    def _candidates(self, sentence: SpacySpan, trigger: Token) -> list[PlaceMention]:
        """The sentence's place mentions that can be where an event is."""
        lo = max(sentence.start_char, self._dateline_end)
        found = self._index.between(lo, sentence.end_char)
        return [
            m
            for m in found
            if not self._whose(m)
            and not self._party(m)
            and not self._in_name(m)
            and not self._locates_other(m, found, trigger)
        ]

    def _in_name(self, mention: PlaceMention) -> bool:
        """ "Kenzo Oshima": a place name that is only the end of a person's name (after a
        given name no model tagged) is no place."""
        if mention.root is None:
            return False
        root = self.doc[mention.root]
        person = entity_of(root)
        if person is not None and root.ent_type_ == "PERSON":
            return person.start < min(mention.tokens) or person.end > max(mention.tokens) + 1
        first = min(mention.tokens)
        before = self.doc[first - 1] if first > 0 else None
        return (
            before is not None
            and before.pos_ == "PROPN"
            and before.ent_type_ in ("", "PERSON")
            and before.is_title
            and not any(first - 1 in m.tokens for m in self.mentions if m.end <= mention.start)
        )

    def _whose(self, mention: PlaceMention) -> bool:
        """ "Moscow's orders", "Ukraine's foreign minister", "UK prime minister": a name that
        says whose something is, not where (unless that is a place: "Ukraine's port")."""
        if mention.root is None:
            return False
        root = self.doc[mention.root]
        head = root.head
        if root.dep_ not in ("poss", "compound", "nmod") or head.i in mention.tokens:
            return False
        return head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in self.words.where_nouns

    def _party(self, mention: PlaceMention) -> bool:
        """ "consequences for Russia", "talks with Ukraine", "Russia said": a country that is a
        party to the event (a state acting or acted for), not where the event happens."""
        if mention.root is None:
            return False
        root = self.doc[mention.root]
        if mention.level != 4:
            # "the battle for Bakhmut", "Kharkiv came under fire": a town is a place, unless it is
            # a capital standing for its government ("Moscow has pivoted").
            capital = countries().by_capital(mention.place.name) is not None
            return capital and root.dep_ == "nsubj" and root.head.pos_ in ("VERB", "AUX")
        if root.dep_ == "pobj" and root.head.lower_ in self.words.participant_prepositions:
            return True
        return root.dep_ == "nsubj"

    def _locates_other(
        self, mention: PlaceMention, others: list[PlaceMention], trigger: Token
    ) -> bool:
        """ "Sumy, about 190 miles east of Kyiv", "Izyum in the Kharkiv region", "Kharkiv,
        Ukraine": a place whose phrase hangs on another place's name only says where that is."""
        if mention.root is None:
            return False
        # "a cafe on Calle del Correo, Madrid": a street or building is the event's site; the
        # town that locates it is its place.
        held = {i for o in others if o is not mention and not _facility(o) for i in o.tokens}
        if self._measured_from(mention, held):
            return True
        token = self.doc[mention.root]
        for _ in range(_LOCATOR_STEPS):
            if token.head.i == token.i or token.i == trigger.i:
                return False
            token = token.head
            if token.i in held:
                return True
            if token.pos_ in ("VERB", "AUX") or token.i == trigger.i:
                return False
        return False

    def _measured_from(self, mention: PlaceMention, held: set[int]) -> bool:
        """ "Y, (about 190 miles) east of X", "Y, 30km from X": X set off after another place's
        name, as the point Y is measured from (whatever the parser attached the phrase to)."""
        first = min(mention.tokens)
        words = self.words
        i = first - 1
        if i < 1 or self.doc[i].lower_ not in ("of", "from"):
            return False
        marker = self.doc[i - 1].lower_
        if marker not in words.locator_directions and marker not in words.locator_units:
            return False
        for j in range(i - 2, max(-1, i - 8), -1):
            if self.doc[j].text == ",":
                return j > 0 and j - 1 in held
        return False

    def _best(self, mentions: Iterable[PlaceMention], trigger: Token) -> PlaceMention:
        """The most specific place, the nearest to the trigger among equals."""
        return min(mentions, key=lambda m: (m.level, abs(m.start - trigger.idx)))

    # --- anaphors and the paragraph -------------------------------------------------------

    def _anaphors(
        self, trigger: Token, clause: frozenset[int], sentence: SpacySpan
    ) -> list[PlaceMention]:
        """The places that "the city", "the region" or a locative "there" in the clause stand
        for."""
        named = {i for m in self.mentions for i in m.tokens}
        found: list[PlaceMention] = []
        for i in sorted(clause):
            token = self.doc[i]
            if i in named or not sentence.start <= i < sentence.end:
                continue
            level = self._anaphor_level(token, named)
            if level is None:
                continue
            antecedent = self._last_before(token.idx, level)
            if antecedent is not None:
                found.append(antecedent)
        return found

    def _anaphor_level(self, token: Token, named: set[int]) -> int | None:
        """The level of place an anaphoric word stands for, or None if it is no place anaphor."""
        words = self.words
        if token.lower_ in words.there and token.dep_ == "advmod":
            return 0
        level = words.place_anaphors.get(token.lemma_.lower())
        if level is None or token.pos_ != "NOUN":
            return None
        if not any(c.dep_ == "det" and c.lower_ in words.anaphor_determiners
                   for c in token.children):
            return None
        if any(t.i in named for t in token.subtree):
            return None  # "the city of Mykolaiv" names its place
        return level

    def _last_before(self, offset: int, level: int) -> PlaceMention | None:
        """The last place of a level named before an offset in its paragraph, or in the lead when
        the paragraph names none before it."""
        lo = self.paragraphs[self._paragraph_index(offset)]
        here = [m for m in self._index.between(lo, offset) if not m.continent]
        if not here:
            # A paragraph that names no place yet goes on from the lead.
            here = self._index.between(0, min(offset, self._lead_end()))
        return next((m for m in reversed(here) if m.fits(level)), None)

    def _paragraph_place(self, sentence: SpacySpan, continues: Continues) -> PlaceMention | None:
        """The place a following sentence of the paragraph opens on ("In Kharkiv, ..."), else
        that of the event this sentence goes on telling, told in the few sentences before."""
        following = next((s for s in self.sentences if s.start == sentence.end), None)
        lo = self.paragraphs[self._paragraph_index(sentence.start_char)]
        if following is not None and self._same_paragraph(sentence, following):
            opener = self._opening_place(following)
            if opener is not None:
                return opener
        earlier = [s for s in self.sentences if lo <= s.start_char and s.end <= sentence.start]
        for previous in reversed(earlier[-self.words.running_sentences :]):
            found = [m for m in self._candidates(previous, previous.root)
                     if not m.continent]
            if found:
                if not continues(previous.start_char):
                    return None
                return min(found, key=lambda m: (m.level, -m.start))
        return None

    def _recent(self, sentence: SpacySpan) -> PlaceMention | None:
        """The last town or region the paragraph names as a place before a sentence that names
        none: the scene the paragraph is telling, nearer than the article's place."""
        lo = self.paragraphs[self._paragraph_index(sentence.start_char)]
        found = [
            m
            for m in self._index.between(max(lo, self._dateline_end), sentence.start_char)
            if m.level <= 3 and not self._whose(m) and not self._party(m) and not self._in_name(m)
        ]
        return found[-1] if found else None

    def _opening_place(self, sentence: SpacySpan) -> PlaceMention | None:
        """'In Kharkiv, in the north-east, ...': a place in the sentence's opening words."""
        if sentence[0].lower_ not in self.openers:
            return None
        limit = sentence[min(len(sentence) - 1, 5)].idx
        return next(iter(self._index.between(sentence.start_char, limit)), None)

    # --- dateline and article -------------------------------------------------------------

    def _dateline(self) -> tuple[PlaceMention | None, int]:
        """The dateline's place and where the dateline ends, as ingest recorded it (every stage
        reads that one dateline). Its places are the dateline's, not those of the first
        sentence."""
        a = self.article
        if a.dateline_span is not None:
            found = self._index.between(*a.dateline_span)
            if found:
                return found[0], a.dateline_span[1]
        if a.dateline:
            name = a.dateline.split(",")[0].strip().lower()
            match = next((m for m in self.mentions if m.place.name.lower() == name), None)
            if match is not None:
                return match, 0
        return None, 0

    def _dominant(self, places: tuple[Place, ...]) -> EventPlace | None:
        """The article's place at its real precision: the town it is about when it names one
        town as a place far more often than any other, else the country most of its places
        lie in."""
        towns: Counter[str] = Counter(
            m.place.name
            for m in self.mentions
            if m.level <= 2 and not self._whose(m) and not self._party(m)
        )
        ranked = towns.most_common(2)
        if ranked:
            name, most = ranked[0]
            second = ranked[1][1] if len(ranked) > 1 else 0
            if most >= 2 and most >= self.words.dominant_ratio * second:
                town = next(p for p in places if p.name == name)
                return EventPlace(town.name, town.lat, town.lon, town.country, town.admin1,
                                  town.precision, "article")
        votes: Counter[str] = Counter()
        for p in places:
            if p.country:
                votes[p.country] += len(p.mentions)
        if not votes:
            return None
        code = votes.most_common(1)[0][0]
        country = next((p for p in places if p.country == code and p.precision == 4), None)
        if country is not None:
            return EventPlace(country.name, country.lat, country.lon, code, None, 4, "article")
        return EventPlace(countries().name_of(code), None, None, code, None, 4, "article")

    # --- offsets --------------------------------------------------------------------------

    def _paragraph_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.paragraphs, offset) - 1)

    def in_lead(self, offset: int) -> bool:
        """Whether an offset lies in the article's lead paragraphs."""
        return self._paragraph_index(offset) < self.words.lead_paragraphs

    def _lead_end(self) -> int:
        n = self.words.lead_paragraphs
        return self.paragraphs[n] if n < len(self.paragraphs) else len(self.article.text)

    def _same_paragraph(self, a: SpacySpan, b: SpacySpan) -> bool:
        return self._paragraph_index(a.start_char) == self._paragraph_index(b.start_char)


def _facility(mention: PlaceMention) -> bool:
    """A street, building or site the places stage put at the town named after it (it has no
    gazetteer entry of its own)."""
    return mention.place.geonameid is None and mention.place.precision == 2
