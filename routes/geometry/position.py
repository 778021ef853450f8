"""Where a traveller is at a given time: interpolation along a leg's path by its timetable.

`position_at` is the Python twin of `LeaderRoutes.positionAt` in
routes/mapview/static/leader_routes.js: the position is interpolated along the leg's
geometry in proportion to the time elapsed between `depart_ms` and `arrive_ms`,
distances measured with the haversine formula between vertices and lat/lon
interpolated linearly inside a segment. Both sides use the same coordinates (rounded
to 5 decimals), so they agree to ~1e-5°.

Day-precision times: the tracks stage gives a day-only departure as 00:00 UTC and a
day-only arrival as 23:59:59 UTC, so such a leg is spread over the whole day(s).
"""
from __future__ import annotations

import math

import numpy as np

from routes.places.sphere import EARTH_KM, distances_km_radians  # noqa: F401  (EARTH_KM re-exported)

DECIMALS = 5


def feature_latlngs(feature: dict) -> list[tuple[float, float]]:
    """[(lat, lon), …] of a LineString feature, rounded like the page gets them."""
    geometry = feature.get("geometry") or {}
    if geometry.get("type") != "LineString":
        return []
    coordinates = np.asarray(geometry["coordinates"], dtype=float)
    if coordinates.size == 0:
        return []
    return [tuple(p) for p in np.round(coordinates[:, 1::-1], DECIMALS).tolist()]


def cumulative_km(latlngs) -> np.ndarray:
    """Distance along the line at each vertex, from the first (haversine between vertices)."""
    points = np.radians(np.asarray(latlngs, dtype=float).reshape(-1, 2))
    if len(points) < 2:
        return np.zeros(len(points))
    steps = distances_km_radians(points[:-1, 0], points[:-1, 1], points[1:, 0], points[1:, 1])
    return np.concatenate([[0.0], np.cumsum(steps)])


def point_at_fraction(latlngs, cumulative, fraction: float) -> tuple[float, float] | None:
    """The point ``fraction`` (0..1) of the way along the line, by distance."""
    if not len(latlngs):
        return None
    total = cumulative[-1]
    if len(latlngs) == 1 or total == 0:
        return tuple(latlngs[0])
    target = min(max(fraction, 0.0), 1.0) * total
    i = int(np.searchsorted(cumulative, target, side="left"))
    i = min(max(i, 1), len(latlngs) - 1)
    span = cumulative[i] - cumulative[i - 1]
    f = (target - cumulative[i - 1]) / span if span > 0 else 0.0
    (lat0, lon0), (lat1, lon1) = latlngs[i - 1], latlngs[i]
    return (lat0 + f * (lat1 - lat0), lon0 + f * (lon1 - lon0))


def _ms(value) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def position_along(latlngs, depart_ms, arrive_ms, t_ms: float) -> tuple[float, float] | None:
    """(lat, lon) on the line ``latlngs`` at t_ms for a leg timed depart_ms → arrive_ms,
    or None when the line is empty, a time is unknown or t_ms lies outside them."""
    depart, arrive = _ms(depart_ms), _ms(arrive_ms)
    if not len(latlngs) or depart is None or arrive is None or not depart <= t_ms <= arrive:
        return None
    fraction = (t_ms - depart) / (arrive - depart) if arrive > depart else 1.0
    return point_at_fraction(latlngs, cumulative_km(latlngs), fraction)


def position_at(feature: dict, t_ms: float) -> tuple[float, float] | None:
    """(lat, lon) the timetable implies at t_ms, or None if not travelling then.

    None when the leg has no geometry, no departure or arrival time, or t_ms lies
    outside [depart_ms, arrive_ms]. Longitudes stay continuous (may exceed 180).
    """
    props = feature.get("properties") or {}
    return position_along(feature_latlngs(feature), props.get("depart_ms"), props.get("arrive_ms"), t_ms)
