"""The article's states: the sides a report tells of, for a target the sentence leaves unsaid.

A report of a war or a crisis names its states again and again ("Russia", "Ukrainian",
"Kyiv's"), then tells of events without naming them again: "the EU approved new sanctions"
(on the state the article is about), "Britain sent more missiles" (to the side it helps),
"officials denied the report". Coders give such an event the side the article makes plain. The
article's states are the ones it names most often (by name, adjective or capital), at least
``MIN_MENTIONS`` times, at most ``TOP`` of them, most named first; the role chooser
(``choice``) offers each as a candidate for actor2, judged by its rank, by whether it is the
article's attacker (``attacker``), by whether it is actor1's own state, and by the event type.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from sitrep.extract.events.lexicon import EventLexicon
from sitrep.geo.countries import countries
from sitrep.model import EventActor

MIN_MENTIONS = 3
TOP = 3


def article_states(doc: Doc, lex: EventLexicon) -> tuple[EventActor, ...]:
    """The states the article names most often, by the rule above."""
    found: Counter[str] = Counter()
    for token in doc:
        code = lex.state_of(token.lower_)
        if code is not None:
            found[code] += 1
    names = countries()
    return tuple(EventActor(names.name_of(code), code, None)
                 for code, n in found.most_common(TOP) if n >= MIN_MENTIONS)

