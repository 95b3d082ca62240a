"""JSON Lines records ``{url?, title?, published?, text | html}``, validated at this edge."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from sitrep.ingest.feed_dates import feed_date
from sitrep.model import Failure, RawDocument


class Record(BaseModel):
    """One JSON Lines input record; unknown keys are ignored, text or html is required."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    text: str | None = None
    html: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _feed_date(cls, value: object) -> object:
        """Accept the dates feeds carry (RFC 2822, ISO date-times, "Dec 17, 2016")."""
        if isinstance(value, str) and value.strip():
            return feed_date(value)
        return value or None

    @model_validator(mode="after")
    def _has_body(self) -> Record:
        """Require a non-empty text or html."""
        if not self.text and not self.html:
            raise ValueError("needs a non-empty 'text' or 'html'")
        return self


def read_records(
    lines: Iterable[bytes | int], origin: str, max_bytes: int, published: dt.date | None
) -> Iterator[RawDocument | Failure]:
    """A RawDocument or a Failure (naming ``origin:line``) per non-blank line, in order;
    one Failure naming ``origin`` if there is no record at all. A line given as an int is one
    too long to have been read: its length in bytes."""
    seen = False
    for number, line in enumerate(lines, start=1):
        if isinstance(line, bytes) and not line.strip():
            continue
        seen = True
        where = f"{origin}:{number}"
        size = line if isinstance(line, int) else len(line)
        if size > max_bytes:
            yield Failure(where, f"record too large ({size:,} bytes; the limit is "
                                 f"{max_bytes:,}, set SITREP_MAX_INPUT_BYTES to raise it)")
            continue
        assert isinstance(line, bytes)  # an int is always a line past the limit
        yield _parse(line, where, published)
    if not seen:
        yield Failure(origin, "empty input, no JSON Lines records")


def _parse(line: bytes, where: str, published: dt.date | None) -> RawDocument | Failure:
    """One JSON Lines record as a RawDocument, or a Failure saying what is wrong."""
    try:
        data = json.loads(line)
    except UnicodeDecodeError:
        return Failure(where, "not valid UTF-8")
    except json.JSONDecodeError as err:
        return Failure(where, f"not valid JSON ({err.msg} at column {err.colno})")
    except RecursionError:
        return Failure(where, "JSON nested too deeply to read; a record is one flat object")
    if not isinstance(data, dict):
        return Failure(where, f"expected a JSON object, got {type(data).__name__}")
    try:
        record = Record.model_validate(data)
    except ValidationError as err:
        return Failure(where, _summary(err))
    return RawDocument(
        origin=where, text=record.text or None, html=record.html or None, url=record.url,
        title=record.title, published=record.published or published,
    )


def _summary(err: ValidationError) -> str:
    """Pydantic's errors as one line: field: message; ..."""
    parts = []
    for e in err.errors():
        field = ".".join(str(x) for x in e["loc"])
        message = str(e["msg"]).removeprefix("Value error, ")
        parts.append(f"{field}: {message}" if field else message)
    return "invalid record (" + "; ".join(parts) + ")"
