"""Tracks held as columns: one properties table and one flat array of vertices.

At 100,000 legs a FeatureCollection of dicts costs gigabytes and seconds to build, and
most readers never look at it: the map, the filters and the exports want columns. A
TrackSet is the Tracks FeatureCollection (docs/architecture.md) stored that way — leg i
owns ``points[offsets[i]:offsets[i + 1]]`` ([lon, lat], 5 decimals) and row i of
``properties`` — and it still reads as the FeatureCollection (``tracks["features"]``),
building the Feature dicts only when someone asks for them.
"""
from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import Future
from typing import Any

import numpy as np
import pandas as pd

COORD_DECIMALS = 5   # about a metre
TEXT_PROPERTIES = ("leg_id", "leader", "trip", "mode", "origin", "destination", "depart", "arrive",
                   "depart_precision", "arrive_precision", "vehicle", "notes", "source", "confidence")
INT_PROPERTIES = ("seq", "depart_ms", "arrive_ms")
FLOAT_PROPERTIES = {"distance_km": 1, "duration_h": 2, "speed_kmh": 1}
PROPERTY_ORDER = TEXT_PROPERTIES + INT_PROPERTIES + tuple(FLOAT_PROPERTIES) + ("approximate", "corridor")


class Derived:
    """What the map derives from one TrackSet and keeps with it, each computed on first use
    (by routes.mapview.pagecolumns and routes.mapview.payload) and dropped with the set:

    - ``page_columns``: the page's columns per line tolerance (PageColumns);
    - ``pending_lines``: the line encodings being computed for them on the second core;
    - ``trip_codes``: each leg's (leader, trip) as a code, and the pairs coded.

    ``lock`` makes one build per set, however many sessions ask at once. Not pickled: a copy
    of the set derives its own."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.page_columns: dict[float | None, Any] = {}
        self.pending_lines: dict[float | None, Future] = {}
        self.trip_codes: tuple[np.ndarray, list[tuple[str, str]]] | None = None

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        self.__init__()  # type: ignore[misc]


class TrackSet(Mapping):
    """Legs as a FeatureCollection in columns; see the module docstring."""

    def __init__(self, properties: pd.DataFrame, points: np.ndarray, offsets: np.ndarray):
        if len(offsets) != len(properties) + 1:
            raise ValueError(f"{len(properties)} legs need {len(properties) + 1} offsets, got {len(offsets)}")
        self.properties = properties.reset_index(drop=True)
        self.points = np.asarray(points, dtype=float).reshape(-1, 2)
        self.offsets = np.asarray(offsets, dtype=np.int64)
        self._features: list[dict] | None = None
        self._origin: tuple[TrackSet, np.ndarray] | None = None
        self._leg_id_list: list[str] | None = None
        self.derived = Derived()     # what the map computes from this set, kept with it

    # -- reading as a FeatureCollection ----------------------------------------------------
    def __getitem__(self, key: str):
        if key == "type":
            return "FeatureCollection"
        if key == "features":
            return self.feature_list()
        raise KeyError(key)

    def __iter__(self):
        return iter(("type", "features"))

    def __len__(self) -> int:
        return 2

    def __repr__(self) -> str:
        return f"TrackSet({len(self.properties)} legs, {len(self.points)} points)"

    def feature_list(self) -> list[dict]:
        """The GeoJSON Features (built once, on first use)."""
        if self._features is None:
            self._features = [{"type": "Feature", "geometry": geometry, "properties": props}
                              for geometry, props in zip(self._geometries(), self._property_dicts())]
        return self._features

    def _geometries(self) -> list[dict | None]:
        coords = self.points.tolist()
        return [{"type": "LineString", "coordinates": coords[a:b]} if b > a else None
                for a, b in zip(self.offsets[:-1].tolist(), self.offsets[1:].tolist())]

    def _property_dicts(self) -> list[dict]:
        frame, n = self.properties, len(self.properties)
        columns: dict[str, list] = {}
        for key in PROPERTY_ORDER:
            if key not in frame:
                continue
            if key in INT_PROPERTIES:
                columns[key] = _ints(frame[key])
            elif key in FLOAT_PROPERTIES:
                columns[key] = _floats(frame[key])
            elif key == "approximate":
                columns[key] = [bool(v) for v in frame[key].fillna(False).tolist()]
            else:
                columns[key] = frame[key].tolist()
        names = list(columns)
        return [dict(zip(names, values)) for values in zip(*columns.values())] if names else [{} for _ in range(n)]

    # -- columns -------------------------------------------------------------------------
    @property
    def lengths(self) -> np.ndarray:
        """Vertex count of each leg (0 for a leg that could not be placed)."""
        return np.diff(self.offsets)

    def latlon(self) -> np.ndarray:
        """All vertices as (n, 2) [lat, lon]."""
        return self.points[:, ::-1]

    @property
    def leg_ids(self) -> pd.Series:
        return self.properties["leg_id"] if "leg_id" in self.properties else pd.Series([], dtype=str)

    def leg_id_list(self) -> list[str]:
        """leg_id of every leg as a list of str (kept: filters ask for it on every change)."""
        if self._leg_id_list is None:
            self._leg_id_list = [str(leg_id) for leg_id in self.leg_ids.tolist()]
        return self._leg_id_list

    def bounds(self) -> list[list[float]] | None:
        """[[south, west], [north, east]] of every vertex, or None when nothing is placed."""
        if not len(self.points):
            return None
        lon, lat = self.points[:, 0], self.points[:, 1]
        return [[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]]

    # -- selecting and joining -----------------------------------------------------------
    def take(self, rows: np.ndarray) -> TrackSet:
        """The legs at these row positions, in this order."""
        rows = np.asarray(rows, dtype=np.int64)
        lengths = self.lengths[rows]
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        vertex = np.repeat(self.offsets[:-1][rows] - offsets[:-1], lengths) + np.arange(offsets[-1])
        part = TrackSet(self.properties.iloc[rows], self.points[vertex], offsets)
        root, root_rows = self.origin()
        part._origin = (root, root_rows[rows])
        return part

    def origin(self) -> tuple[TrackSet, np.ndarray]:
        """The set this one was taken from (through any number of takes) and the rows it
        took: what is computed once per dataset is cached on that set."""
        return self._origin or (self, np.arange(len(self.properties)))

    def subset(self, leg_ids: Iterable) -> TrackSet:
        """The legs whose leg_id is in leg_ids, in this set's order."""
        if hasattr(leg_ids, "tolist"):     # a column: plain values first (iterating it costs 2 µs each)
            leg_ids = leg_ids.tolist()
        wanted = {str(leg_id) for leg_id in leg_ids}
        # set lookups over plain Python strings: pandas' isin on string columns costs
        # over a second at 100,000 legs
        ids = self.leg_id_list()
        chosen = np.fromiter((leg_id in wanted for leg_id in ids), dtype=bool, count=len(ids))
        if chosen.all():
            return self
        return self.take(np.flatnonzero(chosen))

    @classmethod
    def concat(cls, parts: list[TrackSet]) -> TrackSet:
        if not parts:
            return cls.empty()
        starts = np.cumsum([0] + [len(p.points) for p in parts[:-1]])
        offsets = np.concatenate([[0]] + [p.offsets[1:] + s for p, s in zip(parts, starts)])
        properties = pd.concat([p.properties for p in parts], ignore_index=True)
        return cls(properties, np.concatenate([p.points for p in parts]), offsets)

    @classmethod
    def empty(cls) -> TrackSet:
        return cls(pd.DataFrame(columns=list(PROPERTY_ORDER)), np.zeros((0, 2)), np.zeros(1, dtype=np.int64))

    @classmethod
    def from_features(cls, features) -> TrackSet:
        """A TrackSet of a FeatureCollection (or list of Features) given as dicts."""
        if isinstance(features, TrackSet):
            return features
        if isinstance(features, Mapping):
            features = features.get("features") or []
        features = list(features or [])
        lines = [_line_coords(f) for f in features]
        lengths = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
        points = _flat_vertices(lines, int(lengths.sum()))
        properties = pd.DataFrame.from_records([f.get("properties") or {} for f in features])
        if len(properties) != len(features):      # no properties at all gives no rows
            properties = pd.DataFrame(index=range(len(features)))
        tracks = cls(properties, points, np.concatenate([[0], np.cumsum(lengths)]))
        tracks._features = features
        return tracks


def as_trackset(features) -> TrackSet:
    return TrackSet.from_features(features)


def _line_coords(feature: dict) -> list:
    geometry = feature.get("geometry") or {}
    return (geometry.get("coordinates") or []) if geometry.get("type") == "LineString" else []


def _flat_vertices(lines: list[list], total: int) -> np.ndarray:
    if total == 0:
        return np.zeros((0, 2))
    try:  # fast path: every vertex is exactly [lon, lat]
        return np.fromiter(itertools.chain.from_iterable(itertools.chain.from_iterable(lines)),
                           dtype=float, count=2 * total).reshape(-1, 2)
    except ValueError:  # some vertices carry a height: take the first two numbers
        return np.array([vertex[:2] for line in lines for vertex in line], dtype=float)


def _ints(series: pd.Series) -> list[int | None]:
    values = pd.to_numeric(series, errors="coerce").astype(float).to_numpy()
    finite = np.isfinite(values)
    out = values.astype(object)
    out[finite] = values[finite].astype(np.int64)
    out[~finite] = None
    return out.tolist()


def _floats(series: pd.Series) -> list[float | None]:
    values = pd.to_numeric(series, errors="coerce").astype(float).to_numpy()
    out = values.astype(object)
    out[~np.isfinite(values)] = None
    return out.tolist()
