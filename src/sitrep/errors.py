"""Typed errors, each naming the input and what to do next; the boundary decides to skip."""

from __future__ import annotations


class SitrepError(Exception):
    """Base of every error sitrep raises on purpose."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class UsageError(SitrepError):
    """The command was called wrong (a missing argument, a value out of range): exit status 2."""


class InputError(SitrepError):
    """The input cannot be read as an article (empty, binary, too large, bad encoding, bad JSON)."""


class NotFoundError(InputError):
    """The input names something the store does not hold (an event id, an article id)."""


class FetchError(SitrepError):
    """A URL could not be fetched (unreachable, timeout, HTTP error, too large)."""


class LanguageError(SitrepError):
    """The article is not in a language sitrep extracts (English)."""


class StoreError(SitrepError):
    """The database could not be opened or written."""


class EvalError(SitrepError):
    """A gold-standard path is missing or not in the expected format."""
