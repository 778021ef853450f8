"""Ships follow a modelled sea lane from the offline `searoute` package.

searoute snaps both ends to its maritime network ("marnet", ~9,700 nodes) and returns
the lane between them; the path here starts and ends at the ports themselves. Its
geometry can cross ±180° with a jump, so longitudes are made continuous. Anything
searoute cannot serve returns None and the caller falls back to a geodesic marked
approximate.

Many legs at once (`sea_paths`) reproduce searoute's own answer without calling it per
lane (its bidirectional Dijkstra in networkx costs ~7 ms a lane): ends are snapped to
the same nodes (nearest in plain lon/lat degrees, as searoute's k-d tree does), and one
C Dijkstra (scipy, searched within a radius first) per distinct source node serves
every lane from that node. A shortest path that is unique is the one searoute finds
whatever its search order. Where two paths tie (weights are rounded to 0.1 km, so ~3 %
of random lanes do), or only a closed passage leads there, the lane is found by a
step-for-step copy of searoute's own search (networkx's bidirectional Dijkstra without
its per-edge callbacks); a snap that is itself a tie goes to searoute. Every result is
searoute's lane, and the tests compare them.

One behaviour differs on purpose: where searoute finds no lane it returns the two ends
alone, a straight line across land; here that is None (a geodesic marked approximate).
"""
from __future__ import annotations

import functools
import itertools
import math

import numpy as np

from routes.geometry.geodesic import geodesic_distances_km
from routes.geometry.marnet import Marnet, marnet  # noqa: F401  (Marnet re-exported)
from routes.places.sphere import unroll
from routes.reading.collector import gc_paused

SEA_CORRIDOR = "sea lane (searoute)"
LANE_CACHE_SIZE = 20_000        # lanes of ~100 points: ~30 MB at most

Key = tuple[float, float, float, float]          # (lat1, lon1, lat2, lon2), rounded
Lane = np.ndarray                                 # [[lon, lat], ...] as searoute returns it


def sea_path(points: list[tuple[float, float]]) -> tuple[np.ndarray, float] | None:
    """([[lon, lat], ...], km) along sea lanes through points [(lat, lon), ...], or None."""
    return sea_paths([points])[0]


def sea_paths(legs: list[list[tuple[float, float]]]) -> list[tuple[np.ndarray, float] | None]:
    """sea_path for every leg, sharing the routing work between legs."""
    # searoute keeps its network as ~100,000 Python objects, which every collection rescans
    with gc_paused():
        keyed = [_segment_keys(points) for points in legs]
        lanes = _lanes({key for keys in keyed if keys for key in keys})
        coords = [_joined([lanes[k] for k in keys]) if keys else None for keys in keyed]
        return _with_lengths(coords)


def path_km(coords: np.ndarray) -> float:
    """Length of a [lon, lat] polyline, segment by segment on the WGS84 ellipsoid."""
    lon, lat = coords[:, 0], coords[:, 1]
    return float(geodesic_distances_km(lat[:-1], lon[:-1], lat[1:], lon[1:]).sum())


def _segment_keys(points: list[tuple[float, float]]) -> list[Key] | None:
    """One rounded key per consecutive pair of points, or None if a point is not finite."""
    if len(points) < 2 or not all(math.isfinite(v) for p in points for v in p):
        return None
    # rounding to ~10 m lets repeated ports share one lane
    rounded = [(round(lat, 4), round(lon, 4)) for lat, lon in points]
    return [(*a, *b) for a, b in itertools.pairwise(rounded)]


def _joined(lanes: list[Lane | None]) -> np.ndarray | None:
    """The lanes of a leg's segments end to end (shared points once), longitudes continuous."""
    known = [lane for lane in lanes if lane is not None]
    if len(known) < len(lanes):
        return None
    coords = np.concatenate([known[0]] + [lane[1:] for lane in known[1:]])
    # searoute's own lanes are continuous already; nodes straight from the network
    # still jump at ±180°
    return unroll(coords) if np.abs(np.diff(coords[:, 0])).max() > 180.0 else coords


def _with_lengths(coords: list[np.ndarray | None]) -> list[tuple[np.ndarray, float] | None]:
    """Pair each path with its ellipsoidal length, all segments of all paths in one batch."""
    drawn = [c for c in coords if c is not None]
    if not drawn:
        return [None] * len(coords)
    flat = np.concatenate(drawn)
    km = geodesic_distances_km(flat[:-1, 1], flat[:-1, 0], flat[1:, 1], flat[1:, 0])
    starts = np.cumsum([0] + [len(c) for c in drawn[:-1]])
    # segment j joins point j to j+1; the one from a path's last point to the next
    # path's first belongs to neither
    km = np.append(km, 0.0)
    km[starts[1:] - 1] = 0.0
    sums = iter(np.add.reduceat(km, starts))
    return [None if c is None else (c, float(next(sums))) for c in coords]


# --- lanes: searoute's answer, many at a time -------------------------------------------

_LANE_CACHE: dict[Key, Lane | None] = {}


def _lanes(keys: set[Key]) -> dict[Key, Lane | None]:
    """The lane for every key (cached across calls: trips repeat)."""
    missing = [k for k in keys if k not in _LANE_CACHE]
    if missing:
        if len(_LANE_CACHE) + len(missing) > LANE_CACHE_SIZE:
            _LANE_CACHE.clear()
        _LANE_CACHE.update(_route_many(missing))
    return {k: _LANE_CACHE[k] for k in keys}


def _route_many(keys: list[Key]) -> dict[Key, Lane | None]:
    # searoute refuses latitudes beyond the poles
    lanes: dict[Key, Lane | None] = {k: None for k in keys if abs(k[0]) > 90 or abs(k[2]) > 90}
    keys = [k for k in keys if k not in lanes]
    try:
        net = marnet()
    except Exception:  # searoute or scipy unusable: the lane-by-lane path still answers
        return {**lanes, **{key: _searoute_lane(*key) for key in keys}}
    origins = net.snap([(k[1], k[0]) for k in keys])
    targets = net.snap([(k[3], k[2]) for k in keys])
    for source, wanted in _by_source(keys, origins, targets).items():
        ends = [destination if origin == source else origin for _, origin, destination in wanted]
        tree = net.tree_from(source, limit=net.search_radius_km(source, ends))
        if not np.isfinite(tree.dist[ends]).all():
            tree = net.tree_from(source)       # a lane longer than the radius: search it all
        for (key, origin, destination), far, path in zip(wanted, ends, tree.paths_to(ends)):
            nodes: np.ndarray | list[int] | None = path
            if path is None:
                # tied or unreachable: searoute's own search decides which path
                nodes = net.searoute_path(origin, destination)
            elif far == origin:
                nodes = path[::-1]
            lanes[key] = None if nodes is None else _lane_coords(key, net.xy[nodes])
    for key, a, b in zip(keys, origins, targets):
        if a < 0 or b < 0:              # the snap itself was a tie: searoute decides
            lanes[key] = _searoute_lane(*key)
    return lanes


def _lane_coords(key: Key, nodes: np.ndarray) -> np.ndarray:
    """[[lon, lat], ...]: the origin, the nodes, the destination (as searoute appends them)."""
    coords = np.empty((len(nodes) + 2, 2))
    coords[0], coords[1:-1], coords[-1] = (key[1], key[0]), nodes, (key[3], key[2])
    coords.setflags(write=False)      # cached and shared between legs
    return coords


def _by_source(keys: list[Key], origins: np.ndarray, targets: np.ndarray) -> dict:
    """source node → [(key, origin node, destination node)]: few sources serve all lanes.

    The network is undirected, so a lane can be found from either end; ends shared by
    many lanes are taken as sources first (a greedy cover of the lanes by their ends).
    """
    usable = (origins >= 0) & (targets >= 0)
    degree = np.bincount(np.concatenate([origins[usable], targets[usable]]), minlength=1).tolist()
    plan: dict[int, list] = {}
    for key, a, b, ok in zip(keys, origins.tolist(), targets.tolist(), usable.tolist()):
        if not ok:
            continue
        source = a if a in plan or (b not in plan and degree[a] >= degree[b]) else b
        plan.setdefault(source, []).append((key, a, b))
    return plan


@functools.lru_cache(maxsize=4096)
def _searoute_lane(lat1: float, lon1: float, lat2: float, lon2: float) -> Lane | None:
    """searoute's own lane between two points (lon, lat pairs out), or None."""
    try:
        import searoute
        feature = searoute.searoute([lon1, lat1], [lon2, lat2], units="km", append_orig_dest=True)
    except Exception:  # searoute raises assorted errors for unreachable points
        return None
    coords = (feature or {}).get("geometry", {}).get("coordinates") or []
    # two points are the ends alone: searoute found no lane (only through a closed
    # passage) and would draw a straight line across land
    if len(coords) <= 2:
        return None
    lane = np.array(coords, dtype=float)
    lane.setflags(write=False)      # cached and shared between legs
    return lane
