"""Whether an article is about conflict or politics, from the words of its title and text.

Sport results, company earnings and weather reports name attacks, strikes, wins and defeats
that are no conflict events; the report of such an article says it is not relevant and carries
no events. The words are data (data/events/relevance.json): the article is not relevant when
one other topic's words are many and outnumber its words of war, security and politics.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc

from sitrep import data
from sitrep.model import Article


@dataclass(frozen=True, slots=True)
class RelevanceWords:
    """The topic lexicons and thresholds of data/events/relevance.json."""

    topics: tuple[tuple[str, frozenset[str]], ...]
    conflict_words: frozenset[str]
    min_topic_words: int
    ratio: float
    title_weight: int


@cache
def load_relevance_words() -> RelevanceWords:
    """Read data/events/relevance.json once per process."""
    raw = data.read_json("events/relevance.json")
    return RelevanceWords(
        topics=tuple((name, frozenset(words)) for name, words in raw["topics"].items()),
        conflict_words=frozenset(raw["conflict_words"]),
        min_topic_words=int(raw["min_topic_words"]),
        ratio=float(raw["ratio"]),
        title_weight=int(raw["title_weight"]),
    )


def off_topic(doc: Doc, article: Article, words: RelevanceWords | None = None) -> str | None:
    """The other topic the article is about ('sport', 'business', 'weather'), or None when it
    is about conflict or politics (or about nothing the lexicons know)."""
    words = words or load_relevance_words()
    terms = _terms(doc)
    if article.title:
        title = [frozenset({w}) for w in article.title.lower().replace(",", " ").split()]
        terms.extend(title * words.title_weight)

    def count(lexicon: frozenset[str]) -> int:
        return sum(1 for term in terms if term & lexicon)

    conflict = count(words.conflict_words)
    best, score = None, 0
    for name, topic_words in words.topics:
        found = count(topic_words)
        if found > score:
            best, score = name, found
    if best is None or score < words.min_topic_words or score <= words.ratio * conflict:
        return None
    return best


def _terms(doc: Doc) -> list[frozenset[str]]:
    """Each token as its lemma and lower-cased form, and each two-word phrase."""
    terms: list[frozenset[str]] = []
    previous = ""
    for token in doc:
        if token.is_punct or token.is_space:
            previous = ""
            continue
        terms.append(frozenset({token.lower_, token.lemma_.lower()}))
        if previous:
            terms.append(frozenset({f"{previous} {token.lower_}"}))
        previous = token.lower_
    return terms
