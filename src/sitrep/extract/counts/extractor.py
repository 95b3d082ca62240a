"""Counts: typed figures (killed, injured, missing, ...) read from a parsed sentence.

ACLED conventions: "dozens" is 12 and "hundreds" 100; a range ("10 to 15") keeps its lower
figure, because ACLED records the most conservative number reported; a subset introduced by
"including" ("12 people including three children") is not a separate count.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.extract.counts.mention import CountMention
from sitrep.extract.counts.numbers import (
    CountLexicon,
    figure_value,
    load_lexicon,
    number_runs,
    qualifier_before,
)
from sitrep.extract.counts.victims import found_dead, result_kind, singular_victims, unrealised
from sitrep.extract.parse import SUBJECT_DEPS, subjects
from sitrep.model import Count, CountKind

# The words are data (data/counts/counts.json); the "of" compared here is grammar: the
# preposition of "14 of 22 drones", "tens of thousands", "the bodies of 500 soldiers".
_CASUALTIES = frozenset({"killed", "injured", "missing", "arrested", "abducted", "displaced"})
_PEOPLE_ENTS = frozenset({"NORP", "PERSON"})
_ARGUMENT_DEPS = frozenset({*SUBJECT_DEPS, "dobj", "obj"})


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
            # "rose from 12 to 31": 12 is the old toll, not a count nor a range's low end.
            if self._changed_from(sent, start):
                continue
            # "46 injured, 12 of them seriously": a part of the count before, no new count.
            if self._partitive(sent, end) and sent.doc[end - 1].dep_ not in _ARGUMENT_DEPS:
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
            if (mention is None or mention.count.kind == "other") and found:
                mention = self._remnant(sent, start, end, found[-1]) or mention
            if mention is not None:
                found.append(mention)
                skip_until = mention.end
        found = self._share_elided(found, sent)
        found.extend(singular_victims(sent, found, self.lex))
        return tuple(found)

    def _share_elided(self, found: list[CountMention], sent: SpacySpan) -> list[CountMention]:
        """'Three people were killed and five wounded': the second figure is the subject of an
        elided 'were wounded', a clause of the first one's predicate, so it takes that
        predicate (the figures tell one event)."""
        out: list[CountMention] = []
        for mention in found:
            if out and self._elided(out[-1], mention, sent):
                mention = replace(mention, predicate=out[-1].predicate)
            out.append(mention)
        return out

    def _elided(self, before: CountMention, mention: CountMention, sent: SpacySpan) -> bool:
        doc = sent.doc
        kinds = {before.count.kind, mention.count.kind}
        if not kinds <= _CASUALTIES or before.predicate is None or mention.predicate is None:
            return False
        if before.predicate == mention.predicate or not before.end <= mention.start:
            return False
        said = doc[mention.predicate]
        if not mention.end <= said.i <= mention.end + 1 or doc[before.predicate].pos_ != "VERB":
            return False
        if any(c.dep_ in ("aux", "auxpass") for c in said.children):
            return False
        return self._after_coordinator(sent, mention.start, before.end)

    def _after_coordinator(self, sent: SpacySpan, start: int, after: int) -> bool:
        """Whether a figure (with its qualifier) stands right after 'and' or a comma that
        follows the figure ending at ``after``."""
        doc = sent.doc
        qualifier_words = {w for q in self.lex.qualifiers for w in q.split()}
        i = start - 1
        while i > after and doc[i].lower_ in qualifier_words:
            i -= 1
        return i >= after and doc[i].lower_ in self.lex.coordinators

    def _remnant(
        self, sent: SpacySpan, start: int, end: int, before: CountMention
    ) -> CountMention | None:
        """'Nine people were killed in Odesa, six in Brovary and four in Irpin': a figure of
        people with no verb of its own, coordinated after a casualty count, is the remnant of a
        clause whose verb is left out; it has that count's kind and predicate. Its parts stay
        apart: they are never added up."""
        kind = before.count.kind
        if kind not in _CASUALTIES or before.predicate is None:
            return None
        # "between 10 and 15": two figures side by side are a range, not two clauses.
        if start - before.end <= 1 or not self._after_coordinator(sent, start, before.end - 1):
            return None
        doc = sent.doc
        last = doc[end - 1]
        noun = self._noun(last, end, sent)
        if noun is not None and not self._names_people(noun):
            return None
        anchor = noun if noun is not None and last.head.i == noun.i else last
        if anchor.dep_ in (*SUBJECT_DEPS, "dobj", "obj", "attr") and anchor.head.pos_ in (
            "VERB",
            "AUX",
        ):
            return None
        value = figure_value([t.text for t in doc[start:end]], self.lex)
        if value is None:
            return None
        count = Count(kind, value, qualifier_before(sent, start, self.lex),
                      self._noun_text(noun, kind))
        return CountMention(count, start, end, before.predicate, people=True)

    def _names_people(self, noun: Token) -> bool:
        return (
            noun.lower_ in self.lex.generic_people_nouns
            or noun.lower_ in self.lex.people_nouns
            or noun.lemma_.lower() in self.lex.person_nouns
            or noun.ent_type_ in _PEOPLE_ENTS
        )

    def _changed_from(self, sent: SpacySpan, start: int) -> bool:
        """'The toll rose from 12 to 31': the figure after 'from' on a verb is the old one."""
        if start == sent.start:
            return False
        prep = sent.doc[start - 1]
        return prep.lower_ in self.lex.change_preps and prep.head.pos_ in ("VERB", "AUX")

    def _partitive(self, sent: SpacySpan, end: int) -> bool:
        doc = sent.doc
        return (
            end + 1 < sent.end
            and doc[end].lower_ == "of"
            and doc[end + 1].lower_ in self.lex.partitive_pronouns
        )

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
        if noun is not None and (
            noun.lower_ in self.lex.not_counted or noun.lower_ in self.lex.month_words
        ):
            return None
        if self._is_subset(last, noun):
            return None
        qualifier = qualifier_before(sent, start, self.lex)
        # "dozens of people were killed": the figure, not the noun, is the predicate's argument.
        anchor = noun if noun is not None and last.head.i == noun.i else last
        remains = self._remains(anchor)
        if remains is not None:
            verb = _predicate_of(remains)
            if verb is not None and found_dead(sent.doc[verb], sent, self.lex):
                # "The bodies of five people were recovered": the dead of what killed them.
                named = noun if noun is not None and noun.i != remains.i else None
                return CountMention(
                    Count("killed", value, qualifier, self._noun_text(named, "killed")),
                    start, end, verb, people=True,
                )
            return CountMention(
                Count("other", value, qualifier, remains.lower_), start, end, verb
            )
        kind, predicate = self._kind(anchor, last, sent)
        # "threatened to kill 10 hostages": people a deed was only tried or threatened on.
        if kind in ("killed", "injured") and predicate is not None \
                and unrealised(sent.doc[predicate], self.lex):
            kind = None
        noun_text = self._noun_text(noun, kind)
        if noun_text == self.lex.default_noun and value == 1:
            noun_text = self.lex.singular_noun
        people = noun_text == self.lex.singular_noun or noun_text == self.lex.default_noun or (
            noun is not None and self._names_people(noun)
        )
        if kind is None:
            if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
                return None
            # "Thousands of Kurds demonstrated": the figure heads the phrase the verb takes.
            return CountMention(
                Count("other", value, qualifier, noun_text), start, end,
                predicate if predicate is not None else _predicate_of(anchor), people=people,
            )
        # "The death toll rose to 47", "raised the toll from 33 to 47": a new toll.
        revises = (
            last.dep_ == "pobj"
            and self._toll_prep(last.head, last)
            and self._verb_of(last.head).lemma_ in self.lex.revision_verbs
        )
        return CountMention(
            Count(kind, value, qualifier, noun_text), start, end, predicate,
            people=people, revises=revises,
        )

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
        if noun.lower_ in self.lex.generic_people_nouns:
            return self.lex.singular_noun if noun.tag_ == "NN" else people
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
            # ... unless it is a verb with an object: "two bombers killed 23 people".
            if (
                nxt.pos_ in ("ADJ", "VERB")
                and nxt.lower_ in lex.kind_words_after
                and not any(c.dep_ in ("dobj", "obj") for c in nxt.children)
            ):
                return lex.kind_of(nxt.lower_), nxt.i
        kind, predicate = self._kind_by_role(anchor, sent)
        # "killed 40 troops and four tanks": a conjunct takes a casualty kind only if it
        # counts people.
        if (
            kind in _CASUALTIES
            and anchor.dep_ in ("conj", "appos")
            and anchor.pos_ in ("NOUN", "PROPN")
            and not self._names_people(anchor)
        ):
            return None, predicate
        return kind, predicate

    def _kind_by_role(self, anchor: Token, sent: SpacySpan) -> tuple[CountKind | None, int | None]:
        lex = self.lex
        dep = anchor.dep_
        head = anchor.head
        if dep in SUBJECT_DEPS:
            # "Two bombers killed 23 people": the subject of a deed done to an object did it.
            if (
                dep == "nsubj"
                and head.lemma_ not in lex.victim_subject_verbs
                and any(c.dep_ in ("dobj", "obj") for c in head.children)
                and lex.kind_of(head.lemma_) is not None
            ):
                return None, head.i
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
            if kind is None and head.pos_ == "VERB":
                kind = result_kind(head, lex)
            if kind == "affected":
                kind = "affected" if head.lemma_ in lex.affected_verbs else None
            return kind, head.i
        if dep == "pobj":
            prep = head
            owner = self._verb_of(prep)
            # "the death toll rose to 19"; "the toll stands at 19"; "a death toll of 19"
            if owner.lower_ in lex.toll_nouns or owner.lemma_ in lex.toll_nouns:
                return "killed", owner.i
            if self._toll_prep(prep, anchor) and owner.pos_ in ("VERB", "AUX"):
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

    def _toll_prep(self, prep: Token, figure: Token) -> bool:
        """'rose to 19', 'stands at 19', and 'rose from 12 to 19' parsed as 'from [12 to] 19'."""
        if prep.lower_ in self.lex.toll_preps:
            return True
        return prep.lower_ in self.lex.change_preps and any(
            c.lower_ in self.lex.toll_preps and c.i < figure.i for c in figure.children
        )

    def _verb_of(self, prep: Token) -> Token:
        """What a preposition hangs on, through the 'from' of a change ('rose from 12 to 31')."""
        owner = prep.head
        if owner.dep_ == "prep" and owner.lower_ in self.lex.change_preps:
            return owner.head
        return owner

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
        kind = lex.kind_of(verb.lemma_) or lex.kind_of(verb.lower_) or result_kind(verb, lex)
        if kind is None and verb.lemma_ in lex.suffering_verbs:
            # "hundreds of people have lost their lives", "three suffered injuries"
            for child in verb.children:
                harm = lex.kind_of(child.lemma_) if child.dep_ in ("dobj", "obj") else None
                if harm in ("killed", "injured"):
                    return harm, verb.i
        if kind == "affected":
            kind = "affected" if verb.lemma_ in lex.affected_verbs else None
        return kind, verb.i

    def _toll_of(self, verb: Token) -> tuple[CountKind | None, int | None]:
        """The kind of the toll a verb states, its subject ('the toll rose to 19') or its object
        ('raised the death toll to 47', 'put the toll at 19')."""
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        for child in [*subjects(verb), *objects]:
            words = {child.lower_, child.lemma_} | {c.lower_ for c in child.children}
            if words & self.lex.toll_nouns:
                return "killed", child.i
            if words & self.lex.injured_toll_nouns:
                return "injured", child.i
        return None, verb.i


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
