"""Where a traveller is at a given time, and the compact line encoding the page decodes.

`position_at` is the Python twin of `LeaderRoutes.positionAt` in static/leader_routes.js:
the position is interpolated along the leg's geometry in proportion to the time elapsed
between `depart_ms` and `arrive_ms`, distances measured with the haversine formula
between vertices and lat/lon interpolated linearly inside a segment. Both sides use
the same coordinates (rounded to 5 decimals), so they agree to ~1e-5°.

Day-precision times: the tracks stage gives a day-only departure as 00:00 UTC and a
day-only arrival as 23:59:59 UTC, so such a leg is spread over the whole day(s).
"""
from __future__ import annotations

import math

import numpy as np

EARTH_KM = 6371.0088
DECIMALS = 5


def feature_latlngs(feature: dict) -> list[tuple[float, float]]:
    """[(lat, lon), …] of a LineString feature, rounded like the page gets them."""
    geometry = feature.get("geometry") or {}
    if geometry.get("type") != "LineString":
        return []
    return [(round(lat, DECIMALS), round(lon, DECIMALS)) for lon, lat, *_ in geometry["coordinates"]]


def cumulative_km(latlngs) -> np.ndarray:
    points = np.radians(np.asarray(latlngs, dtype=float).reshape(-1, 2))
    if len(points) < 2:
        return np.zeros(len(points))
    dlat = np.diff(points[:, 0])
    dlon = np.diff(points[:, 1])
    h = np.sin(dlat / 2) ** 2 + np.cos(points[:-1, 0]) * np.cos(points[1:, 0]) * np.sin(dlon / 2) ** 2
    steps = 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return np.concatenate([[0.0], np.cumsum(steps)])


def point_at_fraction(latlngs, cumulative, fraction: float) -> tuple[float, float] | None:
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


def position_at(feature: dict, t_ms: float) -> tuple[float, float] | None:
    """(lat, lon) the timetable implies at t_ms, or None if not travelling then.

    None when the leg has no geometry, no departure or arrival time, or t_ms lies
    outside [depart_ms, arrive_ms]. Longitudes stay continuous (may exceed 180).
    """
    props = feature.get("properties") or {}
    depart, arrive = _ms(props.get("depart_ms")), _ms(props.get("arrive_ms"))
    latlngs = feature_latlngs(feature)
    if not latlngs or depart is None or arrive is None or not depart <= t_ms <= arrive:
        return None
    fraction = (t_ms - depart) / (arrive - depart) if arrive > depart else 1.0
    return point_at_fraction(latlngs, cumulative_km(latlngs), fraction)


def _encode_value(value: int) -> str:
    value = ~(value << 1) if value < 0 else value << 1
    chunks = []
    while value >= 0x20:
        chunks.append(chr((0x20 | (value & 0x1F)) + 63))
        value >>= 5
    chunks.append(chr(value + 63))
    return "".join(chunks)


def encode_polyline(latlngs) -> str:
    """Google's encoded polyline format at 5 decimals (~5 bytes a point instead of ~20)."""
    out, last_lat, last_lon = [], 0, 0
    for lat, lon in latlngs:
        ilat, ilon = int(round(lat * 1e5)), int(round(lon * 1e5))
        out.append(_encode_value(ilat - last_lat))
        out.append(_encode_value(ilon - last_lon))
        last_lat, last_lon = ilat, ilon
    return "".join(out)


def decode_polyline(encoded: str) -> list[tuple[float, float]]:
    """Inverse of encode_polyline (used by tests and the benchmark)."""
    points, index, lat, lon = [], 0, 0, 0
    while index < len(encoded):
        values = []
        for _ in range(2):
            shift = result = 0
            while True:
                byte = ord(encoded[index]) - 63
                index += 1
                result |= (byte & 0x1F) << shift
                shift += 5
                if byte < 0x20:
                    break
            values.append(~(result >> 1) if result & 1 else result >> 1)
        lat += values[0]
        lon += values[1]
        points.append((lat / 1e5, lon / 1e5))
    return points


def simplify(latlngs, tolerance_deg: float) -> list[tuple[float, float]]:
    """Ramer–Douglas–Peucker in lat/lon degrees (used only for very large maps)."""
    points = np.asarray(latlngs, dtype=float).reshape(-1, 2)
    if len(points) < 3 or tolerance_deg <= 0:
        return [tuple(p) for p in points]
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        if end - start < 2:
            continue
        a, b = points[start], points[end]
        segment = b - a
        inner = points[start + 1:end] - a
        length = np.hypot(*segment)
        if length == 0:
            distances = np.hypot(inner[:, 0], inner[:, 1])
        else:
            distances = np.abs(segment[0] * inner[:, 1] - segment[1] * inner[:, 0]) / length
        worst = int(np.argmax(distances))
        if distances[worst] > tolerance_deg:
            middle = start + 1 + worst
            keep[middle] = True
            stack.extend([(start, middle), (middle, end)])
    return [tuple(p) for p in points[keep]]
