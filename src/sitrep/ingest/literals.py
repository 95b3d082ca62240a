"""The plain text every match of a regex must hold, read from its parse: a cheap first test.

The cleaner's furniture patterns ("[^\\n]{0,400}? ... Purchase Licensing Rights") try hundreds
of characters at every place of every block, yet most blocks hold none of their fixed words; a
substring test (``in``) rules those out at a fraction of the cost, with the same result.
"""

from __future__ import annotations

import re
from functools import cache
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any


@cache
def required_text(pattern: re.Pattern[str]) -> str:
    """The longest run of plain characters that every match of the pattern holds, in order and
    side by side; "" when the pattern ignores case or has no such run."""
    if pattern.flags & re.IGNORECASE:
        return ""  # case-blind letters are no plain text to look for
    runs = [""]
    _runs(sre_parse.parse(pattern.pattern, pattern.flags), runs)
    return max(runs, key=len)


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when the pattern cannot match anywhere in the text."""
    return required_text(pattern) in text


def _runs(items: Any, runs: list[str]) -> None:
    """Extend ``runs`` (its last item open) with the plain runs of a sequence every match
    passes through whole: literals, and groups that set no flags, are neither repeated nor
    alternatives."""
    for op, value in items:
        if op is sre.LITERAL:
            runs[-1] += chr(value)
        elif op is sre.SUBPATTERN and not value[1] and not value[2]:
            _runs(value[-1], runs)
        else:
            runs.append("")
