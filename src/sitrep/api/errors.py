"""The HTTP status of each of sitrep's error types: the one place the API decides it."""

from __future__ import annotations

from sitrep.errors import (
    EvalError,
    FetchError,
    InputError,
    LanguageError,
    NotFoundError,
    SitrepError,
    StoreError,
)

STATUS_BY_ERROR: dict[type[SitrepError], int] = {
    NotFoundError: 404,
    # The request was well formed but names something unusable: FastAPI's status for a
    # parameter that fails validation, so every input error reads alike.
    InputError: 422,
    FetchError: 422,
    LanguageError: 422,
    # The server's own side failed: its database, or a gold file it was never asked about.
    StoreError: 500,
    EvalError: 500,
    SitrepError: 500,
}
"""Statuses by type; an error takes that of its nearest listed class."""


def status_of(err: SitrepError) -> int:
    """The HTTP status for a typed error: that of the nearest of its classes listed."""
    for kind in type(err).__mro__:
        if kind in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[kind]
    return 500
