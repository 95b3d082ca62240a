"""Which actor a role word names: its name, ISO3 country and sector, or nothing.

Actors come from the actors stage (their mention spans); where it gives no country or sector,
a demonym ("a Russian drone"), a country name, a capital standing for its state ("Kyiv said")
or the head noun ("troops", "civilians") fills them in. Only people, groups, forces, bodies,
states and organisations are actors: a weapon names its side only through a country word ("a
Russian missile"), and a place, a building or an abstract noun ("membership") names none.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from sitrep.extract.events.lexicon import EventLexicon
from sitrep.extract.events.referents import Referents
from sitrep.extract.mentions import ActorMention, actor_mentions, contains, last_starting
from sitrep.extract.parse import chars, first_child
from sitrep.geo.countries import countries
from sitrep.model import Actor, EventActor, Place

NOT_ROLES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
COMMUNITY = "international community"
"""The actor the world's states at large are ('urged the world to wake up')."""
_MAX_DEPTH = 4


class Namer:
    """Maps a role token to the EventActor it stands for, for one article."""

    def __init__(
        self,
        lexicon: EventLexicon,
        actors: tuple[Actor, ...],
        referents: Referents,
        dateline: tuple[int, int] | None = None,
        places: tuple[Place, ...] = (),
    ) -> None:
        self.lex = lexicon
        self.words = lexicon.roles
        self.refs = referents
        self.dateline = dateline
        self.place_spans = sorted(span for p in places for span in p.mentions)
        """Where the places stage found a place: a name there is no actor."""
        self.mentions = actor_mentions(actors)
        self.starts = [m.start for m in self.mentions]

    def actor(self, token: Token | None, *, depth: int = 0) -> EventActor | None:
        """The EventActor a role token stands for, or None if nothing is known of it."""
        if token is None or depth > _MAX_DEPTH:
            return None
        if token.ent_type_ in NOT_ROLES - {"CARDINAL"}:
            return None
        # "14 of 22 drones", "hundreds of Ukrainians": the figure stands for the noun after "of".
        if token.pos_ == "NUM" or token.ent_type_ == "CARDINAL" or (
            token.lemma_.lower() in self.lex.quantity_nouns
        ):
            counted = _of_object(token)
            if counted is None and token.pos_ == "NUM":
                return None
            token = counted or token
        # "KHARKIV, Ukraine (Reuters) -": the dateline is where the story was filed, not a role.
        if self.dateline is not None and self.dateline[0] <= token.idx < self.dateline[1]:
            # The parser often hangs the real subject on the dateline as an apposition.
            for later in token.subtree:
                if later.idx >= self.dateline[1] and later.dep_ in ("appos", "conj") and \
                        later.pos_ in ("NOUN", "PROPN"):
                    return self.actor(later, depth=depth + 1)
            return None
        referent = self._referent(token)
        if referent is not None:
            if not isinstance(referent, Token):
                return EventActor(referent.name, referent.country, referent.sector)
            found = self.actor(referent, depth=depth + 1)
            if found is not None and found.country is None and referent.dep_ == "appos":
                # "the Belarusian parliament, the National Assembly": the title's country.
                country = self._modifier_country(token, depth) or self._office_country(token)
                found = EventActor(found.name, country, found.sector) if country else found
            return found
        if token.pos_ == "PRON" or token.tag_ in ("WP", "WDT"):
            return None  # a pronoun whose referent is not known
        # "the head of the IAEA", "a spokesman for the army": the office stands for its body.
        if token.lemma_.lower() in self.words.offices and self._mention(token) is None:
            body = _prep_object(token, self.words.office_preps)
            if body is not None and (_named(body) or self.refs.apposed_name(body)):
                found = self.actor(body, depth=depth + 1)
                if found is not None:
                    return found
        return self._named_actor(token, depth)

    def _referent(self, token: Token) -> Token | Actor | None:
        heads = self.refs.relative_heads(token)
        if heads:
            # "gas exports to Finland, which refused ...": the parser may hang the clause on
            # a noun further back; the one just before the pronoun is then meant.
            return next((h for h in heads if self.actor(h, depth=_MAX_DEPTH - 1)), heads[0])
        return self.refs.apposed_name(token) or self.refs.pronoun(token)

    def _named_actor(self, token: Token, depth: int) -> EventActor | None:
        """The actor a noun or name itself names, with what its modifiers add."""
        if token.pos_ == "ADJ" or token.lower_ in self.lex.demonyms:
            # "between Russian and Ukrainian officials": a demonym standing for its side.
            code = self.country_word(token)
            return EventActor(countries().name_of(code), code, None) if code else None
        if _modified(token) in self.words.community_words:
            # "pleaded with the world"; "the world averted a catastrophe" tells of no actor.
            subject = token.dep_ in ("nsubj", "nsubjpass", "poss")
            return None if subject else EventActor(COMMUNITY, None, None)
        mention = self._mention(token)
        phrase = _phrase(token)
        words = [phrase, token.lower_, token.lemma_.lower()]
        country = mention.actor.country if mention else None
        sector = mention.actor.sector if mention else None
        # A name standing as a modifier ("a Russian proposal") names the state, not the noun.
        own = mention is not None and mention.start <= token.idx < mention.end
        if not own and token.pos_ != "PROPN" and not self._is_body(token):
            # A thing ("Russian banks", "Nato membership"): only a state owns it.
            return self._owner(token, depth)
        if mention is None and token.pos_ == "NOUN" and token.lemma_.lower() in self.words.offices:
            titled = self._titled(token, depth)
            if titled is not None:
                return titled
        name = mention.actor.name if mention and own else None
        lookup = self._lookup(words)
        if lookup is not None:
            country = country or lookup[0]
            sector = sector or lookup[1]
            if name is None and lookup[0] is not None and token.pos_ == "PROPN":
                name = countries().name_of(lookup[0])
        if mention is None and lookup is None and self._is_place(token):
            return None  # a place ("Severodonetsk"): its holder, if anyone, is the target
        if country is None:
            country = self._modifier_country(token, depth)
        if sector is None:
            sector = self.lex.sector_of(
                words + [c.lower_ for c in token.children if c.dep_ == "compound"]
            )
        if name is None:
            if token.pos_ == "PROPN" or token.ent_type_:
                name = phrase_text(token)
            elif mention is not None and mention.actor.kind == "organization":
                # "EU officials", "Nato foreign ministers"; but "the UN security council".
                organ = token.lemma_.lower() in self.words.organ_nouns
                name = _phrase_span(token) if organ else mention.actor.name
            elif country is not None and sector in (None, "MIL", "GOV", "COP"):
                name = countries().name_of(country)
            elif sector is not None:
                name = _phrase(token) if token.pos_ == "NOUN" else token.text
        if name is None or (
            country is None and sector is None and not token.ent_type_ and token.pos_ != "PROPN"
        ):
            return None
        return EventActor(name, country, sector)

    def _is_place(self, token: Token) -> bool:
        """Whether the places stage found a place at this name (a name it did not resolve may
        be a person the parser took for a place)."""
        i = last_starting(self.place_spans, token.idx)
        return token.ent_type_ in PLACE_ENTS and i >= 0 and contains(
            self.place_spans[i], (token.idx, token.idx + len(token))
        )

    def _office_country(self, token: Token) -> str | None:
        """'120 members of the Belarusian parliament': the country of the body an office is of."""
        if token.lemma_.lower() not in self.words.offices:
            return None
        body = _prep_object(token, self.words.office_preps)
        found = self._named_actor(body, _MAX_DEPTH) if body is not None else None
        return found.country if found is not None else None

    def _titled(self, token: Token, depth: int) -> EventActor | None:
        """'the prime minister said': the person given that title earlier in the article, if
        no country word before the title says otherwise."""
        found = self.refs.titled(token)
        if found is None or found.kind != "person":
            return None
        country = self._modifier_country(token, depth)
        if country is not None and found.country not in (None, country):
            return None
        return EventActor(found.name, found.country or country, found.sector)

    def _is_body(self, token: Token) -> bool:
        """Whether a common noun names people, a group, a force or a body ('officials',
        'troops', 'watchdog'), not a thing, a weapon or a place."""
        lemma = token.lemma_.lower()
        if self.lex.sector_of([_phrase(token), token.lower_]) is not None:
            return True  # "countries" acts where "the country" is a place
        if lemma in self.words.offices:
            return True  # "EU heads of state", "members of the Duma"
        if lemma in self.lex.weapons or lemma in self.lex.sites or token.lower_ in self.lex.sites:
            return False
        return self.lex.sector_of([lemma]) is not None

    def _owner(self, token: Token, depth: int) -> EventActor | None:
        """'a Russian missile', 'Russian banks', 'Ukraine's defences': the state a thing is
        said to belong to; a weapon's side is its forces."""
        lemma = token.lemma_.lower()
        if lemma in self.lex.sites or token.lower_ in self.lex.sites:
            return None
        country = self._modifier_country(token, depth)
        if country is None:
            return None
        sector = "MIL" if lemma in self.lex.weapons else None
        return EventActor(countries().name_of(country), country, sector)

    def _lookup(self, words: list[str]) -> tuple[str | None, str | None] | None:
        """(country, sector) of a country, capital or known organisation name."""
        for word in words:
            if word in self.lex.organizations:
                return self.lex.organizations[word]
            if word in self.lex.metonyms:
                code = self.lex.metonyms[word]
                return (code, "GOV") if code else None
            code = self.lex.countries.get(word)
            if code:
                return code, "GOV"
        return None

    def country_word(self, token: Token) -> str | None:
        """The state a demonym, country name or capital stands for ('Russian', 'Kyiv')."""
        return self.lex.state_of(token.lower_)

    def _modifier_country(self, token: Token, depth: int) -> str | None:
        """'Russian missiles', 'Ukraine's air force', 'its drones', 'Iraqi President Saddam
        Hussein': a country word anywhere before the head in its noun phrase."""
        for child in token.children:
            if child.dep_ == "poss" and child.i < token.i:
                code = self.country_word(child)
                inner = None if code else self.actor(child, depth=depth + 1)
                if code or (inner is not None and inner.country):
                    return code or (inner.country if inner else None)
        doc = token.doc
        for tok in doc[token.left_edge.i : token.i]:
            if tok.dep_ in ("amod", "compound", "nmod", "npadvmod", "poss") or tok.pos_ in (
                "ADJ",
                "PROPN",
            ):
                code = self.country_word(tok)
                sponsor = tok.i + 2 < token.i and doc[tok.i + 1].text == "-" and (
                    doc[tok.i + 2].lower_ in self.lex.sponsor_suffixes
                )
                if code and not sponsor:  # "a Russian-backed regime" is not Russia's
                    return code
        return None

    def _mention(self, token: Token) -> ActorMention | None:
        """The actor mention covering the token, or one of its name modifiers."""
        for tok in [
            token,
            *(c for c in token.children if c.dep_ in ("compound", "poss", "amod", "nmod")),
        ]:
            start, end = chars(tok)
            k = bisect.bisect_right(self.starts, start)
            for m in self.mentions[max(0, k - 3) : k + 1]:
                if m.start <= start and end <= m.end:
                    return m
        return None


def _named(token: Token) -> bool:
    """Whether a body after an office is named ('the IAEA'), not a common word ('of state')."""
    return token.text[:1].isupper()


def _of_object(token: Token) -> Token | None:
    """ "14 of 22 drones", '"dozens" of civilians': the noun a figure counts."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return first_child(child, "pobj")
    following = [t for t in token.doc[token.i + 1 : token.i + 3] if not t.is_punct]
    if following and following[0].lower_ == "of":
        return first_child(following[0], "pobj")  # the parser lost the "of" behind a quote
    return None


def _prep_object(token: Token, preps: frozenset[str] | set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            obj = first_child(child, "pobj")
            if obj is not None and obj.ent_type_ not in NOT_ROLES:
                return obj
    return None


def _phrase(token: Token) -> str:
    """The token with its compound modifiers, lower-cased ('white house', 'air force')."""
    parts = [c for c in token.children if c.dep_ == "compound" and c.i < token.i]
    return " ".join(t.lower_ for t in [*parts, token])


def _modified(token: Token) -> str:
    """The token with its adjectives and compounds before it, lower-cased ('international
    community')."""
    parts = [c for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i]
    return " ".join(t.lower_ for t in [*parts, token])


def _phrase_span(token: Token) -> str:
    """A noun phrase as written, up to its head, without its determiner ('UN security
    council')."""
    start = token.left_edge.i
    while start < token.i and token.doc[start].pos_ == "DET":
        start += 1
    return token.doc[start : token.i + 1].text


def phrase_text(token: Token) -> str:
    """The proper name a token heads, as written ('Oleh Syniehubov', 'Islamic State')."""
    parts = [
        c for c in token.children if c.dep_ == "compound" and c.i < token.i and c.pos_ == "PROPN"
    ]
    tokens = [*parts, token]
    text = token.doc[tokens[0].i : token.i + 1].text
    # A name never spans a line break: the parser sometimes joins two paragraphs.
    return token.text if "\n" in text else text
