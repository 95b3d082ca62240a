"""People: the name without its office, the office as a title ("Kremlin spokesman"), short names.

A title is read from the parse: the compounds and modifiers before the name ("Deputy Foreign
Minister Anna Kovalenko"), or an apposition after or before it ("Oleh Syniehubov, the regional
governor"). States and demonyms in it give the person's country and are left out of the title.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from sitrep.extract.actors.groups import entity_text
from sitrep.extract.actors.lexicon import ActorLexicon, person_key

_TITLE_DEPS = frozenset({"compound", "amod", "poss", "case", "nmod", "nummod", "punct"})
_MAX_TITLE_TOKENS = 7


@dataclass(frozen=True, slots=True)
class Office:
    """What the words around a name say about the person."""

    title: str | None
    country: str | None
    sector: str | None
    start: int
    """Token offsets of the title, so that its words ("Kremlin") are not actors of their own."""
    end: int


def name_tokens(ent: Span, lexicon: ActorLexicon) -> Span:
    """The name inside a PERSON entity, without a leading office or honorific and a trailing 's."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end - 1 and (
        doc[start].lower_ in lexicon.titles or doc[start].lower_ in lexicon.honorifics
    ):
        start += 1
    while end > start + 1 and doc[end - 1].lower_ in ("'s", "’s", "'"):
        end -= 1
    return doc[start:end]


def office_of(name: Span, lexicon: ActorLexicon, title_words: frozenset[str]) -> Office | None:
    """The office written next to a name, if one is."""
    tokens = _before(name, title_words) or _apposition(name, title_words)
    if not tokens:
        return None
    country = _of_country(name, lexicon)
    org_sector: str | None = None
    words: list[str] = []
    for tok in tokens:
        iso3 = lexicon.country_of(tok.text)
        if (
            tok.dep_ == "det"
            or tok.tag_ == "PRP$"  # "his Turkish counterpart": whose, not what office
            or tok.lower_ in ("'s", "’s", ",")
            or (tok.is_punct and tok.text != "-")
        ):
            continue
        if iso3 and tok.ent_type_ in ("GPE", "NORP", ""):
            country = country or iso3
            continue
        org = lexicon.organizations.get(tok.text)
        if org is not None:
            country = country or org.country or org.seat_of
            org_sector = org.sector
            words.append(tok.text)
        elif tok.lower_ in lexicon.title_abbreviations:
            words.append(lexicon.title_abbreviations[tok.lower_])
        elif tok.lower_ in lexicon.title_modifiers or tok.lower_ in title_words:
            words.append(tok.lower_)
        else:
            words.append(tok.text)  # a body or party named in the title ("Azov", "Republican")
    title = " ".join(words).replace(" - ", "-").strip() or None
    if title is None or not any(w.lower() in title_words for w in title.split()):
        return None
    sector = _sector(title, lexicon)
    if org_sector in ("REB", "IGO", "NGO", "MED", "BUS", "REL", "MIL") or sector is None:
        sector = org_sector or sector
    return Office(title, country, sector, tokens[0].i, tokens[-1].i + 1)


def _of_country(name: Span, lexicon: ActorLexicon) -> str | None:
    """ "King Hassan of Morocco", "President Bashir of Sudan": the state after the name."""
    for child in name.root.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return lexicon.country_of(entity_text(obj))
    return None


def _sector(title: str, lexicon: ActorLexicon) -> str | None:
    words = title.lower().split()
    for i in range(len(words)):
        sector = lexicon.titles.get(" ".join(words[i:]))
        if sector is not None:
            return sector
    for word in reversed(words):
        if word in lexicon.titles:
            return lexicon.titles[word]
    return None


def _before(name: Span, title_words: frozenset[str]) -> list[Token]:
    """Compounds and modifiers right before the name that hang on it or on each other."""
    doc = name.doc
    taken: list[Token] = []
    i = name.start - 1
    while i >= 0 and len(taken) < _MAX_TITLE_TOKENS:
        tok = doc[i]
        hangs_right = tok.i < tok.head.i < name.end
        if tok.dep_ not in _TITLE_DEPS or tok.text in (",", "(", '"', "“") or tok.is_space:
            break
        if not hangs_right and tok.dep_ != "case":
            break
        taken.insert(0, tok)
        i -= 1
    while taken and taken[0].dep_ in ("case", "punct"):
        taken.pop(0)
    return taken if any(t.lower_ in title_words for t in taken) else []


def _apposition(name: Span, title_words: frozenset[str]) -> list[Token]:
    """ "Oleh Syniehubov, the regional governor," or "the regional governor, Oleh Syniehubov," """
    root = name.root
    for child in root.children:
        if child.dep_ == "appos" and child.lower_ in title_words and child.i > root.i:
            return [t for t in child.subtree if t.i <= child.i][-_MAX_TITLE_TOKENS:]
    head = root.head
    if root.dep_ == "appos" and head.i < root.i and head.lower_ in title_words:
        return [t for t in head.subtree if t.i <= head.i][-_MAX_TITLE_TOKENS:]
    return []


def short_name_map(names: list[str]) -> dict[str, str]:
    """Short names ("Syniehubov") -> the one full name they are the end of ("Oleh Syniehubov")."""
    unique = set(names)
    # "Kalin" is the end of "İbrahim Kalın": compared without diacritics or case.
    keys = {n: person_key(n).split() for n in unique}
    full = [n for n in unique if len(keys[n]) > 1]
    out: dict[str, str] = {}
    for name in unique:
        parts = keys[name]
        candidates = {
            f
            for f in full
            if f != name and len(keys[f]) > len(parts) and keys[f][-len(parts) :] == parts
        }
        if len(candidates) == 1:
            out[name] = candidates.pop()
    return out
