"""Actors: people, organisations, states and groups, normalised; metonymic place names are actors.

Canonical names: a person's full name (aliases from the lexicon, short names resolved to the full
name written elsewhere in the article); an organisation's lexicon name or its text; a state's
short name ("Russia"); a group as demonym + noun ("Russian forces"). A metonym ("Kyiv rejected",
"the Kremlin", "Moscow's demands") is the state itself: kind ``state``, sector GOV; its span is
returned in ``metonyms`` so that the places stage leaves it out. Sector codes are listed in
``data/actors/lexicon.json``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from sitrep.extract.actors.groups import entity_text, group_at
from sitrep.extract.actors.lexicon import ActorLexicon, Entry, load_lexicon
from sitrep.extract.actors.metonyms import is_metonymic
from sitrep.extract.actors.people import Office, name_tokens, office_of, short_name_map
from sitrep.extract.mentions import contains
from sitrep.extract.parse import chars
from sitrep.model import Actor, ActorKind, Article
from sitrep.model import Span as CharSpan


@dataclass(frozen=True, slots=True)
class ActorResult:
    """What the actor stage hands on: the actors, and the place-name spans that are actors."""

    actors: tuple[Actor, ...]
    metonyms: frozenset[CharSpan]
    """Spans of place names that stand for an actor ("Kyiv rejected"): not places."""


@dataclass(slots=True)
class _Draft:
    """An actor being assembled from its mentions; the first value found for a field wins."""

    name: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = None
    title: str | None = None
    mentions: list[CharSpan] = field(default_factory=list)

    def add(
        self, span: CharSpan, country: str | None, sector: str | None, title: str | None
    ) -> None:
        if span not in self.mentions:
            self.mentions.append(span)
        self.country = self.country or country
        self.sector = self.sector or sector
        self.title = self.title or title


class ActorExtractor:
    """Finds and normalises the actors of one parsed article."""

    def __init__(self, lexicon: ActorLexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.title_words = frozenset(t.split()[-1] for t in self.lexicon.titles)

    def __call__(self, doc: Doc, article: Article) -> ActorResult:
        """Every actor in the article with all its mentions, and the metonymic spans."""
        drafts: dict[str, _Draft] = {}
        metonyms: set[CharSpan] = set()
        skip = article.dateline_span
        in_titles: set[int] = set()
        people: list[tuple[Span, Entry | None, Office | None]] = []
        personal = self._people_entities(doc)
        for ent in doc.ents:
            if ent.start not in personal or _inside(ent, skip):
                continue
            name = name_tokens(ent, self.lexicon)
            office = office_of(name, self.lexicon, self.title_words)
            people.append((name, self.lexicon.person(name.text, article.published), office))
            if office is not None:
                in_titles.update(range(office.start, office.end))
        local = self._dateline_country(article)
        self._people(people, drafts, local, article.published)
        for ent in doc.ents:
            if _inside(ent, skip) or ent.start in personal or "\n" in ent.text:
                continue
            titled = ent.start in in_titles
            if ent.label_ in ("GPE", "ORG", "FAC", "LOC", "NORP") and self._state(
                ent, titled, drafts
            ):
                metonyms.add((ent.start_char, ent.end_char))
            elif ent.label_ in ("ORG", "NORP") and not titled:
                self._organization(ent, drafts)
        for token in doc:
            self._group(token, skip, drafts, local)
        actors = sorted(drafts.values(), key=lambda d: min(d.mentions))
        return ActorResult(
            tuple(
                Actor(d.name, d.kind, d.country, d.sector, d.title, tuple(sorted(d.mentions)))
                for d in actors
            ),
            frozenset(metonyms),
        )

    def _people_entities(self, doc: Doc) -> set[int]:
        """Starts of the entities that name a person: the model's PERSON, and its ORG for a
        known person or for a name it calls PERSON elsewhere in the article ("the Turkish
        president, Recep Tayyip Erdoğan" is ORG in one sentence and PERSON in the next)."""
        named = {e.text for e in doc.ents if e.label_ == "PERSON"}
        return {
            e.start
            for e in doc.ents
            if e.label_ == "PERSON"
            or (
                e.label_ == "ORG"
                and e.text not in self.lexicon.organizations
                and (e.text in named or self.lexicon.person(e.text) is not None)
            )
        }

    def _dateline_country(self, article: Article) -> str | None:
        """The state named in the dateline ("KHARKIV, Ukraine"), or whose capital it names."""
        if article.dateline_span is None:
            return None
        text = article.text[slice(*article.dateline_span)]
        for part in re.split(r"[,(\-–—]", text):
            iso3 = self.lexicon.country_of(part.strip().title())
            if iso3 is not None:
                return iso3
        return None

    def _people(
        self,
        people: list[tuple[Span, Entry | None, Office | None]],
        drafts: dict[str, _Draft],
        local: str | None,
        day: dt.date | None,
    ) -> None:
        names = [entry.name if entry else span.text for span, entry, _ in people]
        shorter = short_name_map(names)
        for (span, entry, office), name in zip(people, names, strict=True):
            canonical = shorter.get(name, name)
            known = entry or self.lexicon.person(canonical, day)
            draft = drafts.setdefault(canonical, _Draft(canonical, "person"))
            if known is not None:
                draft.add(chars(span), known.country, known.sector, None)
            if office is not None:
                # A governor or mayor with no country named is most likely the dateline's.
                is_local = office.title and self.lexicon.local_title_words & set(
                    office.title.lower().split()
                )
                country = office.country or (local if is_local else None)
                draft.add(chars(span), country, office.sector, office.title)
            draft.add(chars(span), None, None, known.title if known else None)

    def _state(self, ent: Span, titled: bool, drafts: dict[str, _Draft]) -> bool:
        """Record a capital, seat or country that acts as its state; True when it is a metonym."""
        text = ent.text.removeprefix("the ")
        seat = self.lexicon.organizations.get(text)
        iso3 = seat.seat_of if seat else None
        country = False
        if iso3 is None and ent.label_ in ("GPE", "LOC", "NORP"):  # the model calls "U.S." NORP
            iso3 = self.lexicon.states.get(text)
            country = iso3 is not None
            iso3 = iso3 or self.lexicon.capitals.get(text)
        if iso3 is None:
            return False
        if seat is None and not is_metonymic(ent, self.lexicon, country):
            return False
        building = ent.root.dep_ == "pobj" and ent.root.head.lower_ in self.lexicon.building_preps
        if seat is not None and building:
            return False  # "talks in the Kremlin": the building
        head = ent.root.head
        # "Russia's defence ministry", "Ukraine's air force": the actor is the body, not the state.
        absorbed = ent.root.dep_ in ("poss", "compound", "amod") and (
            head.ent_type_ == "ORG" or group_at(head, self.lexicon) is not None
        )
        if not titled and not absorbed:
            name = self.lexicon.state_names.get(iso3, iso3)
            drafts.setdefault(name, _Draft(name, "state")).add(chars(ent), iso3, "GOV", None)
        return True

    def _organization(self, ent: Span, drafts: dict[str, _Draft]) -> None:
        text = ent.text.removeprefix("the ").removesuffix("'s").removesuffix("’s")
        known = self.lexicon.organizations.get(text)
        if known is not None and known.seat_of is not None:
            return  # a seat of government that is not acting ("in the Kremlin") is a building
        if known is not None:
            draft = drafts.setdefault(known.name, _Draft(known.name, "organization"))
            draft.add(chars(ent), known.country, known.sector, None)
            return
        if ent.label_ == "NORP":
            self._people_group(ent, drafts)
            return
        if text in self.lexicon.platforms:
            return  # "said on Telegram": where it was said, not who
        words = text.split()
        country = next((c for w in words if (c := self.lexicon.country_of(w))), None)
        for child in ent.root.children:
            if child.dep_ in ("poss", "compound") and child.i < ent.start:
                country = country or self.lexicon.country_of(entity_text(child))
        if country is not None and text[:1].islower():
            text = f"{self.lexicon.group_demonyms.get(country, country)} {text}"
        sector = next(
            (s for w in reversed(words) if (s := self.lexicon.org_keywords.get(w.lower()))), None
        )
        drafts.setdefault(text, _Draft(text, "organization")).add(
            chars(ent), country, sector, None
        )

    def _people_group(self, ent: Span, drafts: dict[str, _Draft]) -> None:
        """A demonym used as a noun ("the Russians", "Ukrainians fled") is a group."""
        root = ent.root
        iso3 = self.lexicon.demonyms.get(ent.text)
        if iso3 is None or root.dep_ in ("amod", "compound") or not ent.text.endswith("s"):
            return
        drafts.setdefault(ent.text, _Draft(ent.text, "group")).add(chars(ent), iso3, None, None)

    def _group(
        self, token: Token, skip: CharSpan | None, drafts: dict[str, _Draft], local: str | None
    ) -> None:
        group = group_at(token, self.lexicon)
        if group is None or _inside(group.span, skip):
            return
        country = group.country
        if country is None and group.sector in ("CVL", "COP") and not group.name.startswith("pro-"):
            # Bare "civilians" or "police" with no place of their own are the dateline's.
            placed = any(
                c.dep_ == "prep" and c.lower_ in self.lexicon.placed_preps for c in token.children
            )
            country = None if placed else local
        kind: ActorKind = "state" if group.is_state else "group"
        draft = drafts.setdefault(group.name, _Draft(group.name, kind))
        start, end = chars(group.span)
        if any(contains((start, end), m) for m in draft.mentions):
            return  # "the Kyiv government": "Kyiv" is already this state's mention
        draft.add(chars(group.span), country, group.sector, None)



def _inside(span: Span, dateline: CharSpan | None) -> bool:
    return dateline is not None and contains(dateline, chars(span))
