"""Cue classes: what kind of attribution a cue makes (SPEC ``quotes[].cue_class``).

``speech`` is words said or written (said, told, according to, a colon, an interview);
``belief``, ``intention``, ``stance`` and ``evaluation`` are what someone thinks, wants, is for
or against, or judges. A cue's class comes from its lemma (data/quotes/cue_classes.json), one
class per word; "call" is speech with "for", "on" or "out" (called for talks) and an evaluation
when it names (called the plan a disaster). A cue in none of the lists, or no cue at all, is
speech for words in quote marks and a stance for reported content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import get_args

from sitrep import data
from sitrep.errors import InputError
from sitrep.model import CueClass, QuoteKind

CUE_CLASSES = "quotes/cue_classes.json"
CLASSES: tuple[CueClass, ...] = get_args(CueClass)


@dataclass(frozen=True, slots=True)
class CueClasses:
    """The class of every cue word; see data/quotes/cue_classes.json."""

    by_lemma: dict[str, CueClass]
    speech_marks: frozenset[str]
    speech_phrases: frozenset[str]
    naming_calls: frozenset[str]
    call_preps: frozenset[str]

    @classmethod
    def load(cls, name: str = CUE_CLASSES) -> CueClasses:
        """Read the class lists; a broken file, or a word in two classes, is an InputError
        naming the file."""
        try:
            raw = data.read_json(name)
            by_lemma: dict[str, CueClass] = {}
            for kind in CLASSES:
                for word in raw[kind]:
                    if by_lemma.setdefault(word, kind) != kind:
                        raise ValueError(f"{word!r} is both {by_lemma[word]} and {kind}")
            return cls(
                by_lemma=by_lemma,
                speech_marks=frozenset(raw["speech_marks"]),
                speech_phrases=frozenset(raw["speech_phrases"]),
                naming_calls=frozenset(raw["naming_calls"]),
                call_preps=frozenset(raw["call_preps"]),
            )
        except (OSError, ValueError, KeyError, TypeError) as err:
            where = str(data.path(name))
            raise InputError(where, f"cannot read the quote cue classes: {err}") from err

    def of(self, cue: str | None, lemmas: Sequence[str], kind: QuoteKind) -> CueClass:
        """The class of a cue: its text (a mark, "according to"), else its words' lemmas in
        order (the verb first, then its particles: "call for"); ``kind`` decides for a cue in
        no list."""
        text = (cue or "").strip().lower()
        if text and (text in self.speech_marks or text in self.speech_phrases):
            return "speech"
        words = [w.lower() for w in lemmas]
        for i, word in enumerate(words):
            if word in self.naming_calls:
                particles = set(words[i + 1 :])
                return "speech" if particles & self.call_preps else "evaluation"
            found = self.by_lemma.get(word)
            if found is not None:
                return found
        return "stance" if kind == "indirect" else "speech"
