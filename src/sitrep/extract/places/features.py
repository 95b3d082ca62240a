"""Names of seas, areas and sites from the gazetteer's hand table, found where the model splits
or leaves them: "the Zaporizhzhia nuclear plant", "Nato headquarters", "the Sea of Azov"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sitrep.extract.mentions import overlaps
from sitrep.extract.places.resolve import Toponym
from sitrep.geo.features import read_features
from sitrep.model import Span

_NEXT_WORD = re.compile(r"[ \t]+(\w+)")


def feature_pattern() -> re.Pattern[str]:
    """Every name and alias of more than one word, longest first, any case, words apart by
    spaces or hyphens."""
    names = {n for f in read_features() for n in (f.name, *f.aliases) if len(n.split()) > 1}
    alternatives = "|".join(
        r"[\s-]+".join(re.escape(w) for w in name.split())
        for name in sorted(names, key=len, reverse=True)
    )
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def feature_phrases(
    text: str, pattern: re.Pattern[str], metonyms: frozenset[Span]
) -> Iterator[Toponym]:
    """The table's names in the text, written as names (capitalised), not part of a longer
    name ("Black Sea Fleet")."""
    for match in pattern.finditer(text):
        if not match.group(0)[0].isupper():
            continue
        following = _NEXT_WORD.match(text, match.end())
        if following is not None and following.group(1)[0].isupper():
            continue
        span = (match.start(), match.end())
        if not any(overlaps(span, m) for m in metonyms):
            yield Toponym(match.group(0), span, "plain", "ner", "LOC")
