"""GeoJSON export that follows RFC 7946 to the letter.

The map keeps longitudes continuous across the date line (Beijing → Washington runs
116° → 283°) because Leaflet draws that correctly. RFC 7946 wants longitudes within
[-180, 180] and, §3.1.9, a line that crosses the antimeridian cut into a
MultiLineString with a part on each side. This module does that cut.
"""
from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping

DECIMALS = 6   # RFC 7946 §11.2: ~10 cm, more is noise


def features_geojson(features: Mapping) -> bytes:
    """A FeatureCollection (continuous longitudes allowed) as RFC 7946 GeoJSON bytes."""
    collection = {"type": "FeatureCollection",
                  "features": [rfc7946_feature(f) for f in features.get("features", [])]}
    return json.dumps(collection, ensure_ascii=False, allow_nan=False,
                      separators=(",", ":")).encode("utf-8")


def rfc7946_feature(feature: dict) -> dict:
    out = {"type": "Feature",
           "properties": _clean(feature.get("properties") or {}),
           "geometry": rfc7946_geometry(feature.get("geometry"))}
    if feature.get("id") is not None:
        out["id"] = feature["id"]
    return out


def rfc7946_geometry(geometry: dict | None) -> dict | None:
    """Wrap longitudes into [-180, 180] and cut lines at the antimeridian."""
    if not geometry or geometry.get("coordinates") is None:
        return None
    kind = geometry.get("type")
    if kind == "Point":
        return {"type": "Point", "coordinates": _round(wrap_point(geometry["coordinates"]))}
    if kind == "LineString":
        lines = [geometry["coordinates"]]
    elif kind == "MultiLineString":
        lines = geometry["coordinates"]
    else:
        raise ValueError(f"unsupported geometry type for a leg: {kind!r}")
    parts = [[_round(p) for p in part] for line in lines for part in split_at_antimeridian(line)]
    if not parts:
        return None
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def wrap_point(point) -> list[float]:
    lon, lat = float(point[0]), float(point[1])
    return [lon - 360.0 * _band(lon), lat]


def split_at_antimeridian(line) -> list[list[list[float]]]:
    """Parts of a line, each within [-180, 180]; cut where it crosses ±180°.

    Input longitudes may be continuous (283) or already wrapped (a jump from 179 to
    -179 is read as the short way across the date line, like Leaflet's unwrap).
    """
    points = _unwrapped([(float(p[0]), float(p[1])) for p in line])
    if len(points) < 2:
        return []
    dense = _with_crossings(points)
    parts: list[list[list[float]]] = []
    current_band = None
    for start, end in itertools.pairwise(dense):
        band = _band((start[0] + end[0]) / 2.0)
        if band != current_band:
            parts.append([[start[0] - 360.0 * band, start[1]]])
            current_band = band
        parts[-1].append([end[0] - 360.0 * band, end[1]])
    return [part for part in parts if _has_length(part)]


def _band(lon: float) -> int:
    """Which 360° copy of the world a longitude is in (0 for -180..180)."""
    return math.floor((lon + 180.0) / 360.0)


def _unwrapped(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    if not points:
        return points
    out = [points[0]]
    for lon, lat in points[1:]:
        previous = out[-1][0]
        # shift by whole turns so no step is longer than 180° of longitude
        lon -= 360.0 * round((lon - previous) / 360.0)
        out.append((lon, lat))
    return out


def _with_crossings(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Insert a point wherever a segment crosses a ±180° (+360°k) meridian."""
    out = [points[0]]
    for (lon_a, lat_a), (lon_b, lat_b) in itertools.pairwise(points):
        low, high = sorted((lon_a, lon_b))
        boundaries = []
        boundary = 180.0 + 360.0 * math.floor((low - 180.0) / 360.0)
        while boundary < high:
            if boundary > low:
                boundaries.append(boundary)
            boundary += 360.0
        for boundary in (boundaries if lon_b > lon_a else boundaries[::-1]):
            share = (boundary - lon_a) / (lon_b - lon_a)
            out.append((boundary, lat_a + share * (lat_b - lat_a)))
        out.append((lon_b, lat_b))
    return out


def _has_length(part: list[list[float]]) -> bool:
    return len(part) >= 2 and any(p != part[0] for p in part[1:])


def _round(point) -> list[float]:
    return [round(float(point[0]), DECIMALS), round(float(point[1]), DECIMALS)]


def _clean(value):
    """JSON-safe copy: NaN/inf become null (JSON has no NaN), numpy scalars become Python."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, TypeError):
            return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
