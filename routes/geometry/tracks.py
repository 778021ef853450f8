"""Every leg drawn the way it was travelled, as one GeoJSON FeatureCollection.

flight, helicopter, car, foot: the geodesic (through any via points).
train: the curated rail network (`rail.py`), else the geodesic marked approximate.
ship: a modelled sea lane (`sea.py`), else the geodesic marked approximate.

Geodesics of all legs are computed in one vectorised batch; rail paths are cached per
node sequence. The result follows the Tracks contract in docs/architecture.md.
"""
from __future__ import annotations

import gc
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from routes.geometry.geodesic import geodesic_paths
from routes.geometry.measure import durations_h, speed_problems, speeds_kmh
from routes.geometry.rail import default_network, unroll
from routes.geometry.sea import SEA_CORRIDOR, sea_path
from routes.problems import Problem

MEASURE_COLUMNS = ["leg_id", "distance_km", "duration_h", "speed_kmh", "approximate", "corridor"]
COORD_DECIMALS = 5   # about a metre


@dataclass
class Tracks:
    features: dict
    problems: list[Problem] = field(default_factory=list)
    _measures: pd.DataFrame | None = None

    def measures(self) -> pd.DataFrame:
        """One row per leg: leg_id, distance_km, duration_h, speed_kmh, approximate, corridor."""
        return self._measures.copy()


@dataclass
class _Drawn:
    coords: np.ndarray | None = None
    km: float = math.nan
    approximate: bool = False
    corridor: str = ""


def build_tracks(legs: pd.DataFrame,
                 via_points: dict[str, list[tuple[float, float]]] | None = None) -> Tracks:
    """GeoJSON features, measures and speed problems for legs (Itinerary.legs contract)."""
    # Building hundreds of thousands of small coordinate lists makes Python's cyclic
    # garbage collector rescan the heap again and again (measured: 6x slower); none of
    # these objects form cycles, so collection waits until the end.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(legs.reset_index(drop=True), via_points or {})
    finally:
        if was_enabled:
            gc.enable()


def _build(legs: pd.DataFrame, via_points: dict) -> Tracks:
    drawn = _draw_all(legs, via_points)
    km = np.array([d.km for d in drawn], dtype=float)
    hours = durations_h(legs) if len(legs) else np.array([], dtype=float)
    kmh = speeds_kmh(km, hours)
    problems = speed_problems(legs, km, hours, kmh) if len(legs) else []
    measures = pd.DataFrame({
        "leg_id": legs["leg_id"].astype(str) if len(legs) else pd.Series([], dtype=str),
        "distance_km": km, "duration_h": hours, "speed_kmh": kmh,
        "approximate": [d.approximate for d in drawn], "corridor": [d.corridor for d in drawn],
    }, columns=MEASURE_COLUMNS)
    features = _features(legs, drawn, km, hours, kmh)
    return Tracks({"type": "FeatureCollection", "features": features}, problems, measures)


def _leg_points(leg_id: str, ends: tuple, via_points: dict) -> list[tuple[float, float]] | None:
    if not all(_finite(v) for v in ends):
        return None
    vias = [(float(a), float(b)) for a, b in via_points.get(leg_id, []) if _finite(a) and _finite(b)]
    return [(float(ends[0]), float(ends[1])), *vias, (float(ends[2]), float(ends[3]))]


def _draw_all(legs: pd.DataFrame, via_points: dict) -> list[_Drawn]:
    drawn = [_Drawn() for _ in range(len(legs))]
    geodesic_wanted: dict[int, list[tuple[float, float]]] = {}
    network = None
    columns = [legs[c].tolist() for c in ("leg_id", "mode", "origin_lat", "origin_lon",
                                          "destination_lat", "destination_lon")]
    for i, (leg_id, mode, *ends) in enumerate(zip(*columns)):
        points = _leg_points(leg_id, ends, via_points)
        if points is None:
            continue
        if mode == "train":
            network = network or default_network()
            route = network.route(points)
            if route is not None:
                drawn[i] = _Drawn(route.coords, route.km, False, route.corridor)
                continue
        elif mode == "ship":
            lane = sea_path(points)
            if lane is not None:
                drawn[i] = _Drawn(lane[0], lane[1], False, SEA_CORRIDOR)
                continue
        geodesic_wanted[i] = points
    _draw_geodesics(legs, geodesic_wanted, drawn)
    return drawn


def _draw_geodesics(legs: pd.DataFrame, wanted: dict[int, list], drawn: list[_Drawn]) -> None:
    """One vectorised batch for every segment of every leg drawn as a geodesic."""
    if not wanted:
        return
    owners, starts, ends = [], [], []
    for i, points in wanted.items():
        for a, b in zip(points, points[1:]):
            owners.append(i)
            starts.append(a)
            ends.append(b)
    (lat1, lon1), (lat2, lon2) = np.array(starts).T, np.array(ends).T
    batch = geodesic_paths(lat1, lon1, lat2, lon2)
    pieces: dict[int, list[np.ndarray]] = {}
    for k, i in enumerate(owners):
        pieces.setdefault(i, []).append(batch.path(k))
        drawn[i].km = (0.0 if math.isnan(drawn[i].km) else drawn[i].km) + batch.km[k]
    modes = legs["mode"].tolist()
    for i, parts in pieces.items():
        coords = parts[0] if len(parts) == 1 else unroll(
            np.concatenate([parts[0]] + [p[1:] for p in parts[1:]]))
        mode = modes[i]
        # a train or ship drawn as a geodesic did not follow its corridor
        drawn[i] = _Drawn(coords, drawn[i].km, mode in ("train", "ship"), "")


TEXT_PROPERTIES = ("leg_id", "leader", "trip", "mode", "origin", "destination", "depart", "arrive",
                   "depart_precision", "arrive_precision", "vehicle", "notes", "source", "confidence")


def _features(legs: pd.DataFrame, drawn: list[_Drawn], km, hours, kmh) -> list[dict]:
    """One GeoJSON Feature per leg, properties per the Tracks contract."""
    n = len(legs)
    text = {key: (legs[key].fillna("").astype(str).tolist() if key in legs else [""] * n)
            for key in TEXT_PROPERTIES}
    seq = legs["seq"].tolist() if "seq" in legs else [None] * n
    depart_ms, arrive_ms = _epoch_ms(legs, "depart_utc"), _epoch_ms(legs, "arrive_utc")
    km, hours, kmh = (np.round(v, d).tolist() for v, d in ((km, 1), (hours, 2), (kmh, 1)))
    features = []
    for i, d in enumerate(drawn):
        geometry = None
        if d.coords is not None:
            geometry = {"type": "LineString",
                        "coordinates": np.round(d.coords, COORD_DECIMALS).tolist()}
        properties = {key: text[key][i] for key in TEXT_PROPERTIES}
        properties.update(
            seq=_int_or_none(seq[i]), depart_ms=depart_ms[i], arrive_ms=arrive_ms[i],
            distance_km=_none_if_nan(km[i]), duration_h=_none_if_nan(hours[i]),
            speed_kmh=_none_if_nan(kmh[i]), approximate=bool(d.approximate), corridor=d.corridor)
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return features


def _epoch_ms(legs: pd.DataFrame, column: str) -> list[int | None]:
    if column not in legs:
        return [None] * len(legs)
    times = pd.to_datetime(legs[column], utc=True)
    # pandas 3 may store seconds or microseconds: ask for milliseconds explicitly
    ms = times.dt.as_unit("ms").astype("int64") if len(times) else times
    return [None if missing else int(value) for missing, value in zip(times.isna(), ms)]


def _none_if_nan(value: float) -> float | None:
    return None if value != value else value


def _finite(value) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _int_or_none(value) -> int | None:
    return int(value) if _finite(value) else None

