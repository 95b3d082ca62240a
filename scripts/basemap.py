"""Convert world-atlas countries-110m.json (TopoJSON, ISC licence) to the page's GeoJSON basemap.

Run once: `npm pack world-atlas@2.0.2`, untar, then
`python scripts/basemap.py package/countries-110m.json \
    src/sitrep/web/static/countries-110m.geojson`.
The outlines are Natural Earth's (public domain) as packaged by world-atlas (ISC).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

Ring = list[list[float]]


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """Every arc as absolute lon/lat points (undoing quantisation and delta coding)."""
    scale = topology["transform"]["scale"]
    shift = topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: Ring = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * scale[0] + shift[0], 3), round(y * scale[1] + shift[1], 3)])
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[Ring]) -> Ring:
    """A closed ring from arc indices; a negative index (~i) walks arc i backwards."""
    points: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point.
        points.extend(arc if not points else arc[1:])
    return points


def to_geojson(topology: dict[str, Any]) -> dict[str, Any]:
    """The countries object as a GeoJSON FeatureCollection of (multi)polygons with names."""
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            coordinates: Any = [ring(r, arcs) for r in geometry["arcs"]]
        elif kind == "MultiPolygon":
            coordinates = [[ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        features.append({"type": "Feature",
                         "properties": {"name": geometry.get("properties", {}).get("name")},
                         "geometry": {"type": kind, "coordinates": coordinates}})
    return {"type": "FeatureCollection", "features": features}


def main(source: Path, target: Path) -> None:
    """Read the TopoJSON, write the GeoJSON compactly."""
    topology = json.loads(source.read_text(encoding="utf-8"))
    target.write_text(json.dumps(to_geojson(topology), separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
