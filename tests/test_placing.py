"""Placing legs: each place geocoded once, in its trip's context; explicit coordinates win; gaps reported."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from routes.places import Gazetteer
from routes.places.context import haversine_km
from routes.places.placing import place_legs


def legs_frame(rows: list[dict]) -> pd.DataFrame:
    base = {"leader": "Kim Jong Un", "trip": "t", "origin_country": "", "destination_country": "",
            "via": "", "file": "legs.csv", "origin_lat": math.nan, "origin_lon": math.nan,
            "destination_lat": math.nan, "destination_lon": math.nan}
    records = []
    for seq, row in enumerate(rows, start=1):
        record = {**base, "seq": seq, "row": seq + 1, **row}
        record["leg_id"] = f"{record['leader']}|{record['trip']}|{seq}"
        records.append(record)
    return pd.DataFrame.from_records(records)


class Counting:
    """A geocoder that counts how often each name is asked."""

    def __init__(self):
        self.inner, self.asked = Gazetteer.default(), []

    def resolve(self, query, country=None, kind=None, context=()):
        self.asked.append((query, bool(context)))
        return self.inner.resolve(query, country=country, kind=kind, context=context)


def test_pingxiang_between_nanning_and_dong_dang_is_in_guangxi():
    legs = legs_frame([
        {"origin": "Nanning", "destination": "Pingxiang"},
        {"origin": "Pingxiang", "destination": "Dong Dang Station", "destination_country": "VN"},
    ])
    result = place_legs(legs)
    dong_dang = result.legs.iloc[1]
    pingxiang = result.legs.iloc[1]
    distance = haversine_km(pingxiang.origin_lat, pingxiang.origin_lon,
                            dong_dang.destination_lat, dong_dang.destination_lon)
    assert distance < 40
    assert result.legs.iloc[0].destination_lat == pingxiang.origin_lat


def test_each_distinct_place_is_geocoded_once_per_pass():
    geocoder = Counting()
    legs = legs_frame([
        {"origin": "Pyongyang Station", "destination": "Dandong Station", "via": "Sinuiju"},
        {"origin": "Dandong Station", "destination": "Beijing Station"},
        {"origin": "Beijing Station", "destination": "Pyongyang Station", "via": "Sinuiju"},
    ])
    result = place_legs(legs, geocoder=geocoder)
    plain = [q for q, with_context in geocoder.asked if not with_context]
    assert sorted(plain) == sorted(set(plain))
    assert set(plain) == {"Pyongyang Station", "Dandong Station", "Beijing Station", "Sinuiju"}
    assert result.legs[["origin_lat", "destination_lat"]].notna().all().all()
    assert len(result.via_points["Kim Jong Un|t|1"]) == 1


def test_explicit_coordinates_win_and_others_are_filled():
    legs = legs_frame([{"origin": "Pyongyang", "destination": "Somewhere I Made Up",
                        "origin_lat": 1.5, "origin_lon": 2.5,
                        "destination_lat": 10.0, "destination_lon": 20.0},
                       {"origin": "Somewhere I Made Up", "destination": "Hanoi"}])
    result = place_legs(legs)
    first = result.legs.iloc[0]
    assert (first.origin_lat, first.origin_lon) == (1.5, 2.5)
    assert (first.destination_lat, first.destination_lon) == (10.0, 20.0)
    assert not math.isnan(result.legs.iloc[1].destination_lat)
    assert legs.iloc[0].origin_lat == 1.5 and math.isnan(legs.iloc[1].destination_lat)  # input untouched


def test_a_place_given_with_coordinates_once_is_placed_there_everywhere():
    # Rows naming the place without coordinates used to stay unplaced, silently.
    legs = legs_frame([{"origin": "Pyongyang", "destination": "Camp Nowhere",
                        "destination_lat": 40.1, "destination_lon": 126.2},
                       {"origin": "Camp Nowhere", "destination": "Pyongyang"},
                       {"origin": "Beijing", "destination": "Camp Nowhere"}])
    result = place_legs(legs)
    second, third = result.legs.iloc[1], result.legs.iloc[2]
    assert (second.origin_lat, second.origin_lon) == (40.1, 126.2)
    assert (third.destination_lat, third.destination_lon) == (40.1, 126.2)
    assert not [p for p in result.problems if "Camp Nowhere" in p.message]


def test_unplaced_places_are_reported_and_their_legs_kept():
    legs = legs_frame([{"origin": "Pyongyang", "destination": "Qxzvyrtplk Bnmwq"},
                       {"origin": "Qxzvyrtplk Bnmwq", "destination": "Hanoi"}])
    result = place_legs(legs)
    assert len(result.legs) == 2
    assert math.isnan(result.legs.iloc[0].destination_lat)
    found = [p for p in result.problems if p.value == "Qxzvyrtplk Bnmwq"]
    # One warning for the place, naming both of its uses.
    assert len(found) == 1 and found[0].column == "origin, destination"
    assert all(p.code == "unplaced" and p.severity == "warning" and p.file == "legs.csv" for p in found)
    assert found[0].row == 2 and "2 leg ends, rows 2, 3" in found[0].message
    assert "candidates considered" in found[0].message


def test_ambiguous_places_name_their_candidates():
    legs = legs_frame([{"origin": "Beijing airport", "destination": "Pyongyang"}])
    result = place_legs(legs)
    place = result.places.set_index("query").loc["Beijing airport"]
    if place["lat"] is not None and not pd.isna(place["lat"]):
        pytest.skip("Beijing airports can be told apart now")
    problem = next(p for p in result.problems if p.value == "Beijing airport")
    assert problem.code == "ambiguous" and "Capital" in problem.message


def test_places_table_and_progress():
    calls = []
    legs = legs_frame([{"origin": "FNJ", "destination": "PEK", "origin_country": "KP"}])
    result = place_legs(legs, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (2, 2)
    table = result.places.set_index("query")
    assert table.loc["FNJ", "kind"] == "airport" and table.loc["PEK", "country"] == "CN"
    assert table.loc["FNJ", "rows"] == [2]


def test_plain_geopy_geocoders_are_accepted():
    from geopy.location import Location

    class GeopyLike:
        def geocode(self, query):
            return Location(query, (10.0, 20.0), {})

    result = place_legs(legs_frame([{"origin": "A", "destination": "B"}]), geocoder=GeopyLike())
    assert result.legs.iloc[0].destination_lon == 20.0 and result.places["source"].eq("online").all()


def _bundled_unplaced() -> set[str]:
    from routes.view.pipeline import load_bundled

    result = place_legs(load_bundled().legs)
    missing = result.legs[result.legs[["origin_lat", "destination_lat"]].isna().any(axis=1)]
    names = set()
    for _, leg in missing.iterrows():
        for end in ("origin", "destination"):
            if pd.isna(leg[f"{end}_lat"]):
                names.add(leg[end])
    return names


def test_bundled_data_places_every_endpoint():
    # Stations, airbases, venues and border crossings of every bundled trip.
    unplaced = _bundled_unplaced()
    assert not unplaced, f"unplaced: {sorted(unplaced)}"


def test_a_leg_between_differently_named_places_at_one_point_is_flagged():
    legs = legs_frame([{"origin": "Peace House", "destination": "Panmungak"},
                       {"origin": "Pyongyang", "destination": "Pyongyang"},
                       {"origin": "Pyongyang", "destination": "Hanoi"}])
    legs.loc[0, ["origin_lat", "origin_lon", "destination_lat", "destination_lon"]] = [37.9558, 126.6767] * 2
    flagged = [p for p in place_legs(legs).problems if p.code == "same-point"]
    assert [(p.row, p.value) for p in flagged] == [(2, "Peace House → Panmungak")]
    assert flagged[0].severity == "warning" and "no length" in flagged[0].message
