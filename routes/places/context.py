"""Choosing among same-named places by the trip around them.

A trip's neighbouring places are given as coordinates. A candidate far from
all of them is penalised: Pingxiang between Nanning and Dong Dang is the
Guangxi border town, not Pingxiang in Jiangxi 850 km away.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from routes.places.sphere import EARTH_KM as EARTH_RADIUS_KM
from routes.places.sphere import distance_km as haversine_km

if TYPE_CHECKING:
    import numpy as np

NEAR_KM = 150.0           # closer than this to a neighbour: no penalty at all
MAX_PENALTY = 0.45        # a candidate on the other side of the world
FEW_NEIGHBOURS = 4        # up to this many, every neighbour is measured exactly
CLOSE_KM = 1e-3


def clean_points(context: Iterable[Sequence[float]] | None) -> list[tuple[float, float]]:
    """Keep the usable (lat, lon) pairs of a context argument."""
    points = []
    for item in context or ():
        try:
            lat, lon = float(item[0]), float(item[1])
        except (TypeError, ValueError, IndexError):
            continue
        if math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180:
            points.append((lat, lon))
    return points


def nearest_km(lat: float, lon: float, points: list[tuple[float, float]]) -> float | None:
    if not points:
        return None
    return min(haversine_km(lat, lon, plat, plon) for plat, plon in points)


def penalty(lat: float, lon: float, points: list[tuple[float, float]]) -> float:
    """0 near the trip's other places, growing with log-distance up to MAX_PENALTY."""
    distance = nearest_km(lat, lon, points)
    if distance is None or distance <= NEAR_KM:
        return 0.0
    # 150 km -> 0, ~4,700 km -> MAX_PENALTY (1.5 decades of distance).
    scaled = math.log10(distance / NEAR_KM) / 1.5
    return MAX_PENALTY * min(1.0, scaled)


class Neighbours:
    """A trip's other places, prepared once: one lookup scores many candidates against them.

    Same arithmetic as ``haversine_km`` term by term (so the same floats), without recomputing
    each neighbour's radians and cosine for every candidate.
    """

    def __init__(self, points: list[tuple[float, float]]):
        self._points = [(math.radians(lat), math.cos(math.radians(lat)), lon) for lat, lon in points]
        # Many neighbours: numpy finds the few that can be nearest, and only those are
        # measured exactly (a trip's 13 neighbours cost 80,000 haversines at 100,000 legs).
        # numpy is imported here, not above: the gazetteer alone starts in 0.1 s without it.
        self._array: np.ndarray | None = None
        if len(self._points) > FEW_NEIGHBOURS:
            import numpy as np
            self._array = np.array(self._points).T

    def nearest_km(self, lat: float, lon: float) -> float | None:
        if not self._points:
            return None
        p1 = math.radians(lat)
        c1 = math.cos(p1)
        close = () if self._array is None else self._closest(p1, c1, lon)
        # (none close: numpy could not tell, e.g. a NaN coordinate; every neighbour is measured)
        points = [self._points[i] for i in close] if len(close) else self._points
        return min(2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(
            math.sin((p2 - p1) / 2) ** 2 + c1 * c2 * math.sin(math.radians(lon2 - lon) / 2) ** 2)))
            for p2, c2, lon2 in points)

    def _closest(self, p1: float, c1: float, lon: float) -> np.ndarray:
        """Neighbours whose distance is within a metre of the least, by numpy's arithmetic
        (which may differ from math's in the last digits, never by a metre)."""
        import numpy as np
        assert self._array is not None   # _closest is asked only when the array was made
        p2, c2, lon2 = self._array
        h = np.sin((p2 - p1) / 2) ** 2 + c1 * c2 * np.sin(np.radians(lon2 - lon) / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
        return np.flatnonzero(km <= km.min() + CLOSE_KM)

    def penalty(self, lat: float, lon: float) -> float:
        """As ``penalty``: 0 near the trip's other places, up to MAX_PENALTY far from all."""
        distance = self.nearest_km(lat, lon)
        if distance is None or distance <= NEAR_KM:
            return 0.0
        scaled = math.log10(distance / NEAR_KM) / 1.5
        return MAX_PENALTY * min(1.0, scaled)


# Within this of the trip's other places, and far nearer than any namesake: the trip decides.
NEXT_DOOR_KM = 50.0


def nearest_namesake_first(ranked: list, near: Neighbours, separated: float, same_place_km: float) -> list:
    """Namesakes within a few hundred kilometres all sit inside the context's neutral radius;
    the trip still decides between them when one is next door and the others are not
    (Valkenburg beside Maastricht, not the one in South Holland, 190 km off). ``ranked``: hits
    best first; ``separated``: a lead that decides by itself; ``same_place_km``: closer hits are
    one place."""
    if len(ranked) < 2:
        return ranked
    close_call = [h for h in ranked if ranked[0].score - h.score < separated]
    measured = [near.nearest_km(h.lat, h.lon) for h in close_call]
    if len(close_call) < 2 or measured[0] is None:
        return ranked
    distances = [float(km) for km in measured if km is not None]   # all measured, or none
    i = min(range(len(close_call)), key=lambda j: distances[j])
    nearest, d = close_call[i], distances[i]
    others = [o for h, o in zip(close_call, distances, strict=True)
              if haversine_km(h.lat, h.lon, nearest.lat, nearest.lon) > same_place_km]
    if d > NEXT_DOOR_KM or not others or min(others) < max(4 * d, d + 100):
        return ranked
    nearest.score = ranked[0].score + separated / 2      # decided by the trip, not beyond doubt
    return [nearest] + [h for h in ranked if h is not nearest]
