"""spaCy imported without its command line, for a short-lived process that only parses.

spaCy's package runs ``from .cli.info import info`` to offer ``spacy.info()``. That import runs
``spacy/cli/__init__.py``, which imports every spaCy command and with them typer, click, weasel,
rich, httpx, requests, urllib3 and jinja2: about 0.3 s CPU, a third of importing spaCy, for
modules that parsing never calls. Python's own lazy loader cannot defer them (each ``import``
statement that meets a deferred module reads its ``__spec__`` and so loads it), and nothing in
spaCy skips the import; so while spaCy imports, ``spacy.cli`` and ``spacy.cli.info`` are
placeholders, taken away again once it is imported. A later ``import spacy.cli`` then loads the
real package, and ``spacy.info()`` imports it when called.

Then spaCy's registries (catalogue's) look up the installed packages' entry points once a group:
catalogue reads them all once, at its import, and at every look-up selects a group by scanning
every one of them in Python; loading the model looks up 248 times, about 30 ms CPU. The snapshot
never changes, so a group's selection is kept after the first (`_EntryPointsByGroup`).
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
    import catalogue  # type: ignore[import-untyped]

    if not isinstance(catalogue.AVAILABLE_ENTRY_POINTS, _EntryPointsByGroup):
        catalogue.AVAILABLE_ENTRY_POINTS = _EntryPointsByGroup(catalogue.AVAILABLE_ENTRY_POINTS)


class _EntryPointsByGroup:
    """catalogue's snapshot of the installed entry points, each group selected once.

    catalogue calls only ``select(group=...)`` (and ``hasattr(..., "select")``); anything else
    goes to the snapshot itself. A selection is an immutable ``EntryPoints`` tuple.
    """

    def __init__(self, snapshot: Any) -> None:
        self._snapshot = snapshot
        self._groups: dict[str, Any] = {}

    def select(self, **params: Any) -> Any:
        """The snapshot's ``select``, kept for a group alone."""
        if set(params) != {"group"}:
            return self._snapshot.select(**params)
        group = params["group"]
        if group not in self._groups:
            self._groups[group] = self._snapshot.select(group=group)
        return self._groups[group]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._snapshot, name)


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, imported when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)
