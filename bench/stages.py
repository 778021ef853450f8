"""The library's stages as the benchmark calls them, wired to whatever entry points exist.

The preferred paths are the library's own (routes.places.placing.place_legs,
routes.geometry.tracks.build_tracks). While those are being written, a stand-in
built from the parts that do exist (Gazetteer.resolve, geodesic_paths) keeps the
suite running; every row says which path it measured.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import baselines
import numpy as np
import pandas as pd

ENDPOINTS = ("origin_lat", "origin_lon", "destination_lat", "destination_lon")


def load(files, recipe=None):
    from routes.itinerary.itinerary import Itinerary, read_itinerary

    return Itinerary.concat([read_itinerary(path, recipe=recipe) for path in files])


# -- geocoding --------------------------------------------------------------------------------
def unique_queries(legs: pd.DataFrame) -> list[tuple[str, str]]:
    """(place name, country as written) of every end without coordinates, once each."""
    found: dict[tuple[str, str], None] = {}
    for end in ("origin", "destination"):
        missing = legs[f"{end}_lat"].isna() | legs[f"{end}_lon"].isna()
        pairs = legs.loc[missing, [end, f"{end}_country"]].drop_duplicates()
        for name, country in pairs.itertuples(index=False):
            if name:
                found[(name, country)] = None
    return list(found)


def resolve_all(gazetteer, queries: list[tuple[str, str]]) -> dict:
    return {(name, country): gazetteer.resolve(name, country=country or None) for name, country in queries}


@dataclass
class Placed:
    legs: pd.DataFrame
    via_points: object = None
    problems: list = field(default_factory=list)
    how: str = ""
    raw: object = None          # the library's own placing result, when it exists


def place(legs: pd.DataFrame, gazetteer) -> Placed:
    try:
        from routes.places.placing import place_legs
    except ImportError:
        return _place_standin(legs, gazetteer)
    result = place_legs(legs, geocoder=gazetteer)
    return Placed(result.legs, getattr(result, "via_points", None), list(getattr(result, "problems", [])),
                  "routes.places.placing.place_legs", result)


def _place_standin(legs: pd.DataFrame, gazetteer) -> Placed:
    resolved = resolve_all(gazetteer, unique_queries(legs))
    legs = legs.copy()
    for end in ("origin", "destination"):
        keys = list(zip(legs[end], legs[f"{end}_country"]))
        lat = np.array([_coord(resolved.get(k), "lat") for k in keys], dtype=float)
        lon = np.array([_coord(resolved.get(k), "lon") for k in keys], dtype=float)
        legs[f"{end}_lat"] = legs[f"{end}_lat"].fillna(pd.Series(lat, index=legs.index))
        legs[f"{end}_lon"] = legs[f"{end}_lon"].fillna(pd.Series(lon, index=legs.index))
    return Placed(legs, None, [], "stand-in: Gazetteer.resolve per unique name (routes.places.placing missing)")


def _coord(place, axis: str) -> float:
    if place is None or not place.resolved:
        return np.nan
    return getattr(place, axis)


# -- geometry ------------------------------------------------------------------------------------
def endpoints(legs: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """Endpoint arrays of the legs that have all four coordinates."""
    complete = legs[list(ENDPOINTS)].notna().all(axis=1)
    return tuple(legs.loc[complete, column].to_numpy(dtype=float) for column in ENDPOINTS)


def complete_legs(legs: pd.DataFrame) -> pd.DataFrame:
    return legs[legs[list(ENDPOINTS)].notna().all(axis=1)]


def geometry_baseline(legs: pd.DataFrame) -> tuple[float, str]:
    """(seconds, what) of a per-leg loop over legs with both ends placed."""
    from common import timed

    try:
        from bench_geometry import per_leg_loop  # geometry's own baseline: rail routes too
    except ImportError:
        seconds, _ = timed(baselines.geodesic_loop, *endpoints(legs))
        return seconds, "geographiclib per leg"
    seconds, _ = timed(per_leg_loop, legs)
    return seconds, "bench_geometry.per_leg_loop"


def warm_tracks(placed: Placed) -> None:
    head = Placed(placed.legs.head(20), placed.via_points)
    tracks(head)


def geodesic_batch(lat1, lon1, lat2, lon2):
    from routes.geometry.geodesic import geodesic_paths

    return geodesic_paths(lat1, lon1, lat2, lon2)


def tracks(placed: Placed):
    """(tracks, which path measured) of the placed legs: the TrackSet the pipeline makes
    (it reads as a FeatureCollection; its Feature dicts are built only when asked for)."""
    try:
        from routes.geometry.tracks import build_tracks
    except ImportError:
        features = _tracks_standin(placed.legs)
        return ({"type": "FeatureCollection", "features": features},
                "stand-in: geodesic_paths (routes.geometry.tracks missing)")
    return build_tracks(placed.legs, placed.via_points).features, "routes.geometry.tracks.build_tracks"


_PROPERTIES = ("leg_id", "leader", "trip", "seq", "mode", "origin", "destination", "depart", "arrive",
               "depart_precision", "arrive_precision", "vehicle", "notes", "source", "confidence")


def _ms(series: pd.Series) -> list:
    values = series.astype("int64", errors="ignore") if series.notna().all() else None
    if values is not None:
        return (values // 1_000_000).tolist()
    return [None if pd.isna(t) else int(t.value // 1_000_000) for t in series]


def _tracks_standin(legs: pd.DataFrame) -> list[dict]:
    """Contract-shaped features: geodesic lines, times in epoch ms, measures."""
    complete = legs[list(ENDPOINTS)].notna().all(axis=1).to_numpy()
    batch = geodesic_batch(*(legs.loc[complete, c].to_numpy(dtype=float) for c in ENDPOINTS))
    depart_ms, arrive_ms = _ms(legs["depart_utc"]), _ms(legs["arrive_utc"])
    records = legs[list(_PROPERTIES)].to_dict("records")
    features, k = [], 0
    for i, props in enumerate(records):
        props = {**props, "seq": int(props["seq"]), "depart_ms": depart_ms[i], "arrive_ms": arrive_ms[i],
                 "approximate": True, "corridor": ""}
        geometry = None
        if complete[i]:
            geometry = {"type": "LineString", "coordinates": batch.path(k).round(5).tolist()}
            km = float(batch.km[k])
            hours = None if None in (depart_ms[i], arrive_ms[i]) else (arrive_ms[i] - depart_ms[i]) / 3.6e6
            props.update(distance_km=km, duration_h=hours, speed_kmh=km / hours if hours else None)
            k += 1
        else:
            props.update(distance_km=None, duration_h=None, speed_kmh=None)
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return features
