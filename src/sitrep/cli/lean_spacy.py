"""spaCy imported without its command line, for a short-lived process that only parses.

spaCy's package runs ``from .cli.info import info`` to offer ``spacy.info()``. That import runs
``spacy/cli/__init__.py``, which imports every spaCy command and with them typer, click, weasel,
rich, httpx, requests, urllib3 and jinja2: about 0.3 s CPU, a third of importing spaCy, for
modules that parsing never calls. Python's own lazy loader cannot defer them (each ``import``
statement that meets a deferred module reads its ``__spec__`` and so loads it), and nothing in
spaCy skips the import; so while spaCy imports, ``spacy.cli`` and ``spacy.cli.info`` are
placeholders, taken away again once it is imported. A later ``import spacy.cli`` then loads the
real package, and ``spacy.info()`` imports it when called.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_PLACEHOLDERS = ("spacy.cli", "spacy.cli.info")


def import_spacy() -> None:
    """Import spaCy without its command-line modules, unless it is imported already."""
    if "spacy" in sys.modules or any(name in sys.modules for name in _PLACEHOLDERS):
        return
    package = types.ModuleType("spacy.cli", "Placeholder while spaCy imports (sitrep).")
    package.__path__ = []
    info = types.ModuleType("spacy.cli.info", "Placeholder while spaCy imports (sitrep).")
    info.info = _info  # type: ignore[attr-defined]
    placeholders = {"spacy.cli": package, "spacy.cli.info": info}
    sys.modules.update(placeholders)
    try:
        importlib.import_module("spacy")
    finally:
        for name, placeholder in placeholders.items():
            if sys.modules.get(name) is placeholder:
                del sys.modules[name]


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, imported when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)
