"""The FastAPI app: read-only JSON over the store, optional token-guarded ingest, the web page."""

from __future__ import annotations

import datetime as dt
import hmac
from importlib import resources
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware

from sitrep.api import loop_budget
from sitrep.api.cursor import Cursor, decode, encode
from sitrep.api.errors import status_of
from sitrep.api.export import FormatChoice, download
from sitrep.api.landing import Warmer, clusters_answer, summary_answer
from sitrep.api.memo import Memo
from sitrep.api.params import (
    BOX_HELP,
    BoxParams,
    ClusterParams,
    FilterParams,
    PageParams,
    openapi_parameters,
    parse,
)
from sitrep.api.queries import BBox, EventPage, event_page, show_article
from sitrep.api.security import Guard, policy, script_hashes
from sitrep.api.splice import JSONBytes, spliced
from sitrep.api.statements import Statements
from sitrep.data import event_types
from sitrep.errors import InputError, SitrepError
from sitrep.export import FORMATS, Format, Formats
from sitrep.settings import Settings
from sitrep.store.database import Store, open_store
from sitrep.store.queries import (
    MAX_ROW,
    EventFilter,
    cue_class_choice,
    find_quotes,
    show_event,
)

if TYPE_CHECKING:
    from sitrep.api.pg_pages import AsyncPages

GZIP_MIN_BYTES = 1000
"""JSON answers shorter than this go uncompressed (compressing them saves nothing)."""
GZIP_LEVEL = 3
"""A page of 100 events (55 kB) compresses to 6.5 kB in 0.15 ms, against 5.6 kB in 0.4 ms at
level 5 and 3.2 kB in 2.1 ms at Starlette's default level 9 (at a million events the rest of
the page costs 2-3 ms: level 5 was a tenth of it)."""


class IngestRequest(BaseModel):
    """One input for POST /api/ingest: exactly one of text, html or url."""

    text: str | None = Field(None, description="plain article text")
    html: str | None = Field(None, description="an article's HTML page")
    url: str | None = Field(None, description="an http(s) URL to fetch")
    title: str | None = None
    published: dt.date | None = Field(None, description="publication date, YYYY-MM-DD")

    @model_validator(mode="after")
    def _exactly_one(self) -> IngestRequest:
        given = [name for name in ("text", "html", "url") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or url")
        return self


def _store_of(request: Request) -> Store:
    """The app's store, for a route that reads its request itself."""
    store: Store = request.app.state.store
    return store


async def _the_store(request: Request) -> Store:
    """The app's store, for route dependencies (async: nothing to wait for, so it runs on the
    event loop instead of taking a worker thread per request)."""
    return _store_of(request)


StoreDep = Annotated[Store, Depends(_the_store)]

INVALID: dict[int | str, dict[str, Any]] = {422: {"description": "Validation Error", "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}}
"""The 422 entry FastAPI writes for a route with parameters, for routes that parse their own
(the schema it names is there for the other routes' parameters)."""


def _bbox(value: str | None) -> BBox | None:
    """bbox=minlon,minlat,maxlon,maxlat as a BBox, or a 422 saying what is wrong."""
    if value is None:
        return None
    try:
        parts = [float(p) for p in value.split(",")]
    except ValueError:
        parts = []
    if len(parts) != 4:
        raise HTTPException(422, "bbox must be four numbers: minlon,minlat,maxlon,maxlat")
    box = BBox(*parts)
    if not (-180 <= box.minlon <= box.maxlon <= 180 and -90 <= box.minlat <= box.maxlat <= 90):
        raise HTTPException(422, "bbox out of range or inverted: minlon<=maxlon in [-180,180], "
                                 "minlat<=maxlat in [-90,90]")
    return box


def _near(value: str | None, settings: Settings) -> tuple[float, float] | None:
    """near=LAT,LON or a place name, resolved the way `sitrep events --near` does."""
    if value is None:
        return None
    from sitrep.store.geo import resolve_point

    try:
        point = resolve_point(value, settings.cache_path)
    except InputError as err:
        # Named by its parameter: the caller wrote near=..., not a place on its own.
        raise InputError("near", err.reason) from err
    return (point.lat, point.lon)


def _async_pages(store: Store, statements: Statements) -> AsyncPages | None:
    """On PostgreSQL, the pages read on the event loop (psycopg is only there with it)."""
    if store.engine.dialect.name != "postgresql":
        return None
    from sitrep.api.pg_pages import AsyncPages

    return AsyncPages(store.engine, statements)


def create_app(settings: Settings | None = None, formats: Formats = FORMATS) -> FastAPI:
    """The app over the settings' store, which opens once and closes on shutdown.

    The settings also name the ingest token, the URL policy and the map tiles; ``formats`` are
    the export formats /api/export offers (default: the registry's).
    """
    settings = settings or Settings.from_env()
    store = open_store(settings, create=False)  # serving never creates a database
    memo = Memo()
    warmer = Warmer(memo, store)
    statements = Statements()  # the page query's SQL, compiled once per filter shape
    pages = _async_pages(store, statements)
    # docs_url=None: /docs is served below from the vendored Swagger UI, not from a CDN.
    app = FastAPI(title="sitrep", version="0.1", docs_url=None,
                  description="Structured, sourced, geolocated events from news reporting.",
                  on_startup=[warmer.start, *([pages.start] if pages else [])],
                  on_shutdown=[warmer.stop, *([pages.close] if pages else []), store.close])
    app.state.store = store
    app.state.warmer = warmer
    # Inside the guard: a compressed answer still gets the security headers (and a refused
    # Host is too short to compress).
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=GZIP_LEVEL)
    app.add_middleware(Guard, names=settings.served_hosts, tile_url=settings.tile_url)

    @app.exception_handler(SitrepError)
    async def _sitrep_error(request: Request, err: SitrepError) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=status_of(err))

    types = event_types.table()

    @app.get("/api/types", summary="The event types: name, description and colour on the page")
    def event_type_list() -> dict[str, Any]:
        return {"version": types.version,
                "types": [{"name": t.name, "description": t.description, "colour": t.colour}
                          for t in types]}

    def to_filter(p: FilterParams) -> EventFilter:
        """The checked parameters as a filter: dates in order, a known type, `near` found."""
        if p.since and p.until and p.since > p.until:
            raise HTTPException(422, "since is after until")
        kind = p.type if p.type is None else types.check(p.type)
        return EventFilter(country=p.country, type=kind, status=p.status, since=p.since,
                           until=p.until, near=_near(p.near, settings), km=p.km, actor=p.actor,
                           min_fatalities=p.min_fatalities, relevant=p.relevant)

    def described(*groups: type[BaseModel]) -> dict[str, Any]:
        """A route's OpenAPI entries for parameters it reads itself (`api.params`)."""
        return {"parameters": openapi_parameters(*groups, FilterParams, described={
            "type": f"PLOVER type, any case: {', '.join(types.names())}"})}

    # The event routes read their query themselves (`api.params`): no per-parameter
    # dependency solving, the same checks and error bodies.
    def page_of(request: Request) -> tuple[EventFilter, PageParams, Cursor | None]:
        """A page request's filter, its own parameters and the cursor it gives."""
        query, own = parse(request.query_params, PageParams, to_filter)
        if own.cursor is not None and own.offset:
            raise HTTPException(422, "give a cursor or an offset, not both")
        return query, own, decode(own.cursor) if own.cursor is not None else None

    def page_answer(page: EventPage, own: PageParams, after: Cursor | None) -> JSONBytes:
        # The rows are JSON texts made by the database: joined into the answer as they are.
        return JSONBytes(spliced({
            "total": page.total, "total_capped": page.capped, "offset": own.offset,
            "limit": own.limit,
            "next_offset": own.offset + own.limit if page.more and after is None else None,
            "next_cursor": encode(page.next_cursor) if page.next_cursor else None},
            "events", page.events))

    def events_read(request: Request, budget: float | None = None) -> JSONBytes:
        query, own, after = page_of(request)
        page = event_page(_store_of(request), query, _bbox(own.bbox), own.limit,
                          offset=own.offset, cursor=after, statements=statements,
                          budget=budget)
        return page_answer(page, own, after)

    on_the_loop = store.engine.dialect.name == "sqlite"

    @app.get("/api/events", summary="Fused events by filter, newest first, paginated",
             openapi_extra=described(PageParams), responses=INVALID)
    async def events(request: Request) -> JSONBytes:
        # `near` may look a place name up in the gazetteer, which blocks: in a worker thread.
        if "near" in request.query_params:
            return await run_in_threadpool(events_read, request)
        # A SQLite page is this process's own CPU work with nothing to wait for: answered on
        # the event loop, without the hop to a worker thread and back (a sixth of a page's
        # CPU, benchmarks/RESULTS.md); one past its budget is read again in a worker thread,
        # so that it holds up the worker's other requests no longer (`api.loop_budget`).
        if on_the_loop:
            try:
                return events_read(request, loop_budget.BUDGET)
            except loop_budget.OverBudget:
                return await run_in_threadpool(events_read, request)
        # On PostgreSQL the page is read on the event loop too, by async connections
        # (`api.pg_pages`), when they serve it; otherwise in a worker thread.
        if pages is None:
            return await run_in_threadpool(events_read, request)
        query, own, after = page_of(request)
        if not pages.serves(query, own.offset):
            return await run_in_threadpool(events_read, request)
        page = await pages.page(query, _bbox(own.bbox), own.limit, after)
        return page_answer(page, own, after)

    @app.get("/api/events/summary",
             summary="How many events match, by type, where, and per day/week/month",
             openapi_extra=described(BoxParams), responses=INVALID,
             response_model=dict[str, Any])  # documented as before; sent as kept (JSON)
    def events_summary(request: Request) -> JSONBytes:
        query, own = parse(request.query_params, BoxParams, to_filter)
        return JSONBytes(summary_answer(memo, _store_of(request), query, _bbox(own.bbox)))

    @app.get("/api/events/clusters",
             summary="The matching events on a grid of cells: one marker per cell",
             openapi_extra=described(ClusterParams), responses=INVALID,
             response_model=dict[str, Any])
    def event_clusters(request: Request) -> JSONBytes:
        query, own = parse(request.query_params, ClusterParams, to_filter)
        return JSONBytes(clusters_answer(memo, _store_of(request), query, _bbox(own.bbox),
                                         own.cell, own.detail))

    @app.get("/api/events/{event_id}", summary="One event: sources, evidence, count history")
    def event(db: StoreDep,
              event_id: Annotated[int, Path(ge=0, le=MAX_ROW)]) -> dict[str, Any]:
        return show_event(db, event_id)

    @app.get("/api/articles/{article_id}",
             summary="An article's clean text with every mention's offsets")
    def article(db: StoreDep,
                article_id: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]) -> dict[str, Any]:
        return show_article(db, article_id)

    @app.get("/api/quotes", summary="Quotes by speaker, text and publication date")
    def quotes(
        db: StoreDep,
        speaker: Annotated[str | None, Query(max_length=200)] = None,
        text: Annotated[str | None, Query(max_length=500)] = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: Annotated[int, Query(ge=1, le=5000)] = 100,
        cue_class: Annotated[str, Query(
            max_length=16, description="speech (the default), belief, intention, stance, "
            "evaluation, or all")] = "speech",
        relevant: Annotated[bool | None, Query(
            description="true: from articles about conflict or politics")] = None,
    ) -> dict[str, Any]:
        rows = find_quotes(db, speaker=speaker, since=since, until=until, text=text,
                           limit=limit, cue_class=cue_class_choice(cue_class),
                           relevant=relevant)
        return {"quotes": rows}

    # A default, not an Annotated[...] annotation: annotations are strings resolved against the
    # module, where this app's formats are unknown.
    chosen_format = Depends(FormatChoice(formats))

    @app.get("/api/export", summary=f"Every fused event as {formats.titles()}")
    def export(db: StoreDep, fmt: Format = chosen_format,
               status: Annotated[str | None, Query(pattern=r"^[a-z_]+$")] = None
               ) -> FileResponse:
        return download(db, fmt, formats, status)

    def _authorised(authorization: Annotated[str | None, Header()] = None) -> None:
        if not settings.ingest_token:
            raise HTTPException(403, "this server is read-only; start it with --ingest-token")
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.encode(),
                                                                 settings.ingest_token.encode()):
            raise HTTPException(401, "a valid 'Authorization: Bearer TOKEN' header is required",
                                headers={"WWW-Authenticate": "Bearer"})

    @app.post("/api/ingest", summary="Extract one text, HTML page or URL into the store",
              dependencies=[Depends(_authorised)])
    def ingest(db: StoreDep, body: IngestRequest) -> dict[str, Any]:
        from sitrep.api.ingest import ingest_one

        return ingest_one(db, body.text, body.html, body.url, body.title, body.published)

    @app.get("/api/towns", summary="The largest towns in a box, to label the map offline")
    def town_labels(
        bbox: Annotated[str, Query(description=BOX_HELP)],
        limit: Annotated[int, Query(ge=1, le=500)] = 80,
    ) -> dict[str, Any]:
        from sitrep.api.towns import towns_in

        box = _bbox(bbox)
        assert box is not None
        return {"towns": [{"name": t.name, "lat": t.lat, "lon": t.lon,
                           "population": t.population} for t in towns_in(box, limit)]}

    @app.get("/api/config", summary="What the page needs to know: map tiles, ingest enabled")
    def page_config() -> dict[str, Any]:
        return {"tile_url": settings.tile_url, "ingest": bool(settings.ingest_token)}

    web = resources.files("sitrep.web")
    static = FilePath(str(web / "static"))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse((static / "index.html").read_text(encoding="utf-8"))

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        from fastapi.openapi.docs import get_swagger_ui_html

        vendor = "/static/vendor/swagger-ui"
        page = get_swagger_ui_html(openapi_url="/openapi.json", title="sitrep API",
                                   swagger_js_url=f"{vendor}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{vendor}/swagger-ui.css",
                                   swagger_favicon_url=f"{vendor}/favicon-32x32.png")
        # Swagger UI starts from one inline script: allowed by its hash, on this page only.
        # Its widgets also set style attributes, harmless without scripts.
        html = bytes(page.body).decode("utf-8")
        page.headers["Content-Security-Policy"] = policy(
            settings.tile_url, script_hashes(html), inline_styles=True)
        return page

    app.mount("/static", StaticFiles(directory=static), name="static")
    return app
