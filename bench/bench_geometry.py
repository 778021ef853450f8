"""Geometry for 10,000 mixed-mode legs with cached geocodes, against a per-leg loop.

Ours: routes.geometry.tracks.build_tracks (one vectorised geodesic batch, cached rail
paths, GeoJSON features, measures, speed checks). Baseline, measured in the same run:
a per-leg Python loop calling geographiclib InverseLine + Position for every point
(and the same rail router for trains). Target (issue #4): ours <= 1 s.

    .venv/bin/python bench/bench_geometry.py [n_legs]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from routes.geometry.geodesic import geodesic_path  # noqa: E402
from routes.geometry.rail import default_network  # noqa: E402
from routes.geometry.tracks import build_tracks  # noqa: E402

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


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
