"""The rule data: word lists, lexicons, patterns and tables, a folder a stage, read by one loader.

Files are named by stage and content (``places/region_words.txt``); each names its version inside
(``version`` in JSON, a ``# version:`` line in text and TSV), so a change of rules is visible in the
data itself. Code reads them only through the functions here.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def path(name: str) -> Path:
    """The path of one data file, ``stage/file`` relative to this folder."""
    return Path(str(resources.files("sitrep.data").joinpath(name)))


def read_text(name: str) -> str:
    """One data file's text."""
    return path(name).read_text(encoding="utf-8")
