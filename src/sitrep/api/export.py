"""GET /api/export: every fused event as a download, in one of the export registry's formats."""

from __future__ import annotations

import inspect
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from fastapi import Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from sitrep.export import Format, Formats, export
from sitrep.store.database import Store


class FormatChoice:
    """A dependency reading ``?format=`` as one of the registry's formats.

    The parameter's type is built from the registry when the app is made, so the OpenAPI enum
    and the 422 for an unknown name list exactly the formats this app writes.
    """

    def __init__(self, formats: Formats) -> None:
        self.formats = formats
        # A Literal of names only known at run time: FastAPI reads the parameter from this
        # signature, since a type made here cannot be written in the method's annotation.
        names = cast(Any, Literal)[formats.names()]
        description = f"export format: {formats.titles()}"
        self.__signature__ = inspect.Signature([inspect.Parameter(
            "format", inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[names, Query(description=description)])])

    def __call__(self, format: str) -> Format:
        return self.formats.get(format)


def download(store: Store, fmt: Format, formats: Formats, status: str | None) -> FileResponse:
    """The export as a file response; its temporary folder goes once the response is sent."""
    folder = Path(tempfile.mkdtemp(prefix="sitrep-export-"))
    out = folder / f"sitrep-events.{fmt.suffix}"
    try:
        export(store, fmt.name, out, status=status, formats=formats)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise

    def _cleanup() -> None:
        out.unlink(missing_ok=True)
        folder.rmdir()

    return FileResponse(out, media_type=fmt.media_type, filename=out.name,
                        background=BackgroundTask(_cleanup))
