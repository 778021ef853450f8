"""Filters, where-was-everyone, clicks, statistics and meetings on the bundled journeys."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from routes.view import compare, stats
from routes.view.filters import Filters, apply_filters, nearest_leg, positions_at, year_bounds


def test_filters_combine(bundled_prepared):
    legs = bundled_prepared.legs
    kim_2019_train = apply_filters(legs, Filters(leaders=("Kim Jong Un",), years=(2019, 2019), modes=("train",)))
    assert len(kim_2019_train) > 0
    assert set(kim_2019_train["leader"]) == {"Kim Jong Un"} and set(kim_2019_train["mode"]) == {"train"}
    assert set(kim_2019_train["trip"]) == {"2019-01 Beijing", "2019-02 Hanoi summit", "2019-04 Vladivostok summit"}
    hanoi = apply_filters(legs, Filters(start=date(2019, 2, 27), end=date(2019, 2, 28)))
    assert {"Kim Jong Un", "Donald Trump"} <= set(hanoi["leader"])
    assert not hanoi["trip"].str.contains("Singapore").any()
    assert year_bounds(legs) == (2018, 2025)


def test_kim_train_km_in_2019_is_the_sum_of_three_trips(bundled_prepared):
    table = stats.by_mode(bundled_prepared.legs)
    row = table[(table.leader == "Kim Jong Un") & (table.year == 2019) & (table["mode"] == "train")]
    legs = apply_filters(bundled_prepared.legs, Filters(leaders=("Kim Jong Un",), years=(2019, 2019), modes=("train",)))
    assert row["km"].iloc[0] == pytest.approx(legs["distance_km"].sum())
    # Two return journeys to Beijing and Dong Dang alone are far more than 8,000 km of track.
    assert row["km"].iloc[0] > 8000


def test_where_was_kim_on_26_february_2019(bundled_prepared):
    legs = apply_filters(bundled_prepared.legs, Filters(leaders=("Kim Jong Un",)))
    early = positions_at(legs, bundled_prepared.itinerary.stops, bundled_prepared.features,
                         pd.Timestamp("2019-02-25T12:00Z"))
    assert early.loc[0, "status"] == "travelling" and early.loc[0, "mode"] == "train"
    assert (early.loc[0, "from"], early.loc[0, "to"]) == ("Dandong Station", "Dong Dang Station")
    # On the way south through China: between Dandong (40.1 N) and Dong Dang (21.9 N).
    assert 21.9 < early.loc[0, "lat"] < 40.2 and 105 < early.loc[0, "lon"] < 125
    later = positions_at(legs, bundled_prepared.itinerary.stops, bundled_prepared.features,
                         pd.Timestamp("2019-02-27T12:00Z"))
    assert later.loc[0, "status"] == "at" and "Hanoi" in later.loc[0, "place"]


def test_position_moves_along_the_route_in_time(bundled_prepared):
    legs = apply_filters(bundled_prepared.legs, Filters(leaders=("Kim Jong Un",), trips=("2019-02 Hanoi summit",)))
    stops = bundled_prepared.itinerary.stops
    a = positions_at(legs, stops, bundled_prepared.features, pd.Timestamp("2019-02-24T06:00Z"))
    b = positions_at(legs, stops, bundled_prepared.features, pd.Timestamp("2019-02-25T18:00Z"))
    assert a.loc[0, "lat"] > b.loc[0, "lat"]          # heading south


def test_nothing_certain_outside_any_trip(bundled_prepared):
    found = positions_at(bundled_prepared.legs, bundled_prepared.itinerary.stops, bundled_prepared.features,
                         pd.Timestamp("2021-07-01T00:00Z"))
    assert set(found["leader"]) == set(bundled_prepared.legs["leader"])
    assert not found["certain"].any() and not found["status"].eq("travelling").any()


def test_click_on_a_route_finds_its_leg(bundled_prepared):
    feature = next(f for f in bundled_prepared.features["features"]
                   if f["properties"]["leader"] == "Kim Jong Un" and f["properties"]["trip"] == "2019-02 Hanoi summit"
                   and f["properties"]["seq"] == 2)
    lon, lat = feature["geometry"]["coordinates"][len(feature["geometry"]["coordinates"]) // 2]
    ids = set(bundled_prepared.legs.query("trip == '2019-02 Hanoi summit' and seq == 2")["leg_id"])
    assert nearest_leg(bundled_prepared.features, lat + 0.05, lon, ids) == feature["properties"]["leg_id"]
    assert nearest_leg(bundled_prepared.features, -60.0, -120.0) is None


def test_summary_per_leader_and_year(bundled_prepared):
    summary = stats.summary(bundled_prepared.legs).set_index(["leader", "year"])
    kim_2019 = summary.loc[("Kim Jong Un", 2019)]
    assert set(kim_2019["countries"].split(", ")) >= {"CN", "VN", "RU"}
    assert kim_2019["trips"] == 4 and kim_2019["days_abroad"] >= 10
    assert kim_2019["longest_km"] > 3000
    putin_2023 = summary.loc[("Vladimir Putin", 2023)]
    assert putin_2023["days_abroad"] == 0          # Vostochny is at home for him


def test_gantt_has_one_bar_per_trip(bundled_prepared):
    bars = stats.gantt(bundled_prepared.legs)
    assert len(bars) == bundled_prepared.legs.groupby(["leader", "trip"]).ngroups
    assert (bars["end"] >= bars["start"]).all()


def test_kim_and_trump_meet_in_hanoi(bundled_prepared):
    met = compare.meetings(bundled_prepared.itinerary.stops, ("Kim Jong Un", "Donald Trump"))
    hanoi = met[(met.first_day <= pd.Timestamp("2019-02-28", tz="UTC")) &
                (met.last_day >= pd.Timestamp("2019-02-27", tz="UTC"))]
    assert len(hanoi) >= 1
    singapore = met[met.first_day.dt.year == 2018]
    assert len(singapore) >= 1
    assert not met[met.first_day.dt.year == 2023].shape[0]   # Trump was not in Russia
