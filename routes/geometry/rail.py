"""Trains follow a curated rail network (data/rail/), routed by shortest path.

No package ships railway geometry for Korea, China or Vietnam, so the network is kept
by hand: `nodes.csv` holds stations and the towns a line passes where it bends, each
coordinate with its source; `lines.csv` holds the lines, each an ordered list of nodes
with the line's name and a source. A station node names its curated place
(`data/places.csv`, written by the geocoding stage) and its coordinate is taken from
there when that row exists; the node's own coordinate (the town it lies in) is the
fallback so the network works before or without that file.

Between consecutive nodes the track is drawn as a geodesic: nodes are placed where the
line bends, so the chords stay on the corridor. Chords between sourced towns still cut
the corners of lines that wind through mountains (the Pyongra Line's chords sum to ~72 %
of its length), so a line with a published length (`published_km` in lines.csv, with
its source) is measured by that length: each stretch counts its share of the published
figure in proportion to its chord. A route's `km` is therefore railway kilometrage;
`drawn_km` is the length of the polyline as drawn.
"""
from __future__ import annotations

import csv
import functools
import itertools
import math
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np

from routes.geometry.geodesic import geodesic_path
from routes.places.sphere import EARTH_KM as EARTH_RADIUS_KM  # noqa: F401  (the benchmark's)
from routes.places.sphere import distance_km, distances_km_radians, near_lon, unroll

ROOT = Path(__file__).resolve().parents[2]
RAIL_DIR = ROOT / "data" / "rail"
PLACES_CSV = ROOT / "data" / "places.csv"
SNAP_KM = 25.0
SNAP_BLOCK = 4_096          # points per distance matrix in snap_many
# A place this close to its node is the node: no stub is drawn.
SAME_POINT_KM = 0.05


@dataclass(frozen=True)
class Node:
    node_id: str
    name: str
    lat: float
    lon: float
    source: str


@dataclass(frozen=True)
class RailRoute:
    """A train's path: [[lon, lat], ...] (longitudes continuous), km, and lines used."""

    coords: np.ndarray
    km: float
    corridor: str
    nodes: tuple[str, ...]
    drawn_km: float = math.nan


def _read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_places(path: Path = PLACES_CSV) -> dict[str, tuple[float, float, str]]:
    """place_id → (lat, lon, source) from the curated places file, if present."""
    if not path.is_file():
        return {}
    places = {}
    for row in _read_csv(path):
        try:
            places[row["place_id"]] = (float(row["lat"]), float(row["lon"]), row.get("source", ""))
        except (KeyError, ValueError):
            continue
    return places


def read_nodes(rail_dir: Path = RAIL_DIR, places_path: Path = PLACES_CSV) -> dict[str, Node]:
    """Network nodes with their coordinates: the curated place first, the node's own second.

    A node with neither (a place-only node whose place row is missing) is left out,
    and the lines through it lose that stretch.
    """
    places = read_places(places_path)
    nodes = {}
    for row in _read_csv(rail_dir / "nodes.csv"):
        place = places.get(row["place_id"]) if row["place_id"] else None
        if place is not None:
            lat, lon, source = place[0], place[1], f"data/places.csv {row['place_id']} ({place[2]})"
        elif row["lat"] and row["lon"]:
            lat, lon, source = float(row["lat"]), float(row["lon"]), row["source"]
        else:
            continue
        nodes[row["node_id"]] = Node(row["node_id"], row["name"], lat, lon, source)
    return nodes


def read_lines(rail_dir: Path = RAIL_DIR) -> list[dict]:
    """Lines as dicts: line, source, stops (node ids in order, ends included),
    published_km (float or None) and published_source."""
    lines = []
    for row in _read_csv(rail_dir / "lines.csv"):
        via = [v for v in row["via"].split(";") if v]
        published = (row.get("published_km") or "").strip()
        lines.append({"line": row["line"], "source": row["source"],
                      "stops": [row["from"], *via, row["to"]],
                      "published_km": float(published) if published else None,
                      "published_source": row.get("published_source", "")})
    return lines


class RailNetwork:
    """The curated network as a weighted graph (weight = geodesic km between nodes)."""

    def __init__(self, nodes: dict[str, Node], lines: list[dict]):
        self.nodes = nodes
        self.graph = nx.Graph()
        for node in nodes.values():
            self.graph.add_node(node.node_id)
        for line in lines:
            self._add_line(line)
        self._steps = self._directed_steps()
        self._ids = list(nodes)
        self._lat = np.radians([nodes[n].lat for n in self._ids])
        self._lon = np.radians([nodes[n].lon for n in self._ids])

    def _add_line(self, line: dict) -> None:
        # a stop missing from the nodes (no coordinate) breaks the line there
        stops = line["stops"]
        stretches: list[tuple[str, str, np.ndarray, float]] = []
        for a, b in itertools.pairwise(stops):
            if a in self.nodes and b in self.nodes:
                # nodes sit where the line bends: short stretches need no extra points
                coords, km = geodesic_path(self.nodes[a].lat, self.nodes[a].lon,
                                           self.nodes[b].lat, self.nodes[b].lon, min_segments=1)
                stretches.append((a, b, np.asarray(coords), km))
        scale = winding_factor(line, stretches, len(stops) - 1)
        for a, b, stretch, km in stretches:
            # routing weighs the railway length, so a winding line is not preferred falsely
            self.graph.add_edge(a, b, km=km * scale, chord_km=km, line=line["line"],
                                source=line["source"], coords=stretch, start=a)

    def _directed_steps(self) -> dict[tuple[str, str], tuple[int, float, float, str]]:
        """(a, b) → (step id, km, chord km, line), both directions of every edge.

        The points after a towards b of every step are stored flat in
        self._step_points (step i owns rows _step_start[i] : _step_start[i] + _step_len[i]),
        so drawing a path is one vectorised gather instead of a concatenation of many
        small arrays (measured: the biggest cost of routing 1,000+ distinct train legs).
        """
        steps: dict[tuple[str, str], tuple[int, float, float, str]] = {}
        tails: list[np.ndarray] = []
        for a, b, edge in self.graph.edges(data=True):
            forward = edge["coords"] if edge["start"] == a else edge["coords"][::-1]
            for u, v, coords in ((a, b, forward), (b, a, forward[::-1])):
                steps[u, v] = (len(tails), edge["km"], edge["chord_km"], edge["line"])
                tails.append(coords[1:])
        lengths = np.array([len(t) for t in tails], dtype=np.int64)
        self._step_len = lengths
        self._step_start = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        self._step_points = np.concatenate(tails) if tails else np.empty((0, 2))
        return steps

    def snap(self, lat: float, lon: float, max_km: float = SNAP_KM) -> str | None:
        """The nearest node within max_km of (lat, lon), or None."""
        return self.snap_many([lat], [lon], max_km)[0]

    def snap_many(self, lats, lons, max_km: float = SNAP_KM) -> list[str | None]:
        """snap for arrays of points at once: one distance matrix, no loop per node."""
        return [self._ids[k] if k >= 0 else None for k in self._nearest(lats, lons, max_km).tolist()]

    def _nearest(self, lats, lons, max_km: float = SNAP_KM) -> np.ndarray:
        """Row of the nearest node within max_km of each point, or -1."""
        lat = np.asarray(lats, dtype=float)
        lon = np.asarray(lons, dtype=float)
        found = np.full(len(lat), -1, dtype=np.int64)
        if not self._ids:
            return found
        finite = np.isfinite(lat) & np.isfinite(lon)
        # bounded blocks keep the matrix small for a 100,000-point batch
        for start in range(0, len(lat), SNAP_BLOCK):
            block = slice(start, start + SNAP_BLOCK)
            with np.errstate(invalid="ignore"):
                km = distances_km_radians(np.radians(lat[block])[:, None], np.radians(lon[block])[:, None],
                                   self._lat[None, :], self._lon[None, :])
            best = np.argmin(np.where(np.isnan(km), np.inf, km), axis=1)
            near = (km[np.arange(len(best)), best] <= max_km) & finite[block]
            found[block] = np.where(near, best, -1)
        return found

    # The network is one long-lived object per process (default_network), so the cache pins nothing.
    @functools.lru_cache(maxsize=4096)  # noqa: B019
    def node_path(self, stops: tuple[str, ...]) -> tuple[str, ...] | None:
        """Shortest node sequence through the given nodes in order, or None."""
        path: list[str] = [stops[0]]
        for a, b in itertools.pairwise(stops):
            if a == b:
                continue
            piece = self._shortest_path(a, b)
            if piece is None:
                return None
            path.extend(piece[1:])
        return tuple(path)

    def _shortest_path(self, a: str, b: str) -> list[str] | None:
        """Node ids of the shortest path a → b by railway km, or None if not connected."""
        order, index, pred = self._all_shortest_paths
        i, j = index[a], index[b]
        if i != j and pred[i, j] < 0:
            return None
        path = [j]
        while path[-1] != i:
            path.append(int(pred[i, path[-1]]))
        return [order[k] for k in reversed(path)]

    @functools.cached_property
    def _all_shortest_paths(self):
        """(node ids, id → row, predecessor matrix) of every shortest path, found at once.

        A few hundred nodes: all pairs in C take about what one Dijkstra in networkx
        does, and legs between any stations are then only table look-ups.
        """
        from scipy.sparse.csgraph import dijkstra
        order = list(self.graph.nodes)
        matrix = nx.to_scipy_sparse_array(self.graph, nodelist=order, weight="km", format="csr")
        _, pred = dijkstra(matrix, directed=False, return_predecessors=True)
        return order, {node: k for k, node in enumerate(order)}, pred

    def route(self, points: list[tuple[float, float]]) -> RailRoute | None:
        """The train's path through points [(lat, lon), ...]: origin, vias, destination.

        None when a point is more than SNAP_KM from the network or no line connects.
        """
        return self.routes([points])[0]

    def routes(self, legs: list[list[tuple[float, float]]]) -> list[RailRoute | None]:
        """route for every leg. All ends are snapped in one batch and legs with an end
        off the network are turned away in numpy, so only legs on it reach the router."""
        counts = np.fromiter(map(len, legs), dtype=np.int64, count=len(legs))
        found: list[RailRoute | None] = [None] * len(legs)
        if not counts.sum():
            return found
        flat = np.array([p for points in legs for p in points], dtype=float)
        # distinct points (to ~0.1 m) are snapped once: datasets repeat stations
        distinct, which = np.unique(np.round(flat, 6), axis=0, return_inverse=True)
        node = self._nearest(distinct[:, 0], distinct[:, 1])[which.ravel()]
        ends = np.cumsum(counts)
        off = np.concatenate([[0], np.cumsum(node < 0)])
        on_network = (counts >= 2) & (off[ends] == off[ends - counts])
        for i in np.flatnonzero(on_network).tolist():
            stops = [self._ids[k] for k in node[ends[i] - counts[i]:ends[i]].tolist()]
            found[i] = self._route_stops(legs[i], stops)
        return found

    def _route_stops(self, points, stops: list[str]) -> RailRoute | None:
        path = self.node_path(tuple(stops))
        if path is None or len(path) < 2:
            return None
        coords, km, drawn_km, corridor = self._drawn(path)
        coords, stub_km = self._with_stubs(coords, points)
        return RailRoute(coords, km + stub_km, corridor, path, drawn_km + stub_km)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 (as node_path)
    def _drawn(self, path: tuple[str, ...]) -> tuple[np.ndarray, float, float, str]:
        """Track, railway km, drawn km and line names along a node path (cached: trips repeat)."""
        ids, km, drawn_km, lines = [], 0.0, 0.0, []
        for step in itertools.pairwise(path):
            step_id, step_km, chord_km, line = self._steps[step]
            ids.append(step_id)
            km += step_km
            drawn_km += chord_km
            lines.append(line)
        first = self.nodes[path[0]]
        coords = np.concatenate([[[first.lon, first.lat]], self._gather(np.array(ids))])
        if len(coords) > 1 and np.abs(np.diff(coords[:, 0])).max() > 180.0:
            coords = unroll(coords)
        coords.setflags(write=False)
        return coords, km, drawn_km, "; ".join(dict.fromkeys(lines))

    def _gather(self, ids: np.ndarray) -> np.ndarray:
        """The stored points of steps ids, in order, as one array."""
        lengths = self._step_len[ids]
        # row of each output point: its step's start + its offset within the step
        offsets = np.repeat(np.cumsum(lengths) - lengths, lengths)
        rows = np.repeat(self._step_start[ids], lengths) + np.arange(lengths.sum()) - offsets
        return self._step_points[rows]

    def _with_stubs(self, coords: np.ndarray, points) -> tuple[np.ndarray, float]:
        # start and end at the places themselves, not at the nodes they snapped to
        (lat0, lon0), (lat1, lon1) = points[0], points[-1]
        start_lon, start_lat = coords[0].tolist()
        end_lon, end_lat = coords[-1].tolist()
        head = distance_km(lat0, lon0, start_lat, start_lon)
        tail = distance_km(lat1, lon1, end_lat, end_lon)
        first, last, km = [], [], 0.0
        if head > SAME_POINT_KM:
            first = [[near_lon(lon0, coords[0, 0]), lat0]]
            km += float(head)
        if tail > SAME_POINT_KM:
            last = [[near_lon(lon1, coords[-1, 0]), lat1]]
            km += float(tail)
        if first or last:
            coords = np.vstack([np.reshape(first, (-1, 2)), coords, np.reshape(last, (-1, 2))])
        return coords, km


def winding_factor(line: dict, stretches: list, n_stretches: int) -> float:
    """published_km / sum of chords for a line with a published length, else 1.

    Only when every stretch of the line has its nodes: a line broken by a missing node
    keeps its chords rather than spreading the whole published length over a part.
    """
    published = line.get("published_km")
    chords = sum(s[3] for s in stretches)
    if not published or len(stretches) != n_stretches or chords <= 0:
        return 1.0
    return published / chords


@functools.lru_cache(maxsize=1)
def default_network() -> RailNetwork:
    """The project's curated network (read once per process)."""
    return RailNetwork(read_nodes(), read_lines())
