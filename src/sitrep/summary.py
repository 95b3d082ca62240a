"""A short human-readable digest of a report, for the terminal."""

from __future__ import annotations

from sitrep.model import Report


def summarise(report: Report) -> str:
    """Title, date, then one line per event, actor, place and quote (a quote with its kind
    and its cue class: speech, belief, intention, stance or evaluation)."""
    a = report.article
    head = a.title or a.text[:80].replace("\n", " ")
    lines = [f"== {head} ({a.published or 'undated'}, {a.source or a.origin or 'unknown source'})"]
    for e in report.events:
        counts = ", ".join(f"{c.kind} {c.qualifier + ' ' if c.qualifier else ''}{c.value}"
                           for c in e.counts)
        who = " -> ".join(x.name for x in (e.actor1, e.actor2) if x is not None)
        where = e.place.name if e.place else "?"
        lines.append(f"  event  {e.type:<9} {e.status:<10} {e.date or '?':<10} {where:<18} "
                     f"{who} {counts}".rstrip())
    for x in report.actors:
        lines.append(f"  actor  {x.name} ({x.kind}, {x.country or '?'}, {x.sector or '?'})"
                     f"{' - ' + x.title if x.title else ''}")
    for p in report.places:
        lines.append(f"  place  {p.name} ({p.country or '?'}, {p.admin1 or '?'}, "
                     f"precision {p.precision})")
    for t in report.times:
        lines.append(f"  time   {t.text!r} = {t.value} ({t.precision})")
    for q in report.quotes:
        lines.append(f"  quote  {q.speaker or '?'}: {q.text[:90]!r} ({q.kind}, {q.cue_class})")
    return "\n".join(lines)
