"""Names of seas, areas and sites from the gazetteer's hand table, found where the model splits
or leaves them: "the Zaporizhzhia nuclear plant", "Nato headquarters", "the Sea of Azov"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sitrep.extract.mentions import overlaps
from sitrep.extract.places.resolve import Toponym
from sitrep.geo.features import read_features
from sitrep.model import Span

_NEXT_WORD = re.compile(r"[ \t]+(\w+)")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class FeatureNames:
    """The table's names of more than one word as one pattern, and the words they open with."""

    pattern: re.Pattern[str]
    """Every name and alias, longest first, any case, words apart by spaces or hyphens."""
    openings: frozenset[str]
    """The first run of word characters of each name, lower-cased: a match of the pattern
    begins only where the text's own run of word characters is one of these, any case."""

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """What ``pattern.finditer(text)`` finds, tried only where a name can begin."""
        end = 0
        for word in _WORD.finditer(text):
            start = word.start()
            if start < end:
                continue
            run = word.group()
            # A letter outside ASCII may match a name's letter case-blind ("ſ" for "s"):
            # there the pattern itself decides.
            if run.isascii() and run.lower() not in self.openings:
                continue
            match = self.pattern.match(text, start)
            if match is not None:
                yield match
                end = match.end()


def feature_pattern() -> FeatureNames:
    """Every name and alias of more than one word, longest first, any case, words apart by
    spaces or hyphens."""
    names = {n for f in read_features() for n in (f.name, *f.aliases) if len(n.split()) > 1}
    alternatives = "|".join(
        r"[\s-]+".join(re.escape(w) for w in name.split())
        for name in sorted(names, key=len, reverse=True)
    )
    # Each name opens with a word character (the pattern's leading \b needs one), and what
    # follows its first run of them is no word character: the run stands alone in the text.
    openings = frozenset(_first_run(name) for name in names)
    return FeatureNames(re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE), openings)


def _first_run(name: str) -> str:
    """The first run of word characters of a name, lower-cased; ValueError if it has none
    at its start (such a name would need a scan of every place)."""
    run = _WORD.match(name)
    if run is None or not run.group().isascii():
        raise ValueError(f"feature name {name!r} does not open with ASCII word characters")
    return run.group().lower()


def feature_phrases(
    text: str, names: FeatureNames, metonyms: frozenset[Span]
) -> Iterator[Toponym]:
    """The table's names in the text, written as names (capitalised), not part of a longer
    name ("Black Sea Fleet")."""
    for match in names.finditer(text):
        if not match.group(0)[0].isupper():
            continue
        following = _NEXT_WORD.match(text, match.end())
        if following is not None and following.group(1)[0].isupper():
            continue
        span = (match.start(), match.end())
        if not any(overlaps(span, m) for m in metonyms):
            yield Toponym(match.group(0), span, "plain", "ner", "LOC")
