import json

import pytest

from routes.export.geojson import features_geojson, split_at_antimeridian
from tests.export_samples import HICKAM, feature, kim_and_trump, line_between, rfc7946_problems


def test_the_checker_catches_what_rfc7946_forbids():
    bad = {"type": "FeatureCollection", "crs": {"type": "name"}, "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString",
                                                           "coordinates": [[170, 10], [200, 12]]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString",
                                                           "coordinates": [[179, 0], [-179, 1]]}},
    ]}
    problems = rfc7946_problems(bad)
    assert any("crs" in p for p in problems)
    assert any("longitude 200" in p for p in problems)
    assert any("antimeridian" in p for p in problems)


def test_export_is_valid_rfc7946():
    document = json.loads(features_geojson(kim_and_trump()))
    assert rfc7946_problems(document) == []
    assert len(document["features"]) == 3


def test_a_leg_over_the_date_line_becomes_two_parts_meeting_at_180():
    document = json.loads(features_geojson(kim_and_trump()))
    flight = next(f for f in document["features"] if f["properties"]["mode"] == "flight")
    assert flight["geometry"]["type"] == "MultiLineString"
    west, east = flight["geometry"]["coordinates"]
    assert west[-1][0] == 180.0 and east[0][0] == -180.0
    assert west[-1][1] == pytest.approx(east[0][1])          # same crossing latitude
    assert east[-1] == [pytest.approx(HICKAM[0]), pytest.approx(HICKAM[1])]   # wrapped back to -157.9


def test_legs_that_stay_on_one_side_are_untouched_linestrings():
    document = json.loads(features_geojson(kim_and_trump()))
    trains = [f for f in document["features"] if f["properties"]["mode"] == "train"]
    original = kim_and_trump()["features"][0]["geometry"]["coordinates"]
    assert trains[0]["geometry"]["type"] == "LineString"
    assert trains[0]["geometry"]["coordinates"] == [[round(x, 6), round(y, 6)] for x, y in original]


@pytest.mark.parametrize("line, expected_parts", [
    ([[170, 0], [190, 10]], [[[170, 0], [180, 5]], [[-180, 5], [-170, 10]]]),
    ([[-170, 0], [-190, 10]], [[[-170, 0], [-180, 5]], [[180, 5], [170, 10]]]),
    ([[179, 0], [-179, 2]], [[[179, 0], [180, 1]], [[-180, 1], [-179, 2]]]),   # already wrapped input
    ([[10, 0], [20, 0]], [[[10, 0], [20, 0]]]),
    ([[370, 0], [380, 0]], [[[10, 0], [20, 0]]]),                                # a whole turn off
])
def test_split_at_antimeridian(line, expected_parts):
    parts = split_at_antimeridian(line)
    assert [[[pytest.approx(v) for v in p] for p in part] for part in parts] == expected_parts


def test_a_line_touching_180_is_not_split_into_a_zero_length_part():
    assert split_at_antimeridian([[170, 0], [180, 0]]) == [[[170.0, 0.0], [180.0, 0.0]]]


def test_unplaced_legs_keep_a_null_geometry_and_nan_becomes_null():
    collection = {"type": "FeatureCollection", "features": [
        feature("A", "t", 1, "car", None, "X", "Y"),
        feature("A", "t", 2, "car", line_between((0, 0), (1, 1)), "Y", "Z")]}
    collection["features"][1]["properties"]["distance_km"] = float("nan")
    document = json.loads(features_geojson(collection))        # allow_nan=False inside: would raise
    assert document["features"][0]["geometry"] is None
    assert document["features"][1]["properties"]["distance_km"] is None
    assert rfc7946_problems(document) == []


def test_text_is_kept_as_unicode_not_escaped():
    collection = {"type": "FeatureCollection", "features": [
        feature("김정은", "t", 1, "train", line_between((125.7, 39.0), (116.4, 39.9)), "평양역", "北京站")]}
    raw = features_geojson(collection).decode("utf-8")
    assert "평양역" in raw and "北京站" in raw
