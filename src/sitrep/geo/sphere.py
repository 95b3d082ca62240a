"""The mean direction of points on the sphere: the centre of a region or a district's towns."""

from __future__ import annotations

import math


def mean_direction(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The mean direction of points on the sphere, as (lat, lon) in degrees."""
    x = y = z = 0.0
    for lat, lon in points:
        phi, lam = math.radians(lat), math.radians(lon)
        x += math.cos(phi) * math.cos(lam)
        y += math.cos(phi) * math.sin(lam)
        z += math.sin(phi)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))
