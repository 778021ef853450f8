"""Every leg drawn the way it was travelled, as one TrackSet (a columnar FeatureCollection).

flight, helicopter, car, foot: the geodesic (through any via points).
train: the curated rail network (`rail.py`), else the geodesic marked approximate.
ship: a modelled sea lane (`sea.py`), else the geodesic marked approximate.

Geodesics of all legs are computed in one vectorised batch and stay in its flat
array; rail and sea paths are routed in batches. The result follows the Tracks
contract in docs/architecture.md (see trackset.py for how it is stored).
"""
from __future__ import annotations

import itertools
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from routes.geometry.geodesic import STEP_KM, geodesic_paths
from routes.geometry.measure import durations_h, speed_problems, speeds_kmh
from routes.geometry.rail import default_network
from routes.geometry.sea import SEA_CORRIDOR, sea_paths
from routes.geometry.trackset import COORD_DECIMALS, FLOAT_PROPERTIES, TEXT_PROPERTIES, TrackSet
from routes.itinerary.modes import BY_NAME, CORRIDOR_MODES, GUESSED_WHEN_STRAIGHT
from routes.itinerary.problems import Problem
from routes.places.sphere import unroll, whole_turns

MEASURE_COLUMNS = ["leg_id", "distance_km", "duration_h", "speed_kmh", "approximate", "corridor"]
END_COLUMNS = ("origin_lat", "origin_lon", "destination_lat", "destination_lon")
# Above this many legs geodesics are traced with fewer points: a 320 km chord stays
# within 2 km of the curve, and at that size the map simplifies lines to ~10 km anyway
# (mapview.payload.LARGE_LEGS); it saves seconds and hundreds of megabytes at 100,000.
LARGE_SET_LEGS = 20_000
LARGE_SET_STEP_KM = 320.0
GEODESIC_PARTS = 8          # geodesics are traced in this many parts, shared by two threads


@dataclass
class Tracks:
    features: TrackSet
    problems: list[Problem] = field(default_factory=list)
    _measures: pd.DataFrame | None = None

    def measures(self) -> pd.DataFrame:
        """One row per leg: leg_id, distance_km, duration_h, speed_kmh, approximate, corridor."""
        assert self._measures is not None, "measures are set when the tracks are made"
        return self._measures.copy()


@dataclass
class _Drawn:
    """Every leg's path, stored flat like a TrackSet, plus what each leg followed."""

    pieces: list            # per leg: an (n, 2) [lon, lat] array, or None
    km: np.ndarray
    approximate: np.ndarray
    corridor: list
    # legs drawn as one plain geodesic stay in their batch's flat arrays
    blocks: list[_Block] = field(default_factory=list)


@dataclass
class _Block:
    """Paths of a batch of plain geodesics: leg rows[k] is coords[offsets[k]:offsets[k + 1]]."""

    rows: np.ndarray
    coords: np.ndarray
    offsets: np.ndarray


def build_tracks(legs: pd.DataFrame,
                 via_points: dict[str, list[tuple[float, float]]] | None = None) -> Tracks:
    """Tracks (TrackSet), measures and speed problems for legs (Itinerary.legs contract)."""
    legs = legs.reset_index(drop=True)
    drawn = _draw_all(legs, via_points or {})
    hours = durations_h(legs) if len(legs) else np.array([], dtype=float)
    kmh = speeds_kmh(drawn.km, hours)
    problems = speed_problems(legs, drawn.km, hours, kmh) if len(legs) else []
    measures = pd.DataFrame({
        "leg_id": legs["leg_id"].astype(str) if len(legs) else pd.Series([], dtype=str),
        "distance_km": drawn.km, "duration_h": hours, "speed_kmh": kmh,
        "approximate": drawn.approximate, "corridor": drawn.corridor,
    }, columns=MEASURE_COLUMNS)
    return Tracks(_trackset(legs, drawn, hours, kmh), problems, measures)


def _ends(legs: pd.DataFrame) -> np.ndarray:
    """(n, 4) origin lat, lon, destination lat, lon as floats (NaN where unknown)."""
    return np.column_stack([pd.to_numeric(legs[c], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
                            for c in END_COLUMNS]) if len(legs) else np.zeros((0, 4))


def _leg_points(ends: np.ndarray, vias: list) -> list[tuple[float, float]]:
    vias = [(float(a), float(b)) for a, b in vias if _finite(a) and _finite(b)]
    return [(float(ends[0]), float(ends[1])), *vias, (float(ends[2]), float(ends[3]))]


def _draw_all(legs: pd.DataFrame, via_points: dict) -> _Drawn:
    n = len(legs)
    drawn = _Drawn([None] * n, np.full(n, np.nan), np.zeros(n, dtype=bool), [""] * n)
    ends = _ends(legs)
    placed = np.isfinite(ends).all(axis=1)
    modes = legs["mode"].to_numpy(dtype=object) if n else np.array([], dtype=object)
    ids = legs["leg_id"].astype(str).tolist() if n else []
    points = {i: _leg_points(ends[i], via_points.get(ids[i], [])) for i in np.flatnonzero(placed).tolist()
              if ids[i] in via_points}
    corridor_modes = np.isin(modes, CORRIDOR_MODES)
    # Geodesics are numpy work, outside the interpreter lock: they are traced on a second
    # core while trains and ships are routed. They go in parts, so that once the routing
    # is done this thread takes the parts the other has not started; corridor legs that
    # find no route follow.
    parts = [_rows_mask(n, rows) for rows in
             np.array_split(np.flatnonzero(placed & ~corridor_modes), GEODESIC_PARTS)]
    with ThreadPoolExecutor(max_workers=1) as pool:
        futures = [pool.submit(_draw_geodesics, ends, part, points, modes, drawn) for part in parts]
        routed = _route_corridors(ends, modes, placed, points, drawn)
        for future, part in reversed(list(zip(futures, parts))):
            if future.cancel():
                _draw_geodesics(ends, part, points, modes, drawn)
        for future in futures:
            if not future.cancelled():
                future.result()
    _draw_geodesics(ends, placed & corridor_modes & ~routed, points, modes, drawn)
    return drawn


def _rows_mask(n: int, rows: np.ndarray) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[rows] = True
    return mask


def _route_corridors(ends, modes, placed, points: dict, drawn: _Drawn) -> np.ndarray:
    """Trains along the rail network, ships along sea lanes, in one batch each."""
    routed = np.zeros(len(modes), dtype=bool)
    for mode in CORRIDOR_MODES:
        rows = np.flatnonzero(placed & (modes == mode)).tolist()
        if not rows:
            continue
        wanted = [points.get(i) or _leg_points(ends[i], []) for i in rows]
        if BY_NAME[mode].corridor == "rail":
            found = [(r.coords, r.km, r.corridor) if r is not None else None
                     for r in default_network().routes(wanted)]
        else:
            found = [(lane[0], lane[1], SEA_CORRIDOR) if lane is not None else None for lane in sea_paths(wanted)]
        for i, result in zip(rows, found):
            if result is not None:
                drawn.pieces[i], drawn.km[i], drawn.corridor[i] = result
                routed[i] = True
    return routed


def _draw_geodesics(ends, wanted: np.ndarray, points: dict, modes, drawn: _Drawn) -> None:
    """One vectorised batch for every segment of every leg drawn as a geodesic."""
    rows = np.flatnonzero(wanted)
    if not len(rows):
        return
    has_vias = np.fromiter((i in points for i in rows.tolist()), dtype=bool, count=len(rows))
    plain, with_vias = rows[~has_vias], rows[has_vias]
    # plain legs first, one segment each; then one segment per hop of the legs with via points
    owners, starts, stops = [], [], []
    for i in with_vias.tolist():
        path = points[i]
        for a, b in itertools.pairwise(path):
            owners.append(i)
            starts.append(a)
            stops.append(b)
    hops = np.array(starts + stops, dtype=float).reshape(2, -1, 2) if owners else np.zeros((2, 0, 2))
    lat1, lon1 = np.concatenate([ends[plain, 0], hops[0, :, 0]]), np.concatenate([ends[plain, 1], hops[0, :, 1]])
    lat2, lon2 = np.concatenate([ends[plain, 2], hops[1, :, 0]]), np.concatenate([ends[plain, 3], hops[1, :, 1]])
    step = LARGE_SET_STEP_KM if len(modes) > LARGE_SET_LEGS else STEP_KM
    batch = geodesic_paths(lat1, lon1, lat2, lon2, step_km=step)
    # A train or ship drawn as a geodesic did not follow its corridor; for an unknown mode it is a guess.
    drawn.approximate[rows] = np.isin(modes[rows], GUESSED_WHEN_STRAIGHT)
    drawn.km[plain] = batch.km[:len(plain)]
    drawn.blocks.append(_Block(plain, batch.coords, batch.offsets[:len(plain) + 1]))
    drawn.km[with_vias] = 0.0
    np.add.at(drawn.km, np.asarray(owners, dtype=np.int64), batch.km[len(plain):])
    parts: dict[int, list[np.ndarray]] = {}
    for k, i in enumerate(owners, start=len(plain)):
        parts.setdefault(i, []).append(batch.path(k))
    for i, pieces in parts.items():
        drawn.pieces[i] = pieces[0] if len(pieces) == 1 else unroll(
            np.concatenate([pieces[0]] + [p[1:] for p in pieces[1:]]))


def _trackset(legs: pd.DataFrame, drawn: _Drawn, hours: np.ndarray, kmh: np.ndarray) -> TrackSet:
    n = len(legs)
    lengths = np.fromiter((0 if p is None else len(p) for p in drawn.pieces), dtype=np.int64, count=n)
    for block in drawn.blocks:
        lengths[block.rows] = np.diff(block.offsets)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    points = np.empty((int(offsets[-1]), 2))
    # each batch's block in one scatter; routed legs and legs with via points one by one
    for block in drawn.blocks:
        total = int(block.offsets[-1])
        target = np.repeat(offsets[block.rows] - block.offsets[:-1], np.diff(block.offsets))
        points[target + np.arange(total)] = block.coords[:total]
    for i, piece in enumerate(drawn.pieces):
        if piece is not None and len(piece):
            points[offsets[i]:offsets[i + 1]] = piece
    points[:, 0] += np.repeat(trip_turns(legs, points, offsets), np.diff(offsets))
    return TrackSet(_properties(legs, drawn, hours, kmh), np.round(points, COORD_DECIMALS), offsets)


def trip_turns(legs: pd.DataFrame, points: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Whole turns (multiples of 360°) to add to each leg's longitudes so that a trip is one
    line: each drawn leg starts where the trip's drawn leg before it ended (a round trip across
    the Pacific was drawn half at each edge of the map, and no view could fit it), then the trip
    as a whole so that the middle of its span lies within ±180°."""
    n = len(legs)
    turns = np.zeros(n)
    lengths = np.diff(offsets)
    rows = np.flatnonzero(lengths > 0)
    if len(rows) < 2:
        return turns
    trips = pd.factorize(_text_column(legs, "leader").astype(str)[rows] + "\x1f"
                         + _text_column(legs, "trip").astype(str)[rows])[0]
    seq = pd.to_numeric(legs["seq"], errors="coerce").to_numpy(dtype=float)[rows] if "seq" in legs \
        else np.zeros(len(rows))
    order = np.lexsort((np.arange(len(rows)), seq, trips))          # by trip, then seq, then as listed
    rows, trips = rows[order], trips[order]
    first, last = points[offsets[rows], 0], points[offsets[rows + 1] - 1, 0]
    step = np.zeros(len(rows))
    same = trips[1:] == trips[:-1]
    step[1:][same] = whole_turns(first[1:], last[:-1])[same]
    shift = pd.Series(step).groupby(trips).cumsum().to_numpy(copy=True)
    # the trip's span once joined, moved by whole turns to be centred on the map's own world
    low = pd.Series(np.minimum(first, last) + shift).groupby(trips).transform("min").to_numpy()
    high = pd.Series(np.maximum(first, last) + shift).groupby(trips).transform("max").to_numpy()
    shift += whole_turns((low + high) / 2, 0.0)
    turns[rows] = shift
    return turns


def _properties(legs: pd.DataFrame, drawn: _Drawn, hours: np.ndarray, kmh: np.ndarray) -> pd.DataFrame:
    """Feature properties per the Tracks contract, one row per leg."""
    n = len(legs)
    columns = {key: _text_column(legs, key) for key in TEXT_PROPERTIES}
    columns["seq"] = pd.to_numeric(legs["seq"], errors="coerce").to_numpy(dtype=float, na_value=np.nan) \
        if "seq" in legs else np.full(n, np.nan)
    columns["depart_ms"], columns["arrive_ms"] = _epoch_ms(legs, "depart_utc"), _epoch_ms(legs, "arrive_utc")
    for key, values in zip(FLOAT_PROPERTIES, (drawn.km, hours, kmh)):
        columns[key] = np.round(np.asarray(values, dtype=float), FLOAT_PROPERTIES[key])
    columns["approximate"] = drawn.approximate
    columns["corridor"] = np.asarray(drawn.corridor, dtype=object)
    return pd.DataFrame(columns, index=pd.RangeIndex(n))


def _text_column(legs: pd.DataFrame, key: str):
    """The column as text ("" where missing); a text column is kept as it is stored, since
    turning 100,000 cells into Python strings and back cost 0.4 s."""
    if key not in legs:
        return np.full(len(legs), "", dtype=object)
    column = legs[key]
    if pd.api.types.is_string_dtype(column.dtype) and not pd.api.types.is_object_dtype(column.dtype):
        return column.fillna("").array
    return column.astype(object).where(column.notna(), "").astype(str).to_numpy(dtype=object)


def _epoch_ms(legs: pd.DataFrame, column: str) -> np.ndarray:
    """Epoch milliseconds as floats (exact below 2^53), NaN where unknown."""
    if column not in legs or not len(legs):
        return np.full(len(legs), np.nan)
    times = pd.to_datetime(legs[column], utc=True)
    # pandas 3 may store seconds or microseconds: ask for milliseconds explicitly
    stamps = times.dt.tz_localize(None).to_numpy(dtype="datetime64[ms]")
    ms = stamps.astype(np.int64).astype(float)
    ms[np.isnat(stamps)] = np.nan
    return ms


def _finite(value) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False
