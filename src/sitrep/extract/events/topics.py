"""Whether a noun event is only what another event is about: its topic ("protested against the
mobilisation", "met to discuss the strikes"), which the article does not report as an event of
its own, or an event it reports all the same ("condemned the shelling of Kherson")."""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.extract.events.asserted import is_discussed
from sitrep.extract.events.context import Context
from sitrep.extract.events.draft import Draft
from sitrep.extract.events.lexicon import EventLexicon
from sitrep.extract.events.roles import RoleReader
from sitrep.extract.events.split import token_runs

_REGION = 3
_NOUN_CLAUSES = frozenset({"acl", "relcl", "ccomp", "advcl"})
_STEPS = 4


def is_topic(
    draft: Draft, here: list[Draft], roles: RoleReader, context: Context, lex: EventLexicon
) -> bool:
    """'protested against the mobilisation', 'accused of sabotaging the talks': a noun that
    is only the topic of another event of its sentence (``here``), with no actor or figure of
    its own, is no event, unless it names the town or region where it happened ('condemned
    the shelling of Kherson' reports a shelling: ``draft.topic_of`` then holds the other
    event's trigger); what a discussion is about ('met to discuss the strikes on Kyiv') is
    none, whatever it names."""
    tok = draft.head.token
    if tok.pos_ not in ("NOUN", "PROPN") or draft.counts:
        return False
    if is_discussed(tok, lex.topic_words, lex.topic_preps):
        return True
    others = {t.token.i for d in here if d is not draft for t in d.triggers}
    current = tok
    for _ in range(_STEPS):
        if current.head.i == current.i or current.lower_ in lex.roles.time_preps:
            return False
        current = current.head
        if current.i in others:
            agent, patient = roles.roles(tok)
            if roles.actor(agent) is not None or roles.actor(patient) is not None:
                return False
            if not _names_own_place(tok, context, lex.war_nouns):
                return True
            draft.topic_of = current
            return False
    return False


def _names_own_place(noun: Token, context: Context, war_nouns: frozenset[str]) -> bool:
    """Whether an event noun's own phrase names where it happened ('the shelling of
    Kherson'); the war as a whole ('the invasion of Ukraine') names a country at war."""
    if noun.lemma_.lower() in war_nouns:
        return False
    # Its own phrase, not a clause that tells something else ("allegations that Russia
    # was behind a strike in Kremenchuk").
    clauses = {t.i for c in noun.children if c.dep_ in _NOUN_CLAUSES for t in c.subtree}
    runs = token_runs(t for t in noun.subtree if t.i not in clauses)
    place = context.place_at([(r[0].idx, r[-1].idx + len(r[-1].text)) for r in runs])
    # A town or a region locates one event; a country or a continent may name a party
    # ("a threat to Europe", "sanctions on Russia").
    return place is not None and place.precision <= _REGION
