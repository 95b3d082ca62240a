"""Speakers: from the subject of a cue to a canonical actor name and the mention's span.

Resolution, in order: an actor mention at the subject's head; a person named in apposition
("a spokesman, Ivan Petrov,"); a pronoun to the nearest earlier person or body outside quotes;
a role or body ("the ministry") to the nearest earlier organisation with that head word;
otherwise the noun phrase's own text ("authorities", "officials"). Short names ("Lopez")
become the full name ("Maria Lopez") mentioned in the same article.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from sitrep.extract.mentions import ActorMention, actor_mentions, in_sorted
from sitrep.extract.parse import SUBJECT_DEPS, chars, first_conjunct, subjects
from sitrep.extract.quotes.lexicon import CueLexicon
from sitrep.extract.quotes.names import same_person, whole
from sitrep.model import Actor, Span

_CLIMB_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "prep", "ccomp", "relcl"})
_MODIFIERS = frozenset({"compound", "amod", "det", "poss", "nummod", "nmod", "flat", "case"})
_LEADING = frozenset({"det", "poss", "predet", "punct", "cc"})
_MAYBE_NAMES = frozenset({"PERSON", "ORG", "GPE", "LOC", ""})
"""Entity labels a surname may wear when no actor took it up ("McAuliffe" as ORG or LOC)."""
MAX_CLIMB = 4
TITLE_CHARS = 80
"""Characters before or after a name searched for the title that introduces it."""
MAX_PRONOUN_DISTANCE = 2500
"""Characters back a pronoun may reach for its person: about four wire-story paragraphs."""


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who said it: the canonical name (None when unknown) and the mention in the text."""

    name: str | None
    mention: Span


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of a cue verb, climbing from "went on to say", "adding that"."""
    token = verb
    for _ in range(MAX_CLIMB):
        found = [c for c in subjects(token) if c.is_alpha]
        if found:
            # The parser sometimes hangs two subjects on one verb: the nearest is the speaker's.
            subject = min(found, key=lambda c: abs(c.i - token.i))
            if subject.tag_ in ("WP", "WDT") and token.dep_ == "relcl":
                return _described(token.head)  # "Smith, who said that ...": Smith
            return subject
        if token.dep_ == "relcl" and token.head.pos_ in ("NOUN", "PROPN"):
            return _described(token.head)  # "Smith, who said that ..."
        if token.dep_ not in _CLIMB_DEPS or token.head.i == token.i:
            return None
        token = token.head
    return None


def _described(noun: Token) -> Token:
    """Who a noun a relative clause hangs on stands for: the subject it is said of when it is
    a predicate ("Petrov is a veteran diplomat who said ...": Petrov), else the noun itself."""
    head = first_conjunct(noun)  # "a liar, racist and birther who ...": the list's first noun
    copula = head.head
    if head.dep_ == "attr" and copula.lemma_ in ("be", "become", "remain"):
        before = subjects(copula, before=head.i)
        if before:
            return before[0]
        if copula.dep_ == "conj" and copula.head.i < copula.i:
            # "Trump incites violence and is a liar who ...": the subject of the first verb
            shared = subjects(copula.head)
            if shared:
                return shared[0]
    return noun


class SpeakerResolver:
    """Resolves subjects and pronouns to actors for one article."""

    def __init__(
        self,
        doc: Doc,
        actors: tuple[Actor, ...],
        quoted: list[Span],
        lexicon: CueLexicon,
        text: str | None = None,
    ) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        """Kept once: ``Doc.text`` rebuilds the whole string on every access."""
        self.lexicon = lexicon
        self.quoted = sorted(quoted)
        # At one start the longer mention first: the order every lookup below walks.
        self.mentions = sorted(actor_mentions(actors), key=lambda m: (m.start, -m.end))
        self.starts = [m.start for m in self.mentions]
        self.whole_names = self._whole_names()
        """Names NER cut short, to the whole name the text writes ("Linda" -> "Linda
        Thomas-Greenfield")."""
        self.full_names = sorted(
            {a.name for a in actors if a.kind == "person" and len(a.name.split()) > 1}
            | {w for w in self.whole_names.values() if len(w.split()) > 1}
        )
        self.longer: dict[str, list[str]] = {}
        """The full names a name is a shorter form of, found when first asked."""
        self.genders = self._genders()
        self.titles: dict[int, set[str]] = {}
        """The title words of the person mentioned at an offset, read when first asked."""

    def _whole_names(self) -> dict[str, str]:
        """For every person mention cut at a hyphen or a particle, its name to the whole name
        the text writes there."""
        found: dict[str, str] = {}
        for m in self.mentions:
            if m.actor.kind != "person":
                continue
            lo, hi = self._whole((m.start, m.end))
            if (lo, hi) != (m.start, m.end):
                found.setdefault(m.actor.name, self.text[lo:hi])
        return found

    def _whole(self, span: Span) -> Span:
        return whole(self.text, span, self.lexicon.name_particles)

    def _genders(self) -> dict[str, str]:
        """He or she for the people a gendered title introduces ("Mrs. Clinton", "spokesman X")."""
        genders: dict[str, str] = {}
        for m in self.mentions:
            if m.actor.kind != "person":
                continue
            before = self.text[max(0, m.start - 16) : m.start].split()
            word = before[-1].rstrip(".,").lower() if before else ""
            pronoun = self.lexicon.gendered_titles.get(word)
            if pronoun is not None:
                genders.setdefault(self.canonical(m.actor.name, m.start), pronoun)
        return genders

    def canonical(self, name: str, at: int | None = None) -> str:
        """The full person name a short one stands for ("Lopez" -> "Maria Lopez"), else name.

        With several candidates ("Clinton": Bill or Hillary), the one named last before ``at``.
        """
        name = self.whole_names.get(name, name)
        candidates = self.longer.get(name)
        if candidates is None:
            words = name.split()
            short = words[-1] if len(words) == 2 and words[0].endswith(".") else name
            generations = self.lexicon.name_generations  # "Mr. Obama": Obama's
            candidates = [f for f in self.full_names if same_person(short, f, generations)]
            self.longer[name] = candidates
        if len(candidates) <= 1 or at is None:
            return candidates[0] if candidates else name
        for m in reversed(self.mentions[: bisect_left(self.starts, at)]):
            if m.actor.name in candidates:
                return m.actor.name
        return candidates[0]

    def named(self, span: Span) -> Speaker:
        """The speaker a bare name stands for ("PENCE:" in a transcript, "Lopez" in a headline)."""
        own = self._mention_at(*span)
        text = own.actor.name if own is not None else self.text[span[0] : span[1]]
        return Speaker(self.canonical(text.title() if text.isupper() else text, span[0]), span)

    def is_known(self, speaker: Speaker, span: Span) -> bool:
        """Whether a bare name is an actor of the article or the short form of one."""
        text = self.text[span[0] : span[1]]
        return self._mention_at(*span) is not None or speaker.name not in (text, text.title())

    def resolve(self, subject: Token) -> Speaker | None:
        """The speaker a subject token stands for; None when it is not a speaker ("you")."""
        low = subject.lower_
        if low in self.lexicon.group_pronouns and low not in self.lexicon.pronouns:
            return self._group(subject)
        if subject.pos_ == "PRON" or low in self.lexicon.pronouns:
            return self._pronoun(subject)
        own = self._mention_at(*chars(subject))
        if own is not None:
            return self._of_mention(own)
        named = self._named_inside(subject)
        if named is not None:
            return named
        span = self._phrase(subject)
        body = self._body(subject)
        if body is None and subject.pos_ == "PROPN":
            span = self._whole(span)  # "Jean-" + "Noël Barrot"
        if body is None:
            body = self.canonical(self.text[span[0] : span[1]], span[0])
        return Speaker(body, span)

    def is_actor(self, span: Span) -> bool:
        """Whether an actor the actors stage found is mentioned inside span."""
        m = self._mention_at(*span)
        return m is not None and span[0] <= m.start and m.end <= span[1]

    def _of_mention(self, m: ActorMention) -> Speaker:
        """The speaker an actor mention names, a person's over the whole of the name."""
        span = (m.start, m.end)
        if m.actor.kind == "person":
            span = self._whole(span)
        return Speaker(self.canonical(m.actor.name, m.start), span)

    def _group(self, pronoun: Token) -> Speaker | None:
        """A group a pronoun names with what follows it ("those close to him", "those who
        attended"), or by itself ("others said"); the phrase is its name. A bare "those" or "all"
        points back at something said before: no speaker."""
        last = pronoun
        for t in self.doc[pronoun.i + 1 : pronoun.right_edge.i + 1]:
            if t.is_punct:
                break  # "Some, who asked not to be named, said": the aside is not the name
            last = t
        if last.i == pronoun.i and pronoun.lower_ in self.lexicon.anaphoric_group_pronouns:
            return None
        span = (pronoun.idx, last.idx + len(last))
        return Speaker(self.text[span[0] : span[1]], span)

    def _mention_at(self, start: int, end: int) -> ActorMention | None:
        """The mention overlapping [start, end) that starts last (a few back at most)."""
        i = bisect_left(self.starts, end)
        for m in reversed(self.mentions[max(0, i - 8) : i]):
            if m.start < end and start < m.end:
                return m
        return None

    def _named_inside(self, subject: Token) -> Speaker | None:
        """A person in apposition or, for a spokesman or statement, the body it speaks for."""
        for child in subject.children:
            if child.dep_ in ("appos", "compound", "flat"):
                for token in child.subtree:
                    m = self._mention_at(*chars(token))
                    if m is not None and m.actor.kind == "person":
                        return self._of_mention(m)
        if subject.lemma_.lower() in self.lexicon.spokes_nouns:
            for token in subject.subtree:
                m = self._mention_at(*chars(token))
                if m is not None and token.i != subject.i:
                    return Speaker(self.canonical(m.actor.name, m.start), (m.start, m.end))
        return None

    def _phrase(self, subject: Token) -> Span:
        """The subject's noun phrase up to its head, without leading determiners."""
        first = subject.i
        while (
            first > 0
            and self.doc[first - 1].dep_ in _MODIFIERS
            and (self.doc[first - 1].head.i in range(first, subject.i + 1))
        ):
            first -= 1
        while first < subject.i and self.doc[first].dep_ in _LEADING:
            first += 1
        return (self.doc[first].idx, subject.idx + len(subject))

    def _body(self, subject: Token) -> str | None:
        """An earlier organisation whose name ends in the subject's head ("the ministry"), or
        an earlier person whose title does ("the minister" after "Foreign Minister Ivan
        Petrov"), the nearest first. The subject's own modifiers must be in that name or
        title ("the Indonesian president" is not "Russian President Vladimir Putin"), but for
        epithets that leave the role the same ("the former secretary")."""
        head = subject.lower_
        if subject.pos_ != "NOUN":
            return None
        modifiers = {
            c.lower_
            for c in subject.children
            if c.dep_ in ("amod", "compound") and c.lower_ not in self.lexicon.role_epithets
        }
        floor = subject.idx - MAX_PRONOUN_DISTANCE
        for m in reversed(self.mentions[: bisect_left(self.starts, subject.idx)]):
            name = m.actor.name.lower().split()
            if m.actor.kind != "person" and name[-1:] == [head] and modifiers <= set(name):
                return m.actor.name
            if m.actor.kind != "person" or m.start < floor:
                continue
            title = (m.actor.title or "").lower().split()
            introduced = self._introduced_as(m) | set(title)
            if (title[-1:] == [head] or head in introduced) and modifiers <= introduced:
                return self.canonical(m.actor.name, m.start)
        return None

    def _introduced_as(self, m: ActorMention) -> set[str]:
        """The words of the title a person is introduced with: in title case before the name
        ("Former Secretary of State Hillary Clinton") or in apposition after it ("Hillary
        Clinton, the former secretary of state,")."""
        known = self.titles.get(m.start)
        if known is None:
            known = self.titles[m.start] = self._title_words(m)
        return known

    def _title_words(self, m: ActorMention) -> set[str]:
        words: set[str] = set()
        before = self.text[max(0, m.start - TITLE_CHARS) : m.start].split()
        function_words = self.lexicon.title_function_words
        for word in reversed(before):
            if word[-1:] in ".,;:!?”\"" or not (word[:1].isupper() or word in function_words):
                break
            words.add(word.lower())
        hi = self._whole((m.start, m.end))[1]
        if self.text.startswith(", ", hi):
            aside = re.split(r"[,.;:()\n]", self.text[hi + 2 : hi + 2 + TITLE_CHARS], maxsplit=1)
            words.update(w.lower() for w in aside[0].split())
        return words

    def _sentence_subject(self, pronoun: Token) -> str | None:
        """The person named as the subject of a clause the pronoun's clause hangs on, with no
        other name between them ("McAuliffe has said ..., but he refuses ..."), whether or
        not NER found the name. None otherwise: the nearest person then decides."""
        if not self.doc.has_annotation("SENT_START"):
            return None
        sent = pronoun.sent
        ancestors = {t.i for t in pronoun.ancestors}
        for t in reversed(self.doc[sent.start : pronoun.i]):
            if t.pos_ == "PROPN" and t.dep_ not in ("compound", "flat"):
                named = t.dep_ in SUBJECT_DEPS and t.head.i in ancestors
                if not named or in_sorted(self.quoted, t.idx):
                    return None  # another name comes between them
                own = self._mention_at(*chars(t))
                if own is not None and own.actor.kind != "person":
                    return None
                if own is None and (t.ent_type_ not in _MAYBE_NAMES or t.tag_ == "NNPS"):
                    return None  # "the 13th Amendment", "Americans": no one's name
                start, end = self._phrase(t) if own is None else (own.start, own.end)
                name = self.canonical(own.actor.name if own else self.text[start:end], start)
                if self.genders.get(name, pronoun.lower_) != pronoun.lower_:
                    return None
                return name
        return None

    def other_than(self, pronoun: Token, name: str) -> Speaker | None:
        """The person a he or she stands for when it cannot be ``name``: the speaker of
        "“He cannot be trusted,” he said" is not the man the quote calls he."""
        return self._pronoun(pronoun, skip=name)

    def _pronoun(self, pronoun: Token, skip: str | None = None) -> Speaker | None:
        """He/she to the nearest earlier person outside quotes (never ``skip``); they/it to
        an earlier body."""
        span = chars(pronoun)
        wanted = self.lexicon.pronouns.get(pronoun.lower_)
        if wanted is None:
            return None
        if wanted == "self":
            return Speaker(None, span)
        kinds = {"person"} if wanted == "person" else {"organization", "group", "state"}
        if wanted == "person":
            named = self._sentence_subject(pronoun)
            if named is not None and named != skip:
                return Speaker(named, span)
        floor = pronoun.idx - MAX_PRONOUN_DISTANCE
        for m in reversed(self.mentions[: bisect_left(self.starts, pronoun.idx)]):
            if m.start < floor:
                break
            if m.actor.kind in kinds and not in_sorted(self.quoted, m.start):
                name = self.canonical(m.actor.name, m.start)
                if self.genders.get(name, pronoun.lower_) != pronoun.lower_ and wanted == "person":
                    continue  # "she said" after "Mr. Petrov": someone else
                if name == skip:
                    continue
                return Speaker(name, span)
        return Speaker(None, span)
