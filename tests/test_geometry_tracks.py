"""build_tracks: one feature per leg per the Tracks contract, mode-true paths, measures
and the speeds that cannot be."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from routes.geometry.geodesic import geodesic_km
from routes.geometry.tracks import build_tracks

# Pyongyang Sunan (FNJ) and Singapore Changi (SIN) from the airportsdata package
FNJ, SIN = (39.224098, 125.669998), (1.35019, 103.994003)
PYONGYANG, BEIJING = (39.004722, 125.736389), (39.902896, 116.42792)     # stations, data/places.csv
PROPERTIES = {"leg_id", "leader", "trip", "seq", "mode", "origin", "destination", "depart", "arrive",
              "depart_ms", "arrive_ms", "depart_precision", "arrive_precision", "distance_km",
              "duration_h", "speed_kmh", "approximate", "corridor", "vehicle", "notes", "source",
              "confidence"}


def _precision(text: str) -> str:
    return "" if not text else ("minute" if "T" in text else "day")


def _start(text: str):
    if not text:
        return pd.NaT
    return pd.Timestamp(text).tz_convert("UTC") if "T" in text else pd.Timestamp(text, tz="UTC")


def _end(text: str):
    # a day-only time ends at the day's last second
    return _start(text) + pd.Timedelta(hours=23, minutes=59, seconds=59) if text and "T" not in text else _start(text)


def legs(*rows) -> pd.DataFrame:
    """Legs per the Itinerary.legs contract: (mode, origin, destination, depart, arrive)."""
    records = []
    for seq, (mode, (lat1, lon1), (lat2, lon2), depart, arrive) in enumerate(rows, start=1):
        records.append({
            "leg_id": f"Test|t|{seq}", "leader": "Test", "trip": "t", "seq": seq,
            "origin": f"A{seq}", "destination": f"B{seq}", "origin_country": "", "destination_country": "",
            "origin_lat": lat1, "origin_lon": lon1, "destination_lat": lat2, "destination_lon": lon2,
            "via": "", "depart": depart, "arrive": arrive,
            "depart_utc": _start(depart), "depart_end_utc": _end(depart),
            "arrive_utc": _start(arrive), "arrive_end_utc": _end(arrive),
            "depart_precision": _precision(depart), "arrive_precision": _precision(arrive),
            "mode": mode, "vehicle": "", "notes": "<b>note</b>", "source": "", "confidence": "high",
            "file": "test.csv", "row": seq + 1})
    frame = pd.DataFrame(records)
    for column in ("depart_utc", "depart_end_utc", "arrive_utc", "arrive_end_utc"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def test_features_follow_the_contract_and_serialise_as_json():
    tracks = build_tracks(legs(("flight", FNJ, SIN, "2018-06-10T08:30+09:00", "2018-06-10T14:36+08:00"),
                               ("car", SIN, (np.nan, np.nan), "", "")))
    # a TrackSet reads as the FeatureCollection; dict() of it is the plain JSON-ready dict
    collection = json.loads(json.dumps(dict(tracks.features), allow_nan=False))
    assert collection["type"] == "FeatureCollection"
    first, unplaced = collection["features"]
    assert set(first["properties"]) == PROPERTIES
    assert first["geometry"]["type"] == "LineString"
    assert first["geometry"]["coordinates"][0] == pytest.approx([FNJ[1], FNJ[0]])   # [lon, lat]
    assert first["properties"]["depart_ms"] == pd.Timestamp("2018-06-09T23:30Z").value // 10**6
    assert first["properties"]["duration_h"] == pytest.approx(7.1, abs=0.01)
    assert unplaced["geometry"] is None and unplaced["properties"]["distance_km"] is None
    measures = tracks.measures()
    assert list(measures.columns) == ["leg_id", "distance_km", "duration_h", "speed_kmh",
                                      "approximate", "corridor"]
    assert measures["leg_id"].tolist() == ["Test|t|1", "Test|t|2"]


def test_pyongyang_singapore_flight_is_a_great_circle_of_the_right_length():
    tracks = build_tracks(legs(("flight", FNJ, SIN, "", "")))
    feature = tracks.features["features"][0]
    km = feature["properties"]["distance_km"]
    assert km == pytest.approx(geodesic_km(*FNJ, *SIN), abs=0.1)
    # independent figure: "the 4737 km long journey" Pyongyang Sunan → Changi, Koryo Group
    # blog on the June 2018 summit flights (https://koryogroup.com/blog/tbd)
    assert km == pytest.approx(4737, rel=0.01)
    coords = np.array(feature["geometry"]["coordinates"])
    assert len(coords) >= 50                                     # drawn smooth
    for lon, lat in coords[1:-1]:                                # every point on the geodesic:
        via = geodesic_km(FNJ[0], FNJ[1], lat, lon) + geodesic_km(lat, lon, SIN[0], SIN[1])
        assert via == pytest.approx(km, abs=0.05)                # no detour at all


def test_flight_across_the_date_line_has_no_segment_over_180_degrees():
    tokyo, anchorage = (35.55, 139.78), (61.17, -150.0)
    tracks = build_tracks(legs(("flight", tokyo, anchorage, "", ""), ("flight", anchorage, tokyo, "", "")))
    for feature in tracks.features["features"]:
        lons = np.array(feature["geometry"]["coordinates"])[:, 0]
        assert np.abs(np.diff(lons)).max() < 180
        assert np.abs(np.diff(lons)).max() < 5                  # and smooth


def test_train_follows_the_rail_corridor_and_is_not_approximate():
    tracks = build_tracks(legs(("train", PYONGYANG, BEIJING, "", "")))
    props = tracks.features["features"][0]["properties"]
    assert props["approximate"] is False
    assert "Pyongui Line" in props["corridor"] and "Shenyang–Shanhaiguan railway" in props["corridor"]
    assert props["distance_km"] > 1.1 * geodesic_km(*PYONGYANG, *BEIJING)


def test_via_points_bend_the_train_route():
    frame = legs(("train", PYONGYANG, BEIJING, "", ""))
    wuhan = (30.6101917, 114.4186639)
    direct = build_tracks(frame).measures()["distance_km"][0]
    detour = build_tracks(frame, {"Test|t|1": [wuhan]})
    assert detour.measures()["distance_km"][0] > direct + 1500
    assert "Beijing–Guangzhou railway" in detour.measures()["corridor"][0]


def test_train_without_a_corridor_falls_back_to_an_approximate_geodesic():
    paris, berlin = (48.8414, 2.3209), (52.5251, 13.3694)
    tracks = build_tracks(legs(("train", paris, berlin, "", "")))
    props = tracks.features["features"][0]["properties"]
    assert props["approximate"] is True and props["corridor"] == ""
    assert props["distance_km"] == pytest.approx(geodesic_km(*paris, *berlin), abs=0.1)


def test_ship_follows_a_sea_lane_between_the_ports():
    busan, vladivostok = (35.10, 129.04), (43.11, 131.88)
    tracks = build_tracks(legs(("ship", busan, vladivostok, "", "")))
    feature = tracks.features["features"][0]
    coords = feature["geometry"]["coordinates"]
    assert coords[0] == pytest.approx([busan[1], busan[0]])
    assert coords[-1] == pytest.approx([vladivostok[1], vladivostok[0]])
    assert feature["properties"]["approximate"] is False
    assert feature["properties"]["distance_km"] > geodesic_km(*busan, *vladivostok)


def test_impossible_speeds_are_flagged_as_warnings():
    frame = legs(("train", PYONGYANG, BEIJING, "2019-01-07T08:00+09:00", "2019-01-07T10:00+09:00"),
                 ("car", PYONGYANG, (39.224098, 125.669998), "2019-01-07T08:00+09:00", "2019-01-07T08:02+09:00"),
                 ("flight", PYONGYANG, FNJ, "", ""),
                 ("train", PYONGYANG, BEIJING, "2019-01-08", "2019-01-06"),
                 ("train", PYONGYANG, BEIJING, "2019-01-07T17:00+09:00", "2019-01-07"),
                 ("flight", FNJ, SIN, "2018-06-10T08:30+09:00", "2018-06-10T14:36+08:00"))
    problems = build_tracks(frame).problems
    assert all(p.code == "speed" and p.severity == "warning" for p in problems)
    flagged = sorted((p.row, p.column) for p in problems)
    # rows: 2 train too fast, 3 car too fast, 4 flight too short, 5 arrival before departure;
    # 6 (arrival day-only, same day) and 7 (a real flight) are fine
    assert flagged == [(2, "arrive"), (3, "arrive"), (4, "mode"), (5, "arrive")]
    assert "km/h" in problems[0].format() and "test.csv:2" in problems[0].format()


def test_duration_needs_minute_precision_on_both_ends():
    frame = legs(("train", PYONGYANG, BEIJING, "2019-01-07", "2019-01-08T10:00+08:00"))
    measures = build_tracks(frame).measures()
    assert np.isnan(measures["duration_h"][0]) and np.isnan(measures["speed_kmh"][0])
    assert measures["distance_km"][0] > 1000


def test_empty_legs_give_an_empty_collection():
    tracks = build_tracks(legs(("car", FNJ, SIN, "", "")).iloc[0:0])
    assert tracks.features["features"] == [] and tracks.problems == []
    assert tracks.measures().empty
