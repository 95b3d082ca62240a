"""Events: PLOVER type and mode, ACLED type, actors, date, place, counts, status, evidence.

The cascade for one article: triggers per sentence (events_triggers) -> attack triggers of one
clause merged into one event -> counts read per sentence (counts) and given to the event whose
trigger governs them; a sentence that only states a toll or casualties joins the attack told next
to it -> roles (events_roles), status (status), date and place (events_context) per event.

Coding decisions (PLOVER 0.8 as CAMEO2PLOVER-2021 maps CAMEO; ACLED's codebook):
- prisoner and remains exchanges are COOPERATE, ACLED "Strategic developments / Agreement";
  the remains are a count of bodies, never of the killed;
- missiles, rockets and shelling are mode heavy-weapons, ACLED "Shelling/artillery/missile
  attack"; aircraft and drones are mode aerial, "Air/drone strike"; shooting down drones or
  missiles is ASSAULT aerial, "Strategic developments / Disrupted weapons use";
- an attack on civilians with no remote means is "Violence against civilians / Attack", one
  between armed sides "Battles / Armed clash";
- dismissing an official is COERCE; "X must do Y" said by someone is REQUEST; a refused positive
  act ("will not negotiate", "failed to reach agreement") is REJECT; an announced act with an
  "unless" condition is THREATEN.
"""

from __future__ import annotations

from types import MappingProxyType

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep.extract.counts.extractor import CountMention, CountReader
from sitrep.extract.events.context import Context, clause_span, sentence_units
from sitrep.extract.events.draft import Draft, mode_and_acled, score_confidence
from sitrep.extract.events.lexicon import EventLexicon, load_event_lexicon
from sitrep.extract.events.roles import RoleReader
from sitrep.extract.events.status import event_status, negated_directly
from sitrep.extract.events.triggers import Trigger, find_triggers
from sitrep.extract.parse import depth, is_ancestor
from sitrep.extract.quotes.lexicon import CueLexicon
from sitrep.model import (
    Actor,
    Article,
    Count,
    Event,
    EventActor,
    Place,
    Quote,
    TimeMention,
)

_CASUALTY_KINDS = frozenset({"killed", "injured", "missing", "abducted", "displaced", "affected"})
_DISRUPTED = ("Strategic developments", "Disrupted weapons use")
_POSITIVE = frozenset({"AGREE", "SUPPORT", "COOPERATE", "CONSULT", "CONCEDE"})
_THREAT_MODES = MappingProxyType(
    {"ASSAULT": "violence", "SANCTION": "restrict", "COERCE": "restrict"}
)


class EventExtractor:
    """The events of one article, from its parse and its other mentions."""

    def __init__(self, lexicon: EventLexicon | None = None) -> None:
        self.lex = lexicon or load_event_lexicon()
        self.counts = CountReader()
        self.cues = CueLexicon.load()

    def __call__(
        self,
        doc: Doc,
        article: Article,
        actors: tuple[Actor, ...],
        places: tuple[Place, ...],
        times: tuple[TimeMention, ...],
        quotes: tuple[Quote, ...],
    ) -> tuple[Event, ...]:
        """Every event the article reports, plans, threatens or denies, in text order."""
        if len(doc) == 0:
            return ()
        published = article.published.year if article.published else None
        roles = RoleReader(self.lex, actors, article.dateline_span, quotes, self.cues, places)
        sentences = [s for s in sentence_units(doc) if not _in_heading(s, article)]
        context = Context(article, places, times, sentences, self.lex.roles.place_openers)
        drafts: list[Draft] = []
        pending: list[tuple[int, list[Count]]] = []
        for n, sent in enumerate(sentences):
            here = self._sentence_drafts(sent, roles, published)
            orphans = self._give_counts(sent, here)
            merged = self._join_previous(here, drafts, sentences, n, roles, context)
            drafts.extend(d for d in here if d not in merged and not self._is_topic(d, roles, here))
            if orphans:
                pending.append((n, orphans))
        self._place_orphans(pending, drafts, sentences)
        drafts.sort(key=lambda d: (d.sentences[0].start, d.head.token.i))
        direct = [(q.start, q.end) for q in quotes if q.kind == "direct"]
        return tuple(
            self._event(f"{article.id}:{i}", d, roles, context, published, direct)
            for i, d in enumerate(drafts)
        )

    def _sentence_drafts(
        self, sent: SpacySpan, roles: RoleReader, published: int | None
    ) -> list[Draft]:
        """One draft per event of the sentence: attack triggers of one clause merged."""
        drafts: list[Draft] = []
        triggers = sorted(find_triggers(sent, self.lex), key=lambda t: depth(t.token))
        for trig in triggers:
            status = event_status(
                _status_anchor(trig.token),
                self.lex.status,
                own_type=trig.entry.type,
                published_year=published,
            )
            host = next((d for d in drafts if d.status == status and self._joins(trig, d)), None)
            if host is None:
                drafts.append(Draft(trig, [trig], [sent], status=status))
            else:
                host.triggers.append(trig)
                if host.head.entry.consequence and not trig.entry.consequence:
                    host.head = trig
        # One attack per sentence unless another actor is named for a second one.
        attacks = [d for d in drafts if d.is_assault]
        for other in attacks[1:]:
            main = attacks[0]
            if other.status == main.status and self._same_actor(other, main, roles):
                main.absorb(other)
                drafts.remove(other)
        return drafts

    def _joins(self, trig: Trigger, draft: Draft) -> bool:
        """Whether a trigger describes the same event as a draft of its sentence."""
        same_family = trig.entry.family == "assault" and draft.is_assault
        same_type = trig.entry.type == draft.head.entry.type
        if not (same_family or same_type):
            return False
        return any(
            _linked(trig.token, other.token, self.lex.say_verbs, direct=not same_family)
            for other in draft.triggers
        )

    def _same_actor(self, draft: Draft, host: Draft, roles: RoleReader) -> bool:
        """Whether a draft names no actor1 of its own, or the same one as the host."""
        agent, _ = roles.roles(draft.head.token)
        mine = roles.actor(agent)
        if mine is None:
            return True
        theirs = roles.actor(roles.roles(host.head.token)[0])
        return theirs is not None and (mine.country, mine.name) == (theirs.country, theirs.name)

    def _is_topic(self, draft: Draft, roles: RoleReader, here: list[Draft]) -> bool:
        """'protested against the mobilisation', 'accused of sabotaging the talks': a noun that
        is only the topic of another event, with no actor or figure of its own, is no event."""
        tok = draft.head.token
        if tok.pos_ not in ("NOUN", "PROPN") or draft.counts:
            return False
        others = {t.token.i for d in here if d is not draft for t in d.triggers}
        current = tok
        for _ in range(4):
            if current.head.i == current.i or current.lower_ in self.lex.roles.time_preps:
                return False
            current = current.head
            if current.i in others:
                agent, patient = roles.roles(tok)
                return roles.actor(agent) is None and roles.actor(patient) is None
        return False

    def _give_counts(self, sent: SpacySpan, drafts: list[Draft]) -> list[Count]:
        """Attach each count to the draft that governs it; return casualty counts left over."""
        orphans: list[Count] = []
        for mention in self.counts(sent):
            draft = self._owner(mention, drafts)
            if draft is not None:
                draft.counts.append(mention.count)
            elif mention.count.kind in _CASUALTY_KINDS:
                orphans.append(mention.count)
        return orphans

    def _owner(self, mention: CountMention, drafts: list[Draft]) -> Draft | None:
        kind = mention.count.kind
        if mention.predicate is not None:
            doc = drafts[0].head.token.doc if drafts else None
            for draft in drafts:
                if mention.predicate in draft.tokens():
                    return draft
            if doc is not None:
                pred = doc[mention.predicate]
                for draft in sorted(drafts, key=lambda d: -depth(d.head.token)):
                    if any(is_ancestor(t.token, pred) for t in draft.triggers):
                        return draft
        if kind in _CASUALTY_KINDS:
            return next((d for d in drafts if d.is_assault), None)
        if kind == "arrested":
            return next((d for d in drafts if d.head.entry.mode == "arrest"), None)
        return None

    def _join_previous(
        self,
        here: list[Draft],
        done: list[Draft],
        sentences: list[SpacySpan],
        n: int,
        roles: RoleReader,
        context: Context,
    ) -> list[Draft]:
        """An attack told on with no new actor or place ('12 were killed', 'The city was hit
        twice') is the attack of the sentence before, not a new one."""
        previous = self._previous_attack(done, sentences, n)
        if previous is None:
            return []
        merged: list[Draft] = []
        for draft in here:
            if not draft.is_assault or draft.status != previous.status:
                continue
            agent, _ = roles.roles(draft.head.token)
            if agent is not None and roles.names_new_agent(agent, previous.head.token):
                continue
            mine = context.local_place(draft.head.token)
            theirs = context.local_place(previous.head.token)
            if mine is not None and theirs is not None and mine.name != theirs.name:
                continue
            previous.absorb(draft)
            merged.append(draft)
        return merged

    def _previous_attack(
        self, done: list[Draft], sentences: list[SpacySpan], n: int
    ) -> Draft | None:
        """The last attack told in the two sentences before this one, if any."""
        if n == 0:
            return None
        lo = sentences[max(0, n - 2)].start
        candidates = [
            d
            for d in done
            if d.is_assault and d.sentences[-1].start >= lo and d.head.entry.acled != _DISRUPTED
        ]
        return candidates[-1] if candidates else None

    def _place_orphans(
        self,
        pending: list[tuple[int, list[Count]]],
        drafts: list[Draft],
        sentences: list[SpacySpan],
    ) -> None:
        """'The death toll rose to 19': a stated toll belongs to the attack next to it."""
        for n, counts in pending:
            near = [s.start for s in sentences[max(0, n - 1) : n + 2]]
            attacks = [d for d in drafts if d.is_assault and d.sentences[0].start in near]
            if not attacks:
                continue
            sent_start = sentences[n].start
            before = [d for d in attacks if d.sentences[0].start <= sent_start]
            owner = before[-1] if before else attacks[0]
            owner.counts.extend(counts)
            if sentences[n] not in owner.sentences:
                owner.sentences.append(sentences[n])

    def _event(
        self,
        event_id: str,
        draft: Draft,
        roles: RoleReader,
        context: Context,
        published: int | None,
        direct: list[tuple[int, int]],
    ) -> Event:
        trig = draft.head.token
        entry = draft.head.entry
        sent = draft.sentences[0]
        actor1, actor2 = roles.event_actors(draft)
        mode, acled = mode_and_acled(draft, self.lex, actor1, actor2)
        # A state named as actor without a sector: its forces in an attack, else its government.
        if actor1 is not None and actor1.sector is None and actor1.country is not None:
            actor1 = EventActor(actor1.name, actor1.country, "MIL" if draft.is_assault else "GOV")
        if actor2 is not None and actor2.sector is None and actor2.country is not None:
            actor2 = EventActor(actor2.name, actor2.country, "GOV")
        clause = clause_span(trig)
        date, precision = context.date(clause, (sent.start_char, sent.end_char), trig.idx)
        place = context.place(clause, sent, trig.idx)
        actor1, actor2 = roles.placed(draft, (actor1, actor2), place)
        status = draft.status
        event_type = entry.type
        if (
            status == "negated"
            and event_type in _POSITIVE
            and negated_directly(_status_anchor(trig), self.lex.status)
        ):
            # "would not accept conditions", "will not negotiate": a refusal (PLOVER REJECT).
            event_type = "REJECT"
            status = event_status(
                _status_anchor(trig),
                self.lex.status,
                own_type=event_type,
                published_year=published,
                ignore_negation=True,
            )
        if status == "planned" and _conditional_on_other(trig, self.lex.status.threat_conditions):
            # "will withdraw its force unless ...": an announced action with a condition is a
            # threat (PLOVER THREATEN), its mode the kind of action threatened.
            mode = _THREAT_MODES.get(event_type, "relations")
            event_type, acled, status = "THREATEN", None, "reported"
        evidence = tuple(sorted({_trimmed(s) for s in draft.sentences}))
        confidence = score_confidence(draft, actor1, actor2, place is not None, direct)
        return Event(
            id=event_id,
            type=event_type,
            mode=mode,
            acled_event_type=acled[0] if acled else None,
            acled_sub_event_type=acled[1] if acled else None,
            actor1=actor1,
            actor2=actor2,
            date=date,
            date_precision=precision,
            place=place,
            counts=_dedupe(draft.counts),
            status=status,
            evidence=evidence,
            confidence=confidence,
        )

def _conditional_on_other(trig: Token, conditions: frozenset[str]) -> bool:
    """Whether the trigger's clause carries an 'unless' condition."""
    return any(t.lower_ in conditions for t in trig.subtree)


def _status_anchor(trig: Token) -> Token:
    """A noun trigger takes its status from the verb it is an argument of ('talks will resume')."""
    if (
        trig.pos_ in ("NOUN", "PROPN")
        and trig.dep_ in ("nsubj", "nsubjpass", "dobj")
        and trig.head.pos_ in ("VERB", "AUX", "ADJ")
    ):
        return trig.head
    return trig


def _linked(a: Token, b: Token, say_verbs: frozenset[str], *, direct: bool) -> bool:
    """Whether two triggers are one is governed by the other (not through a reporting verb)."""
    lo, hi = (a, b) if is_ancestor(a, b) else (b, a)
    if not is_ancestor(lo, hi):
        return False
    if direct:
        return hi.head.i == lo.i and hi.dep_ in (
            "dobj",
            "nsubj",
            "nsubjpass",
            "compound",
            "pobj",
            "conj",
            "amod",
        )
    current = hi.head
    while current.i != lo.i:
        if current.lemma_ in say_verbs:
            return False
        current = current.head
    return hi.dep_ != "ccomp" or lo.lemma_ not in say_verbs


def _dedupe(counts: list[Count]) -> tuple[Count, ...]:
    seen: set[tuple[str, int, str | None]] = set()
    out: list[Count] = []
    for c in counts:
        key = (c.kind, c.value, c.noun)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return tuple(out)


def _trimmed(sent: SpacySpan) -> tuple[int, int]:
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return start, sent.start_char + len(text.rstrip())


def _in_heading(sent: SpacySpan, article: Article) -> bool:
    return any(lo <= sent.start_char and sent.end_char <= hi + 1 for lo, hi in article.headings)
