"""TrackSet: the columnar Tracks must read exactly like the FeatureCollection it stands for."""
import json

import numpy as np
import pandas as pd
import pytest

from routes.geometry.tracks import build_tracks
from routes.geometry.trackset import TrackSet, as_trackset
from routes.itinerary.itinerary import read_itinerary
from routes.view.pipeline import BUNDLED_LEGS, combine, prepare


@pytest.fixture(scope="module")
def bundled():
    return prepare(read_itinerary(BUNDLED_LEGS))


def test_bundled_tracks_are_a_trackset_that_reads_as_geojson(bundled):
    tracks = bundled.features
    assert isinstance(tracks, TrackSet)
    assert tracks["type"] == "FeatureCollection"
    features = tracks["features"]
    assert len(features) == len(bundled.legs) == len(tracks.properties)
    # every feature's coordinates are exactly its slice of the flat array
    for i in (0, 17, len(features) - 1):
        coords = np.array(features[i]["geometry"]["coordinates"])
        assert np.array_equal(coords, tracks.points[tracks.offsets[i]:tracks.offsets[i + 1]])
    assert json.loads(json.dumps(dict(tracks)))["features"][3] == features[3]


def test_subset_keeps_order_and_geometry(bundled):
    tracks = bundled.features
    ids = tracks.properties["leg_id"].tolist()
    wanted = {ids[40], ids[2], ids[77]}
    part = tracks.subset(wanted)
    assert part.properties["leg_id"].tolist() == [ids[2], ids[40], ids[77]]
    assert part["features"] == [tracks["features"][i] for i in (2, 40, 77)]
    assert len(part.points) == sum(tracks.lengths[[2, 40, 77]])
    assert tracks.subset([])["features"] == []
    assert tracks.subset(["no such leg"]).bounds() is None


def test_from_features_round_trips_and_bounds_match(bundled):
    plain = dict(bundled.features)
    again = as_trackset(plain)
    assert again["features"] == plain["features"]
    assert np.array_equal(again.points, bundled.features.points)
    lat, lon = bundled.features.points[:, 1], bundled.features.points[:, 0]
    assert again.bounds() == [[lat.min(), lon.min()], [lat.max(), lon.max()]]


def test_concat_joins_two_sets_with_shifted_offsets(bundled):
    tracks = bundled.features
    a, b = tracks.take(np.arange(0, 10)), tracks.take(np.arange(10, 25))
    joined = TrackSet.concat([a, b])
    assert joined["features"] == tracks["features"][:25]
    both = combine([bundled, bundled])
    assert len(both.features["features"]) == 2 * len(tracks["features"])


def test_unplaced_leg_has_no_vertices_and_null_geometry():
    legs = pd.DataFrame({
        "leg_id": ["a", "b"], "leader": ["L", "L"], "trip": ["t", "t"], "seq": [1, 2],
        "mode": ["flight", "car"], "origin": ["X", "Y"], "destination": ["Y", "Z"],
        "origin_lat": [39.0, np.nan], "origin_lon": [125.7, np.nan],
        "destination_lat": [1.35, 1.3], "destination_lon": [103.99, 103.8],
        "depart_utc": pd.to_datetime(["2018-06-10T00:00Z", None], utc=True),
        "arrive_utc": pd.to_datetime(["2018-06-10T06:00Z", None], utc=True),
        "depart_precision": ["minute", ""], "arrive_precision": ["minute", ""],
        "depart": ["2018-06-10T09:00+09:00", ""], "arrive": ["2018-06-10T14:00+08:00", ""],
        "file": ["t.csv", "t.csv"], "row": [2, 3],
    })
    tracks = build_tracks(legs).features
    assert tracks.lengths.tolist()[1] == 0 and tracks.lengths[0] > 2
    second = tracks["features"][1]
    assert second["geometry"] is None
    assert second["properties"]["depart_ms"] is None and second["properties"]["seq"] == 2
    assert tracks["features"][0]["properties"]["depart_ms"] == pd.Timestamp("2018-06-10T00:00Z").value // 10**6


def test_offsets_must_match_the_legs():
    with pytest.raises(ValueError, match="offsets"):
        TrackSet(pd.DataFrame({"leg_id": ["a"]}), np.zeros((2, 2)), np.array([0, 1, 2]))


def test_stops_of_legs_matches_the_pandas_selection(bundled):
    from routes.itinerary.stops import stops_of_legs
    stops = bundled.itinerary.stops
    ids = set(bundled.legs["leg_id"].iloc[10:40])
    expected = stops[stops["leg_in"].isin(ids) | stops["leg_out"].isin(ids)]
    chosen = stops_of_legs(stops, ids)
    assert chosen.equals(expected) and len(chosen) > 20
    assert stops_of_legs(stops, []).empty
