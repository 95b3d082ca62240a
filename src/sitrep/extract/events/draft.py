"""An event being assembled (triggers, sentences, figures), and what is decided from it:
its mode and ACLED category, and a confidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.extract.counts.tally import add_figures
from sitrep.extract.events.lexicon import EventLexicon
from sitrep.extract.events.triggers import Trigger
from sitrep.model import Count, EventActor, EventStatus

_ARMED_SECTORS = frozenset({"MIL", "REB", "COP"})
_VAC = ("Violence against civilians", "Attack")
_CLASH = ("Battles", "Armed clash")


@dataclass
class Draft:
    """An event being assembled from one or more triggers and sentences (local, per call)."""

    head: Trigger
    triggers: list[Trigger]
    sentences: list[SpacySpan]
    status: EventStatus = "reported"
    counts: list[Count] = field(default_factory=list)

    def absorb(self, other: Draft) -> None:
        """Take another draft's triggers, figures and sentences: they tell the same event."""
        self.triggers.extend(other.triggers)
        self.counts = add_figures(self.counts, other.counts)
        self.sentences.extend(s for s in other.sentences if s not in self.sentences)

    @property
    def is_assault(self) -> bool:
        return self.head.entry.family == "assault"

    @property
    def consequence_only(self) -> bool:
        return all(t.entry.consequence for t in self.triggers)

    def tokens(self) -> set[int]:
        return {t.token.i for t in self.triggers}


def mode_and_acled(
    draft: Draft, lex: EventLexicon, actor1: EventActor | None, actor2: EventActor | None
) -> tuple[str | None, tuple[str, str | None] | None]:
    """The event's mode and ACLED (event type, sub-event type): from its trigger, refined by
    the means named in its clause and, for attacks, by who was attacked."""
    entry = draft.head.entry
    words = clause_words(draft)
    mode = entry.mode
    acled = entry.acled
    if draft.is_assault:
        for means in lex.means:
            if words & means.words:
                if mode is None or means.mode == "suicide-attack":
                    mode = means.mode
                if acled is None or acled[1] is None or means.mode == "suicide-attack":
                    acled = means.acled or acled
                break
        if acled is None or acled[1] is None:
            civilians = (actor2 is not None and actor2.sector == "CVL") or any(
                c.noun in lex.civilian_nouns
                for c in draft.counts
                if c.kind == "killed"
            )
            armed = actor2 is not None and actor2.sector in _ARMED_SECTORS
            acled = _CLASH if armed or (not civilians and mode == "firearms") else _VAC
        return mode, acled
    if entry.territory and actor1 is not None:
        if actor1.sector == "REB":
            acled = ("Battles", "Non-state actor overtakes territory")
        elif draft.head.key in lex.regain_triggers:
            acled = ("Battles", "Government regains territory")
    if mode is None:
        for name, table_words in lex.modes.get(entry.type, {}).items():
            if words & table_words:
                mode = name
                break
    if entry.type == "AGREE" and acled is None and words & lex.agreement_nouns:
        acled = ("Strategic developments", "Agreement")
    return mode, acled


def clause_words(draft: Draft) -> set[str]:
    """Lower-cased words and lemmas of the triggers' clauses and of their subjects."""
    tokens: list[Token] = []
    for trig in draft.triggers:
        tok = trig.token
        tokens.extend(tok.subtree)
        # "Russian missiles struck": the means is named in the subject of the trigger's verb.
        verb = tok.head if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") else tok
        for child in verb.children:
            if child.dep_ in ("nsubj", "agent"):
                tokens.extend(child.subtree)
    words = {t.lower_ for t in tokens} | {t.lemma_.lower() for t in tokens}
    words.update(draft.head.key.split())
    return words


def score_confidence(
    draft: Draft,
    actor1: EventActor | None,
    actor2: EventActor | None,
    has_place: bool,
    direct: list[tuple[int, int]],
) -> float:
    """A rough score: more when the roles are known and the trigger is the clause's head."""
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
    return max(0.05, min(0.95, score))


def _clause_depth(token: Token) -> int:
    """Steps up to the sentence root, not counting a reporting verb at the top."""
    depth = 0
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and token.head.head.i == token.head.i:
            break
        token = token.head
        depth += 1
    return depth
