"""Ships follow a modelled sea lane from the offline `searoute` package.

searoute snaps both ends to its maritime network and returns the lane between them;
the path here starts and ends at the ports themselves. Its geometry can cross ±180°
with a jump, so longitudes are made continuous. Anything searoute cannot serve
returns None and the caller falls back to a geodesic marked approximate.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from routes.geometry.geodesic import geodesic_distances_km
from routes.geometry.rail import unroll

SEA_CORRIDOR = "sea lane (searoute)"


@functools.lru_cache(maxsize=2048)
def _lane(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[tuple[float, float], ...] | None:
    try:
        import searoute
        feature = searoute.searoute([lon1, lat1], [lon2, lat2], units="km", append_orig_dest=True)
    except Exception:  # searoute raises assorted errors for unreachable points
        return None
    coords = (feature or {}).get("geometry", {}).get("coordinates") or []
    return tuple((float(lon), float(lat)) for lon, lat in coords) if len(coords) >= 2 else None


def sea_path(points: list[tuple[float, float]]) -> tuple[np.ndarray, float] | None:
    """([[lon, lat], ...], km) along sea lanes through points [(lat, lon), ...], or None."""
    if not all(math.isfinite(v) for p in points for v in p):
        return None
    pieces = []
    for (lat1, lon1), (lat2, lon2) in zip(points, points[1:]):
        lane = _lane(round(lat1, 4), round(lon1, 4), round(lat2, 4), round(lon2, 4))
        if lane is None:
            return None
        pieces.append(np.asarray(lane) if not pieces else np.asarray(lane)[1:])
    coords = unroll(np.concatenate(pieces))
    return coords, path_km(coords)


def path_km(coords: np.ndarray) -> float:
    """Length of a [lon, lat] polyline, segment by segment on the WGS84 ellipsoid."""
    lon, lat = coords[:, 0], coords[:, 1]
    return float(geodesic_distances_km(lat[:-1], lon[:-1], lat[1:], lon[1:]).sum())
