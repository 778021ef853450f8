"""place_legs works on whole columns; a plain leg-by-leg walk is the reference it must match:
same coordinates, places table, problems, via points, and the same lookups with the same
context, in the same order."""

from __future__ import annotations

import math
import random
import zlib
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from routes.places.context import MAX_PENALTY, Neighbours, haversine_km, nearest_km, penalty
from routes.places.place import Candidate, Place
from routes.places.placing import SURE, _describe, _problem, place_legs


class Recording:
    """A deterministic geocoder whose answers depend on the name and on the context given."""

    def __init__(self):
        self.calls = []

    def resolve(self, query, country=None, kind=None, context=()):
        self.calls.append((query, country, tuple(context)))
        seed = zlib.crc32(f"{query}|{country}".encode())
        if seed % 7 == 0:
            return Place.unresolved(query)
        others = [Candidate(f"{query} {n}", float(n), float(n), "XX", "city", "gazetteer") for n in range(seed % 3)]
        if seed % 5 == 0 and not context:
            return Place.unresolved(query, others)
        lat = (seed % 1700) / 10 - 85 + (sum(p[0] for p in context) / len(context) / 100 if context else 0)
        confidence = (0.6, 0.8, 0.95)[seed % 3] + (0.04 if context else 0)
        return Place(query, query.upper(), lat, (seed % 3500) / 10 - 175, "XX", "city", "gazetteer",
                     confidence, False, others)


def reference(legs: pd.DataFrame, geocoder):
    """The leg-by-leg walk (how placing worked before it went column-wise)."""
    text = lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v).strip()  # noqa: E731
    col = lambda name: [text(v) for v in legs[name].tolist()]  # noqa: E731
    origins = list(zip(col("origin"), col("origin_country")))
    destinations = list(zip(col("destination"), col("destination_country")))
    vias = [[(v.strip(), "") for v in t.split(";") if v.strip()] for t in col("via")]
    trips, files, rows, ids = list(zip(col("leader"), col("trip"))), col("file"), legs["row"].tolist(), col("leg_id")
    uses = defaultdict(list)
    for i in range(len(legs)):
        for column, key in [("origin", origins[i]), ("destination", destinations[i])] + [("via", v) for v in vias[i]]:
            if key[0]:
                uses[key].append((i, column))
    fixed = {}
    for end, keys in (("origin", origins), ("destination", destinations)):
        for i, (lat, lon) in enumerate(zip(legs[f"{end}_lat"], legs[f"{end}_lon"])):
            if math.isfinite(lat) and math.isfinite(lon):
                fixed[keys[i]] = (float(lat), float(lon))

    def resolve(key, context):
        return geocoder.resolve(key[0], country=key[1] or None, context=context)

    def neighbours(i, key):
        around = [origins[i], destinations[i], *vias[i]]
        for j in (i - 1, i + 1):
            if 0 <= j < len(trips) and trips[j] == trips[i]:
                around += [origins[j], destinations[j]]
        return [k for k in around if k != key and k[0]]

    results = {k: resolve(k, ()) for k, us in uses.items() if k not in fixed or any(c == "via" for _, c in us)}
    known = dict(fixed)
    known.update({k: (p.lat, p.lon) for k, p in results.items() if p.resolved and p.confidence >= SURE})
    for key, place in list(results.items()):
        if not (place.resolved and place.confidence >= SURE):
            context = sorted({known[n] for i, _ in uses[key] for n in neighbours(i, key) if n in known})
            if context:
                second = resolve(key, context)
                if second.resolved or not place.resolved:
                    results[key] = second
    placed = {k: (p.lat, p.lon) for k, p in results.items() if p.resolved}
    for key, point in fixed.items():   # rows naming a place given elsewhere take its coordinates
        if key[0]:
            placed.setdefault(key, point)
    out = legs.reset_index(drop=True).copy()
    for end, keys in (("origin", origins), ("destination", destinations)):
        found = np.array([placed.get(k, (math.nan, math.nan)) for k in keys], dtype=float).reshape(-1, 2)
        lats, lons = out[f"{end}_lat"].to_numpy(float), out[f"{end}_lon"].to_numpy(float)
        empty = ~(np.isfinite(lats) & np.isfinite(lons))
        out[f"{end}_lat"], out[f"{end}_lon"] = np.where(empty, found[:, 0], lats), np.where(empty, found[:, 1], lons)
    places = [(k, p.name, p.lat, p.confidence, _describe(p.alternatives), sorted({rows[i] for i, _ in uses[k]}))
              for k, p in results.items()]
    problems = []
    for key, place in results.items():
        if place.resolved and place.confidence >= 0.75:
            continue
        by_file = defaultdict(lambda: defaultdict(list))
        for i, column in uses[key]:
            if not (key in fixed and column != "via"):
                by_file[files[i]][column].append(rows[i])
        for f, columns in by_file.items():
            named = [c for c in ("origin", "destination", "via") if c in columns]
            found = sorted({r for c in named for r in columns[c] if r is not None})
            problems.append(_problem(key, place, f, ", ".join(named), found,
                                     sum(len(columns[c]) for c in named)))
    problems.sort(key=lambda p: (p.file, p.row or 0, p.column or ""))
    via_points = {}
    for leg_id, vs in zip(ids, vias):
        found = [(results[v].lat, results[v].lon) for v in vs if results[v].resolved]
        if found:
            via_points[leg_id] = found
    return out, places, problems, via_points


def random_legs(seed: int, count: int) -> pd.DataFrame:
    rng = random.Random(seed)
    names = [f"Place {n}" for n in range(25)] + ["", " Place 3 ", "Place 4"]
    records = []
    for i in range(count):
        record = {"leader": rng.choice(["A", "B"]), "trip": f"t{i // rng.randint(2, 6)}", "seq": i,
                  "origin": rng.choice(names), "destination": rng.choice(names),
                  "origin_country": rng.choice(["", "", "KP", "CN"]), "destination_country": rng.choice(["", "KP"]),
                  "via": rng.choice(["", "", "", "Place 1", "Place 2; Place 30", " ; Place 1;Place 1"]),
                  "file": rng.choice(["a.csv", "b.csv"]), "row": i + 2, "leg_id": f"leg {i}"}
        for end in ("origin", "destination"):
            given = rng.random() < 0.15
            record[f"{end}_lat"] = rng.uniform(-60, 60) if given else math.nan
            record[f"{end}_lon"] = rng.uniform(-170, 170) if given or rng.random() < 0.05 else math.nan
        records.append(record)
    return pd.DataFrame.from_records(records)


@pytest.mark.parametrize("seed,count", [(1, 40), (2, 300), (3, 1), (4, 0), (5, 2000)])
def test_column_wise_placing_matches_the_leg_by_leg_walk(seed, count):
    legs = random_legs(seed, count) if count else random_legs(seed, 1).iloc[:0]
    ours, theirs = Recording(), Recording()
    result = place_legs(legs, geocoder=ours)
    out, places, problems, via_points = reference(legs, theirs)
    assert ours.calls == theirs.calls
    pd.testing.assert_frame_equal(result.legs, out)
    got = [((q, h), n, None if pd.isna(lat) else lat, c, a, r) for q, h, n, lat, c, a, r in
           result.places[["query", "country_hint", "name", "lat", "confidence", "alternatives", "rows"]]
           .itertuples(index=False)]
    assert got == places
    assert result.problems == problems
    assert result.via_points == via_points
    if count >= 300:   # the walk exercised both passes, problems and via places
        assert any(context for _, _, context in ours.calls) and problems and via_points


def test_prepared_neighbours_give_the_same_floats_as_haversine():
    rng = random.Random(11)
    points = [(rng.uniform(-90, 90), rng.uniform(-180, 180)) for _ in range(50)]
    near = Neighbours(points)
    for _ in range(300):
        lat, lon = rng.uniform(-90, 90), rng.uniform(-180, 180)
        some = points[: rng.randint(0, 50)]
        assert Neighbours(some).nearest_km(lat, lon) == nearest_km(lat, lon, some)
        assert near.penalty(lat, lon) == penalty(lat, lon, points)
        assert near.nearest_km(lat, lon) == min(haversine_km(lat, lon, a, b) for a, b in points)
    assert Neighbours([]).penalty(0.0, 0.0) == 0.0
    assert Neighbours([(0.0, 0.0)]).penalty(0.0, 180.0) == MAX_PENALTY
