"""sitrep_entity_fixes_v3: a name after an office ("Gen. Oleksandr Syrskyi") is a PERSON; a
headline's verb of speech, or a quote mark, is no part of the name before it ("Obama Says"); a
time zone after a clock time ("8am GMT") is part of the time, not an organisation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property
from typing import Any

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from sitrep import data

# Entity labels the rules trust more than a name shape: the ruler set them from the lexicons.
_NOT_NAMES = frozenset({"GPE", "NORP", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL"})
_MAX_NAME_TOKENS = 4
_MIN_VILLAGE_CHARS = 8
_CLOCK = re.compile(r"\d(?:[.:]\d\d)?(?:am|pm|a\.m\.|p\.m\.|h)?$", re.IGNORECASE)
_TIMES = frozenset({"TIME", "DATE", "CARDINAL"})


def load_title_words() -> frozenset[str]:
    """Last words of the office titles in the actor lexicon ("minister", "gen.", "commander")."""
    titles = data.read_json("actors/lexicon.json")["titles"]
    return frozenset(str(t).split()[-1] for t in titles)


def load_toponym_suffixes() -> tuple[str, ...]:
    """Endings of Ukrainian and Russian place names ("-ivka", "-ske")."""
    return data.read_lines("actors/toponym_suffixes.txt")


def load_institution_words() -> frozenset[str]:
    """Words that end an organisation's name ("Staff", "Ministry"), so never a person's."""
    lexicon = data.read_json("actors/lexicon.json")
    return frozenset([*lexicon["org_keywords"], *lexicon["group_nouns"]])


def load_given_names() -> frozenset[str]:
    """Given names that start a person's name when a capitalised word follows."""
    return frozenset(data.read_lines("actors/given_names.txt"))


def load_speech_lemmas() -> frozenset[str]:
    """Verbs of speech, of a topic and of a stance ("say", "talk", "slam"): in a title-case
    headline the model takes "Obama Says" for one name."""
    # The nlp stage's own list: reading the quote lexicon tied names to every quotes edit.
    return frozenset(data.read_lines("nlp/headline_verbs.txt"))


def load_time_zones() -> frozenset[str]:
    """Time zone abbreviations ("GMT", "EEST") that the model may call an organisation."""
    return frozenset(data.read_lines("nlp/time_zones.txt"))


class EntityFixes:
    """Adds PERSON spans the small model misses or mislabels, overriding its ORG or PERSON guess,
    and cuts a headline's verb of speech off the name before it."""

    def __init__(
        self,
        title_words: frozenset[str],
        given_names: frozenset[str],
        institution_words: frozenset[str],
        toponym_suffixes: tuple[str, ...] = (),
        speech_lemmas: frozenset[str] = frozenset(),
        time_zones: frozenset[str] = frozenset(),
    ) -> None:
        self.title_words = title_words
        self.given_names = given_names
        self.institution_words = institution_words
        self.toponym_suffixes = toponym_suffixes
        self.speech_lemmas = speech_lemmas
        self.time_zones = time_zones

    def __call__(self, doc: Doc) -> Doc:
        found: list[Span] = []
        for i in self._at_words(doc, ((LOWER, self._title_ids), (ORTH, self._given_ids))):
            token = doc[i]
            if token.lower_ in self.title_words and token.i + 1 < len(doc):
                # One bare word after "Gen." is a surname; after "general" it may be "Staff".
                minimum = 1 if token.text.endswith(".") else 2
                span = self._name_after(doc, token.i + 1, minimum=minimum)
            elif token.text in self.given_names and not _inside_person(token):
                span = self._name_after(doc, token.i, minimum=2)
            else:
                continue
            if span is not None:
                found.append(span)
        if found:
            kept = [e for e in doc.ents if not any(_overlaps(e, s) for s in found)]
            doc.ents = filter_spans([*found, *kept])
        if self.toponym_suffixes:
            _set_ents(doc, [self._village(e) for e in doc.ents])
        if self.speech_lemmas:
            _set_ents(doc, [self._before_speech(e) for e in doc.ents])
        if self.time_zones:
            _set_ents(doc, self._time_zones(doc))
        return doc

    @cached_property
    def _title_ids(self) -> numpy.ndarray[Any, Any]:
        return _ids(self.title_words)

    @cached_property
    def _given_ids(self) -> numpy.ndarray[Any, Any]:
        return _ids(self.given_names)

    @cached_property
    def _zone_ids(self) -> numpy.ndarray[Any, Any]:
        return _ids(self.time_zones)

    @staticmethod
    def _at_words(doc: Doc, tests: tuple[tuple[int, numpy.ndarray[Any, Any]], ...]) -> list[int]:
        """The positions, in order, of the tokens whose attribute (a string-store hash) is in
        one of the arrays: a first test on the doc's columns, no Token made for the others."""
        columns = doc.to_array([attr for attr, _ in tests]).reshape(len(doc), len(tests))
        found = numpy.zeros(len(doc), dtype=bool)
        for k, (_, ids) in enumerate(tests):
            found |= numpy.isin(columns[:, k], ids)
        return [int(i) for i in numpy.flatnonzero(found)]

    def _time_zones(self, doc: Doc) -> list[Span]:
        """ "(8am GMT)", "(0900 GMT)": a time zone right after a clock time joins that time,
        whether the model called the zone ORG or nothing; a zone after anything else ("GST"
        the tax) is left as the model has it."""
        times: list[Span] = []
        for i in self._at_words(doc, ((ORTH, self._zone_ids),)):
            if i == 0:
                continue
            token, before = doc[i], doc[i - 1]
            if token.text not in self.time_zones or token.ent_type_ == "TIME" or not (
                before.ent_type_ in _TIMES or _CLOCK.search(before.text)
            ):
                continue
            start = before.i
            if before.ent_type_ in _TIMES:
                start = next(e.start for e in doc.ents if e.start <= before.i < e.end)
            times.append(Span(doc, start, token.i + 1, label="TIME"))
        if not times:
            return list(doc.ents)
        kept = [e for e in doc.ents if not any(_overlaps(e, t) for t in times)]
        return sorted([*times, *kept], key=lambda e: e.start)

    def _before_speech(self, ent: Span) -> Span:
        """ "Obama Says" (PERSON), "Kovalenko Tells Allies" (ORG), "Obama Sees 'Personal
        Insult'": the name ends before a finite verb of speech or a quote mark (its first word
        always stays)."""
        if ent.label_ not in ("PERSON", "ORG") or len(ent) < 2:
            return ent
        for token in ent[1:]:
            if self._speech_verb(token) or token.is_quote:
                end = token.i
                while end > ent.start + 1 and ent.doc[end - 1].tag_ in ("VBZ", "VBD", "VBP"):
                    end -= 1  # "Obama Sees '...": the verb before the mark goes too
                return Span(ent.doc, ent.start, end, label=ent.label_)
        return ent

    def _speech_verb(self, token: Token) -> bool:
        """A finite verb of speech; in a title-case headline the tagger may call "Speaks" a
        name, so a capitalised word that is a speech verb plus -s counts too."""
        if token.tag_ in ("VBZ", "VBD") and token.lemma_.lower() in self.speech_lemmas:
            return True
        word = token.lower_
        return token.is_title and word.endswith("s") and word[:-1] in self.speech_lemmas

    def _village(self, ent: Span) -> Span:
        """ "Krynky" as PERSON, "Vuhledar" as ORG: a lone name with a place-name ending is a GPE."""
        if ent.label_ not in ("PERSON", "ORG") or len(ent) > 1:
            return ent
        word = ent[0]
        before = ent.doc[ent.start - 1] if ent.start > 0 else None
        if (
            not word.is_title
            or len(word) < _MIN_VILLAGE_CHARS  # "Wayne" and "Steve" end like villages too
            or not word.lower_.endswith(self.toponym_suffixes)
            or (before is not None and (before.lower_ in self.title_words or before.is_title))
        ):
            return ent
        return Span(ent.doc, ent.start, ent.end, label="GPE")

    def _name_after(self, doc: Doc, start: int, minimum: int) -> Span | None:
        end = start
        while end < len(doc) and end - start < _MAX_NAME_TOKENS and self._name_token(doc[end]):
            end += 1
            # Hyphenated names ("Abdel-Fattah") come as three tokens.
            if end + 1 < len(doc) and doc[end].text == "-" and self._name_token(doc[end + 1]):
                end += 1
        if end - start < minimum:
            return None
        span = Span(doc, start, end, label="PERSON")
        existing = [e for e in doc.ents if _overlaps(e, span)]
        if any(e.label_ == "PERSON" and e.start <= start and e.end >= end for e in existing):
            return None  # the model already has it (or more of it)
        return span

    def _name_token(self, token: Token) -> bool:
        return (
            token.is_title
            and token.is_alpha
            and token.pos_ == "PROPN"
            and token.ent_type_ not in _NOT_NAMES
            and token.lower_ not in self.title_words
            and token.lower_ not in self.institution_words
        )


def _ids(words: Iterable[str]) -> numpy.ndarray[Any, Any]:
    """The string-store hashes of words, as a doc's columns hold them."""
    return numpy.array(sorted(get_string_id(w) for w in words), dtype=numpy.uint64)


def _set_ents(doc: Doc, ents: list[Span]) -> None:
    """Set the doc's entities, unless every token has its entity columns and the spans are
    the ones it has: setting them again would write the same values to every token."""
    before = doc.ents
    if (len(ents) != len(before) or any(new != old for new, old in zip(ents, before, strict=True))
            or not doc.has_annotation("ENT_IOB", require_complete=True)):
        doc.ents = ents


def _inside_person(token: Token) -> bool:
    return token.ent_type_ == "PERSON" and token.ent_iob_ == "I"


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


FACTORY = "sitrep_entity_fixes_v3"
"""Versioned factory name (spaCy forbids dots in it); a change of behaviour is _v2."""


def make_entity_fixes(nlp: Language, name: str) -> EntityFixes:
    """The component, with its word lists read once from sitrep's data files."""
    return EntityFixes(
        load_title_words(),
        load_given_names(),
        load_institution_words(),
        load_toponym_suffixes(),
        load_speech_lemmas(),
        load_time_zones(),
    )


def register() -> None:
    """Register the factory with spaCy once; called by build_nlp rather than at import."""
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, assigns=["doc.ents"], func=make_entity_fixes)
