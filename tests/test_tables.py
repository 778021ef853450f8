"""Tables for readers: formatted once per dataset, sliced per filter — and the same as computing them afresh."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from routes.itinerary.stops import trips_of
from routes.itinerary.when import format_when
from routes.view.filters import Filters, filtered_from, select
from routes.view.tables import LegTable, TripTable, legs_table, reading_order, shown_when, trips_table

# Filters that keep trips whole (leader, trip) and filters that cut them (mode, years, dates).
FILTERS = [
    Filters(),
    Filters(leaders=("Kim Jong Un",)),
    Filters(leaders=("Donald Trump", "Moon Jae-in")),
    Filters(trips=("2019-02 Hanoi summit",)),
    Filters(modes=("flight",)),
    Filters(modes=("train", "car")),
    Filters(years=(2019, 2019)),
    Filters(start=date(2019, 2, 26), end=date(2019, 3, 2)),
    Filters(leaders=("Kim Jong Un",), modes=("train",), years=(2018, 2019)),
    Filters(leaders=("Nobody",)),
]


def _ids(filters: Filters) -> str:
    return repr(filters).replace("Filters", "")


def test_shown_when_is_format_when_on_every_column_value(bundled_prepared):
    legs = bundled_prepared.legs
    for text, precision in (("depart", "depart_precision"), ("arrive", "arrive_precision")):
        expected = [format_when(t, p) for t, p in zip(legs[text], legs[precision])]
        assert shown_when(legs[text], legs[precision]).tolist() == expected
    edge = pd.DataFrame({"t": ["", "2019-01-07", "2019-01", "2019-01-07T17:00+09:00", "2019-01-07T17:00:05Z"],
                         "p": ["", "day", "month", "minute", "second"]})
    assert shown_when(edge["t"], edge["p"]).tolist() == [format_when(t, p) for t, p in zip(edge["t"], edge["p"])]
    assert shown_when(edge["t"], edge["p"]).tolist()[0] == "unknown"


@pytest.mark.parametrize("filters", FILTERS, ids=_ids)
def test_a_slice_of_the_dataset_legs_table_is_the_legs_table_of_the_slice(bundled_prepared, filters):
    legs = bundled_prepared.legs
    view = select(legs, filters)
    shown = view.legs
    source, positions = filtered_from(view)
    assert source is legs
    table, leg_ids = LegTable(legs).subset(positions)
    pd.testing.assert_frame_equal(table, legs_table(shown))
    # Row by row, the leg_id is that of the leg the row shows.
    by_id = shown.set_index("leg_id")
    assert len(leg_ids) == len(table)
    for row, leg_id in zip(table.itertuples(index=False), leg_ids):
        assert (by_id.loc[leg_id, "origin_label"], by_id.loc[leg_id, "seq"]) == (row.From, row[2])


@pytest.mark.parametrize("filters", FILTERS, ids=_ids)
def test_trips_of_a_slice_reuse_whole_trips_and_recompute_cut_ones(bundled_prepared, filters):
    legs = bundled_prepared.legs
    view = select(legs, filters)
    shown = view.legs
    _, positions = filtered_from(view)
    expected = trips_of(shown)
    got = TripTable(legs).subset(positions)
    if expected.empty:
        assert got.empty and list(got.columns) == list(expected.columns)
        return
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_a_cut_trip_is_summarised_from_the_legs_kept(bundled_prepared):
    legs = bundled_prepared.legs
    hanoi = legs[(legs["trip"] == "2019-02 Hanoi summit") & (legs["leader"] == "Kim Jong Un")]
    assert hanoi["mode"].nunique() > 1, "the test needs a trip of several modes"
    trains = select(legs, Filters(leaders=("Kim Jong Un",), trips=("2019-02 Hanoi summit",), modes=("train",)))
    _, positions = filtered_from(trains)
    trip = TripTable(legs).subset(positions)
    assert len(trip) == 1
    assert trip.loc[0, "legs"] == (hanoi["mode"] == "train").sum() < len(hanoi)
    assert trip.loc[0, "modes"] == "train"


def test_reading_order_is_by_leader_then_trip_in_time_then_seq(bundled_prepared):
    legs = bundled_prepared.legs
    ordered = legs.iloc[reading_order(legs)].reset_index(drop=True)
    assert sorted(reading_order(legs)) == list(range(len(legs)))
    assert ordered["leader"].is_monotonic_increasing
    for _, trip in ordered.groupby(["leader", "trip"], sort=False):
        assert trip["seq"].is_monotonic_increasing                   # leg 1 before leg 2, whatever the times
        assert np.ptp(trip.index.to_numpy()) == len(trip) - 1           # a trip's legs stay together
    for _, mine in ordered.groupby("leader", sort=False):
        starts = mine.groupby("trip", sort=False)["depart_utc"].min().dropna()
        assert starts.is_monotonic_increasing                         # a leader's trips in time order


def test_leg_table_of_a_synthetic_frame_with_ties_and_unknown_times():
    utc = pd.Timestamp("2020-05-01T08:00Z")
    legs = pd.DataFrame({
        "leg_id": ["b|t|2", "a|t|1", "b|t|1", "a|u|1"], "leader": ["b", "a", "b", "a"], "trip": ["t", "t", "t", "u"],
        "seq": [2, 1, 1, 1], "origin": ["X", "Y", "Z", "W"], "destination": ["Y", "Z", "X", "V"],
        "mode": ["car"] * 4, "depart": ["", "2020-05-01T08:00Z", "2020-05-01T08:00Z", "2020-05-01"],
        "arrive": [""] * 4, "depart_precision": ["", "minute", "minute", "day"], "arrive_precision": [""] * 4,
        "depart_utc": [pd.NaT, utc, utc, pd.Timestamp("2020-05-01T00:00Z")],
        "vehicle": [""] * 4, "confidence": [""] * 4, "notes": [""] * 4, "source": [""] * 4})
    table, leg_ids = LegTable(legs).subset(np.arange(4))
    # leader a: trip u (starts 00:00) before trip t (08:00); leader b: its leg 1 before its undated leg 2
    assert leg_ids.tolist() == ["a|u|1", "a|t|1", "b|t|1", "b|t|2"]
    assert table["Departs"].tolist() == ["2020-05-01", "2020-05-01 08:00Z", "2020-05-01 08:00Z", "unknown"]
    assert table["km"].isna().all()          # no measures yet: the columns exist, unknown
    sub, sub_ids = LegTable(legs).subset([0, 3])
    assert sub_ids.tolist() == ["a|u|1", "b|t|2"] and sub.index.tolist() == [0, 1]


def test_a_trips_legs_read_in_sequence_even_when_a_later_leg_has_an_earlier_time():
    legs = pd.DataFrame({
        "leg_id": ["k|t|1", "k|t|2"], "leader": ["k", "k"], "trip": ["t", "t"], "seq": [1, 2],
        "origin": ["A", "B"], "destination": ["B", "C"], "mode": ["train"] * 2,
        "depart": ["", "2019-02-24"], "arrive": ["", ""], "depart_precision": ["", "day"],
        "arrive_precision": ["", ""], "depart_utc": [pd.NaT, pd.Timestamp("2019-02-24T00:00Z")],
        "vehicle": [""] * 2, "confidence": [""] * 2, "notes": [""] * 2, "source": [""] * 2})
    assert LegTable(legs).subset([0, 1])[1].tolist() == ["k|t|1", "k|t|2"]


def test_trips_table_shows_days_and_keeps_unknown_empty():
    trips = pd.DataFrame({"leader": ["a", "b"], "trip": ["t", "u"],
                          "start": pd.to_datetime(["2019-02-23T15:00Z", None], utc=True),
                          "end": pd.to_datetime(["2019-03-05T00:00Z", "1950-12-31T23:59Z"], utc=True),
                          "legs": [3, 1], "modes": ["train", "car"], "places": ["A → B", "C → D"]})
    table = trips_table(trips)
    assert table["From"].tolist() == ["2019-02-23", None]
    assert table["To"].tolist() == ["2019-03-05", "1950-12-31"]
    assert list(table.columns) == ["Leader", "Trip", "From", "To", "Legs", "Modes", "Route"]
    assert trips_table(trips_of(pd.DataFrame(columns=trips.columns))).empty


def test_the_app_panel_slices_for_filtered_legs_and_computes_other_frames_afresh(bundled_prepared):
    from ui.panels import _tables_of

    legs = bundled_prepared.legs
    view = select(legs, Filters(leaders=("Kim Jong Un",), modes=("train",)))
    shown = view.legs
    # the filters' own result (a Selection), then a frame of unknown origin
    for given, frame in ((view, shown), (shown.copy(), shown.copy())):
        trips, table, leg_ids = _tables_of(given)
        expected = legs_table(frame)
        pd.testing.assert_frame_equal(table.to_pandas(), expected, check_dtype=False)
        assert leg_ids.tolist() == frame.iloc[reading_order(frame)]["leg_id"].tolist()
        pd.testing.assert_frame_equal(trips, trips_of(frame), check_dtype=False)


def test_a_selection_of_a_dataset_slices_the_tables_that_dataset_keeps(bundled_prepared):
    from ui.panels import _tables_of

    legs = bundled_prepared.legs
    view = select(legs, Filters(leaders=("Kim Jong Un",)), bundled_prepared)
    first = _tables_of(view)
    kept = bundled_prepared.derived.get("leg_table", lambda: None)
    assert kept is not None and {"leg_table", "trip_table", "leg_table_arrow"} <= set(bundled_prepared.derived.names())
    again = _tables_of(select(legs, Filters(leaders=("Kim Jong Un",)), bundled_prepared))
    assert bundled_prepared.derived.get("leg_table", lambda: None) is kept      # built once, sliced twice
    assert first[2].tolist() == again[2].tolist()
    pd.testing.assert_frame_equal(first[1].to_pandas(), legs_table(view.legs), check_dtype=False)
