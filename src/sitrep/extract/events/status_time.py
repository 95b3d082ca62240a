"""The time words of an event's own clause that make it background or a future event.

Background is an event before the news the article reports: a habit ("usually"), a perfect over
a long stretch ("has shelled for months", "since 2014"), an event its own clause dates a month or
more back ("six months ago", "earlier this year", "in 2014"), the start of a period ("since the
invasion began"), a war-to-date total ("the war has killed tens of thousands"), and an "already"
event in a clause that modifies something else. Only the event's own clause counts: a relative
clause on its object is about something else.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from sitrep.extract.events.status_clause import controllers, own_clause, subordinate
from sitrep.extract.events.status_words import StatusWords

_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def background(
    trigger: Token, anchor: Token, published_year: int | None, words: StatusWords
) -> bool:
    """Whether the event is a habit or lies before the news the article reports."""
    clause = own_clause(anchor)
    text = " ".join(t.lower_ for t in clause)
    adverbs = {c.lower_ for t in (anchor, *controllers(anchor, words)) for c in t.children
               if c.dep_ == "advmod"}
    if adverbs & words.habitual or any(p in text for p in words.habitual_phrases):
        return True
    if _perfect(anchor, words) and words.duration.search(text):
        return True
    if words.distant_past.search(text):
        return True
    if _starts_period(trigger, anchor, words) or _war_total(trigger, anchor, words):
        return True
    if adverbs & words.prior_adverbs and subordinate(anchor, words):
        return True
    return published_year is not None and _earlier_year(anchor, published_year)


def future_time(anchor: Token, words: StatusWords) -> bool:
    """A time after publication in the event's own clause: 'later', 'next week', 'tomorrow'."""
    clause = own_clause(anchor)
    if words.future_times.search(" ".join(t.lower_ for t in clause)):
        return True
    return any(t.dep_ == "advmod" and t.lower_ in words.future_adverbs for t in clause)


def _perfect(anchor: Token, words: StatusWords) -> bool:
    heads = [anchor, anchor.head] if anchor.dep_ in ("xcomp", "conj") else [anchor]
    return any(
        c.dep_ == "aux" and c.lower_ in words.perfect_auxiliaries
        for head in heads
        for c in head.children
    )


def _war_total(trigger: Token, anchor: Token, words: StatusWords) -> bool:
    """'the war has killed tens of thousands': the war as the agent of an act done to someone is a
    total to date (not 'the invasion has begun', where the invasion is the event)."""
    children = list(anchor.children)
    return (
        trigger.i == anchor.i
        and any(c.dep_ == "dobj" for c in children)
        and _perfect(anchor, words)
        and any(c.dep_ == "nsubj" and c.lemma_.lower() in words.cumulative_agents for c in children)
    )


def _starts_period(trigger: Token, anchor: Token, words: StatusWords) -> bool:
    """'since the invasion began', 'since the invasion': the event opens a period, told as the
    start of something else."""
    if any(c.dep_ == "mark" and c.lower_ in words.period_starts for c in anchor.children):
        return True
    return trigger.dep_ == "pobj" and trigger.head.lower_ in words.period_starts


def _earlier_year(anchor: Token, published_year: int) -> bool:
    """'An offensive stalled in 2016': a year before publication in the event's own clause."""
    local = [t for t in anchor.subtree if t.i >= anchor.i - 6] + list(anchor.children)
    for tok in local:
        match = _YEAR.fullmatch(tok.text)
        if (
            match
            and tok.ent_type_ in ("DATE", "")
            and int(match.group()) < published_year
            and _attached(tok, anchor)
        ):
            return True
    return False


def _attached(year: Token, anchor: Token) -> bool:
    """A year in the anchor's own clause, not inside a nested clause or noun phrase."""
    current = year
    for _ in range(4):
        if current.i == anchor.i:
            return True
        if current.head.i == current.i:
            return False
        # "an offensive stalled in 2016": the trigger's own participle carries its date.
        own_participle = current.dep_ == "acl" and current.head.i == anchor.i
        if current.dep_ in ("relcl", "acl", "ccomp", "advcl") and not own_participle:
            return False
        current = current.head
    return False
