"""Metonymy from the parse: when a capital, a seat of government or a country acts, it is an actor.

"Kyiv rejected the offer", "Moscow's demands", "the Kyiv government", "rejected by Washington"
are the state; "in Kyiv", "struck Kyiv", "Kyiv was hit" are the place.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from sitrep.extract.actors.lexicon import ActorLexicon
from sitrep.extract.parse import first_conjunct


def acting_verb(token: Token) -> Token | None:
    """The verb whose active subject this is, through coordination ("Russia and Ukraine agreed")."""
    token = first_conjunct(token)
    return token.head if token.dep_ == "nsubj" else None


def is_metonymic(span: Span, lexicon: ActorLexicon, country: bool = False) -> bool:
    """Whether this place name stands for the state's government in this sentence.

    ``country`` is True for a country's name, False for a capital: a country that does anything
    acts, while a city is more often where things happen ("Kyiv came under fire").
    """
    root = first_conjunct(span.root)
    head = root.head
    if root.dep_ == "poss" or (
        root.dep_ in ("compound", "amod") and head.pos_ in ("NOUN", "PROPN")
    ):
        if country and root.dep_ == "poss":
            return head.lower_ not in lexicon.place_nouns and head.ent_type_ not in ("GPE", "LOC")
        return _institutional(head, lexicon)
    if root.dep_ == "pobj":
        return _party_after_preposition(head, lexicon)
    if root.dep_ == "npadvmod" or (root.dep_ == "compound" and head.lower_ == "-"):
        # "US-led coalition", "Iran-backed militias"
        return head.lemma_ in lexicon.backing_verbs or head.lower_ in lexicon.backing_verbs
    if root.dep_ == "dobj":
        # "accused Kyiv of", "urged Moscow to", "ordered Britain to": the state acted upon;
        # "struck Kyiv": the city.
        if head.lemma_ in lexicon.actor_object_verbs or any(
            c.dep_ in ("xcomp", "ccomp") and c.i > root.i for c in head.children
        ):
            return True
        # "sued the United States", "defied Russia"; but "visited Albania", "invaded Ukraine".
        return country and head.pos_ == "VERB" and head.lemma_ not in lexicon.place_object_verbs
    if root.dep_ == "dative":
        return country
    stances = lexicon.stance_adjectives | lexicon.stance_participles
    if root.dep_ == "nsubjpass" and head.lower_ in stances:
        return True  # "Israel is opposed to", "Moscow is committed to"
    verb = acting_verb(root) or _relative_clause_verb(root, lexicon)
    if verb is None:
        return False  # passive subjects ("Kyiv was hit"), appositions, modifiers
    if verb.lemma_ in lexicon.agent_verbs:
        return True
    if country and verb.pos_ in ("VERB", "AUX") and verb.lemma_ not in lexicon.non_agent_verbs:
        return True
    # "Moscow wants to talk", "Kyiv is ready to negotiate": the governed verb is what counts.
    return any(
        child.dep_ in ("xcomp", "acomp") and _agentive_below(child, lexicon)
        for child in verb.children
    )


def _relative_clause_verb(token: Token, lexicon: ActorLexicon) -> Token | None:
    """ "Russia, which invaded Ukraine in 2022": the verb of the clause the name is subject of."""
    for clause in token.children:
        if clause.dep_ == "relcl" and any(
            c.dep_ == "nsubj" and c.lower_ in lexicon.relative_pronouns for c in clause.children
        ):
            return clause
    return None


def _party_after_preposition(prep: Token, lexicon: ActorLexicon) -> bool:
    """ "rejected by Moscow", "talks with Russia", "sanctions on Iran"; not "in Moscow"."""
    if prep.lower_ in lexicon.agent_preps:
        return prep.dep_ == "agent" or prep.head.pos_ in ("NOUN", "VERB")
    if (prep.head.lower_, prep.lower_) in lexicon.source_phrases:
        return True  # "according to Moscow": a source that speaks
    word = prep.head
    nouns = lexicon.prep_relation_nouns.get(prep.lower_, frozenset())
    if word.lower_ in nouns or word.lemma_ in nouns:
        return True  # "talks with Russia", "sanctions on Iran"
    if word.dep_ == "dobj":
        # "shared intelligence with the US": the phrase often hangs on the object, not the verb.
        word = word.head
    verbs = lexicon.prep_relation_verbs.get(prep.lower_, frozenset())
    return word.pos_ in ("VERB", "AUX") and word.lemma_ in verbs


def _agentive_below(token: Token, lexicon: ActorLexicon) -> bool:
    if token.lemma_ in lexicon.agent_verbs or token.lower_ in lexicon.stance_adjectives:
        return True
    return any(
        c.dep_ in ("xcomp", "advcl") and c.lemma_ in lexicon.agent_verbs for c in token.children
    )


def _institutional(noun: Token, lexicon: ActorLexicon) -> bool:
    """Whether a noun names something only a state has or does ("demands", "forces", "envoy")."""
    if noun.lower_ in lexicon.institutional_nouns or noun.lemma_ in lexicon.institutional_nouns:
        return True
    pair = f"{noun.lower_} {noun.head.lower_}" if noun.dep_ == "compound" else ""
    return pair in lexicon.institutional_nouns or noun.lower_ in lexicon.group_nouns
