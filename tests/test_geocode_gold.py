"""Share of real places (../shared/data/places_gold.csv) resolved within each row's tolerance.

The list comes from sources independent of GeoNames. It measures; it is never
copied into data/. Misses are printed so they can be fixed at their cause.
"""

from __future__ import annotations

import csv

import pytest

from routes.geocode import Gazetteer
from routes.geocode.context import haversine_km
from tests.conftest import SHARED

GOLD = SHARED / "data" / "places_gold.csv"
TARGET = 0.95


@pytest.mark.skipif(not GOLD.exists(), reason=f"shared test data not found at {GOLD}")
def test_gold_places_resolve_within_tolerance():
    gaz = Gazetteer.default()
    with open(GOLD, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    hits, misses = 0, []
    for row in rows:
        place = gaz.resolve(row["query_name"], country=row["country"] or None)
        distance = (haversine_km(place.lat, place.lon, float(row["lat"]), float(row["lon"]))
                    if place.resolved else None)
        if distance is not None and distance <= float(row["tolerance_km"]):
            hits += 1
        else:
            misses.append(f"{row['query_name']} [{row['country']}]: got {place.name or 'nothing'}"
                          f" ({'%.1f km off' % distance if distance is not None else 'unresolved'},"
                          f" tolerance {row['tolerance_km']} km)")
    share = hits / len(rows)
    print(f"\n{hits}/{len(rows)} = {share:.1%} within tolerance; misses:\n  " + "\n  ".join(misses))
    assert share >= TARGET, "\n".join(misses)
