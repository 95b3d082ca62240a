"""When two mentions name one event: a second cue of the same type inside the first one's
phrase or clause ('announced sanctions, including freezing the assets of its banks'), or a
later sentence's definite description of an event told before ('the summit', 'the sanctions',
'Monday's attack')."""

from __future__ import annotations

import re

from spacy.tokens import Token

from sitrep.extract.events.context import Context
from sitrep.extract.events.draft import Draft
from sitrep.extract.events.lexicon import EventLexicon
from sitrep.extract.events.roles import RoleReader
from sitrep.extract.events.site import STANDS_IN
from sitrep.extract.events.when import EventDate, may_coincide
from sitrep.extract.parse import MAX_DEPTH, is_ancestor, subjects
from sitrep.model import EventActor, EventStatus

_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_ARTICLES = frozenset({"the", "a", "an"})
_PART_DEPS = frozenset({
    "prep", "pobj", "pcomp", "dobj", "nsubj", "nsubjpass", "compound", "amod", "conj", "appos",
    "acl", "attr", "npadvmod", "xcomp", "advcl",
})
"""How a second cue hangs from the first within one event's phrase or clause; a reported
clause (ccomp) or a relative clause (relcl) tells an event of its own."""


def part_of(a: Token, b: Token, say_verbs: frozenset[str]) -> bool:
    """Whether one of two same-type cues lies inside the other's phrase or clause ('spoke with
    Macron to discuss grain', 'talked to the allies and held meetings')."""
    lo, hi = (a, b) if is_ancestor(a, b) else (b, a)
    if not is_ancestor(lo, hi):
        return False
    current = hi
    for _ in range(MAX_DEPTH):
        if current.i == lo.i:
            return True
        if current.dep_ not in _PART_DEPS or current.lemma_ in say_verbs:
            return False
        # "after meeting Macron, he met Scholz": a clause with its own time is another event.
        if current.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") for c in current.children
                                           if c.lower_ != "to"):
            return False
        # "the EU sanctioned banks and the US sanctioned oligarchs": two subjects, two events.
        if current.dep_ == "conj" and subjects(current) and subjects(current.head):
            return False
        current = current.head
    return False


def is_definite(trigger: Token, determiners: frozenset[str]) -> bool:
    """Whether a noun cue describes an event as already known: 'the summit', 'these sanctions',
    'its offensive', 'Monday's attack'."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(
        (c.dep_ == "det" and c.lower_ in determiners) or c.dep_ == "poss"
        for c in trigger.children
    )


def antecedent(
    draft: Draft, done: list[Draft], roles: RoleReader, context: Context, lex: EventLexicon
) -> Draft | None:
    """The event told before that a definite description refers to ('the summit', 'Monday's
    attack on Odesa'): the last one of its type within reach whose actor, target and place
    agree with what the description names, or None."""
    trig = draft.head.token
    if not is_definite(trig, lex.definite_determiners) or any(
        c.lemma_.lower() in lex.novelty_modifiers or c.lower_ in lex.novelty_modifiers
        or _YEAR.fullmatch(c.text)  # "the 2010 summit": a summit of its own year
        for c in trig.children
    ):
        return None
    agent, patient = roles.roles(trig)
    mine = roles.actor(agent)
    place = context.local_place(trig)
    when = context.named_date(trig, draft.status)
    lo = trig.sent.start_char - lex.antecedent_window
    for earlier in reversed(done):
        if earlier.sentences[-1].end_char < lo:
            return None
        if (
            earlier.head.entry.type != draft.head.entry.type
            or not _same_status(draft.status, earlier.status)
            or not _same_name(draft, earlier)
        ):
            continue
        their_agent, their_patient = roles.roles(earlier.head.token)
        # A description that names its actor, target, place or means names them for the event
        # it refers to: "Russia's attack on the plant" is no earlier attack on a city.
        if mine is not None and not _same_actor(mine, roles.actor(their_agent)):
            continue
        if patient is not None and not _described(patient, their_patient, lex.pronouns):
            continue
        if None not in (draft.head.entry.mode, earlier.head.entry.mode) and (
            draft.head.entry.mode != earlier.head.entry.mode
        ):
            continue
        if place is not None:
            there = context.local_place(earlier.head.token)
            if there is None or there.name != place.name:
                continue
        if other_site(draft, earlier, context):
            continue
        # "Monday's attack" is no strike told as Wednesday's: a description that dates its
        # event refers to one its own text dates alike, or leaves undated.
        if when is not None and not may_coincide(when, _occasion(earlier, context)):
            continue
        return earlier
    return None


def other_site(draft: Draft, earlier: Draft, context: Context) -> bool:
    """Whether a mention names a site the event told before does not, where that one names
    sites of its own: "a man was shot dead in Deerpark Road" ... "shooting broke out in the
    Catholic areas" are two attacks, though in one town."""
    mine = context.sites(draft.head.token, [t.token for t in draft.triggers])
    if not mine:
        return False
    theirs = context.sites(earlier.head.token, [t.token for t in earlier.triggers])
    return bool(theirs) and not any(_same_site(mine[0], site) for site in theirs)


def _same_site(a: str, b: str) -> bool:
    """Whether two site names can name one site: one holds the other ("the Oxford Street bus
    station" and "the station", "a bakery on Rue Victor Hugo" and "Rue Victor Hugo"), or they
    share their head noun and one's modifiers are among the other's ("Oxford St" and "Oxford
    Street"); "bus station" and "bus stop", or two names that both begin with "the", are two."""
    x, y = _site_words(a), _site_words(b)
    if not x or not y:
        return False
    if _holds_words(x, y) or _holds_words(y, x):
        return True
    (mine, *_), (theirs, *_) = _own_part(x), _own_part(y)
    if not _same_head(mine[-1], theirs[-1]):
        return False
    first, second = set(mine[:-1]), set(theirs[:-1])
    return first <= second or second <= first


def _site_words(name: str) -> list[str]:
    """A site's name as lower-case words, without articles."""
    return [w for w in re.findall(r"[\w'-]+", name.lower()) if w not in _ARTICLES]


def _holds_words(outer: list[str], inner: list[str]) -> bool:
    """Whether a run of words holds another run of words, word for word."""
    n = len(inner)
    return any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))


def _own_part(words: list[str]) -> tuple[list[str], ...]:
    """The site's own name and the street or facility it stands in ("bakery" / "rue victor
    hugo"), split at the first preposition that joins them."""
    for i, word in enumerate(words[1:], start=1):
        if word in STANDS_IN:
            return words[:i], words[i + 1 :]
    return (words,)


def _same_head(a: str, b: str) -> bool:
    """The same head noun, or one an abbreviation of the other ("st" and "street", "rd" and
    "road"): its letters in order, from the same first letter; a plural is its singular."""
    if a == b or a in (b + "s", b + "es") or b in (a + "s", a + "es"):
        return True
    short, long = sorted((a, b), key=len)
    if len(short) > 3 or short[0] != long[0]:
        return False
    rest = iter(long[1:])
    return all(letter in rest for letter in short[1:])


def _same_name(draft: Draft, earlier: Draft) -> bool:
    """Whether a description names an event as it was told: the same noun ('a summit' ... 'the
    summit'), the noun of an event told by a verb ('struck' ... 'the strike'), or an attack
    named by no means of its own ('a missile strike on a mall' ... 'Monday's attack'); 'the
    talks' after 'a call' is another conversation."""
    lemma = draft.head.token.lemma_.lower()
    generic = draft.is_assault and earlier.is_assault and draft.head.entry.mode is None
    return generic or earlier.head.token.pos_ == "VERB" or any(
        _kin(t.token.lemma_.lower(), lemma) for t in earlier.triggers
    )


def _occasion(draft: Draft, context: Context) -> EventDate | None:
    """The date a draft's own clauses and sentences give it, if any."""
    return context.own_date(draft.head.token, [t.token for t in draft.triggers],
                            draft.sentences, draft.status)


def _kin(a: str, b: str) -> bool:
    """Whether two lemmas are one word's forms: 'bomb' and 'bombing', 'explode' and
    'explosion', 'meet' and 'meeting'."""
    short, long = sorted((a, b), key=len)
    return a == b or (len(short) >= 4 and long.startswith(short)) or (
        len(short) >= 5 and a[:5] == b[:5]
    )


def _same_actor(mine: EventActor, theirs: EventActor | None) -> bool:
    return theirs is not None and (
        mine.name == theirs.name or (mine.country is not None and mine.country == theirs.country)
    )


def _described(mine: Token, theirs: Token | None, pronouns: frozenset[str]) -> bool:
    """Whether the target a description names is the earlier event's: the same noun, a pronoun,
    or a description of a named place ('the city' for Kharkiv)."""
    if mine.lower_ in pronouns:
        return True
    if theirs is None:
        return False
    if mine.lemma_.lower() == theirs.lemma_.lower() or theirs.lower_ in pronouns:
        return True
    places = ("GPE", "LOC", "FAC")
    return (mine.ent_type_ in places and theirs.pos_ == "NOUN") or (
        theirs.ent_type_ in places and mine.pos_ == "NOUN"
    )


def same_patient(a: Token | None, b: Token | None, pronouns: frozenset[str]) -> bool:
    """Whether two targets can be one: two different common nouns ('the plant', 'civilian
    areas') are two; a name and a description ('Kharkiv', 'the city') may be one."""
    if a is None or b is None or a.lower_ in pronouns or b.lower_ in pronouns:
        return True
    if a.pos_ == "NOUN" and b.pos_ == "NOUN" and not (a.ent_type_ or b.ent_type_):
        return a.lemma_.lower() == b.lemma_.lower()
    return True


def _same_status(anaphor: EventStatus, antecedent: EventStatus) -> bool:
    """'the summit' with no status word of its own names the summit told before, planned or
    held; a status of its own must be the same. What is told as fact ('that onslaught') is no
    event that was only threatened or imagined."""
    return anaphor == antecedent or (
        anaphor == "reported" and antecedent not in ("negated", "threatened", "hypothetical")
    )
