"""data/places.csv: a cited source per coordinate; distinct places at distinct coordinates,
unless a row says its coordinate is a stand-in (another place's, for want of its own)."""

from __future__ import annotations

import csv
from collections import defaultdict

from routes.places.curated import PLACES_CSV
from routes.places.place import KINDS
from routes.places.territory import allowed_countries


def _rows() -> list[dict]:
    with open(PLACES_CSV, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_row_cites_a_public_source_and_has_a_known_kind_and_country():
    rows = _rows()
    assert len({r["place_id"] for r in rows}) == len(rows)
    for row in rows:
        assert row["source"].startswith(("https://", "http://")), row["place_id"]
        assert row["kind"] in KINDS and allowed_countries(row["country"]), row["place_id"]
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row["place_id"]


def test_places_sharing_a_coordinate_say_which_one_is_a_stand_in():
    by_point = defaultdict(list)
    for row in _rows():
        by_point[(round(float(row["lat"]), 5), round(float(row["lon"]), 5))].append(row)
    for point, rows in by_point.items():
        if len(rows) > 1:
            stand_ins = [r for r in rows if "coordinate is the" in r["notes"] or "coordinate is that of" in r["notes"]]
            assert len(stand_ins) >= len(rows) - 1, (point, [r["place_id"] for r in rows])
