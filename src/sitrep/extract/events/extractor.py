"""Events: PLOVER type and mode, ACLED type, actors, date, place, counts, status, evidence.

The cascade for one article: triggers per sentence (events_triggers) -> attack triggers of one
clause merged into one event -> counts read per sentence (counts) and given to the event whose
trigger governs them; a sentence that only states a toll or casualties joins the attack told next
to it -> roles (events_roles), status (status), date and place (events_context) per event.

Coding decisions (PLOVER 0.8 as CAMEO2PLOVER-2021 maps CAMEO): the mode and ACLED types are
chosen in sitrep.extract.events.coding and .acled (ACLED's codebook); here:
- dismissing an official is COERCE; "X must do Y" said by someone is REQUEST; a refused positive
  act ("will not negotiate", "failed to reach agreement") is REJECT; an announced act with an
  "unless" condition is THREATEN.
"""

from __future__ import annotations

from types import MappingProxyType

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep.extract.counts.extractor import CountReader
from sitrep.extract.counts.mention import CountMention
from sitrep.extract.counts.tally import add_figures, latest_tolls
from sitrep.extract.events.asserted import content_status, is_question, is_running_total
from sitrep.extract.events.attacker import article_attacker
from sitrep.extract.events.choice import RoleChooser
from sitrep.extract.events.coding import Arguments, clause_words, code_event
from sitrep.extract.events.context import Context, Told, sentence_units
from sitrep.extract.events.coreference import antecedent, other_site, part_of, same_patient
from sitrep.extract.events.draft import Draft, governed, score_confidence
from sitrep.extract.events.lexicon import EventLexicon, load_event_lexicon
from sitrep.extract.events.roles import RoleReader
from sitrep.extract.events.split import narrow_to_clauses, split_by_clause
from sitrep.extract.events.status import event_status, negated_directly
from sitrep.extract.events.topics import is_topic
from sitrep.extract.events.triggers import Trigger, find_triggers
from sitrep.extract.parse import depth, is_ancestor
from sitrep.extract.quotes.lexicon import CueLexicon
from sitrep.geo.distance import distance_km
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
_HARMED = frozenset({"killed", "injured"})
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
        self.chooser = RoleChooser.load()

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
        roles = RoleReader(self.lex, actors, article.dateline_span, quotes, self.cues, places,
                           self.chooser, article_attacker(doc, self.lex))
        sentences = [s for s in sentence_units(doc) if not _in_heading(s, article)]
        context = Context(article, places, times, sentences, self.lex.roles.place_openers)
        drafts: list[Draft] = []
        topics: list[Draft] = []
        pending: list[tuple[int, list[CountMention]]] = []
        tolls: set[Count] = set()
        for n, sent in enumerate(sentences):
            here = self._sentence_drafts(sent, roles, context, published)
            orphans = self._give_counts(sent, here, tolls)
            if is_question(sent):
                continue
            # A toll of the war to date is dropped with its figures, never given to an attack.
            here = [d for d in here if not is_running_total(d, self.lex.war_nouns)]
            for draft in here:
                draft.status = content_status(draft, here) or draft.status
            merged = self._join_previous(here, drafts, topics, sentences, n, roles, context)
            for draft in here:
                if draft not in merged:
                    topic = is_topic(draft, here, roles, context, self.lex)
                    (topics if topic else drafts).append(draft)
            if orphans:
                pending.append((n, orphans))
        self._place_orphans(pending, drafts, sentences, tolls)
        drafts.sort(key=lambda d: (d.sentences[0].start, d.head.token.i))
        context.note_events(
            Told(d.head.token, tuple(d.sentences), d.head.entry.type, d.head.entry.family)
            for d in drafts
        )
        direct = [(q.start, q.end) for q in quotes if q.kind == "direct"]
        return tuple(
            self._event(f"{article.id}:{i}", d, roles, context, published, direct,
                        governed(d, drafts))
            for i, d in enumerate(drafts)
        )

    def _sentence_drafts(
        self, sent: SpacySpan, roles: RoleReader, context: Context, published: int | None
    ) -> list[Draft]:
        """One draft per event of the sentence: attack triggers of one clause merged."""
        drafts: list[Draft] = []
        triggers = sorted(find_triggers(sent, self.lex), key=lambda t: depth(t.token))
        for trig in triggers:
            status = event_status(
                trig.token,
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
        # One attack per sentence unless another actor, target or place is named for a second.
        attacks = [d for d in drafts if d.is_assault]
        for other in attacks[1:]:
            main = attacks[0]
            if (
                other.status == main.status
                and self._same_actor(other, main, roles)
                and self._same_target(other, main, roles)
                and _same_place(other, main, context, self.lex.same_place_km)
            ):
                main.absorb(other)
                drafts.remove(other)
        km = self.lex.same_place_km
        parts = [part for d in drafts for part in split_by_clause(d, context.place_at, km)]
        narrow_to_clauses(parts)
        return parts

    def _joins(self, trig: Trigger, draft: Draft) -> bool:
        """Whether a trigger describes the same event as a draft of its sentence."""
        same_family = trig.entry.family == "assault" and draft.is_assault
        same_type = trig.entry.type == draft.head.entry.type
        if same_family:
            return any(
                _linked(trig.token, other.token, self.lex.say_verbs, direct=False)
                for other in draft.triggers
            )
        return same_type and any(
            part_of(trig.token, other.token, self.lex.say_verbs) for other in draft.triggers
        )

    def _same_actor(self, draft: Draft, host: Draft, roles: RoleReader) -> bool:
        """Whether a draft names no actor1 of its own, or the same one as the host."""
        agent, _ = roles.roles(draft.head.token)
        mine = roles.actor(agent)
        if mine is None:
            return True
        theirs = roles.actor(roles.roles(host.head.token)[0])
        return theirs is not None and (mine.country, mine.name) == (theirs.country, theirs.name)

    def _same_target(self, draft: Draft, host: Draft, roles: RoleReader) -> bool:
        """Whether two attacks of a sentence can be one: 'an attack on the plant, as forces
        stepped up strikes on civilian areas' names two targets, two attacks; a toll ('killing
        12') names its victims, not another target."""
        if draft.consequence_only or host.consequence_only:
            return True
        mine = roles.roles(draft.head.token)[1]
        return same_patient(mine, roles.roles(host.head.token)[1], self.lex.pronouns)

    def _give_counts(
        self, sent: SpacySpan, drafts: list[Draft], tolls: set[Count]
    ) -> list[CountMention]:
        """Attach each count to the draft it is about; return casualty counts left over, and
        note new tolls ("rose to 19"). The parts of one sentence stay apart ('18 killed in
        Odesa, six in Brovary'): never summed."""
        orphans: list[CountMention] = []
        for mention in self.counts(sent):
            if mention.revises:
                tolls.add(mention.count)
            draft = self._owner(mention, drafts)
            if draft is None:
                if mention.count.kind in _CASUALTY_KINDS:
                    orphans.append(mention)
                continue
            # 'other' counts things; people no predicate types are counted only as those who
            # took part in the event ("thousands of Kurds demonstrated"), never as the scene
            # ("a kindergarten where 50 children were sheltering was hit").
            if (
                mention.count.kind == "other"
                and mention.people
                and mention.predicate not in draft.tokens()
            ):
                continue
            draft.counts.append(mention.count)
        return orphans

    def _owner(self, mention: CountMention, drafts: list[Draft]) -> Draft | None:
        """The draft whose trigger the count is an argument of, else the nearest one that
        governs its predicate, else the nearest attack for a casualty count."""
        kind = mention.count.kind
        if not drafts:
            return None
        if mention.predicate is not None:
            for draft in drafts:
                if mention.predicate in draft.tokens():
                    return draft
            pred = drafts[0].head.token.doc[mention.predicate]
            # The dead and wounded of an attack governed by another event ("arrested the man
            # accused of killing three people") are the attack's, never that event's.
            governing = [d for d in drafts if d.is_assault or kind not in _HARMED]
            for draft in sorted(governing, key=lambda d: -depth(d.head.token)):
                if any(is_ancestor(t.token, pred) for t in draft.triggers):
                    return draft
        if kind in _CASUALTY_KINDS:
            return _nearest([d for d in drafts if d.is_assault], mention.start)
        if kind == "arrested":
            return _nearest([d for d in drafts if d.head.entry.mode == "arrest"], mention.start)
        return None

    def _join_previous(
        self,
        here: list[Draft],
        done: list[Draft],
        topics: list[Draft],
        sentences: list[SpacySpan],
        n: int,
        roles: RoleReader,
        context: Context,
    ) -> list[Draft]:
        """An attack told on with no new actor or place ('12 were killed', 'The city was hit
        twice') is the attack of the sentence before, not a new one; a definite description
        ('the summit', 'these sanctions', 'Monday's attack') is the event it refers to, even one
        told before only as what another event was about ('visit the site of a missile strike'),
        which it then makes an event of its own."""
        merged: list[Draft] = []
        told = sorted(done + topics, key=lambda d: (d.sentences[0].start, d.head.token.i))
        for draft in here:
            earlier = antecedent(draft, told, roles, context, self.lex)
            if earlier is not None:
                earlier.absorb(draft)
                merged.append(draft)
                if earlier in topics:
                    topics.remove(earlier)
                    done.append(earlier)
        previous = self._previous_attack(done, sentences, n)
        if previous is None:
            return merged
        for draft in here:
            if draft in merged or not draft.is_assault or draft.status != previous.status:
                continue
            if draft.clauses:
                continue  # one of several strikes the sentence tells apart, each its own
            agent, _ = roles.roles(draft.head.token)
            if agent is not None and roles.names_new_agent(agent, previous.head.token):
                continue
            mine = context.local_place(draft.head.token)
            # The attack before is where its own sentences place it ("the city", named before).
            theirs = context.local_place(previous.head.token) or context.told_place(
                previous.head.token, previous.sentences)
            if mine is not None and theirs is not None and mine.name != theirs.name:
                continue
            if other_site(draft, previous, context):
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
        pending: list[tuple[int, list[CountMention]]],
        drafts: list[Draft],
        sentences: list[SpacySpan],
        tolls: set[Count],
    ) -> None:
        """'The death toll rose to 19': a stated toll belongs to the attack next to it, and a
        new toll replaces the figures of its kind told before it."""
        for n, mentions in pending:
            near = [s.start for s in sentences[max(0, n - 1) : n + 2]]
            # An attack told again in a later sentence is next to that sentence too.
            attacks = [d for d in drafts
                       if d.is_assault and any(s.start in near for s in d.sentences)]
            if not attacks:
                continue
            sent_start = sentences[n].start
            before = [d for d in attacks if d.sentences[0].start <= sent_start]
            owner = before[-1] if before else attacks[0]
            if owner.clauses and sentences[n] not in owner.sentences:
                continue  # a toll beside several strikes told apart is none of theirs alone
            owner.counts = add_figures(owner.counts, [m.count for m in mentions])
            if sentences[n] not in owner.sentences:
                owner.sentences.append(sentences[n])
        for draft in drafts:
            draft.counts = latest_tolls(draft.counts, tolls)

    def _event(
        self,
        event_id: str,
        draft: Draft,
        roles: RoleReader,
        context: Context,
        published: int | None,
        direct: list[tuple[int, int]],
        under_other: bool,
    ) -> Event:
        trig = draft.head.token
        entry = draft.head.entry
        actor1, actor2 = roles.event_actors(draft)
        if draft.topic_of is not None and actor1 is not None:
            # Who condemns the shelling of Kherson did not shell it.
            theirs = roles.actor(roles.roles(draft.topic_of)[0])
            if theirs is not None and (theirs.name, theirs.country) == (actor1.name,
                                                                        actor1.country):
                actor1 = None
        agent, patient = roles.roles(trig)
        # A state named as actor without a sector: its forces in an attack, else its government.
        if actor1 is not None and actor1.sector is None and actor1.country is not None:
            actor1 = EventActor(actor1.name, actor1.country, "MIL" if draft.is_assault else "GOV")
        if actor2 is not None and actor2.sector is None and actor2.country is not None:
            actor2 = EventActor(actor2.name, actor2.country, "GOV")
        kind = (entry.type, entry.family)
        own = [t.token for t in draft.triggers]
        when = context.date(trig, own, draft.sentences, draft.status, kind)
        place = context.place(trig, own, draft.sentences, kind)
        actor1, actor2 = roles.placed(draft, (actor1, actor2), place)
        status = draft.status
        event_type = entry.type
        if (
            status == "negated"
            and event_type in _POSITIVE
            and negated_directly(trig, self.lex.status)
        ):
            # "would not accept conditions", "will not negotiate": a refusal (PLOVER REJECT).
            event_type = "REJECT"
            status = event_status(
                trig,
                self.lex.status,
                own_type=event_type,
                published_year=published,
                refusal=True,
            )
        if status == "planned" and _conditional_on_other(trig, self.lex.status.threat_conditions):
            # "will withdraw its force unless ...": an announced action with a condition is a
            # threat (PLOVER THREATEN), its mode the kind of action threatened.
            event_type, status = "THREATEN", "threatened"
        if event_type == "MOBILIZE" and clause_words(draft) & self.lex.peacekeeping_words:
            # "sent 200 troops as a peacekeeping force": protection given (PLOVER AID, CAMEO 074).
            event_type = "AID"
        args = Arguments(agent, patient, actor1, actor2, place.country if place else None)
        mode, acled = code_event(draft, event_type, args, self.lex)
        if event_type == "AID" and entry.type == "MOBILIZE":
            mode = "peacekeeping"
        place = context.home_place(entry.type, actor1, place)
        if event_type == "THREATEN" and entry.type != "THREATEN":
            mode = _THREAT_MODES.get(entry.type, "relations")
        evidence = draft.evidence()
        confidence = score_confidence(
            draft, actor1, actor2, place is not None, direct, under_other
        )
        return Event(
            id=event_id,
            type=event_type,
            mode=mode,
            acled_event_type=acled[0] if acled else None,
            acled_sub_event_type=acled[1] if acled else None,
            actor1=actor1,
            actor2=actor2,
            date=when.value,
            date_precision=when.precision,
            place=place,
            counts=tuple(draft.counts),
            status=status,
            evidence=evidence,
            confidence=confidence,
            date_source=when.source,
        )

def _same_place(draft: Draft, host: Draft, context: Context, km: float) -> bool:
    """'18 were killed in Odesa, six in Brovary': attacks told in one sentence at places far
    apart are two attacks; a district of the city struck is the same place."""
    mine = context.local_place(draft.head.token)
    theirs = context.local_place(host.head.token)
    if mine is None or theirs is None or mine.name == theirs.name:
        return True
    if mine.lat is None or mine.lon is None or theirs.lat is None or theirs.lon is None:
        return False
    return distance_km(mine.lat, mine.lon, theirs.lat, theirs.lon) <= km


def _conditional_on_other(trig: Token, conditions: frozenset[str]) -> bool:
    """Whether the trigger's clause carries an 'unless' condition."""
    return any(t.lower_ in conditions for t in trig.subtree)


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


def _nearest(drafts: list[Draft], index: int) -> Draft | None:
    """The draft whose trigger stands nearest a token (the first on a tie)."""
    return min(drafts, key=lambda d: abs(d.head.token.i - index), default=None)


def _in_heading(sent: SpacySpan, article: Article) -> bool:
    return any(lo <= sent.start_char and sent.end_char <= hi + 1 for lo, hi in article.headings)
