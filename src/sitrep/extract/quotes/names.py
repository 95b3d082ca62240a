"""Whole names: a person's name as the text writes it, where the parse or NER cut it short.

A hyphen joins the parts of a name ("Linda Thomas-Greenfield", "Jean-Noël Barrot"), and name
particles run on into the next capitalised word ("Mohammed bin Salman", "Ursula von der
Leyen"); the tokenizer splits at both, and NER often keeps one side only. ``whole`` widens a
name's span over them. ``same_person`` says whether a shorter name is a form of a longer one
("Prince Faisal" of "Prince Faisal bin Farhan", "Von der Leyen" of "Ursula von der Leyen"),
never across a generation ("Donald Trump" is not "Donald Trump Jr.").
"""

from __future__ import annotations

import re

from sitrep.model import Span

_PART = r"[A-ZÀ-ÖØ-Þ][\w’']*"
"""One capitalised part of a name (letters of any script, an apostrophe: "O'Brien")."""
_HYPHEN_AFTER = re.compile(rf"(?:-{_PART})+")
_HYPHENED_AFTER = re.compile(rf" (?:{_PART}-)+{_PART}")
"""A hyphenated surname after a given name: " Thomas-Greenfield"."""
_HYPHEN_BEFORE = re.compile(rf"(?:{_PART}-)+$")
_NEXT_WORD = re.compile(r" (\S+)")
_WHOLE_PART = re.compile(_PART)


def whole(text: str, span: Span, particles: frozenset[str]) -> Span:
    """The span widened over the hyphenated parts and particles of the name it starts."""
    start, end = span
    before = _HYPHEN_BEFORE.search(text, max(0, start - 40), start)
    if before is not None and (before.start() == 0 or not text[before.start() - 1].isalnum()):
        start = before.start()  # "Jean-" + "Noël Barrot"
    while True:
        hit = _HYPHEN_AFTER.match(text, end) or _HYPHENED_AFTER.match(text, end)
        if hit is not None:
            end = hit.end()
            continue
        after = _particles_after(text, end, particles)
        if after is None:
            return (start, end)
        end = after


def _particles_after(text: str, end: int, particles: frozenset[str]) -> int | None:
    """The end of " bin Salman", " von der Leyen" after a name: particles, then a part."""
    at = end
    seen = 0
    while True:
        m = _NEXT_WORD.match(text, at)
        if m is None:
            return None
        word = m.group(1)
        if word in particles:
            at, seen = m.end(), seen + 1
            continue
        part = _WHOLE_PART.fullmatch(word.rstrip(".,;:!?”\"’)"))
        if seen and part is not None:
            return m.start(1) + len(part.group())
        return None


def same_person(short: str, full: str, generations: frozenset[str]) -> bool:
    """Whether ``short`` is ``full`` written shorter: its words, in any case, are the first
    or the last words of ``full`` (not a generational suffix such as "Jr.")."""
    s = short.lower().split()
    f = full.lower().split()
    if not s or len(s) >= len(f):
        return False
    if f[: len(s)] == s:
        return not any(w.rstrip(".,") in generations for w in f[len(s) :])
    return f[-len(s) :] == s
