"""The Earth as a sphere: great-circle distance (haversine) and longitudes across the date line.

One home for arithmetic that places, snapping, stubs, meetings and the timeline all need. The
sphere's distance is good to about 0.3 % (routes use the ellipsoid: geometry/geodesic.py).
numpy is imported only by the functions that take arrays: the gazetteer measures single pairs
and starts without it.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

EARTH_KM = 6371.0088      # mean Earth radius (IUGG)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle km between two points in degrees, in plain floats (numpy per call is slower).
    A NaN coordinate gives half the circumference: never nearer than a real place."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def distances_km_radians(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle km between points given in radians, element-wise (numpy broadcasting);
    NaN where a coordinate is NaN."""
    import numpy as np
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def distances_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle km between points given in degrees, element-wise (numpy broadcasting)."""
    import numpy as np
    return distances_km_radians(np.radians(lat1), np.radians(lon1), np.radians(lat2), np.radians(lon2))


def wrap_lon(lon):
    """A longitude (or an array of them) brought into [-180, 180)."""
    return (lon + 180.0) % 360.0 - 180.0


def whole_turns(lon, reference):
    """The multiple of 360° that brings ``lon`` (or an array of them) nearest to ``reference``:
    added to a longitude, it moves the point to another copy of the world, never elsewhere."""
    import numpy as np
    return 360.0 * np.round((np.asarray(reference, dtype=float) - lon) / 360.0)


def near_lon(lon: float, reference: float) -> float:
    """``lon`` shifted by whole turns to lie within 180° of ``reference``."""
    return reference + (lon - reference + 180.0) % 360.0 - 180.0


def unroll(coords: np.ndarray) -> np.ndarray:
    """[[lon, lat], …] with longitudes made continuous (no step over 180°), starting from the
    first point's longitude."""
    import numpy as np
    lon = np.degrees(np.unwrap(np.radians(coords[:, 0])))
    lon += coords[0, 0] - lon[0]
    return np.column_stack([lon, coords[:, 1]])
