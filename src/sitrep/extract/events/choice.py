"""The role chooser: a learned ranker picks actor1 and actor2 among the rules' candidates.

The candidates of a role are the tokens of the event's sentence that stand for an actor (nouns,
names and pronouns, as ``naming`` resolves them, the rules' own pick always among them), "none",
for actor1 of an attack the article's attacker (``attacker``), and for actor2 the article's
states (``sides``): the target a sentence leaves unsaid. Each is scored by a softmax
ranker (``sitrep.learn.ranker``) on the features of ``choice_features``, trained by
``scripts/train_roles.py``; the best wins, and the rules' pick wins a tie. Without the weight
file the rules' pick stands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep import data
from sitrep.extract.events.choice_features import (
    Role,
    Setting,
    attacker_features,
    candidate_features,
    none_features,
    relation,
    state_features,
)
from sitrep.learn.ranker import Ranker
from sitrep.model import EventActor

WEIGHTS = "events/role_ranker.json"
_HEADS = frozenset({"NOUN", "PROPN", "PRON"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A token standing for an actor (None: the "none" candidate), and its features."""

    token: Token | None
    actor: EventActor | None
    features: tuple[str, ...]
    relation: str = ""
    """The token's relation to the trigger (``choice_features.relation``)."""


def candidates(
    unit: SpacySpan,
    extra: Iterable[Token | None],
    name: Callable[[Token], EventActor | None],
    setting: Setting,
) -> list[Candidate]:
    """The "none" candidate, then every token of the unit heading a phrase that names an
    actor, with the rules' tokens (``extra``) even where they are compounds."""
    rule_tokens = {t.i: t for t in extra if t is not None}
    tokens = [t for t in unit if (t.pos_ in _HEADS and t.dep_ != "compound") or t.i in rule_tokens]
    tokens += [t for i, t in rule_tokens.items() if not unit.start <= i < unit.end]
    named = [(t, a) for t in tokens if (a := name(t)) is not None]
    at = replace(setting, size=len(named))
    found = [Candidate(None, None, none_features(at))] + [
        Candidate(t, a, candidate_features(t, a, at), relation(t, at.trigger)) for t, a in named
    ]
    if at.attacker is not None:
        found.append(Candidate(None, at.attacker, attacker_features(at), "attacker"))
    told = {a.country for _, a in named}
    mine = at.other.country if at.other is not None else None
    # One role each: actor1's own state is no target it leaves unsaid.
    found.extend(Candidate(None, s, state_features(s, rank, s.country in told, at), "state")
                 for rank, s in enumerate(at.states, 1) if s.country != mine)
    return found


class RoleChooser:
    """Picks a role's actor among its candidates with a ranker, or keeps the rules' pick for
    the roles the ranker was not trained to decide."""

    def __init__(self, ranker: Ranker | None, roles: frozenset[Role] = frozenset(),
                 *, overrides: bool = False) -> None:
        self.ranker = ranker
        self.roles = roles
        self.overrides = overrides
        """Whether the model may replace a pick of the rules, or only fill a role they left
        empty."""

    @classmethod
    def load(cls) -> RoleChooser:
        """The chooser with the shipped weights, or the rules alone if there are none."""
        if not data.path(WEIGHTS).exists():
            return cls(None)
        raw = data.read_json(WEIGHTS)
        roles = raw.get("roles")
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise ValueError(f"{WEIGHTS}: expected a 'roles' list of role names")
        overrides = raw.get("overrides", False)
        if not isinstance(overrides, bool):
            raise ValueError(f"{WEIGHTS}: 'overrides' must be true or false")
        return cls(Ranker.from_json(raw, WEIGHTS), frozenset(roles), overrides=overrides)

    def choose(self, role: Role, found: list[Candidate],
               rule: EventActor | None) -> EventActor | None:
        """The best-scoring candidate's actor; the rules' pick on a tie, without a model, for
        a role the model does not decide, and (unless it overrides) wherever they made one."""
        if self.ranker is None or role not in self.roles or not found:
            return rule
        if rule is not None and not self.overrides:
            return rule
        scored = [(self.ranker.score(c.features), c.actor) for c in found]
        top = max(s for s, _ in scored)
        winners = [a for s, a in scored if s >= top - 1e-9]
        return rule if rule in winners else winners[0]
