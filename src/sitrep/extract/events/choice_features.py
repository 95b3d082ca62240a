"""The features of a role candidate: what the role chooser (``choice``) weighs.

One candidate is a token of the event's sentence standing for an actor, or "none". Its features:
the rules' pick (rules stay features, never overrides), the candidate's dependency relation and
path to the trigger, the path's length and the token distance, whether it stands before or after
the trigger, the trigger's voice and part of speech, whether either is inside a direct quote, the
candidate's kind (sector, country or not, pronoun, entity label), whether it is the subject of a
reporting verb (the one who tells, rarely a role), whether it is of the other role's country,
and the event type crossed with the relation and the sector. One of the article's states
(``sides``) is judged by its rank, its stance to actor1 and the event type. Every
feature name begins with the role, so that one weight file serves both roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from sitrep.model import EventActor

Role = str
"""'actor1' or 'actor2'."""
_MAX_PATH = 4
_SPAN = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Setting:
    """What a role's candidates are judged against."""

    role: Role
    trigger: Token
    event_type: str
    rule_token: Token | None
    rule_actor: EventActor | None
    other: EventActor | None
    """The other role's actor: the rules' actor2 when choosing actor1, the chosen actor1
    when choosing actor2."""
    quotes: tuple[_SPAN, ...]
    size: int
    """How many actor candidates the role has (without "none")."""
    say_verbs: frozenset[str] = frozenset()
    """Reporting verbs: their subject tells of the event ('the governor said')."""
    attacker: EventActor | None = None
    """The article's attacker (``attacker``), for an attack; else None."""
    states: tuple[EventActor, ...] = ()
    """The article's states (``sides``), most named first, for actor2; else none."""
    article_attacker: EventActor | None = None
    """The article's attacker for any event type (``attacker``), to judge the states by."""


def candidate_features(token: Token, actor: EventActor, at: Setting) -> tuple[str, ...]:
    """The features of a token standing for an actor, as a candidate for a role."""
    trig = at.trigger
    rel = relation(token, trig)
    sector = actor.sector or "-"
    out = [
        "actor",
        f"rel={rel}",
        f"path={path(token, trig)}",
        f"len={min(path_length(token, trig), 6)}",
        f"dist={_bucket(abs(token.i - trig.i))}",
        f"side={'before' if token.i < trig.i else 'after' if token.i > trig.i else 'self'}",
        f"rel={rel}|voice={voice(trig)}",
        f"rel={rel}|tpos={trig.pos_}",
        f"sector={sector}",
        f"country={actor.country is not None}",
        f"pos={token.pos_}",
        f"ent={token.ent_type_ or '-'}",
        f"type={at.event_type}|rel={rel}",
        f"type={at.event_type}|sector={sector}",
    ]
    if is_speaker(token, at):
        out += ["speaker", f"speaker|type={at.event_type}"]
    if _quoted(token, at.quotes):
        out.append("cand_quoted")
    if _quoted(trig, at.quotes):
        out.append("trig_quoted")
    if at.rule_token is not None and at.rule_token.i == token.i:
        out += ["rule_token", f"rule_token|rel={rel}"]
    if at.rule_actor is not None and at.rule_actor == actor:
        out += ["rule_actor", f"rule_actor|type={at.event_type}"]
    if at.rule_actor is None:
        out.append(f"rule_none|rel={rel}")
    if at.other is not None and at.other.country is not None and at.other.country == actor.country:
        out.append("other_country")
    if at.attacker is not None and actor.country == at.attacker.country:
        out.append("attacker_country")
    return tuple(f"{at.role}:{f}" for f in out)


def attacker_features(at: Setting) -> tuple[str, ...]:
    """The features of the article's attacker as a candidate: no token of the sentence, the
    side the article's attacks are told of."""
    attacker = at.attacker
    out = [
        "attacker",
        f"attacker|type={at.event_type}",
        f"attacker|tpos={at.trigger.pos_}",
        f"attacker|voice={voice(at.trigger)}",
        f"attacker|size={min(at.size, 4)}",
    ]
    if at.rule_actor is None:
        out.append("attacker|rule_none")
    elif attacker is not None and at.rule_actor.country == attacker.country:
        out.append("attacker|rule_same")
    else:
        out.append("attacker|rule_other")
    if attacker is not None and at.other is not None and at.other.country == attacker.country:
        out.append("attacker|other_country")
    if _quoted(at.trigger, at.quotes):
        out.append("attacker|trig_quoted")
    return tuple(f"{at.role}:{f}" for f in out)


def state_features(state: EventActor, rank: int, named: bool, at: Setting) -> tuple[str, ...]:
    """The features of one of the article's states as a candidate: its rank, its stance to
    actor1 (the article's attacker, actor1's foe, or another), the event type, and whether the
    sentence names it (``named``)."""
    kind = at.event_type
    stance = _stance(state, at)
    out = [
        "state",
        f"state|rank={rank}",
        f"state|stance={stance}",
        f"state|type={kind}",
        f"state|type={kind}|stance={stance}",
        f"state|type={kind}|rank={rank}",
        f"state|size={min(at.size, 4)}",
        f"state|named={named}",
    ]
    if at.rule_actor is None:
        out.append(f"state|rule_none|type={kind}")
    if _quoted(at.trigger, at.quotes):
        out.append("state|trig_quoted")
    return tuple(f"{at.role}:{f}" for f in out)


def _stance(state: EventActor, at: Setting) -> str:
    """'attacker' when the state is the article's attacker (and actor1 is not of it), 'foe'
    when actor1 is of the attacker, 'none' without actor1, else 'other'. (Actor1's own state is
    no candidate: ``choice.candidates``.)"""
    country = at.other.country if at.other is not None else None
    attacker = at.article_attacker.country if at.article_attacker is not None else None
    if attacker is not None and state.country == attacker:
        return "attacker"
    if attacker is not None and country == attacker:
        return "foe"
    return "none" if at.other is None else "other"


def none_features(at: Setting) -> tuple[str, ...]:
    """The features of the "none" candidate: nobody named takes the role."""
    out = [
        "none",
        f"none|type={at.event_type}",
        f"none|tpos={at.trigger.pos_}",
        f"none|voice={voice(at.trigger)}",
        f"none|size={min(at.size, 4)}",
    ]
    if at.rule_actor is None:
        out += ["none|rule_none", f"none|rule_none|type={at.event_type}"]
    return tuple(f"{at.role}:{f}" for f in out)


def relation(token: Token, trigger: Token) -> str:
    """The candidate's direct relation to the trigger: its dependency, its preposition
    ('prep_on', 'agent'), 'self', 'head:<dep>' when the trigger hangs on it, else 'far'."""
    if token.i == trigger.i:
        return "self"
    if token.head.i == trigger.i:
        return token.dep_
    head = token.head
    if token.dep_ == "pobj" and head.head.i == trigger.i:
        return "agent" if head.dep_ == "agent" else f"prep_{head.lower_}"
    if trigger.head.i == token.i:
        return f"head:{trigger.dep_}"
    return "far"


def path(token: Token, trigger: Token) -> str:
    """The dependency labels from the candidate up to the lowest common head, then down to
    the trigger ('nsubj^advcl'); 'long' past four steps."""
    up = _ancestors(token)
    down = _ancestors(trigger)
    common = next((t for t in up if any(t.i == d.i for d in down)), None)
    if common is None:
        return "none"
    left = [t.dep_ for t in up[: _position(up, common)]]
    right = [t.dep_ for t in down[: _position(down, common)]]
    if len(left) + len(right) > _MAX_PATH:
        return "long"
    return ">".join(left) + "^" + ">".join(reversed(right))


def path_length(token: Token, trigger: Token) -> int:
    """Steps in the dependency tree between the candidate and the trigger (99: none)."""
    up = _ancestors(token)
    down = _ancestors(trigger)
    common = next((t for t in up if any(t.i == d.i for d in down)), None)
    if common is None:
        return 99
    return _position(up, common) + _position(down, common)


def voice(trigger: Token) -> str:
    """'passive' for a verb with a passive subject or auxiliary, else 'active'."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
    return "passive" if passive else "active"


def _ancestors(token: Token) -> list[Token]:
    """The token and its heads up to the root."""
    out = [token]
    while out[-1].head.i != out[-1].i and len(out) < 40:
        out.append(out[-1].head)
    return out


def _position(chain: list[Token], token: Token) -> int:
    return next(n for n, t in enumerate(chain) if t.i == token.i)


def _bucket(n: int) -> str:
    for top in (0, 1, 2, 4, 8):
        if n <= top:
            return str(top)
    return "9+"


def is_speaker(token: Token, at: Setting) -> bool:
    """Whether the candidate tells of the event (``tells``)."""
    return tells(token, at.trigger, at.say_verbs)


def tells(token: Token, trigger: Token, say_verbs: frozenset[str]) -> bool:
    """Whether a word (or the name it is in apposition to) is the subject of a reporting verb
    other than the trigger, or follows "according to": one who tells of the event (but not
    one who claims to have done it: "Belarus claimed to have destroyed a drone")."""
    subject = token.head if token.dep_ == "appos" else token
    verb = subject.head
    if subject.dep_ == "pobj" and verb.lower_ == "to" and verb.head.lower_ == "according":
        return True
    own_act = trigger.dep_ == "xcomp" and trigger.head.i == verb.i  # "claimed to have hit"
    return (subject.dep_ == "nsubj" and verb.i != trigger.i and not own_act
            and verb.lemma_.lower() in say_verbs)


def _quoted(token: Token, quotes: tuple[_SPAN, ...]) -> bool:
    return any(lo <= token.idx < hi for lo, hi in quotes)
