"""The query parameters of the event routes, checked in one pydantic call per group instead of
FastAPI's per-parameter dependency solving (a third of a page's Python time at a million
events, `benchmarks/api_cpu.py`), with FastAPI's error bodies and OpenAPI entries kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError

from sitrep.api.aggregates import MAX_CELL, MAX_DETAIL, MIN_CELL
from sitrep.store.queries import MAX_KM, MAX_ROW, EventFilter

BOX_HELP = "minlon,minlat,maxlon,maxlat"


class FilterParams(BaseModel):
    """The filter every event route takes (`EventFilter` before `near` is resolved)."""

    country: Annotated[str | None, Field(description="ISO code or name")] = None
    type: Annotated[str | None, Field(max_length=100)] = None
    """Described in the OpenAPI entry by the app, which knows the event type table."""
    status: Annotated[str | None, Field(pattern=r"^[a-z_]+$")] = None
    since: dt.date | None = None
    until: dt.date | None = None
    near: Annotated[str | None, Field(description="LAT,LON or a place name")] = None
    km: Annotated[float, Field(gt=0, le=MAX_KM)] = 50.0
    actor: Annotated[str | None, Field(max_length=200)] = None
    min_fatalities: Annotated[int | None, Field(ge=0, description="at least N killed")] = None
    relevant: Annotated[bool | None, Field(
        description="true: told by an article about conflict or politics")] = None


class BoxParams(BaseModel):
    """The summary's own parameter: a box."""

    bbox: Annotated[str | None, Field(description=BOX_HELP)] = None


class PageParams(BoxParams):
    """/api/events' own parameters: a box and where the page starts."""

    limit: Annotated[int, Field(ge=1, le=5000)] = 100
    cursor: Annotated[str | None, Field(max_length=200, description=(
        "next_cursor of the previous page: the page after it, stable under inserts"))] = None
    offset: Annotated[int, Field(ge=0, le=MAX_ROW, description=(
        "rows to skip (old clients; a cursor is faster)"))] = 0


class ClusterParams(BoxParams):
    """/api/events/clusters' own parameters: a box, the grid and when to split by place."""

    cell: Annotated[float, Field(ge=MIN_CELL, le=MAX_CELL, description=(
        "the grid's cell in degrees (the page: about 32 pixels at its zoom)"))] = 1.0
    detail: Annotated[int, Field(ge=0, le=MAX_DETAIL, description=(
        "when at most this many events match, one cluster per place instead"))] = 0


Own = TypeVar("Own", bound=BoxParams)


def _in_query(err: ValidationError) -> list[dict[str, Any]]:
    """Pydantic's errors as FastAPI words them for a query parameter (loc starts "query")."""
    return [{**e, "loc": ("query", *e["loc"])} for e in err.errors(include_url=False)]


def parse(query: Mapping[str, str], own: type[Own],
          to_filter: Callable[[FilterParams], EventFilter]) -> tuple[EventFilter, Own]:
    """A route's filter and own parameters, or the 422 FastAPI gave for them.

    In FastAPI's order: the filter's checks (``to_filter``: since before until, a known type,
    a findable `near`) run once its parameters are valid, before the route's own are looked
    at; type errors of both are reported together."""
    errors: list[dict[str, Any]] = []
    found: EventFilter | None = None
    try:
        params = FilterParams.model_validate(query)
    except ValidationError as err:
        errors += _in_query(err)
    else:
        found = to_filter(params)
    try:
        mine = own.model_validate(query)
    except ValidationError as err:
        errors += _in_query(err)
    if errors or found is None:
        raise RequestValidationError(errors)
    return found, mine


def openapi_parameters(*groups: type[BaseModel],
                       described: Mapping[str, str]) -> list[dict[str, Any]]:
    """The OpenAPI entries of the groups' parameters, as FastAPI writes a `Query` parameter;
    ``described`` adds descriptions known only when the app is made."""
    entries = []
    for group in groups:
        for name, schema in group.model_json_schema()["properties"].items():
            if schema.get("default", 0) is None:
                del schema["default"]  # FastAPI leaves a None default out
            if name in described:
                schema["description"] = described[name]
            entry = {"name": name, "in": "query", "required": False, "schema": schema}
            if "description" in schema:
                entry["description"] = schema["description"]
            entries.append(entry)
    return entries
