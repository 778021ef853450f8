"""Addresses, namesakes and territories as people write them (tests/fixtures/places_addresses.csv).

150 queries written before the gazetteer was tuned for them, each with a public source for
its answer: airports written as "NAME, CITY, COUNTRY" (coordinates from OurAirports), towns
that share their name with a better-known one, written "NAME, STATE, COUNTRY" or "NAME,
COUNTRY" (GeoNames), and territories and island countries (the answer must lie on the
territory's Natural Earth outline). Every fourth row is held back: the share is reported per
kind and per part, and the held-back part must reach the target as well.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import numpy as np
from matplotlib.path import Path as MplPath

from routes.mapview.basemap import country_polygons
from routes.places import Gazetteer
from routes.places.context import haversine_km

FIXTURE = Path(__file__).parent / "fixtures" / "places_addresses.csv"
TARGET = 0.95
OUTLINE_KM = 10.0      # Natural Earth 50m outlines of small islands are this coarse


def _rows() -> list[dict]:
    with open(FIXTURE, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _outline(name: str) -> list:
    return [p for cid, n, polygons in country_polygons("50m") if n == name for p in polygons]


def _on_outline(lat: float, lon: float, name: str) -> bool:
    for polygon in _outline(name):
        outer = polygon[0]
        if MplPath(outer).contains_point((lon, lat)):
            return True
        nearest = min(haversine_km(lat, lon, y, x) for x, y in np.asarray(outer)[:: max(1, len(outer) // 400)])
        if nearest <= OUTLINE_KM:
            return True
    return False


def _right(place, row) -> bool:
    if not place.resolved:
        return False
    if row["area"]:
        return _on_outline(place.lat, place.lon, row["area"])
    return haversine_km(place.lat, place.lon, float(row["lat"]), float(row["lon"])) <= float(row["tolerance_km"])


def test_the_list_is_sourced_and_large_enough():
    rows = _rows()
    assert len(rows) >= 150
    assert {r["kind"] for r in rows} == {"airport", "city", "region"}
    for row in rows:
        assert row["source"].startswith("https://"), row
        assert row["area"] and _outline(row["area"]) if row["kind"] == "region" else row["lat"] and row["lon"], row


def test_addresses_namesakes_and_territories_by_kind_and_part():
    gaz = Gazetteer.default()
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for row in _rows():
        place = gaz.resolve(row["query"], country=row["country"] or None)
        ok = _right(place, row)
        for key in ((row["kind"], row["split"]), ("all", row["split"]), (row["kind"], "all"), ("all", "all")):
            tally[key][0] += ok
            tally[key][1] += 1
        if not ok:
            misses.append(f"{row['query']} [{row['kind']}, {row['split']}]: "
                          f"{place.name or 'unresolved'} ({place.country}) {place.lat}, {place.lon}")
    lines = [f"{kind:8} {split:8} {hit}/{total} = {hit / total:.1%}"
             for (kind, split), (hit, total) in sorted(tally.items())]
    print("\n" + "\n".join(lines) + "\nmisses:\n  " + "\n  ".join(misses))
    for part in ("holdout", "all"):
        hit, total = tally[("all", part)]
        assert hit / total >= TARGET, "\n".join(misses)
