"""Counts: typed figures (killed, injured, missing, ...) read from a parsed sentence.

ACLED conventions: "dozens" is 12 and "hundreds" 100; a range ("10 to 15") keeps its lower
figure, because ACLED records the most conservative number reported; a subset introduced by
"including" ("12 people including three children") is not a separate count.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.extract.counts.numbers import (
    CountLexicon,
    figure_value,
    load_lexicon,
    number_runs,
    qualifier_before,
)
from sitrep.extract.parse import SUBJECT_DEPS, first_child, subjects
from sitrep.model import Count, CountKind

# The words are data (data/counts/counts.json); the "of" compared here is grammar: the
# preposition of "14 of 22 drones", "tens of thousands", "the bodies of 500 soldiers".


@dataclass(frozen=True, slots=True)
class CountMention:
    """A count with where it stands: its number tokens and the predicate that types it."""

    count: Count
    start: int
    """Doc index of the first token of the figure."""
    end: int
    predicate: int | None
    """Doc index of the verb or noun the figure is an argument of ("killing", "toll")."""


class CountReader:
    """Finds the typed counts of one sentence (the counts lexicon, data/counts/counts.json)."""

    def __init__(self, lexicon: CountLexicon | None = None) -> None:
        self.lex = lexicon or load_lexicon()

    def __call__(self, sent: SpacySpan) -> tuple[CountMention, ...]:
        """Every count stated in the sentence, typed where a predicate types it."""
        found: list[CountMention] = []
        runs = list(number_runs(sent, self.lex))
        skip_until = -1
        for n, (start, end) in enumerate(runs):
            if start < skip_until:
                continue
            # "14 of 22 drones": the second figure is the total the first is drawn from.
            if n > 0 and runs[n - 1][1] == start - 1 and sent.doc[start - 1].lower_ == "of":
                continue
            # "10 to 15 people": keep the lower figure (ACLED's conservative rule); the upper
            # figure is the one the parser ties to the noun and the predicate.
            if (
                n + 1 < len(runs)
                and runs[n + 1][0] == end + 1
                and sent.doc[end].lower_ in self.lex.range_words
            ):
                lower = self._read(sent, start, end)
                upper = self._read(sent, runs[n + 1][0], runs[n + 1][1])
                low_value = figure_value([t.text for t in sent.doc[start:end]], self.lex)
                if upper is not None and low_value is not None and upper.count.value > low_value:
                    typed = (
                        upper
                        if lower is None or upper.count.kind != "other" or lower.count.noun is None
                        else lower
                    )
                    found.append(
                        CountMention(
                            Count(
                                typed.count.kind,
                                low_value,
                                qualifier_before(sent, start, self.lex),
                                typed.count.noun or (lower.count.noun if lower else None),
                            ),
                            start,
                            upper.end,
                            typed.predicate,
                        )
                    )
                    skip_until = upper.end
                    continue
            mention = self._read(sent, start, end)
            if mention is not None:
                found.append(mention)
                skip_until = mention.end
        found.extend(self._singular_victims(sent, found))
        return tuple(found)

    def _singular_victims(self, sent: SpacySpan, found: list[CountMention]) -> list[CountMention]:
        """'A journalist was killed', 'killed the deputy chief': one victim, stated without a
        figure, is a count of one."""
        typed = {m.predicate for m in found}
        out: list[CountMention] = []
        for verb in sent:
            if verb.pos_ != "VERB" or verb.i in typed:
                continue
            kind = self.lex.kind_of(verb.lemma_)
            if kind not in ("killed", "injured", "arrested", "abducted"):
                continue
            dies = verb.lemma_ in self.lex.victim_subject_verbs
            deps = ("nsubj",) if dies else ("nsubjpass", "dobj")
            victim = first_child(verb, *deps)
            if victim is None or not _singular_person(victim, self.lex):
                continue
            out.append(
                CountMention(Count(kind, 1, None, victim.lower_), victim.i, victim.i + 1, verb.i)
            )
        return out

    def _read(self, sent: SpacySpan, start: int, end: int) -> CountMention | None:
        doc = sent.doc
        words = [t.text for t in doc[start:end]]
        value = figure_value(words, self.lex)
        if value is None:
            return None
        last = doc[end - 1]
        # "tens of thousands", "hundreds of thousands": vague figure times the next one.
        if (
            last.lower_ in self.lex.vague
            and end + 1 < sent.end
            and doc[end].lower_ == "of"
            and doc[end + 1].lower_ in self.lex.vague
        ):
            value *= self.lex.vague[doc[end + 1].lower_]
            last = doc[end + 1]
            end += 2
        if _is_year(last, value, end, sent):
            return None
        noun = self._noun(last, end, sent)
        if noun is not None and noun.lower_ in self.lex.not_counted:
            return None
        if self._is_subset(last, noun):
            return None
        qualifier = qualifier_before(sent, start, self.lex)
        # "dozens of people were killed": the figure, not the noun, is the predicate's argument.
        anchor = noun if noun is not None and last.head.i == noun.i else last
        remains = self._remains(anchor)
        if remains is not None:
            return CountMention(
                Count("other", value, qualifier, remains.lower_), start, end, _predicate_of(remains)
            )
        kind, predicate = self._kind(anchor, last, sent)
        noun_text = self._noun_text(noun, kind)
        if kind is None:
            if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
                return None
            # "Thousands of Kurds demonstrated": the figure heads the phrase the verb takes.
            return CountMention(
                Count("other", value, qualifier, noun_text), start, end,
                predicate if predicate is not None else _predicate_of(anchor),
            )
        return CountMention(Count(kind, value, qualifier, noun_text), start, end, predicate)

    def _noun(self, last: Token, end: int, sent: SpacySpan) -> Token | None:
        if (
            last.dep_ in ("nummod", "quantmod", "amod")
            and last.head.pos_ in ("NOUN", "PROPN")
            and last.head.i > last.i
        ):
            return last.head
        # "dozens of people", "hundreds of civilians", "14 of 22 drones"
        if end + 1 < sent.end and sent.doc[end].lower_ == "of":
            nxt = sent.doc[end + 1]
            for tok in sent.doc[end + 1 : min(sent.end, end + 4)]:
                if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ not in self.lex.vague:
                    return tok
            return nxt if nxt.pos_ == "NOUN" else None
        return None

    def _noun_text(self, noun: Token | None, kind: CountKind | None) -> str | None:
        people = self.lex.default_noun
        if noun is None:
            return (
                people
                if kind in ("killed", "injured", "missing", "arrested", "abducted", "displaced")
                else None
            )
        if noun.lower_ in self.lex.people_nouns:
            return people
        if kind is not None and noun.lower_ in self.lex.kinds_words():
            return people
        return noun.lower_

    def _is_subset(self, last: Token, noun: Token | None) -> bool:
        """'killing 12 people including three children': the three are among the 12."""
        anchor = noun if noun is not None else last
        head = anchor.head
        for _ in range(3):
            if head.lower_ in self.lex.subset_preps or head.lemma_ in self.lex.subset_preps:
                return True
            if head.head.i == head.i:
                break
            head = head.head
        return False

    def _remains(self, anchor: Token) -> Token | None:
        """'the bodies of 500 soldiers': the count is of bodies, never of fatalities."""
        if anchor.lower_ in self.lex.remains_nouns:
            return anchor
        if (
            anchor.dep_ == "pobj"
            and anchor.head.lower_ == "of"
            and anchor.head.head.lower_ in self.lex.remains_nouns
        ):
            return anchor.head.head
        return None

    def _kind(
        self, anchor: Token, last: Token, sent: SpacySpan
    ) -> tuple[CountKind | None, int | None]:
        lex = self.lex
        # "12 dead", "27 wounded", "five missing": the figure modifies the kind word itself.
        if last.dep_ in ("nummod", "npadvmod", "nsubj") and last.head.i > last.i:
            kind = lex.kind_of(last.head.lemma_) or lex.kind_of(last.head.lower_)
            if kind is not None and last.head.pos_ in ("ADJ", "VERB", "NOUN"):
                return kind, last.head.i
        # "12 wounded soldiers", "three dead civilians"
        for child in anchor.children:
            if child.dep_ in ("amod", "compound") and child.i < anchor.i:
                kind = lex.kind_of(child.lower_) or lex.kind_of(child.lemma_)
                if kind in ("killed", "injured", "missing"):
                    return kind, child.i
        # "12 killed" / "5 missing" right after the figure (parses vary on headline style).
        if anchor.i + 1 < sent.end:
            nxt = sent.doc[anchor.i + 1]
            if nxt.pos_ in ("ADJ", "VERB") and nxt.lower_ in lex.kind_words_after:
                return lex.kind_of(nxt.lower_), nxt.i
        return self._kind_by_role(anchor, sent)

    def _kind_by_role(self, anchor: Token, sent: SpacySpan) -> tuple[CountKind | None, int | None]:
        lex = self.lex
        dep = anchor.dep_
        head = anchor.head
        if dep in SUBJECT_DEPS:
            return self._kind_of_predicate(head)
        if dep in ("dobj", "obj", "attr", "oprd", "conj", "appos"):
            if dep in ("conj", "appos") and head.dep_ in ("dobj", "nsubjpass", "nsubj"):
                return self._kind_by_role(head, sent)
            # "left 250,000 homes without heating"; "left 12 people dead"
            if head.lemma_ in lex.leaving_verbs:
                for child in list(head.children) + list(anchor.children):
                    if child.lower_ in lex.deprivation_preps:
                        return "affected", head.i
                    kind = lex.kind_of(child.lower_)
                    if kind is not None and child.dep_ in (
                        "oprd",
                        "acomp",
                        "ccomp",
                        "xcomp",
                        "amod",
                        "advcl",
                    ):
                        return kind, head.i
                return None, head.i
            if dep == "attr" and head.lemma_ in lex.copulas:
                return self._toll_of(head)
            kind = lex.kind_of(head.lemma_) or lex.kind_of(head.lower_)
            if kind == "affected":
                kind = "affected" if head.lemma_ in lex.affected_verbs else None
            return kind, head.i
        if dep == "pobj":
            prep = head
            owner = prep.head
            # "the death toll rose to 19"; "the toll stands at 19"; "a death toll of 19"
            if owner.lower_ in lex.toll_nouns or owner.lemma_ in lex.toll_nouns:
                return "killed", owner.i
            if prep.lower_ in lex.toll_preps and owner.pos_ in ("VERB", "AUX"):
                return self._toll_of(owner)
            if prep.lower_ in lex.difference_preps and owner.pos_ == "VERB":
                return None, owner.i
            # "kidnapped up to 16 advisers", "killed more than 40": a qualifier the parser
            # read as a preposition; the figure is the verb's object.
            if owner.dep_ in ("prt", "advmod", "prep") and owner.lower_ in lex.qualifier_words \
                    and owner.head.pos_ == "VERB":
                verb = owner.head
                kind = lex.kind_of(verb.lemma_) or lex.kind_of(verb.lower_)
                return (kind if kind != "affected" else None), verb.i
        return None, None

    def _kind_of_predicate(self, verb: Token) -> tuple[CountKind | None, int | None]:
        lex = self.lex
        if verb.lemma_ in lex.copulas or verb.lemma_ in lex.reporting_verbs:
            # "five were missing", "12 are feared dead", "three people were reported killed"
            for child in verb.children:
                if child.dep_ in ("acomp", "attr", "xcomp", "oprd", "ccomp", "conj"):
                    kind = lex.kind_of(child.lower_) or lex.kind_of(child.lemma_)
                    if kind is not None and kind != "affected":
                        return kind, child.i
            return None, verb.i
        kind = lex.kind_of(verb.lemma_) or lex.kind_of(verb.lower_)
        if kind == "affected":
            kind = "affected" if verb.lemma_ in lex.affected_verbs else None
        return kind, verb.i

    def _toll_of(self, verb: Token) -> tuple[CountKind | None, int | None]:
        for child in subjects(verb):
            words = {child.lower_, child.lemma_} | {c.lower_ for c in child.children}
            if words & self.lex.toll_nouns:
                return "killed", child.i
            if words & self.lex.injured_toll_nouns:
                return "injured", child.i
        return None, verb.i


def _singular_person(token: Token, lex: CountLexicon) -> bool:
    """A singular noun phrase naming one person ('a prisoner', 'the deputy chief', a name)."""
    if token.ent_type_ == "PERSON":
        return True
    if token.tag_ != "NN" or token.lower_ in lex.collective_nouns:
        return False
    if any(c.dep_ in ("nummod", "conj") for c in token.children):
        return False
    return any(
        c.dep_ in ("det", "poss") and c.lower_ not in lex.non_singular_determiners
        for c in token.children
    )


def _predicate_of(noun: Token) -> int | None:
    if noun.dep_ in ("dobj", "obj", "nsubj", "nsubjpass", "attr") and noun.head.pos_ in (
        "VERB",
        "AUX",
    ):
        return noun.head.i
    if noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB":
        return noun.head.head.i
    return None


def _is_year(last: Token, value: int, end: int, sent: SpacySpan) -> bool:
    """A bare four-digit figure between 1900 and 2100 with no counted noun is a year."""
    if not (1900 <= value <= 2100 and last.text.isdigit() and len(last.text) == 4):
        return False
    return not (last.dep_ == "nummod" and last.head.pos_ == "NOUN")
