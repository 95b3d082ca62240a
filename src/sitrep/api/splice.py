"""A JSON answer whose list of rows arrives as JSON texts already (made by the database,
`api.rowjson`): the envelope is encoded, the rows are joined in as they are, never decoded
and encoded again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from starlette.responses import Response


def spliced(envelope: Mapping[str, Any], key: str, rows: Sequence[str]) -> bytes:
    """The envelope as a JSON object with ``key`` holding the rows, written last."""
    head = orjson.dumps(dict(envelope))
    opening = b"," if len(head) > 2 else b""
    body = ",".join(rows).encode("utf-8")
    return b"".join((head[:-1], opening, b'"', key.encode(), b'":[', body, b"]}"))


class JSONBytes(Response):
    """An answer that is JSON bytes already (Starlette's JSONResponse would encode again)."""

    media_type = "application/json"
