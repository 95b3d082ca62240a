"""Which way a relative date points: the tense of its governing clause, from the spaCy parse."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from sitrep.extract.parse import inside, tokens_at
from sitrep.extract.times.resolve import Direction
from sitrep.extract.times.rules import Lexicon

_PAST_TAGS = {"VBD"}
_PRESENT_TAGS = {"VBZ", "VBP"}


def governing_verb(doc: Doc, start: int, end: int) -> Token | None:
    """The verb (or auxiliary) whose clause the expression at [start, end) belongs to."""
    span = tokens_at(doc, start, end)
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(12):  # parse trees are shallow; the bound guards against odd cycles
        if token.pos_ in ("VERB", "AUX") and not inside(token, span):
            return token
        if token.head.i == token.i:
            return token if token.pos_ in ("VERB", "AUX") else None
        token = token.head
    return None


def direction(doc: Doc, start: int, end: int, lex: Lexicon, text: str | None = None) -> Direction:
    """past, future, present or unknown for the expression at [start, end)."""
    # text is doc.text, passed in by callers that loop: spaCy rebuilds it on every access
    if (doc.text if text is None else text)[end : end + 2] in ("'s", "\u2019s"):
        return "past"  # "Tuesday's vote", "Friday's closing price": a possessive date is done
    verb = governing_verb(doc, start, end)
    if verb is None:
        return "unknown"
    return verb_direction(verb, lex)


def verb_direction(verb: Token, lex: Lexicon, depth: int = 0) -> Direction:
    """The tense of one verb, looking at its auxiliaries and at what governs a bare infinitive."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxiliaries}
    if verb.lemma_.lower() in lex.scheduling_verbs:
        return "future"  # "has scheduled a news conference Thursday", "postponed until Tuesday"
    if verb.tag_ == "VBN" and words & lex.perfect_auxiliaries:
        return "past"  # perfects, modal ones too: "may have been responsible on Wednesday"
    if words & lex.future_auxiliaries:
        return "future"
    if words & lex.modal_auxiliaries and verb.tag_ == "VB" and verb.lemma_ != "be":
        return "future"  # "might come as soon as Tuesday"; "could not be located" is not
    if words & lex.infinitive_auxiliaries:
        # "plans to visit on Monday", "is due to arrive": the infinitive looks forward
        # unless what governs it is itself in the past ("was due to expire Friday").
        head = verb.head
        if head.i == verb.i or depth >= 4 or head.lemma_.lower() in lex.future_cues:
            return "future"  # "planned to leave on Thursday" still looks ahead
        if head.pos_ == "ADJ":
            outer = _copula_tense(head, lex)
        else:
            outer = verb_direction(head, lex, depth + 1)
        return "past" if outer == "past" else "future"
    tags = {verb.tag_} | {a.tag_ for a in auxiliaries}
    if tags & _PAST_TAGS:
        return "past"
    if verb.tag_ == "VBN" and not auxiliaries:
        # a reduced relative ("the talks held on Monday") reports what happened
        return "past"
    if tags & _PRESENT_TAGS:
        return "present"
    return "unknown"


def _copula_tense(adjective: Token, lex: Lexicon) -> Direction:
    """The tense of "is due", "was ready": the adjective's copula and auxiliaries."""
    helpers = [c for c in adjective.children if c.dep_ in ("aux", "auxpass", "cop")]
    if any(h.tag_ == "VBD" for h in helpers):
        return "past"
    if any(h.lower_ in lex.copula_future_auxiliaries for h in helpers):
        return "future"
    return "present"
