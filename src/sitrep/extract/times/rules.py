"""The grammar of temporal expressions: lexicon and patterns (data files) compiled into regexes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep import data
from sitrep.extract.times.openings import (
    LETTER_RUN,
    OpeningWords,
    openings,
)

LEXICON = "times/lexicon.json"
RULES = "times/rules.json"

YEAR = r"(?:1[6-9]|20)\d\d(?!\d)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """What the words of temporal expressions mean (times_lexicon.json)."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    vague_numbers: tuple[str, ...]
    articles: frozenset[str]
    ordinals: dict[str, int]
    units: dict[str, str]
    unit_plurals: dict[str, str]
    parts_of_day: dict[str, str]
    clock_words: dict[str, int]
    """ "noon", "midnight" -> the hour they name."""
    seasons: dict[str, str]
    decade_words: dict[str, str]
    """ "nineties" -> the decade's digit."""
    deictic_days: dict[str, int]
    deictic_parts: dict[str, str]
    relatives: dict[str, int]
    """ "last", "this coming" -> -1, 1 (0 the current one) for weekdays, months, seasons."""
    reference_relatives: frozenset[str]
    unit_relatives: dict[str, int]
    quarter_relatives: dict[str, int]
    year_ago_words: tuple[str, ...]
    offset_directions: dict[str, int]
    anaphoric_directions: frozenset[str]
    references: dict[str, str]
    sets: dict[str, str]
    anaphors: dict[str, tuple[str, int]]
    year_nouns: frozenset[str]
    number_marks: frozenset[str]
    year_count_nouns: frozenset[str]
    month_cues: frozenset[str]
    season_cues: frozenset[str]
    future_cues: frozenset[str]
    future_auxiliaries: frozenset[str]
    copula_future_auxiliaries: frozenset[str]
    perfect_auxiliaries: frozenset[str]
    infinitive_auxiliaries: frozenset[str]
    scheduling_verbs: frozenset[str]
    modal_auxiliaries: frozenset[str]
    holidays: dict[str, tuple[int, ...]]

    @classmethod
    def load(cls, name: str = LEXICON) -> Lexicon:
        """Read the lexicon shipped with sitrep (``stage/file`` in its data)."""
        raw = data.read_json(name)
        return cls(
            months=dict(raw["months"]),
            weekdays=dict(raw["weekdays"]),
            numbers={k: float(v) for k, v in raw["numbers"].items()},
            vague_numbers=tuple(raw["vague_numbers"]),
            articles=frozenset(raw["articles"]),
            ordinals=dict(raw["ordinals"]),
            units=dict(raw["units"]),
            unit_plurals=dict(raw["unit_plurals"]),
            parts_of_day=dict(raw["parts_of_day"]),
            clock_words=dict(raw["clock_words"]),
            seasons=dict(raw["seasons"]),
            decade_words=dict(raw["decade_words"]),
            deictic_days=dict(raw["deictic_days"]),
            deictic_parts=dict(raw["deictic_parts"]),
            relatives=dict(raw["relatives"]),
            reference_relatives=frozenset(raw["reference_relatives"]),
            unit_relatives=dict(raw["unit_relatives"]),
            quarter_relatives=dict(raw["quarter_relatives"]),
            year_ago_words=tuple(raw["year_ago_words"]),
            offset_directions=dict(raw["offset_directions"]),
            anaphoric_directions=frozenset(raw["anaphoric_directions"]),
            references=dict(raw["references"]),
            sets=dict(raw["sets"]),
            anaphors={k: (str(v[0]), int(v[1])) for k, v in raw["anaphors"].items()},
            year_nouns=frozenset(raw["year_nouns"]),
            number_marks=frozenset(raw["number_marks"]),
            year_count_nouns=frozenset(raw["year_count_nouns"]),
            month_cues=frozenset(raw["month_cues"]),
            season_cues=frozenset(raw["season_cues"]),
            future_cues=frozenset(raw["future_cues"]),
            future_auxiliaries=frozenset(raw["future_auxiliaries"]),
            copula_future_auxiliaries=frozenset(raw["copula_future_auxiliaries"]),
            perfect_auxiliaries=frozenset(raw["perfect_auxiliaries"]),
            infinitive_auxiliaries=frozenset(raw["infinitive_auxiliaries"]),
            scheduling_verbs=frozenset(raw["scheduling_verbs"]),
            modal_auxiliaries=frozenset(raw["modal_auxiliaries"]),
            holidays={k: tuple(v) for k, v in raw["holidays"].items() if not k.startswith("_")},
        )

    def month(self, word: str) -> int | None:
        """The month number of a month name or abbreviation, any case."""
        return _lookup(self.months, word)

    def weekday(self, word: str) -> int | None:
        """Monday=0 ... Sunday=6 for a weekday name or abbreviation, any case."""
        return _lookup(self.weekdays, word)

    def number(self, words: str) -> float | None:
        """The value of "two", "twenty-five", "24", "a couple of"; None for vague "a few"."""
        text = " ".join(words.lower().replace("-", " ").split())
        if re.fullmatch(r"\d+(?:\.\d+)?", text.replace(",", "")):
            return float(text.replace(",", ""))
        if text in self.numbers:
            return self.numbers[text]
        parts = text.split()
        if len(parts) == 2 and parts[0] in self.numbers and parts[1] in self.numbers:
            tens, units = self.numbers[parts[0]], self.numbers[parts[1]]
            # only "twenty-five" adds up; "a five(-hour)" is an article and a number
            return tens + units if tens >= 20 and tens % 10 == 0 and units < 10 else None
        return None


def _lookup(table: dict[str, int], word: str) -> int | None:
    folded = {k.lower(): v for k, v in table.items()}
    return folded.get(word.lower(), folded.get(word.lower().rstrip(".")))


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled pattern and the resolver kind it feeds."""

    kind: str
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stretch of text one rule matched, with the rule's named groups."""

    start: int
    end: int
    kind: str
    groups: dict[str, str]
    rank: int
    """The rule's position in the file: the earlier rule wins a tie."""


_BEFORE = r"(?<![\w$€£-])"
"""What may not precede an expression: it starts a word (and is no amount of money)."""


class Grammar:
    """Finds candidate temporal expressions in text with the rules of times_rules.json."""

    def __init__(self, lexicon: Lexicon, rules: str = RULES):
        self.lexicon = lexicon
        raw = data.read_json(rules)
        slots = _slots(lexicon)
        bodies = [r"(?:" + _expand(r["pattern"], slots) + r")(?![\w])" for r in raw["rules"]]
        self.rules = tuple(
            Rule(kind=r["kind"], regex=re.compile(_BEFORE + body, re.IGNORECASE))
            for r, body in zip(raw["rules"], bodies, strict=True)
        )
        # Where a rule may match: the word starts holding a character some rule can open with
        # (one scan); at each, only the rules that can open with its word (see `candidates`).
        chars, words = zip(*(openings(body, re.IGNORECASE) for body in bodies), strict=True)
        self._openings = tuple(None if c is None else re.compile(c, re.IGNORECASE)
                               for c in chars)
        self._words: tuple[OpeningWords | None, ...] = words
        union = "" if None in chars else "(?=[" + "".join(sorted({
            c[1:-1] for c in chars if c is not None})) + "])"
        # The run of letters a place opens with, taken in the same scan: no place can begin
        # inside it, since a rule never starts right after a letter (_BEFORE).
        self._starts = re.compile(f"{_BEFORE}{union}({LETTER_RUN.pattern})?", re.IGNORECASE)
        self._ranks_by_char: dict[str, tuple[int, ...]] = {}
        self._ranks_by_word: dict[str, tuple[int, ...]] = {}

    def candidates(self, text: str) -> list[Candidate]:
        """Every rule's matches, overlapping ones included.

        The same as running each rule's ``finditer`` over the text: a rule is tried at every
        place it can match, from the end of its previous match on, as ``finditer`` would try
        it (no rule matches an empty string)."""
        found: list[Candidate] = []
        resume = [0] * len(self.rules)
        for place in self._starts.finditer(text):
            start, word = place.start(), place.group(1)
            ranks = (self._ranks_opening_word(word) if word and word.isascii()
                     else self._ranks_opening_char(text[start]))
            for rank in ranks:
                if start < resume[rank]:
                    continue
                rule = self.rules[rank]
                m = rule.regex.match(text, start)
                if m is not None and m.end() > m.start():
                    groups = {k: v for k, v in m.groupdict().items() if v is not None}
                    found.append(Candidate(m.start(), m.end(), rule.kind, groups, rank))
                    resume[rank] = m.end()
        found.sort(key=lambda c: c.rank)  # rule by rule, as each rule's own scan finds them
        return found

    def _ranks_opening_char(self, char: str) -> tuple[int, ...]:
        """The ranks of the rules whose match can begin with this character, in order."""
        ranks = self._ranks_by_char.get(char)
        if ranks is None:
            ranks = tuple(rank for rank, opening in enumerate(self._openings)
                          if opening is None or opening.match(char))
            self._ranks_by_char[char] = ranks
        return ranks

    def _ranks_opening_word(self, word: str) -> tuple[int, ...]:
        """The ranks of the rules whose match can begin with this run of ASCII letters."""
        ranks = self._ranks_by_word.get(word)
        if ranks is None:
            lower = word.lower()
            by_char = self._ranks_opening_char(word[0])
            ranks = tuple(rank for rank in by_char if _opens(self._words[rank], lower))
            if len(self._ranks_by_word) >= _MAX_WORDS_KEPT:
                self._ranks_by_word.clear()
            self._ranks_by_word[word] = ranks
        return ranks


def _opens(words: OpeningWords | None, word: str) -> bool:
    """Whether a rule with these opening words can begin at this (lower-case) word."""
    if words is None:
        return True
    return word in words.words or any(word.startswith(p) for p in words.prefixes)


_MAX_WORDS_KEPT = 50_000
"""The words whose rules a grammar remembers: a news vocabulary, not an unbounded one."""


def select(candidates: list[Candidate]) -> list[Candidate]:
    """The longest non-overlapping matches (the earlier rule on a tie), in text order."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.rank, c.start)):
        if all(c.end <= s or c.start >= e for s, e in taken):
            chosen.append(c)
            taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


def _expand(pattern: str, slots: dict[str, str]) -> str:
    """The pattern with each {NAME} slot replaced; regex quantifiers such as {2,4} stay."""
    return re.sub(r"\{([A-Z]+)\}", lambda m: slots[m.group(1)], pattern)


def _alternation(words: list[str], keep_case: bool = False) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    # Month and weekday names count only capitalised ("May", "MAY"), never the modal "may".
    return f"(?-i:{body})" if keep_case else f"(?:{body})"


def _unit_words(lex: Lexicon) -> str:
    """ "seconds?|...|century|centuries": each unit, with -s or its own plural."""
    plurals = {single: plural for plural, single in lex.unit_plurals.items()}
    return "|".join(
        f"{unit}|{plurals[unit]}" if unit in plurals else f"{unit}s?" for unit in lex.units
    )


def _slots(lex: Lexicon) -> dict[str, str]:
    def capitalised(table: dict[str, int]) -> list[str]:
        return [w for k in table for w in (k, k.upper())]

    number_words = [w for w in lex.numbers if " " not in w]
    tens = [w for w in number_words if lex.numbers[w] >= 20 and lex.numbers[w] % 10 == 0]
    units = [w for w in number_words if 1 <= lex.numbers[w] < 10 and w not in lex.articles]
    # "twenty-five" is one number; "a five(-hour)" is an article before one
    compound = f"(?:{_alternation(tens)}[- ]{_alternation(units)}|{_alternation(number_words)})"
    phrases = [w for w in lex.numbers if " " in w] + list(lex.vague_numbers)
    return {
        "YEAR": YEAR,
        "DAYNUM": DAYNUM,
        "MONTH": _alternation(capitalised(lex.months), keep_case=True),
        "WEEKDAY": _alternation(capitalised(lex.weekdays), keep_case=True),
        "NUM": rf"(?:\d+(?:\.\d+)?|{_alternation(phrases)}|{compound})",
        "UNIT": f"(?:{_unit_words(lex)})",
        "ORD": _alternation(list(lex.ordinals)),
        "SEASON": _alternation(list(lex.seasons)),
        "DEICTIC": _alternation(list(lex.deictic_days)),
        "REF": _alternation(list(lex.references)),
        "SET": _alternation(list(lex.sets)),
        "ANAPHOR": _alternation(list(lex.anaphors)),
        "HOLIDAY": _alternation(list(lex.holidays), keep_case=True),
    }
