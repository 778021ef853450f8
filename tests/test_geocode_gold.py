"""Share of real places (../shared/data/places_gold.csv) resolved within each row's tolerance.

The list comes from sources independent of GeoNames. It measures; it is never
copied into data/. Misses are printed so they can be fixed at their cause.
"""

from __future__ import annotations

import csv

import pytest

from routes.places import Gazetteer
from tests.conftest import SHARED
from tests.place_scoring import score

GOLD = SHARED / "data" / "places_gold.csv"
TARGET = 0.95


@pytest.mark.skipif(not GOLD.exists(), reason=f"shared test data not found at {GOLD}")
def test_gold_places_resolve_within_tolerance():
    gaz = Gazetteer.default()
    with open(GOLD, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    share, misses = score(gaz, rows, "query_name")
    assert share >= TARGET, "\n".join(misses)
