"""An event being assembled (triggers, sentences, figures), and its confidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.extract.counts.tally import add_figures
from sitrep.extract.events.triggers import Trigger
from sitrep.model import Count, EventActor, EventStatus, Span

_OWN_CLAUSE_DEPS = frozenset({"advcl", "conj", "parataxis"})


@dataclass
class Draft:
    """An event being assembled from one or more triggers and sentences (local, per call)."""

    head: Trigger
    triggers: list[Trigger]
    sentences: list[SpacySpan]
    status: EventStatus = "reported"
    counts: list[Count] = field(default_factory=list)
    clauses: list[Span] = field(default_factory=list)
    """Evidence narrower than a sentence: the clauses of a sentence that tells several strikes
    (each span stands for the sentence it lies in)."""
    topic_of: Token | None = None
    """The trigger of the event it is told as the topic of ("condemned the shelling of
    Kherson"), if it is told only so: the actor of that event is not its own."""

    def absorb(self, other: Draft) -> None:
        """Take another draft's triggers, figures and sentences: they tell the same event."""
        self.triggers.extend(other.triggers)
        self.counts = add_figures(self.counts, other.counts)
        self.sentences.extend(s for s in other.sentences if s not in self.sentences)
        self.clauses.extend(c for c in other.clauses if c not in self.clauses)

    def evidence(self) -> tuple[Span, ...]:
        """The spans of text that tell the event: its sentences, or its clauses in them."""
        spans = set(self.clauses)
        for sent in self.sentences:
            if not any(sent.start_char <= lo < sent.end_char for lo, _ in self.clauses):
                spans.add(_trimmed(sent))
        return tuple(sorted(spans))

    @property
    def is_assault(self) -> bool:
        return self.head.entry.family == "assault"

    @property
    def consequence_only(self) -> bool:
        return all(t.entry.consequence for t in self.triggers)

    def tokens(self) -> set[int]:
        return {t.token.i for t in self.triggers}


def score_confidence(
    draft: Draft,
    actor1: EventActor | None,
    actor2: EventActor | None,
    has_place: bool,
    direct: list[tuple[int, int]],
    under_other: bool = False,
) -> float:
    """A rough score: more when the roles are known and the trigger is the clause's head;
    less when the event is what another event's predicate acts on (``under_other``: "condemned
    the bombing", "lifted its blockade"), for the sentence tells the predicate's event."""
    trig = draft.head.token
    verbal = trig.pos_ in ("VERB", "ADJ") or (
        trig.dep_ in ("dobj", "nsubjpass") and trig.head.pos_ == "VERB"
    )
    anchor = trig.head if trig.pos_ not in ("VERB", "ADJ") and verbal else trig
    score = 0.45
    score += 0.15 if actor1 is not None else 0.0
    score += 0.1 if actor2 is not None else 0.0
    score += 0.1 if verbal else 0.0
    score += 0.05 if draft.counts else 0.0
    score += 0.05 if has_place else 0.0
    score -= 0.08 * min(_clause_depth(anchor), 4)
    # A threat's own status is 'threatened': it is as certain as a reported event.
    own = draft.status == "threatened" and draft.head.entry.type == "THREATEN"
    score -= 0.1 if draft.status != "reported" and not own else 0.0
    if any(lo <= trig.idx < hi for lo, hi in direct):
        score -= 0.1
    score -= 0.15 if under_other else 0.0
    return max(0.05, min(0.95, score))


def governed(draft: Draft, drafts: list[Draft]) -> bool:
    """Whether the draft's trigger lies under a trigger of another draft in the parse: it is
    then an argument of that event ('condemned the bombing', 'called for sanctions'). A
    clause of purpose or a coordinated verb ('fired to disperse', 'attacked and seized') is
    an act of its own, so the climb stops there."""
    others = {t.token.i for d in drafts if d is not draft for t in d.triggers}
    token = draft.head.token
    while token.head.i != token.i and token.dep_ not in _OWN_CLAUSE_DEPS:
        token = token.head
        if token.i in others:
            return True
    return False


def _clause_depth(token: Token) -> int:
    """Steps up to the sentence root, not counting a reporting verb at the top."""
    depth = 0
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and token.head.head.i == token.head.i:
            break
        token = token.head
        depth += 1
    return depth


def _trimmed(sent: SpacySpan) -> Span:
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return start, sent.start_char + len(text.rstrip())
