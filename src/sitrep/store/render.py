"""Query results as text for the terminal: aligned tables, CSV, JSON, and one event's sources."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

EVENT_COLUMNS = ("id", "date", "type", "status", "actor1", "actor2", "place", "country",
                 "fatalities", "fatalities_latest", "sources")
QUOTE_COLUMNS = ("published", "speaker", "kind", "text", "source")
FORMATS = ("table", "json", "csv")
"""How `render` can print query rows (`sitrep events --format`, `sitrep quotes --format`)."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


_DATE_SOURCES = {"given": "the input", "metadata": "the page", "text": "the text",
                 "dateline": "the dateline"}
"""How `show` says where a source's date came from (article.published_source)."""

def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ (or a tab or CR)
    gets a leading apostrophe, as OWASP advises; numbers, and text that is one, pass as they are.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A CSV row with every cell made spreadsheet-safe (every CSV sitrep writes goes through)."""
    return {key: spreadsheet_safe(value) for key, value in row.items()}


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str], width: int = 60) -> str:
    """An aligned plain-text table; long cells are cut with an ellipsis."""
    def cell(value: Any) -> str:
        text = "" if value is None else " ".join(str(value).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    cells = [[cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
              for row in cells]
    return "\n".join(lines)


def render(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str]) -> str:
    """Rows as table, json (a list) or csv (every field)."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        out = io.StringIO()
        fields = list(rows[0]) if rows else list(columns)
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(safe_row(row) for row in rows)
        return out.getvalue().rstrip("\n")
    if not rows:
        return "(no matches)"
    return table(rows, columns)


def event_detail(event: dict[str, Any]) -> str:
    """One event for reading: what, when, where, counts, then every source and its sentences."""
    who = " -> ".join(x for x in (event["actor1"], event["actor2"]) if x) or "(actors unknown)"
    lines = [
        f"event {event['id']}: {event['type']} ({event['status']})"
        + (f", {event['acled_event_type']} / {event['acled_sub_event_type']}"
           if event["acled_event_type"] else ""),
        f"  who:   {who}",
        f"  when:  {event['date'] or 'unknown'} ({event['date_precision'] or '-'})",
        f"  where: {event['place'] or 'unknown'}"
        + (f", {event['admin1']}" if event["admin1"] else "")
        + (f", {event['country']}" if event["country"] else "")
        + (f" ({event['lat']:.4f}, {event['lon']:.4f})" if event["lat"] is not None else ""),
    ]
    for kind, figure in event["counts"].items():
        lines.append(f"  {kind}: latest {figure['latest']}, "
                     f"most conservative {figure['conservative']}")
    for h in event["count_history"]:
        qualifier = f"{h['qualifier']} " if h["qualifier"] else ""
        said_by = " ".join(x for x in (h["source"], _quoted(h["title"])) if x)
        lines.append(f"    {h['reported_on'] or 'undated'}: {qualifier}{h['value']} {h['kind']}"
                     f" ({said_by or h['article_id'][:12]})")
    lines.append(f"  sources ({len(event['sources'])}):")
    for s in event["sources"]:
        name = s["title"] or s["url"] or s["article_id"][:12]
        dated = s["published"] or "undated"
        came_from = s.get("published_source")
        if s["published"] and came_from:
            dated += f" (date from {_DATE_SOURCES.get(came_from, came_from)})"
        lines.append(f"  - {dated} {s['source'] or ''} {name}".rstrip())
        if s["url"]:
            lines.append(f"    {s['url']}")
        for span in s["evidence"]:
            lines.append(f"    [{span['start']}:{span['end']}] {' '.join(span['text'].split())}")
    return "\n".join(lines)


def _quoted(title: str | None) -> str | None:
    return f"“{' '.join(title.split())}”" if title else None
