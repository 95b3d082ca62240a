"""One victim named without a figure is a count of one: 'a man was shot dead', 'they killed
him', 'the murder of her nephew', 'the body of a civilian was found'."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.extract.counts.mention import CountMention
from sitrep.extract.counts.numbers import CountLexicon
from sitrep.extract.parse import first_child
from sitrep.model import Count, CountKind

_ONE_VICTIM_KINDS = frozenset({"killed", "injured", "arrested", "abducted"})
# The grammar of a result ("shot dead", "found dead") and of a victim named by a noun ("the death
# of a journalist", "his death"); the words that fill it are data (data/counts/counts.json).
_RESULT_DEPS = ("oprd", "acomp", "xcomp", "advmod")
_OWNER_DEPS = ("poss",)


def singular_victims(
    sent: SpacySpan, found: list[CountMention], lex: CountLexicon
) -> list[CountMention]:
    """The counts of one the sentence states without a figure, once per predicate."""
    typed = {m.predicate for m in found}
    taken = {i for m in found for i in range(m.start, m.end)}
    # One sentence names the same victim twice ("a journalist was killed … her death") far more
    # often than two single victims of one kind: a count of one is taken once a sentence.
    ones = {m.count.kind for m in found if m.count.value == 1}
    out: list[CountMention] = []
    for tok in sent:
        mention = _verbal(tok, lex) or _nominal(tok, lex) or _remains_found(tok, sent, lex)
        if (
            mention is None
            or mention.predicate in typed
            or mention.start in taken
            or mention.count.kind in ones
        ):
            continue
        typed.add(mention.predicate)
        ones.add(mention.count.kind)
        out.append(mention)
    return out


def singular_person(token: Token, lex: CountLexicon) -> bool:
    """A noun phrase naming one person ('a prisoner', 'the deputy chief', a name, 'him')."""
    if token.ent_type_ == "PERSON" and token.pos_ == "PROPN":
        return True
    if token.tag_ == "PRP":
        return token.lower_ in lex.singular_pronouns
    if token.tag_ != "NN" or token.lower_ in lex.collective_nouns:
        return False
    if any(c.dep_ in ("nummod", "conj") for c in token.children):
        return False
    return any(
        c.dep_ in ("det", "poss") and c.lower_ not in lex.non_singular_determiners
        for c in token.children
    )


def _verbal(verb: Token, lex: CountLexicon) -> CountMention | None:
    """'A journalist was killed', 'killed the deputy chief', 'he died', 'shot him dead'."""
    if verb.pos_ != "VERB":
        return None
    kind = lex.kind_of(verb.lemma_) or result_kind(verb, lex)
    if kind not in _ONE_VICTIM_KINDS or unrealised(verb, lex):
        return None
    dies = verb.lemma_ in lex.victim_subject_verbs
    victim = first_child(verb, *(("nsubj",) if dies else ("nsubjpass", "dobj")))
    # A person, never what the same verbs take otherwise ('captured the town', 'held a
    # meeting', 'claimed the responsibility').
    if victim is None or not _one_person(victim, lex):
        return None
    return _one(kind, victim, verb.i, lex)


def unrealised(verb: Token, lex: CountLexicon) -> bool:
    """Whether a deed was only tried, planned or threatened ('tried to assassinate him', 'a plot
    to kill the mayor'): its victims are no count."""
    return verb.dep_ in ("xcomp", "acl") and verb.head.lemma_ in lex.unrealised_verbs


def result_kind(verb: Token, lex: CountLexicon) -> CountKind | None:
    """What a verb did to its victim by its result: 'shot dead', 'beaten to death'."""
    for child in verb.children:
        word = None
        # A state ("dead", "wounded"), never an act ("ordered troops to kill").
        if child.dep_ in _RESULT_DEPS and child.tag_ in ("JJ", "VBN"):
            word = child
        elif child.dep_ == "prep" and child.lower_ in lex.result_preps:
            word = first_child(child, "pobj")
        if word is None:
            continue
        kind = lex.kind_of(word.lower_) or lex.kind_of(word.lemma_)
        if kind in ("killed", "injured"):
            return kind
    return None


def _nominal(noun: Token, lex: CountLexicon) -> CountMention | None:
    """'the murder of her nephew', 'the death of Maj Gen Andrei Simonov', 'his abduction'."""
    if noun.pos_ != "NOUN" or noun.lemma_ not in lex.victim_of_nouns or noun.dep_ == "compound":
        return None
    kind = lex.kind_of(noun.lemma_)
    if kind not in _ONE_VICTIM_KINDS:
        return None
    victim = first_child(noun, *_OWNER_DEPS)
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        victim = first_child(of, "pobj")
    if victim is None or not _one_person(victim, lex):
        return None
    if noun.head.pos_ == "VERB" and unrealised(noun.head, lex):
        return None
    return _one(kind, victim, noun.i, lex)


def _remains_found(noun: Token, sent: SpacySpan, lex: CountLexicon) -> CountMention | None:
    """'The body of a civilian was found', 'his body was recovered': one person found dead.
    Remains handed over in an exchange are bodies, not a count of the killed."""
    if noun.lemma_ not in lex.remains_nouns or (noun.tag_ != "NN" and noun.lower_ != "remains"):
        return None
    verb = noun.head
    if noun.dep_ not in ("nsubjpass", "dobj") or not found_dead(verb, sent, lex):
        return None
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    victim = first_child(of, "pobj") if of is not None else None
    if victim is not None:
        return _one("killed", victim, verb.i, lex) if _one_person(victim, lex) else None
    if noun.lower_ == "remains" or not singular_person(noun, lex):
        return None
    return CountMention(Count("killed", 1, None, lex.singular_noun), noun.i, noun.i + 1, verb.i,
                        people=True)


def _one_person(token: Token, lex: CountLexicon) -> bool:
    """One person as the owner of a deed or of remains ('the execution of a priest', 'his
    body'): a singular noun phrase that names a person, or 'his'/'her' (never 'the execution
    of the project')."""
    if token.tag_ == "PRP$":
        return token.lower_ in lex.singular_pronouns
    names_person = (
        token.ent_type_ == "PERSON"
        or token.tag_ == "PRP"
        or token.lemma_.lower() in lex.person_nouns
    )
    return names_person and singular_person(token, lex)


def _one(kind: CountKind, victim: Token, predicate: int, lex: CountLexicon) -> CountMention:
    noun = lex.singular_noun if victim.pos_ == "PRON" else victim.lower_
    return CountMention(Count(kind, 1, None, noun), victim.i, victim.i + 1, predicate, people=True)


def found_dead(verb: Token, sent: SpacySpan, lex: CountLexicon) -> bool:
    """Whether remains taken by this verb were found ('were recovered', 'pulled from the
    rubble'), not exchanged or handed over."""
    return verb.lemma_ in lex.discovery_verbs and not any(
        t.lemma_ in lex.exchange_words for t in sent
    )
