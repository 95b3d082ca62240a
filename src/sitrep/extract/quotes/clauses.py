"""Where reported content lies around a cue: the clause, object or sentence side it reports.

Functions of the parse only, shared by the quote extractor's indirect and partial rules. The
words are the cue lexicon's; "that" (the complementiser) and "to" (the infinitive marker) are
grammar, compared here as the dependency labels are.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.extract.parse import subjects, subtree_chars
from sitrep.extract.quotes.lexicon import CueLexicon
from sitrep.model import Span

_CLOSING = frozenset('"”’')
"""Closing quote marks stay at the end of a clause: they close a partial quote inside it."""


def content_clause(verb: Token, text: str, lexicon: CueLexicon) -> Span | None:
    """What a speech verb reports: its ccomp, a "that" clause the parser hung on a noun
    ("said in a statement that ..."), or for a parenthetical ("X, he said, was") its host."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        # The first clause after the verb: a later one is a clause the parser hung there
        # ("said they are convinced ... and Democrats accused ...").
        after = [c for c in clauses if c.i > verb.i]
        if not after:
            return trimmed(clauses[-1])
        reduced = _reduced_relative(verb, after[0], lexicon)
        return reduced if reduced is not None else after_asides(after[0])
    unmarked = _unmarked_clause(verb, lexicon)
    if unmarked is not None:
        return unmarked
    for child in verb.children:
        if child.dep_ not in ("prep", "dobj", "npadvmod", "dative"):
            continue
        for d in child.subtree:
            marks = [m for m in d.children if m.dep_ == "mark" and m.lower_ == "that"]
            if d.dep_ in ("acl", "ccomp", "relcl", "advcl") and marks and d.i > verb.i:
                return trimmed_span(marks[0], d.right_edge)
    if verb.dep_ == "parataxis" and verb.lemma_.lower() in lexicon.parenthetical_verbs:
        head = verb.head
        if subjects(head, before=verb.i):
            return trimmed(head)  # "The port, she said, would reopen": keep its subject
        return around(verb, head.left_edge, head.right_edge, text)
    return object_content(verb, lexicon)


def _reduced_relative(verb: Token, clause: Token, lexicon: CueLexicon) -> Span | None:
    """An object and the clause after it that the parser split ("cited remarks Trump had
    made about her"): the clause describes the object, and both are what was said. Not for
    verbs whose object is the one spoken to ("told reporters the talks failed")."""
    if verb.lemma_.lower() in lexicon.addressee_verbs:
        return None
    if any(c.dep_ == "mark" for c in clause.children):
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < clause.i]
    if not objects or objects[0].right_edge.i + 1 != clause.left_edge.i:
        return None
    return trimmed_span(objects[0].left_edge, clause.right_edge)


def _unmarked_clause(verb: Token, lexicon: CueLexicon) -> Span | None:
    """A finite clause with its own subject that the parser took for an adverbial one after a
    time ("said after the convention he would not accept"): no "that", "when" or "because"
    opens it, so it is what was said, not when or why."""
    if verb.lemma_.lower() not in lexicon.speech_verbs:
        return None
    for clause in verb.children:
        if clause.dep_ != "advcl" or clause.i < verb.i or clause.tag_ in ("VBG", "VBN"):
            continue
        if any(c.dep_ == "mark" or c.tag_ in ("WRB", "WP") for c in clause.children):
            continue
        own = subjects(clause, before=clause.i)
        if own and own[0].tag_ not in ("WP", "WDT", "EX"):
            return trimmed_span(own[0].left_edge, clause.right_edge)
    return None


def after_asides(clause: Token) -> Span:
    """A reported clause after its cue, from its "that" or its subject: the parser hangs on
    it what belongs to the cue ("said on Monday the troops would stay", "said, when asked,
    that talks had failed")."""
    that = [c for c in clause.children if c.dep_ == "mark" and c.lower_ == "that"]
    if that:
        return trimmed_span(that[0], clause.right_edge)
    own = subjects(clause, before=clause.i)
    if own:
        lead = clause.doc[clause.left_edge.i : own[0].left_edge.i]
        timed = any(t.ent_type_ in ("DATE", "TIME") for t in lead)
        if timed and not any(t.pos_ in ("VERB", "AUX") for t in lead):
            return trimmed_span(own[0].left_edge, clause.right_edge)
    return trimmed(clause)


def parenthetical_sides(verb: Token) -> tuple[Span, Span] | None:
    """For a cue set between commas inside the sentence it reports ("The strike, the ministry
    said, was aimed at depots"; "Though X, he said, Y"): the sentence's words before and after
    the cue phrase. None unless commas close the phrase on both sides and words stand on both."""
    if verb.dep_ != "parataxis":
        return None
    host = verb.head
    while host.dep_ in ("advcl", "conj") and host.head.i != host.i:
        host = host.head
    doc = verb.doc
    first, last = verb.left_edge.i, verb.right_edge.i
    while first < verb.i and doc[first].is_punct:
        first += 1  # the parser hangs the commas around the phrase on the cue itself
    while last > verb.i and doc[last].is_punct:
        last -= 1
    comma_before, comma_after = first - 1, last + 1
    if comma_before < 1 or comma_after >= len(doc):
        return None
    if doc[comma_before].text != "," or doc[comma_after].text != ",":
        return None
    if comma_before <= host.left_edge.i or comma_after >= host.right_edge.i:
        return None
    before = trimmed_span(host.left_edge, doc[comma_before - 1])
    after = trimmed_span(doc[comma_after + 1], host.right_edge)
    return before, after


def as_host(verb: Token, lexicon: CueLexicon) -> Token | None:
    """The clause a cue set in an "as" clause reports ("As experts have pointed out, Trump
    is free to ...", "If, as I've suggested, he benefits"): the clause the "as" clause hangs
    on. None when the verb reports something of its own ("as he said he would") or no "as"
    opens its phrase."""
    if verb.dep_ != "advcl" or verb.head.i == verb.i:
        return None
    first = verb.left_edge
    if first.lower_ != "as" or first.dep_ != "mark" or first.head.i != verb.i:
        return None
    if any(c.dep_ in _OWN_CONTENT for c in verb.children):
        return None
    particles = lexicon.phrasal_cues.get(verb.lemma_.lower())
    if particles is not None and not any(
        c.dep_ == "prt" and c.lower_ in particles for c in verb.children
    ):
        return None
    return verb.head


_OWN_CONTENT = frozenset({"ccomp", "dobj", "xcomp", "oprd", "advcl"})
"""What a verb in an "as" clause reports itself: then the clause it hangs on is not its."""


def object_content(verb: Token, lexicon: CueLexicon) -> Span | None:
    """The object, infinitive or prepositional object of a verb like "announce", "urge"."""
    lemma = verb.lemma_.lower()
    objects = lexicon.object_verbs | lexicon.attitude_object_verbs
    if lemma not in objects or any(c.dep_ == "prt" for c in verb.children):
        return None
    if verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN":
        return None  # "people accused of rape": a description, not someone speaking
    if any(c.dep_ == "neg" for c in verb.children):
        return None  # "did not mention the bus station": nothing was said
    if lemma in lexicon.naming_verbs and not _names(verb, lexicon):
        return None  # "called Machado on Friday", "called an emergency meeting"
    parts = [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "oprd") and c.i > verb.i]
    # A second object after a comma is an apposition the parser hung on the verb ("announced
    # sanctions on three firms, the latest in a series"): what was announced ends before it.
    parts = [p for p in parts if p.i == parts[0].i or not _apposed(parts[0], p, lexicon)]
    if lemma in lexicon.addressee_verbs and not any(c.dep_ == "xcomp" for c in parts):
        return None
    preps = [
        c
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in lexicon.object_preps and c.i > verb.i
    ]
    if lemma not in lexicon.object_verbs:
        preps = []  # "backed the plan": an attitude's object is its direct object only
    if not parts and preps:
        parts = [c for c in preps[0].children if c.dep_ in ("pobj", "pcomp")]
    elif parts and preps and preps[0].i > parts[0].i:
        parts.append(preps[0])
    if not parts or all(p.pos_ == "PRON" and p.n_rights == 0 for p in parts):
        return None
    first = min((p.left_edge for p in parts), key=lambda t: t.i)
    last = max((p.right_edge for p in parts), key=lambda t: t.i)
    # The parser hangs the object's own modifiers on the verb ("a list of endorsements
    # | from 95 generals"): run on to the verb's last word before a comma or the end. Quote
    # marks go on: a quoted name inside the object ("described the deal as “the gold
    # standard” of trade deals") is part of what was said.
    doc = verb.doc
    i = last.i + 1
    while i <= verb.right_edge.i:
        t = doc[i]
        listed = _listed_object(t, verb)
        if listed is not None:  # "mentioned refinancing loans and forcing universities to"
            last = listed.right_edge
            i = last.i + 1
            continue
        stop = t.is_punct and t.text not in QUOTE_MARKS
        if last.text == "," or stop or t.dep_ in _RUN_STOPS or _opens_clause(t, verb):
            break  # a comma the object's subtree ends on ends the run too
        last = t
        i += 1
    last = _across_split(last)
    heads = {verb.i, *(p.i for p in parts if p.dep_ == "dobj")}
    return trimmed_span(first, _before_time(first, _before_aside(first, last), heads))


QUOTE_MARKS = frozenset('"“”‘’\'`')
"""Marks that open or close quoted words; inside an object they do not end it."""


def _listed_object(cc: Token, verb: Token) -> Token | None:
    """The next item of the object when the parser hung "and" and the item on the verb: a
    noun, or a gerund without a subject after a finite verb ("mentioned refinancing loans and
    forcing universities to ..."). A verb of the same form is a second predicate ("announced
    sanctions and warned of more"): None."""
    if cc.dep_ != "cc" or cc.head.i != verb.i:
        return None
    items = [c for c in verb.children if c.dep_ == "conj" and c.i > cc.i]
    if not items:
        return None
    item = items[0]
    if item.pos_ in ("NOUN", "PROPN"):
        return item
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in item.children)
    if item.tag_ == "VBG" and verb.tag_ != "VBG" and not own_subject:
        return item
    return None


def _across_split(last: Token) -> Token:
    """The end of an object that the parser cut into a sentence of its own with no stop
    between ("cited disparaging remarks | Trump had made about Machado"): the words after it
    up to that sentence's end describe the object. Else last."""
    doc = last.doc
    after = last.i + 1
    if after >= len(doc) or not doc[after].is_sent_start or not doc.has_annotation("DEP"):
        return last
    if last.is_punct or last.is_space or "\n" in last.whitespace_:
        return last
    if not doc[after].text[:1].isalnum():
        return last  # a stop, a mark or a break the tokenizer kept: a sentence ends there
    return doc[after].sent[-1]


def _when(token: Token) -> bool:
    """Whether a phrase is a date or time: a preposition with one ("on Monday", "in July") or
    the date itself ("last week"). "During a clash", "before the election" say more than when."""
    if token.dep_ == "prep":
        objects = [c for c in token.children if c.dep_ == "pobj"]
        return bool(objects) and all(t.ent_type_ in ("DATE", "TIME") for t in objects[0].subtree)
    return token.dep_ == "npadvmod" and token.ent_type_ in ("DATE", "TIME")


def _before_time(first: Token, last: Token, heads: set[int]) -> Token:
    """The last token before a time phrase that ends the span and hangs on the cue or its
    object ("announced a ceasefire on Monday"): when it was said is not what was said. A time
    inside what was said stays ("a plan to rebuild the bridge by the end of the year")."""
    doc = first.doc
    for t in doc[first.i + 1 : last.i + 1]:
        ends = t.right_edge.i >= last.i and t.left_edge.i == t.i
        if ends and t.head.i in heads and _when(t):
            return doc[t.i - 1]
    return last


_RUN_STOPS = frozenset({"cc", "conj", "advcl", "ccomp", "mark"})
"""Words after an object that open a clause of their own: the object's run ends before them."""


def _opens_clause(token: Token, verb: Token) -> bool:
    """An auxiliary whose verb hangs on the cue: the start of the cue's own adverbial clause
    ("called him on Friday | to express gratitude")."""
    return token.dep_ == "aux" and token.head.head.i == verb.i and token.head.i != verb.i


def _names(verb: Token, lexicon: CueLexicon) -> bool:
    """Whether a naming verb names something or calls for it: an object predicate ("called
    the senator a liar"), the parser's apposition in its place, a quoted name after the
    object, or a preposition of what is called for ("called for talks")."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ in ("oprd", "ccomp") and child.i > verb.i:
            return True
        called_for = child.dep_ == "prep" and child.lower_ in lexicon.object_preps
        if called_for and child.i > verb.i and not _when(child):  # not "him on Friday"
            return True
        if child.dep_ == "dobj" and child.i > verb.i:
            if any(c.dep_ == "appos" for c in child.children):
                return True
            after = child.right_edge.i + 1
            if after < len(doc) and doc[after].text in ("\"", "“", "‘", "'", "''"):
                return True
    return False


def _apposed(first: Token, later: Token, lexicon: CueLexicon) -> bool:
    """Whether a later object follows a comma with no "and" or "or" up to its end: an
    apposition of the first, not the next item of a list ("a curfew, a ban and a law")."""
    doc = later.doc
    start = later.left_edge.i
    if later.dep_ != "dobj" or start == 0 or doc[start - 1].text != ",":
        return False
    words = doc[first.i : later.right_edge.i + 1]
    return not any(t.lower_ in lexicon.coordinators for t in words)


def around(cue: Token, first: Token, last: Token, text: str) -> Span:
    """The side of first..last around the cue's phrase ("X, he said, was", "..., according
    to Y") that holds the main verb of the sentence, else the longer side: what the phrase
    reports ("X would rise, according to Y, more than twice what ..." reports X)."""
    s_start, s_end = trimmed_span(first, last)
    p_start, p_end = subtree_chars(cue)
    before = text[s_start:p_start].rstrip(" ,")
    after = text[p_end:s_end].lstrip(" ,")
    root = first.sent.root if first.doc.has_annotation("DEP") else None
    if root is not None and root.pos_ in ("VERB", "AUX") and not p_start <= root.idx < p_end:
        take_after = root.idx >= p_end
    else:
        take_after = len(after) > len(before)
    if take_after:
        return (s_end - len(after), s_end)
    return (s_start, s_start + len(before))


def noun_phrase(head: Token) -> Span:
    """The characters of a noun phrase, without an aside after a comma that is about it rather
    than part of what was said ("Trump, who says he is honoured", "the plan, the latest in")."""
    return trimmed_span(head.left_edge, _before_aside(head.left_edge, head.right_edge))


def _before_aside(first: Token, last: Token) -> Token:
    """The last token before the first comma that opens a relative clause, an apposition or a
    participle, else last. A list ("women, minorities and families") runs on."""
    doc = first.doc
    for t in doc[first.i + 1 : last.i]:
        if t.text != ",":
            continue
        root = doc[t.i + 1]
        while t.i < root.head.i <= last.i and root.head.i != root.i:
            root = root.head
        listed = root.dep_ == "appos" and any(c.dep_ == "conj" for c in root.children)
        if root.dep_ in _ASIDES and not listed:  # "a curfew, a ban and a law" is a list
            return doc[t.i - 1]
    return last


_ASIDES = frozenset({"appos", "relcl", "acl", "advcl"})
"""How the words after a comma attach when they comment on the phrase rather than extend it."""


def trimmed(clause: Token) -> Span:
    """The characters of a clause, without its trailing punctuation."""
    return trimmed_span(clause.left_edge, clause.right_edge)


def trimmed_span(first: Token, last: Token) -> Span:
    """The characters from first to last token, without trailing punctuation."""
    doc = first.doc
    i, j = first.i, last.i
    while j > i and (doc[j].is_punct or doc[j].is_space) and doc[j].text not in _CLOSING:
        j -= 1  # the paragraph break's space token hangs on the sentence's last word
    while i < j and (doc[i].is_punct or doc[i].is_space):
        i += 1
    return (doc[i].idx, doc[j].idx + len(doc[j]))


def intention_content(verb: Token, lexicon: CueLexicon) -> Span | None:
    """The infinitive of an intention verb: "Kyiv wants to join the alliance"."""
    if verb.lemma_.lower() not in lexicon.intention_verbs:
        return None
    for child in verb.children:
        to = [a for a in child.children if a.dep_ == "aux" and a.lower_ == "to"]
        if child.dep_ == "xcomp" and child.i > verb.i and to:
            return trimmed_span(to[0], child.right_edge)
    return None


def topic_content(verb: Token, lexicon: CueLexicon) -> Span | None:
    """The prepositional object of a topic verb: "complained about the delay", "spoke of a new
    era". Times, places and outlets are where and when, not what ("spoke on Monday")."""
    if verb.lemma_.lower() not in lexicon.topic_verbs:
        return None
    return _prep_object(verb, lexicon.topic_preps, lexicon)


_NOT_TOPICS = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "ORG", "CARDINAL", "ORDINAL"})
"""Entity types of a prepositional object that say when, where or through whom, not what."""


def phrasal_content(verb: Token, lexicon: CueLexicon) -> Span | None:
    """What a phrasal cue reports: "pointed out that ...", "laid out her plan", "lashed out at
    the court". None unless the verb carries one of its particles."""
    particles = lexicon.phrasal_cues.get(verb.lemma_.lower(), ())
    if not any(c.dep_ == "prt" and c.lower_ in particles for c in verb.children):
        return None
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        return trimmed(clauses[-1])
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if objects:
        return noun_phrase(objects[0])
    return _prep_object(verb, lexicon.topic_preps | lexicon.phrasal_topic_preps, lexicon)


def noun_content(noun: Token, lexicon: CueLexicon) -> Span | None:
    """What a cue noun reports: its "that" clause ("the claim that ..."), or for a topic noun
    its infinitive ("a plan to annex") or prepositional object ("comments about the war")."""
    for c in noun.children:
        if c.dep_ in ("acl", "ccomp", "relcl") and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in c.children
        ):
            return trimmed_span(c.left_edge, c.right_edge)
    if noun.lemma_.lower() not in lexicon.topic_nouns:
        return None
    for c in noun.children:
        to = [a for a in c.children if a.dep_ == "aux" and a.lower_ == "to"]
        if c.dep_ == "acl" and to and c.i > noun.i:
            return trimmed_span(to[0], c.right_edge)
    return _prep_object(noun, lexicon.topic_preps | lexicon.noun_topic_preps, lexicon)


def stance_content(word: Token, lexicon: CueLexicon) -> Span | None:
    """What a stance adjective or predicate noun is about: "critical of the deal", "sure that
    ...", "willing to talk", "a fierce opponent of the treaty"."""
    clauses = [c for c in word.children if c.dep_ == "ccomp"]
    if clauses:
        return trimmed(clauses[-1])
    for c in word.children:
        to = [a for a in c.children if a.dep_ == "aux" and a.lower_ == "to"]
        if c.dep_ in ("xcomp", "acl") and to and c.i > word.i:
            return trimmed_span(to[0], c.right_edge)
    return _prep_object(word, lexicon.topic_preps | lexicon.stance_topic_preps, lexicon)


def _prep_object(word: Token, preps: frozenset[str], lexicon: CueLexicon) -> Span | None:
    """The object of the word's first preposition among preps that names a topic; a time or
    place is skipped ("complained on Monday about ...")."""
    for prep in word.children:
        if prep.dep_ != "prep" or prep.lower_ not in preps or prep.i < word.i:
            continue
        for obj in prep.children:
            if obj.dep_ not in ("pobj", "pcomp"):
                continue
            if obj.ent_type_ in _NOT_TOPICS or obj.lemma_.lower() in lexicon.topic_stop_objects:
                break
            return noun_phrase(obj)
    return None
