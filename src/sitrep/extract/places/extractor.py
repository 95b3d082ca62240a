"""Places: toponyms found in the parsed text and resolved offline to GeoNames."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep import data
from sitrep.extract.mentions import overlaps
from sitrep.extract.parse import chars
from sitrep.extract.places.adjectives import adjectival_places
from sitrep.extract.places.facilities import (
    facility_pattern,
    facility_phrases,
    is_facility,
    place_facilities,
)
from sitrep.extract.places.features import feature_pattern, feature_phrases
from sitrep.extract.places.resolve import Hint, Resolved, Support, Toponym, resolve
from sitrep.geo.gazetteer import FEATURE_KINDS, Entry, Gazetteer, normalize
from sitrep.geo.tables import demonyms, region_aliases, words
from sitrep.model import Article, Place, Span

# The word lists are data (data/places/*.txt); what stays here is grammar: entity labels, the
# possessive, the article "the" and the "of" of "the city of X".
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels the small model gives place names it does not recognise as such.
_MISLABELS = frozenset({"PERSON", "ORG", "NORP"})
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# "MoD", "DoJ", "HoC": a capital after a small letter in a short word abbreviates an institution;
# towns are not written so.
_MIXED_ABBREVIATION = re.compile(r"^(?=\w{2,5}$)\w*[a-z][A-Z]\w*$")
_NEXT_WORD = re.compile(r"[ \t]+(\w+)")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_AGENCY = re.compile(r"\(.*?\)|[-—–]+\s*$")
# "ATLANTA (AP) —", "PLEASANTON, Calif. --": a capitalised place opening a paragraph.
_CAPS_NAME = r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
_CAPS_DATELINE = re.compile(
    rf"(?:^|\n)[ \t]*{_CAPS_NAME}(?=\s*[,(—–-])"
    # Run-in copy that lost its line breaks: "… statements. SAN DIEGO (AP) - The"; a wire
    # story's first words: "OKLAHOMA CITY The Latest on".
    rf"|(?<=[.!?\"”] ){_CAPS_NAME}(?=(?:, [A-Z][\w.]*)? \((?:AP|Reuters|AFP|UPI|dpa)\))"
    rf"|^{_CAPS_NAME}(?= [A-Z][a-z])"
)


class PlaceExtractor:
    """NER toponyms, region phrases and the dateline, resolved to GeoNames."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
        self._demonyms = demonyms()
        self._region_abbreviations = frozenset(normalize(a) for a, _ in region_aliases())
        self._region_words = words("places/region_words.txt")
        self._near_words = words("places/near_words.txt")
        self._actor_nouns = words("places/actor_nouns.txt")
        self._where_nouns = words("places/where_nouns.txt")
        self._water_words = words("places/water_words.txt")
        self._place_prepositions = words("places/place_prepositions.txt")
        self._beside_of = words("places/beside_words.txt")
        self._place_of = words("places/place_of_nouns.txt") | self._beside_of
        self._beside_after = words("places/beside_after_words.txt")
        self._region_phrase = _region_phrase(words("places/region_phrase_words.txt"))
        self._facility_nouns = words("places/facility_nouns.txt")
        self._land_nouns = words("places/adjective_place_nouns.txt")
        self._facility_phrase = facility_pattern(self._facility_nouns)
        self._feature_phrase = feature_pattern()
        self._district_phrase = _region_phrase(
            frozenset(data.read_lines("places/district_suffixes.txt")), named=True
        )

    def __call__(self, doc: Doc, article: Article, metonyms: frozenset[Span]) -> tuple[Place, ...]:
        text = doc.text  # spaCy rebuilds Doc.text on every access: read it once
        people = _surnames(doc)
        toponyms = _without_overlaps(
            [
                *self._dateline(article),
                *self._caps_datelines(text, metonyms),
                *feature_phrases(text, self._feature_phrase, metonyms),
                *self._from_entities(doc, metonyms, people),
                *self._from_untagged(doc, metonyms),
                *self._region_phrases(text, metonyms),
                *self._region_phrases(text, metonyms, self._district_phrase),
                *facility_phrases(text, self._facility_phrase, metonyms),
                *adjectival_places(doc, metonyms, self._land_nouns),
            ]
        )
        country = self._dateline_country(article)
        resolved = resolve(toponyms, self.gazetteer, country, text)
        again = list(self._repeats(doc, self._sure_names(resolved), toponyms, metonyms))
        if again:
            toponyms = _without_overlaps([*toponyms, *again])
            resolved = resolve(toponyms, self.gazetteer, country, text)
        done = {r.toponym.span for r in resolved}
        facilities = [
            t for t in toponyms if t.span not in done and is_facility(t, self._facility_nouns)
        ]
        return (*_group(resolved), *place_facilities(facilities, resolved, text))

    def _sure_names(self, resolved: list[Resolved]) -> set[str]:
        """Names resolved by a place's own name (not an alias), and not acronyms."""
        return {
            r.toponym.text
            for r in resolved
            if not r.toponym.text.isupper()
            and any(
                m.main and m.entry.geonameid == r.entry.geonameid
                for m in self.gazetteer.lookup(r.toponym.text)
            )
        }

    def _repeats(
        self, doc: Doc, names: set[str], seen: list[Toponym], metonyms: frozenset[Span]
    ) -> Iterator[Toponym]:
        """Other mentions of a name already read as a place, which the model tagged otherwise."""
        taken = [t.span for t in seen]
        for token in doc:
            if token.text not in names or token.ent_type_ in _PLACE_LABELS or _in_long_name(token):
                continue
            span = chars(token)
            if any(overlaps(span, s) for s in taken) or any(overlaps(span, m) for m in metonyms):
                continue
            toponym = self._toponym(doc[token.i : token.i + 1], "ner")
            if toponym is not None:
                yield toponym

    def _from_entities(
        self, doc: Doc, metonyms: frozenset[Span], people: frozenset[str]
    ) -> Iterator[Toponym]:
        for ent in doc.ents:
            span = (ent.start_char, ent.end_char)
            if any(overlaps(span, m) for m in metonyms):
                continue  # the actors stage read it as a government: "Kyiv rejected"
            support: Support
            if ent.label_ in _PLACE_LABELS:
                support = "ner"
            elif ent.label_ in _MISLABELS:
                if ent.label_ == "PERSON" and (ent.text in people or _owns(ent)):
                    continue  # "Truss's view", "Truss" of "Liz Truss": a person, not a town
                support = "context" if self._place_context(ent) else "name"
            else:
                continue
            toponym = self._toponym(ent, support)
            if toponym is not None:
                yield toponym

    def _from_untagged(self, doc: Doc, metonyms: frozenset[Span]) -> Iterator[Toponym]:
        """Proper nouns the model left untagged where the words around say place ("in Kharkiv")."""
        i = 0
        while i < len(doc):
            end = i
            while end < len(doc) and end - i < 3 and _untagged_name(doc[end]):
                end += 1
            if end > i and i > 0:
                run = doc[i:end]
                span = (run.start_char, run.end_char)
                if self._place_context(run) and not any(overlaps(span, m) for m in metonyms):
                    toponym = self._toponym(run, "context")
                    if toponym is not None:
                        yield toponym
            i = max(end, i + 1)

    def _toponym(self, ent: SpacySpan, support: Support) -> Toponym | None:
        ent = self._widen(ent)
        text = _POSSESSIVE.sub("", _LEADING_THE.sub("", ent.text)).strip()
        start = ent.start_char + ent.text.find(text) if text else ent.start_char
        if len(text) < 2 or not text[0].isupper() or text.lower() in self._demonyms:
            return None
        if text.split()[-1].lower() in self._water_words and not self._feature(text):
            return None  # "the Red Sea" is the sea or nothing, never Sudan's Red Sea state
        if len(ent) == 1 and ent[0].tag_ == "JJ":
            return None  # an adjective of nationality ("Georgian wine"), not the place
        if support != "ner" and text.isupper() and len(text) <= 4 and not self._state(text):
            return None  # an acronym ("AI", "NHS") the model did not call a place
        if _MIXED_ABBREVIATION.match(text):
            return None  # "MoD", "DoD": an institution, whatever the model called it
        if support == "name" and ent[0].is_sent_start:
            return None  # a sentence's first word is capitalised anyway
        if self._modifies_actor(ent):
            return None
        hint, end = self._hint(ent, text)
        return Toponym(text, (start, max(end, start + len(text))), hint, support, ent.label_)

    def _widen(self, ent: SpacySpan) -> SpacySpan:
        """The longest known name around an entity: "New Jersey" where the model saw "Jersey"."""
        doc = ent.doc
        best = ent
        for left in range(max(0, ent.start - 2), ent.start + 1):
            for right in range(ent.end, min(len(doc), ent.end + 2) + 1):
                if (left, right) == (ent.start, ent.end) or right - left <= len(best):
                    continue
                wider = doc[left:right]
                extra = [t for t in wider if t.i < ent.start or t.i >= ent.end]
                if all(t.text[:1].isupper() and t.is_alpha for t in extra) and any(
                    m.main for m in self.gazetteer.lookup(wider.text)
                ):
                    best = wider
        return best

    def _feature(self, text: str) -> bool:
        return any(m.entry.kind in FEATURE_KINDS for m in self.gazetteer.lookup(text))

    def _state(self, text: str) -> bool:
        """The name is a country's own ("UK") or a region's abbreviation ("NSW"); not any
        short region name ("Ica", "Edo" are also acronyms of institutions)."""
        if normalize(text) in self._region_abbreviations:
            return True
        return any(m.entry.kind == "country" and m.main for m in self.gazetteer.lookup(text))

    def _modifies_actor(self, ent: SpacySpan) -> bool:
        """ "US officials", "U.S. tariffs": the name says whose, not where.

        A name that modifies a noun is a place only when that noun is itself a place or
        something that happens somewhere ("the Sacramento area", "the Kharkiv offensive").
        """
        root = ent.root
        head = root.head
        after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
        if after is not None and after.lower_ in self._where_nouns and after.pos_ == "NOUN":
            return False  # "Kherson city mayor": the city is named, whoever it modifies
        if head.i < ent.end or head.pos_ not in ("NOUN", "PROPN"):
            return False
        if root.dep_ == "poss":
            return head.lower_ in self._actor_nouns
        return root.dep_ in ("compound", "nmod") and head.lemma_.lower() not in self._where_nouns

    def _hint(self, ent: SpacySpan, text: str) -> tuple[Hint, int]:
        """What the words around a name say: a region, near a town, or the place itself."""
        doc = ent.doc
        last = text.split()[-1].lower()
        after = doc[ent.end] if ent.end < len(doc) else None
        before = doc[ent.start - 1] if ent.start > 0 else None
        before2 = doc[ent.start - 2] if ent.start > 1 else None
        if last in self._region_words and len(text.split()) > 1:
            return "region", ent.end_char
        if after is not None and after.lower_ in self._region_words:
            return "region", after.idx + len(after)
        if before is not None and before.lower_ in self._near_words:
            return "near", ent.end_char
        of_region = before2 is not None and before2.lower_ in self._region_words
        if before is not None and before.lower_ == "of" and of_region:
            return "region", ent.end_char  # "the state of Washington", "the province of X"
        beside_of = before2 is not None and before2.lower_ in self._beside_of
        if before is not None and before.lower_ == "of" and beside_of:
            return "near", ent.end_char  # "north of X", "the outskirts of X"
        if after is not None and after.lower_ in self._beside_after:
            return "near", ent.end_char
        possessive = after is not None and after.lower_ in {"'s", "’s"}
        if possessive and ent.end + 1 < len(doc) and doc[ent.end + 1].lower_ in self._beside_after:
            return "near", ent.end_char  # "Bakhmut's outskirts"
        return "plain", ent.end_char

    def _place_context(self, ent: SpacySpan) -> bool:
        """A mislabelled entity reads as a place: "in X", "near X", "X region"."""
        doc = ent.doc
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        before2 = doc[ent.start - 2].lower_ if ent.start > 1 else ""
        after = doc[ent.end].lower_ if ent.end < len(doc) else ""
        return (
            before in self._place_prepositions
            or (before == "of" and before2 in self._place_of)
            or after in self._region_words
        )

    def _region_phrases(
        self, text: str, metonyms: frozenset[Span], pattern: re.Pattern[str] | None = None
    ) -> Iterator[Toponym]:
        """ "Kharkiv region", "Zaporizhzhia Oblast", "Morris County", "Bakhmut district", where
        the model missed or split them; a district keeps its suffix word in its name."""
        for match in (pattern or self._region_phrase).finditer(text):
            start = match.start(1)
            owner = max(match.group(1).rfind("'s "), match.group(1).rfind("’s "))
            if owner >= 0:
                start += owner + 3  # "Russia's Belgorod region": the region is Belgorod's
            span = (start, match.end())
            if self._names_actor(text, match.end()):
                continue  # "Cuyahoga County Executive", "Suffolk County detectives"
            if not any(overlaps(span, m) for m in metonyms):
                yield Toponym(text[start : match.end(1)], span, "region")

    def _names_actor(self, text: str, end: int) -> bool:
        """The word after a region phrase makes it part of a longer name ("County Sheriff's
        Office", "County Times") or a modifier of people ("County residents")."""
        following = _NEXT_WORD.match(text, end)
        if following is None:
            return False
        word = following.group(1)
        return word[0].isupper() or word.lower() in self._actor_nouns

    def _dateline(self, article: Article) -> Iterator[Toponym]:
        """The place named in the dateline ("KHARKIV, Ukraine (Reuters) -")."""
        if article.dateline_span is None:
            return
        start, end = article.dateline_span
        line = article.text[start:end]
        head = _AGENCY.sub("", line.split(",")[0]).strip()
        if len(head) >= 2:
            offset = start + line.find(head)
            yield Toponym(head, (offset, offset + len(head)))

    def _caps_datelines(self, text: str, metonyms: frozenset[Span]) -> Iterator[Toponym]:
        """Datelines the cleaner did not record, at the head of any paragraph."""
        for match in _CAPS_DATELINE.finditer(text):
            group = next(g for g in (1, 2, 3) if match.group(g) is not None)
            name = match.group(group)
            span = (match.start(group), match.end(group))
            known = any(m.main for m in self.gazetteer.lookup(name))
            if len(name) >= 4 and known and not any(overlaps(span, m) for m in metonyms):
                yield Toponym(name, span)

    def _dateline_country(self, article: Article) -> str | None:
        """The country of the dateline ("Ukraine" in "KHARKIV, Ukraine"), for context."""
        if article.dateline_span is None:
            return None
        line = article.text[slice(*article.dateline_span)]
        for part in _AGENCY.sub("", line).split(",")[1:]:
            for match in self.gazetteer.lookup(part.strip()):
                if match.entry.kind in ("country", "region") and match.entry.country:
                    return match.entry.country
        return None


def _region_phrase(nouns: frozenset[str], named: bool = False) -> re.Pattern[str]:
    """ "Kharkiv region", "Zaporizhzhia Oblast": up to three capitalised words and a region noun,
    lower case or capitalised; group 1 is the name, with the noun when ``named``."""
    alternatives = "|".join(
        f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in sorted(nouns, key=len, reverse=True)
    )
    words = r"(?:[A-Z][\w'’]+[ -]){0,2}[A-Z][\w'’]+"
    if named:
        return re.compile(rf"\b({words}\s+(?:{alternatives}))\b")
    return re.compile(rf"\b({words})\s+(?:{alternatives})\b")


def _surnames(doc: Doc) -> frozenset[str]:
    """The last words of the article's names of people ("Truss" of "Liz Truss")."""
    return frozenset(
        ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1
    )


def _owns(ent: SpacySpan) -> bool:
    """The name is followed by a possessive ("Truss's")."""
    return ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in {"'s", "’s", "'"}


def _in_long_name(token: Token) -> bool:
    """Part of a longer entity: the "Paris" of "Paris Hilton"."""
    if token.ent_iob_ == "I":
        return True
    following = token.i + 1 < len(token.doc) and token.doc[token.i + 1].ent_iob_ == "I"
    return token.ent_iob_ == "B" and following


def _untagged_name(token: Token) -> bool:
    return token.ent_type_ == "" and token.pos_ == "PROPN" and token.text[:1].isupper()


def _without_overlaps(toponyms: list[Toponym]) -> list[Toponym]:
    """One toponym per stretch of text; the first source wins (dateline, entities, phrases)."""
    kept: list[Toponym] = []
    # Which kept toponyms cover each character: finding a clash reads the toponym's own
    # characters, not every kept one (linear in the article, not quadratic).
    covering: dict[int, set[int]] = {}
    for toponym in toponyms:
        start, end = toponym.span
        clashes = set().union(*(covering.get(c, ()) for c in range(start, end)))
        if not clashes:
            kept.append(toponym)
            _cover(covering, toponym.span, len(kept) - 1)
            continue
        clash = min(clashes)
        if toponym.hint == "region" and (
            kept[clash].hint != "region" or _length(toponym) > _length(kept[clash])
        ):
            _cover(covering, kept[clash].span, clash, remove=True)
            kept[clash] = toponym  # "Donetsk region" says more than its "Donetsk"
            _cover(covering, toponym.span, clash)
    return sorted(kept, key=lambda t: t.span)


def _cover(covering: dict[int, set[int]], span: Span, index: int, remove: bool = False) -> None:
    """Mark (or unmark) the characters of a span as covered by the kept toponym at index."""
    for c in range(*span):
        if remove:
            covering[c].discard(index)
        else:
            covering.setdefault(c, set()).add(index)


def _length(toponym: Toponym) -> int:
    return toponym.span[1] - toponym.span[0]


def _precision(entry: Entry, hint: Hint) -> int:
    if entry.kind in ("country", "continent", "water"):
        return 4
    if entry.kind == "area":
        return 3 if entry.country else 4  # "Donbas" is a region; "the Middle East" is larger
    if entry.kind in ("region", "district"):
        return 3
    return 2 if hint != "plain" else 1


def _group(resolved: list[Resolved]) -> tuple[Place, ...]:
    """One place per GeoNames entry, with all its mentions, in order of first mention."""
    mentions: dict[int, list[Span]] = {}
    precision: dict[int, int] = {}
    entries: dict[int, Entry] = {}
    for item in sorted(resolved, key=lambda r: r.toponym.span):
        key = item.entry.geonameid
        entries[key] = item.entry
        mentions.setdefault(key, []).append(item.toponym.span)
        code = _precision(item.entry, item.toponym.hint)
        precision[key] = min(code, precision.get(key, code))
    return tuple(
        Place(
            name=entry.name,
            geonameid=entry.geonameid if entry.geonameid > 0 else None,
            lat=entry.lat,
            lon=entry.lon,
            country=entry.country,
            admin1=entry.admin1 if entry.kind in ("city", "district", "region") else None,
            precision=precision[key],
            mentions=tuple(mentions[key]),
        )
        for key, entry in entries.items()
    )
