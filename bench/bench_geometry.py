"""Geometry for 10,000 mixed-mode legs with cached geocodes, against a per-leg loop.

Ours: routes.geometry.tracks.build_tracks (one vectorised geodesic batch, cached rail
paths, GeoJSON features, measures, speed checks). Baseline, measured in the same run:
a per-leg Python loop calling geographiclib InverseLine + Position for every point
(and the same rail router for trains). Target (issue #4): ours <= 1 s.

    .venv/bin/python bench/bench_geometry.py [n_legs]

Batch corridors (issue #9), `bench_geometry.py lanes [repeats]`: 1,500 ship legs between
the 3,000 biggest cities (random pairs worldwide, and pairs within one country as the
synthetic itineraries have them) through `sea_paths`, against searoute called per lane
(the code before batching; timed on a sample, scaled to all lanes, results compared);
10,000 train legs, mostly off the curated network, through `RailNetwork.routes`, against
the per-leg router as it was (a scalar snap per point). Targets: sea <= 0.5 s, rail <= 0.3 s.
"""
from __future__ import annotations

import functools
import math
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import itertools

from routes.geometry import sea
from routes.geometry.geodesic import geodesic_path
from routes.geometry.rail import (
    EARTH_RADIUS_KM,
    SNAP_KM,
    RailNetwork,
    RailRoute,
    default_network,
    read_lines,
    read_nodes,
)
from routes.geometry.tracks import build_tracks

MODES = np.array(["flight", "car", "train", "helicopter"])
MODE_SHARE = [0.55, 0.25, 0.15, 0.05]


def synthetic_legs(n: int, seed: int = 4) -> pd.DataFrame:
    """Legs between rail-network places (so trains route) with minute times."""
    rng = np.random.default_rng(seed)
    nodes = list(default_network().nodes.values())
    a, b = rng.integers(0, len(nodes), n), rng.integers(0, len(nodes), n)
    modes = rng.choice(MODES, n, p=MODE_SHARE)
    depart = pd.Timestamp("2019-02-23T08:00Z") + pd.to_timedelta(rng.integers(0, 10**6, n), unit="min")
    arrive = depart + pd.to_timedelta(rng.integers(30, 3000, n), unit="min")
    return pd.DataFrame({
        "leg_id": [f"bench|{i}|1" for i in range(n)], "leader": "bench", "trip": "t", "seq": 1,
        "origin": [nodes[i].name for i in a], "destination": [nodes[i].name for i in b],
        "origin_lat": [nodes[i].lat for i in a], "origin_lon": [nodes[i].lon for i in a],
        "destination_lat": [nodes[i].lat for i in b], "destination_lon": [nodes[i].lon for i in b],
        "via": "", "depart": depart.strftime("%Y-%m-%dT%H:%MZ"), "arrive": arrive.strftime("%Y-%m-%dT%H:%MZ"),
        "depart_utc": depart, "arrive_utc": arrive, "depart_end_utc": depart, "arrive_end_utc": arrive,
        "depart_precision": "minute", "arrive_precision": "minute", "mode": modes,
        "vehicle": "", "notes": "", "source": "", "confidence": "", "file": "bench.csv",
        "row": np.arange(2, n + 2),
    })


def per_leg_loop(legs: pd.DataFrame) -> list:
    network = default_network()
    paths = []
    for leg in legs.itertuples(index=False):
        points = [(leg.origin_lat, leg.origin_lon), (leg.destination_lat, leg.destination_lon)]
        route = network.route(points) if leg.mode == "train" else None
        if route is not None:
            paths.append(route.coords.tolist())
        else:
            paths.append(geodesic_path(*points[0], *points[1])[0])
    return paths


def timed(function, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main(n: int = 10_000) -> int:
    legs = synthetic_legs(n)
    build_tracks(legs.head(200))                       # load the network, warm caches
    ours, tracks = timed(build_tracks, legs)
    baseline, _ = timed(per_leg_loop, legs)
    drawn = sum(f["geometry"] is not None for f in tracks.features["features"])
    points = sum(len(f["geometry"]["coordinates"]) for f in tracks.features["features"] if f["geometry"])
    print(f"geometry for {n:,} legs ({drawn:,} drawn, {points:,} points; modes "
          + ", ".join(f"{m} {int((legs['mode'] == m).sum())}" for m in MODES) + ")")
    print(f"  ours  build_tracks      {ours:7.3f} s   target <= 1 s: {'ok' if ours <= 1 else 'MISSED'}")
    print(f"  baseline per-leg loop   {baseline:7.3f} s   (geographiclib Position per point)")
    print(f"  ratio baseline / ours   {baseline / ours:7.1f}x")
    return 0 if ours <= 1 else 1


# --- batch corridors: sea lanes and rail routes ----------------------------------------

SEA_LEGS, SEA_TARGET_S = 1_500, 0.5
RAIL_LEGS, RAIL_TARGET_S = 10_000, 0.3
SEAROUTE_SAMPLE = 120           # lanes timed one by one for the baseline


def city_legs(n: int, seed: int, same_country: bool) -> list[list[tuple[float, float]]]:
    """Legs between the 3,000 biggest cities (bench/synthetic.py's pool)."""
    from synthetic import city_pool
    pool, rng = city_pool(), random.Random(seed)
    by_country: dict[str, list] = {}
    for city in pool:
        by_country.setdefault(city.country, []).append(city)
    legs = []
    while len(legs) < n:
        a = rng.choice(pool)
        b = rng.choice(by_country[a.country] if same_country else pool)
        if a != b:
            legs.append([(a.lat, a.lon), (b.lat, b.lon)])
    return legs


def searoute_per_lane(legs) -> list:
    """The code before batching: searoute.searoute for each lane."""
    out = []
    for (lat1, lon1), (lat2, lon2) in legs:
        out.append(sea._searoute_lane.__wrapped__(round(lat1, 4), round(lon1, 4), round(lat2, 4), round(lon2, 4)))
    return out


def same_lane(batch, lane) -> bool:
    if batch is None or lane is None:
        return batch is None and lane is None
    expected = sea.unroll(np.asarray(lane))
    return batch[0].shape == expected.shape and bool(np.allclose(batch[0], expected, atol=1e-9, rtol=0))


def measure_sea(label: str, legs, repeats: int) -> bool:
    runs = []
    for _ in range(repeats):
        sea._LANE_CACHE.clear()
        sea._searoute_lane.cache_clear()
        seconds, got = timed(sea.sea_paths, legs)
        runs.append(seconds)
    ours = statistics.median(runs)
    sample = legs[:SEAROUTE_SAMPLE]
    base_s, lanes = timed(searoute_per_lane, sample)
    per_lane = base_s / len(sample)
    matches = sum(same_lane(b, lane) for b, lane in zip(got, lanes))
    distinct = len({tuple(np.round(np.ravel(leg), 4)) for leg in legs})
    baseline = per_lane * distinct        # the old code cached repeated lanes too
    ok = ours <= SEA_TARGET_S
    print(f"sea lanes, {len(legs):,} legs {label} ({distinct:,} distinct lanes)")
    print(f"  ours  sea_paths           {ours:7.3f} s   median of {repeats}; target <= {SEA_TARGET_S} s: "
          f"{'ok' if ok else 'MISSED'}")
    print(f"  baseline searoute/lane    {baseline:7.3f} s   ({per_lane * 1000:.1f} ms a lane on {len(sample)} lanes "
          f"x {distinct:,})")
    print(f"  ratio baseline / ours     {baseline / ours:7.1f}x   same lane as searoute: {matches}/{len(sample)}")
    return ok and matches == len(sample)


def rail_legs(n: int, seed: int = 8) -> list[list[tuple[float, float]]]:
    """Train legs as the synthetic itineraries have them (cities of one country, almost all
    far from the curated lines), one in twenty between network nodes."""
    legs = city_legs(n - n // 20, seed, same_country=True)
    nodes = list(default_network().nodes.values())
    rng = random.Random(seed)
    for _ in range(n // 20):
        a, b = rng.choice(nodes), rng.choice(nodes)
        legs.append([(a.lat, a.lon), (b.lat, b.lon)])
    rng.shuffle(legs)
    return legs


def rail_per_leg(net: RailNetwork, legs) -> list:
    """The router before batching: each point snapped alone (cached), then a networkx
    Dijkstra per origin (cached), then the same drawing."""
    import networkx as nx

    @functools.lru_cache(maxsize=512)
    def paths_from(source: str) -> dict:
        return nx.single_source_dijkstra_path(net.graph, source, weight="km")

    def node_path(stops: list[str]) -> tuple[str, ...] | None:
        path = [stops[0]]
        for a, b in itertools.pairwise(stops):
            if a != b:
                piece = paths_from(a).get(b)
                if piece is None:
                    return None
                path.extend(piece[1:])
        return tuple(path) if len(path) > 1 else None

    @functools.lru_cache(maxsize=16384)
    def snap(lat: float, lon: float):
        if not (math.isfinite(lat) and math.isfinite(lon)):
            return None
        p1, l1 = math.radians(lat), math.radians(lon)
        a = (np.sin((net._lat - p1) / 2) ** 2
             + np.cos(p1) * np.cos(net._lat) * np.sin((net._lon - l1) / 2) ** 2)
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        best = int(np.argmin(km))
        return net._ids[best] if km[best] <= SNAP_KM else None

    out = []
    for points in legs:
        stops = [snap(round(lat, 6), round(lon, 6)) for lat, lon in points]
        path = None if len(stops) < 2 or None in stops else node_path(stops)
        if path is None:
            out.append(None)
            continue
        coords, km, drawn_km, corridor = net._drawn(path)
        coords, stub_km = net._with_stubs(coords, points)
        out.append(RailRoute(coords, km + stub_km, corridor, path, drawn_km + stub_km))
    return out


def measure_rail(legs, repeats: int) -> bool:
    nodes, lines = read_nodes(), read_lines()
    ours_runs, base_runs = [], []
    for _ in range(repeats):
        # fresh networks: no snap or path remembered from the previous round
        ours, got = timed(RailNetwork(nodes, lines).routes, legs)
        base, expected = timed(rail_per_leg, RailNetwork(nodes, lines), legs)
        ours_runs.append(ours)
        base_runs.append(base)
    ours, base = statistics.median(ours_runs), statistics.median(base_runs)
    same = all((g is None and e is None) or (g is not None and e is not None and g.km == e.km
                                             and np.array_equal(g.coords, e.coords))
               for g, e in zip(got, expected))
    routed = sum(g is not None for g in got)
    ok = ours <= RAIL_TARGET_S
    print(f"rail routes, {len(legs):,} train legs ({routed:,} on the curated network)")
    print(f"  ours  RailNetwork.routes  {ours:7.3f} s   median of {repeats}; target <= {RAIL_TARGET_S} s: "
          f"{'ok' if ok else 'MISSED'}")
    print(f"  baseline per-leg route    {base:7.3f} s   (scalar snap per point, networkx Dijkstra per origin)")
    print(f"  ratio baseline / ours     {base / ours:7.1f}x   same routes: {'yes' if same else 'NO'}")
    return ok and same


def lanes_main(repeats: int = 3) -> int:
    warnings.simplefilter("ignore")        # searoute warns for every lane it cannot find
    load_s, _ = timed(sea.marnet)
    print(f"searoute network loaded and indexed once per process: {load_s:.2f} s")
    ok = measure_sea("worldwide", city_legs(SEA_LEGS, 21, same_country=False), repeats)
    ok &= measure_sea("within one country", city_legs(SEA_LEGS, 22, same_country=True), repeats)
    ok &= measure_rail(rail_legs(RAIL_LEGS), repeats)
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "lanes":
        sys.exit(lanes_main(int(sys.argv[2]) if len(sys.argv) > 2 else 3))
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
