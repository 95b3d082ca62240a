"""One attack per clause that tells its own strike at its own place.

"18 people were killed in the Odesa region, six were killed in Brovary, and four were killed
after a shell hit a hospital in Vuhledar": the parser links the three clauses, so their triggers
first join one draft; here each clause with a subject of its own that names a place far from the
others' becomes its own draft, with the clause as its evidence, so that each figure goes to the
strike it is about. A clause that names no place stays with the clause it hangs on ("four were
killed and ten injured after a shell hit a hospital in Vuhledar" is one strike).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from spacy.tokens import Token

from sitrep.extract.events.draft import Draft
from sitrep.extract.events.triggers import Trigger
from sitrep.extract.parse import is_ancestor
from sitrep.geo.distance import distance_km
from sitrep.model import Place, Span

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_OWN_CLAUSE_DEPS = frozenset({"ROOT", "conj", "ccomp", "parataxis"})
_EDGE_TAGS = frozenset({"PUNCT", "CCONJ", "SCONJ"})
_GAP = re.compile(r"[\W_]*(?:\b(?:and|or|but)\b[\W_]*)?", re.IGNORECASE)

PlaceAt = Callable[[Iterable[Span]], Place | None]
"""The first place named inside some character spans, or None."""


def split_by_clause(draft: Draft, place_at: PlaceAt, km: float) -> list[Draft]:
    """The draft as one draft per clause that places its own strike, or unchanged."""
    if len(draft.triggers) < 2 or not draft.is_assault:
        return [draft]
    groups: dict[int, list[Trigger]] = {}
    for trig in draft.triggers:
        groups.setdefault(_clause_head(trig.token).i, []).append(trig)
    if len(groups) < 2:
        return [draft]
    doc = draft.head.token.doc
    heads = sorted(groups)
    spans = {h: _clause_spans(doc[h], [doc[o] for o in heads if o != h]) for h in heads}
    places = {h: place_at(spans[h]) for h in heads}
    placed = [h for h in heads if places[h] is not None]
    if len(placed) < 2 or not _apart([p for h in placed if (p := places[h]) is not None], km):
        return [draft]
    # A clause that places nothing goes on in the placed clause joined to it ("four were killed
    # and ten injured after a shell hit Vuhledar"), else with the one it hangs on, else the one
    # before it.
    owner: dict[int, int] = {}
    for h in heads:
        if h in placed:
            owner[h] = h
            continue
        joined = [p for p in placed if doc[p].head.i == h and doc[p].dep_ == "conj"]
        above = [p for p in placed if is_ancestor(doc[p], doc[h])]
        before = [p for p in placed if p < h]
        if joined:
            owner[h] = joined[0]
        elif above:
            owner[h] = max(above)
        else:
            owner[h] = before[-1] if before else placed[0]
    out: list[Draft] = []
    for h in placed:
        triggers = [t for o in heads if owner[o] == h for t in groups[o]]
        head = next((t for t in triggers if not t.entry.consequence), triggers[0])
        clauses = [s for o in heads if owner[o] == h for s in spans[o]]
        out.append(Draft(head, triggers, list(draft.sentences), status=draft.status,
                         clauses=_joined(sorted(clauses), doc.text)))
    return out


def _joined(spans: list[Span], text: str) -> list[Span]:
    """Spans of one clause that only punctuation or a conjunction separates, as one."""
    out: list[Span] = []
    for lo, hi in spans:
        if out and _GAP.fullmatch(text[out[-1][1] : lo]):
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def narrow_to_clauses(drafts: list[Draft]) -> None:
    """Once a sentence's strikes are told apart, an attack of it still told by the whole
    sentence gets its own clause too ("..., and 12 were killed in Dnipro")."""
    if not any(d.clauses for d in drafts):
        return
    attacks = [d for d in drafts if d.is_assault]
    heads = {id(d): _clause_head(d.head.token) for d in attacks}
    for draft in attacks:
        if draft.clauses:
            continue
        mine = heads[id(draft)]
        others = [h for k, h in heads.items() if k != id(draft) and h.i != mine.i]
        others += [_clause_head(t.token) for d in attacks if d.clauses for t in d.triggers]
        draft.clauses = _joined(_clause_spans(mine, [o for o in others if o.i != mine.i]),
                                mine.doc.text)


def _clause_head(token: Token) -> Token:
    """The verb of the clause a trigger belongs to: the first verb above it (or itself) that
    heads a clause of its own (coordinated or reported, with its own subject), else the
    sentence's root. A relative or adverbial clause ("attacks that killed dozens", "after a
    shell hit a hospital") tells the same strike."""
    current = token
    while True:
        if (
            current.pos_ in ("VERB", "AUX")
            and current.dep_ in _OWN_CLAUSE_DEPS
            and any(c.dep_ in _SUBJECT_DEPS for c in current.children)
        ):
            return current
        if current.head.i == current.i:
            return current
        current = current.head


def token_runs(tokens: Iterable[Token]) -> list[list[Token]]:
    """Tokens in document order, grouped into runs of adjacent tokens (a phrase with a clause
    taken out of it is two runs)."""
    runs: list[list[Token]] = []
    for tok in tokens:
        if runs and runs[-1][-1].i == tok.i - 1:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return runs


def _clause_spans(head: Token, others: list[Token]) -> list[Span]:
    """The character spans of a clause: its head's phrase without the other clauses in it."""
    inner = {t.i for o in others if is_ancestor(head, o) for t in o.subtree}
    own = [t for t in head.subtree if t.i not in inner]
    spans: list[Span] = []
    for run in token_runs(own):
        while run and run[0].pos_ in _EDGE_TAGS:
            run = run[1:]
        while run and run[-1].pos_ in _EDGE_TAGS:
            run = run[:-1]
        if run:
            spans.append((run[0].idx, run[-1].idx + len(run[-1])))
    return spans


def _apart(places: list[Place], km: float) -> bool:
    """Whether the clauses' places are not all one place (or within ``km`` of each other)."""
    first = places[0]
    for other in places[1:]:
        if other.name == first.name:
            continue
        if None in (first.lat, first.lon, other.lat, other.lon):
            return True
        assert first.lat is not None and first.lon is not None
        assert other.lat is not None and other.lon is not None
        if distance_km(first.lat, first.lon, other.lat, other.lon) > km:
            return True
    return False
