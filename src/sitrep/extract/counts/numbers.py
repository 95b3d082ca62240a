"""Numbers in news text: digits, number words, ACLED's vague plurals, qualifiers, and the
count lexicon (counts_v1.json) that says which words type a count."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep import data
from sitrep.extract.parse import entity_of
from sitrep.model import CountKind

log = logging.getLogger(__name__)

_SKIP_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
# Plain decimal digits only: float() would also take "1e5", "1_000", "inf".
_DIGITS = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")


@dataclass(frozen=True, slots=True)
class CountLexicon:
    """The count lexicon (counts_v1.json), loaded once."""

    units: dict[str, int]
    multipliers: dict[str, int]
    vague: dict[str, int]
    qualifiers: dict[str, str]
    kinds: tuple[tuple[CountKind, frozenset[str]], ...]
    toll_nouns: frozenset[str]
    injured_toll_nouns: frozenset[str]
    remains_nouns: frozenset[str]
    people_nouns: frozenset[str]
    subset_preps: frozenset[str]
    not_counted: frozenset[str]
    number_joiners: frozenset[str]
    multiplier_articles: frozenset[str]
    range_words: frozenset[str]
    range_openers: frozenset[str]
    qualifier_words: frozenset[str]
    copulas: frozenset[str]
    reporting_verbs: frozenset[str]
    kind_words_after: frozenset[str]
    toll_preps: frozenset[str]
    difference_preps: frozenset[str]
    leaving_verbs: frozenset[str]
    deprivation_preps: frozenset[str]
    affected_verbs: frozenset[str]
    victim_subject_verbs: frozenset[str]
    collective_nouns: frozenset[str]
    non_singular_determiners: frozenset[str]
    default_noun: str
    """What a typed count counts when the text names no one ("12 killed": people)."""
    max_figure: int
    """The largest value a figure may take; a larger one is no count of anything."""
    singular_pronouns: frozenset[str]
    singular_noun: str
    """What a count of one counts when only a pronoun or a body names the victim."""
    result_preps: frozenset[str]
    victim_of_nouns: frozenset[str]
    discovery_verbs: frozenset[str]
    exchange_words: frozenset[str]
    revision_verbs: frozenset[str]
    generic_people_nouns: frozenset[str]
    person_nouns: frozenset[str]
    month_words: frozenset[str]
    change_preps: frozenset[str]
    partitive_pronouns: frozenset[str]
    coordinators: frozenset[str]
    unrealised_verbs: frozenset[str]
    suffering_verbs: frozenset[str]

    def kind_of(self, word: str) -> CountKind | None:
        """The count kind a predicate word types, if any."""
        for kind, words in self.kinds:
            if word in words:
                return kind
        return None

    def kinds_words(self) -> frozenset[str]:
        """Every word that types a count."""
        return frozenset().union(*(words for _, words in self.kinds))


@cache
def load_lexicon() -> CountLexicon:
    """Read the shipped count lexicon (one copy per process)."""
    raw = data.read_json("counts/counts.json")
    kinds: tuple[tuple[CountKind, frozenset[str]], ...] = tuple(
        (kind, frozenset(words)) for kind, words in raw["kinds"].items()
    )
    return CountLexicon(
        units=raw["units"],
        multipliers=raw["multipliers"],
        vague=raw["vague"],
        qualifiers=raw["qualifiers"],
        kinds=kinds,
        toll_nouns=frozenset(raw["toll_nouns"]),
        injured_toll_nouns=frozenset(raw["injured_toll_nouns"]),
        remains_nouns=frozenset(raw["remains_nouns"]),
        people_nouns=frozenset(raw["people_nouns"]),
        subset_preps=frozenset(raw["subset_preps"]),
        not_counted=frozenset(raw["not_counted_nouns"]),
        number_joiners=frozenset(raw["number_joiners"]),
        multiplier_articles=frozenset(raw["multiplier_articles"]),
        range_words=frozenset(raw["range_words"]),
        range_openers=frozenset(raw["range_openers"]),
        qualifier_words=frozenset(raw["qualifier_words"]),
        copulas=frozenset(raw["copulas"]),
        reporting_verbs=frozenset(raw["reporting_verbs"]),
        kind_words_after=frozenset(raw["kind_words_after"]),
        toll_preps=frozenset(raw["toll_preps"]),
        difference_preps=frozenset(raw["difference_preps"]),
        leaving_verbs=frozenset(raw["leaving_verbs"]),
        deprivation_preps=frozenset(raw["deprivation_preps"]),
        affected_verbs=frozenset(raw["affected_verbs"]),
        victim_subject_verbs=frozenset(raw["victim_subject_verbs"]),
        collective_nouns=frozenset(raw["collective_nouns"]),
        non_singular_determiners=frozenset(raw["non_singular_determiners"]),
        default_noun=str(raw["default_noun"]),
        max_figure=int(raw["max_figure"]),
        singular_pronouns=frozenset(raw["singular_pronouns"]),
        singular_noun=str(raw["singular_noun"]),
        result_preps=frozenset(raw["result_preps"]),
        victim_of_nouns=frozenset(raw["victim_of_nouns"]),
        discovery_verbs=frozenset(raw["discovery_verbs"]),
        exchange_words=frozenset(raw["exchange_words"]),
        revision_verbs=frozenset(raw["revision_verbs"]),
        generic_people_nouns=frozenset(raw["generic_people_nouns"]),
        person_nouns=frozenset(raw["person_nouns"]),
        month_words=frozenset(raw["month_words"]),
        change_preps=frozenset(raw["change_preps"]),
        partitive_pronouns=frozenset(raw["partitive_pronouns"]),
        coordinators=frozenset(raw["coordinators"]),
        unrealised_verbs=frozenset(raw["unrealised_verbs"]),
        suffering_verbs=frozenset(raw["suffering_verbs"]),
    )


def parse_number(words: list[str], lex: CountLexicon) -> int | None:
    """The value of a run of number words and digits ("two dozen", "1.5 million", "250,000"),
    None if it is no number or larger than any count can be."""
    total = Fraction(0)
    current = Fraction(0)
    seen = False
    for word in words:
        w = word.lower().replace(",", "")
        if w in lex.number_joiners:
            continue
        digits = _digit_value(w, lex)
        if digits is not None:
            current += digits
        elif _is_digits(w):
            return None
        elif w in lex.units:
            current += lex.units[w]
        elif w in lex.multipliers:
            m = lex.multipliers[w]
            current = (current or Fraction(1)) * m
            if m >= 1000:
                total += current
                current = Fraction(0)
        elif "-" in w and all(part in lex.units for part in w.split("-")):
            current += sum(lex.units[part] for part in w.split("-"))
        else:
            return None
        seen = True
        if total + current > lex.max_figure:
            _note_beyond(words, lex)
            return None
    return int(total + current) if seen else None


def _digit_value(word: str, lex: CountLexicon) -> Fraction | None:
    """A digit string's exact value; None past the largest figure (never a huge int or float)."""
    if not _is_digits(word):
        return None
    whole = word.split(".", 1)[0].lstrip("0")
    if len(whole) > len(str(lex.max_figure)):
        # Past the largest figure however the rest reads: never build a huge exact value.
        return Fraction(lex.max_figure + 1)
    return Fraction(word)


def _note_beyond(words: list[str], lex: CountLexicon) -> None:
    """Note that a figure larger than any count can be is dropped (it gets no value)."""
    shown = " ".join(words)
    if len(shown) > 40:
        shown = f"{shown[:20]}…{shown[-10:]} ({len(shown)} characters)"
    # At info, not warning: news is full of such figures (budgets, market values), and dropping
    # one that is no count of people is the normal case, not a fault to show every user.
    log.info("figure %r dropped: larger than any count can be (more than %s, about the "
             "world's population)", shown, f"{lex.max_figure:,}")


def _numeric_entity(token: Token, lex: CountLexicon) -> bool:
    """'Between 10 and 15' is often tagged DATE; it is a figure if it has no calendar word.
    So is a number the model swept into a date after 'to' or 'at' ('raised the toll on Friday
    to 38') when no month makes it a day."""
    ent = entity_of(token)
    if ent is None:
        return False
    if (
        token.i > ent.start
        and token.nbor(-1).lower_ in lex.toll_preps
        and _is_digits(token.lower_.replace(",", ""))
        and len(token.text) != 4
        and not any(t.lower_ in lex.month_words for t in ent)
    ):
        return True
    allowed = lex.range_words | lex.range_openers | set(lex.qualifiers)
    return all(
        _is_digits(t.lower_.replace(",", ""))
        or t.lower_ in lex.units
        or t.lower_ in lex.multipliers
        or t.lower_ in allowed
        for t in ent
    ) and not (len(ent) == 1 and len(token.text) == 4)


def _is_digits(word: str) -> bool:
    return _DIGITS.match(word) is not None


def _is_number_word(token: Token, lex: CountLexicon) -> bool:
    low = token.lower_.replace(",", "")
    if token.ent_type_ in _SKIP_ENTS and not _numeric_entity(token, lex):
        return False
    if _is_digits(low):
        return True
    if low in lex.multiplier_articles:
        return token.i + 1 < len(token.doc) and token.nbor().lower_ in lex.multipliers
    if low in lex.units or low in lex.multipliers:
        return True
    return "-" in low and all(part in lex.units for part in low.split("-"))


def number_runs(sent: SpacySpan, lex: CountLexicon) -> Iterator[tuple[int, int]]:
    """[start, end) doc indices of each run of number tokens in the sentence."""
    i = sent.start
    while i < sent.end:
        if _is_number_word(sent.doc[i], lex) or sent.doc[i].lower_ in lex.vague:
            j = i + 1
            while j < sent.end and _continues(sent.doc[j - 1], sent.doc[j], lex):
                j += 1
            yield i, j
            i = j
        else:
            i += 1


def _continues(before: Token, token: Token, lex: CountLexicon) -> bool:
    """Whether a token goes on with the figure before it: a multiplier ("two hundred", "1.5
    million") or a unit after a ten ("twenty five"). Two figures side by side ("12 15" in a table
    flattened to text) are two figures, never their sum."""
    word = token.lower_
    if word in lex.multipliers:
        return True
    if word in lex.number_joiners and word != "and" and token.i + 1 < len(token.doc):
        # "forty - six", as the tokenizer splits "forty-six"
        return _ten_and_unit(before, token.nbor(), lex)
    if before.lower_ in lex.number_joiners and before.i > 0:
        return _ten_and_unit(before.nbor(-1), token, lex)
    return _ten_and_unit(before, token, lex)


def _ten_and_unit(ten_word: Token, unit_word: Token, lex: CountLexicon) -> bool:
    ten = lex.units.get(ten_word.lower_, 0)
    unit = lex.units.get(unit_word.lower_, 0)
    return ten >= 20 and ten % 10 == 0 and 0 < unit < 10 and _is_number_word(unit_word, lex)


def figure_value(doc_words: list[str], lex: CountLexicon) -> int | None:
    """The value of a figure, a lone vague plural taking ACLED's fixed number ('dozens' 12)."""
    first = doc_words[0].lower()
    if first in lex.vague and len(doc_words) == 1:
        return lex.vague[first]
    return parse_number(doc_words, lex)


def qualifier_before(sent: SpacySpan, start: int, lex: CountLexicon) -> str | None:
    """The qualifier standing just before a figure ('at least', 'more than'), normalised."""
    doc = sent.doc
    for width in (3, 2, 1):
        if start - width < sent.start:
            continue
        words = " ".join(t.lower_ for t in doc[start - width : start])
        if words in lex.qualifiers:
            return lex.qualifiers[words]
    return None
