"""Filters on synthetic legs, where-was-everyone prepared once per dataset, the interpolation's
new home in routes.geometry, and the per-dataset memo the app slices its panels from."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from routes.geometry import position
from routes.view.filters import (
    Filters,
    Whereabouts,
    apply_filters,
    filter_choices,
    filtered_from,
    left_out_undated,
    positions_at,
    select,
    year_bounds,
)
from tests.conftest import ROOT


def _t(text):
    return pd.Timestamp(text, tz="UTC") if text else pd.NaT


def _legs(rows) -> pd.DataFrame:
    """rows: (leader, trip, mode, depart_utc, depart_end_utc, arrive_utc, arrive_end_utc)."""
    frame = pd.DataFrame(rows, columns=["leader", "trip", "mode", "depart_utc", "depart_end_utc", "arrive_utc",
                                        "arrive_end_utc"])
    for column in ("depart_utc", "depart_end_utc", "arrive_utc", "arrive_end_utc"):
        frame[column] = pd.to_datetime(frame[column].map(_t), utc=True)
    frame["leg_id"] = frame["leader"] + "|" + frame["trip"] + "|" + frame.index.astype(str)
    return frame


SYNTHETIC = _legs([
    ("A", "t1", "train", "2019-12-31", "2019-12-31T23:59:59", "2020-01-02", "2020-01-02T23:59:59"),   # over new year
    ("A", "t2", "flight", "2020-06-01T10:00", "2020-06-01T10:00", "", ""),                          # no arrival
    ("B", "t3", "car", "", "", "2021-03-05", "2021-03-05T23:59:59"),                                # no departure
    ("B", "t4", "ship", "", "", "", ""),                                                            # no time at all
    ("C", "t5", "flight", "1969-12-31T22:00", "1969-12-31T22:00", "1970-01-01T03:00", "1970-01-01T03:00"),
])


def _kept(filters: Filters) -> list[str]:
    return apply_filters(SYNTHETIC, filters)["trip"].tolist()


def test_a_leg_counts_for_every_period_it_overlaps():
    assert _kept(Filters(undated=False, years=(2019, 2019))) == ["t1"]
    assert _kept(Filters(undated=False, years=(2020, 2020))) == ["t1", "t2"]
    assert _kept(Filters(undated=False, years=(2021, 2030))) == ["t3"]
    assert _kept(Filters(undated=False, years=(1969, 1969))) == ["t5"]
    assert _kept(Filters(undated=False, years=(1970, 1970))) == ["t5"]
    assert _kept(Filters(undated=False, start=date(2020, 1, 2), end=date(2020, 1, 2))) == ["t1"]
    assert _kept(Filters(undated=False, start=date(2020, 1, 3))) == ["t2", "t3"]
    assert _kept(Filters(undated=False, end=date(2019, 12, 30))) == ["t5"]


def test_a_leg_with_no_known_time_is_kept_unless_the_user_leaves_such_legs_out():
    assert "t4" in _kept(Filters(years=(1900, 2100)))                 # nothing hidden by default
    assert "t4" not in _kept(Filters(years=(1900, 2100), undated=False))
    assert left_out_undated(SYNTHETIC, Filters(years=(2019, 2019), undated=False)) == 1
    assert left_out_undated(SYNTHETIC, Filters(years=(2019, 2019))) == 0
    assert "t4" in _kept(Filters()) and "t4" in _kept(Filters(leaders=("B",), modes=("ship",)))
    assert _kept(Filters(leaders=("A",), modes=("flight",))) == ["t2"]
    assert year_bounds(SYNTHETIC) == (1969, 2021)


def test_the_frame_a_filter_result_came_from_is_known_only_for_that_very_result():
    # the filters' result is a value, a Selection: the dataset's frame and the rows it kept
    kept = select(SYNTHETIC, Filters(leaders=("B", "C")))
    source, positions = filtered_from(kept)
    assert source is SYNTHETIC and positions.tolist() == [2, 3, 4]
    assert filtered_from(kept.legs.copy()) is None
    assert filtered_from(SYNTHETIC) is None
    pd.testing.assert_frame_equal(kept.legs, apply_filters(SYNTHETIC, Filters(leaders=("B", "C"))))


def test_filter_choices_list_leaders_years_and_trips_per_leader():
    choices = filter_choices(SYNTHETIC)
    assert choices.leaders == ("A", "B", "C") and choices.years == (1969, 2021)
    assert choices.trips() == ["t1", "t2", "t3", "t4", "t5"]
    assert choices.trips(("B",)) == ["t3", "t4"] and choices.trips(("C", "A")) == ["t1", "t2", "t5"]


# -- where was everyone (the answers themselves: tests/test_time_model.py) ----------------------

def test_tracks_in_columns_and_as_features_give_the_same_positions(bundled_prepared):
    legs, _stops, tracks = bundled_prepared.legs, bundled_prepared.itinerary.stops, bundled_prepared.features
    as_dicts = {"type": "FeatureCollection", "features": list(tracks["features"])}
    columnar = pytest.importorskip("routes.geometry.trackset").TrackSet.from_features(as_dicts)
    columnar._features = None     # read its columns, not the dicts it was made from
    moments = [leg.depart_utc + (leg.arrive_end_utc - leg.depart_utc) / 3
               for leg in legs.dropna(subset=["depart_utc", "arrive_end_utc"]).itertuples()]
    from_columns, from_dicts = Whereabouts(legs, columnar), Whereabouts(legs, as_dicts)
    travelling = 0
    for moment in moments:
        a, b = from_columns.at(legs, moment), from_dicts.at(legs, moment)
        pd.testing.assert_frame_equal(a, b)
        travelling += (a["status"].eq("travelling") & a["lat"].notna()).sum()
    assert travelling > 10
    assert columnar._features is None, "positions from columns must not build the Feature dicts"


def test_a_naive_moment_is_utc_and_hidden_leaders_are_left_out(bundled_prepared):
    legs, stops, features = bundled_prepared.legs, bundled_prepared.itinerary.stops, bundled_prepared.features
    kim = apply_filters(legs, Filters(leaders=("Kim Jong Un",)))
    aware = positions_at(kim, stops, features, pd.Timestamp("2019-02-25T12:00Z"))
    naive = positions_at(kim, stops, features, pd.Timestamp("2019-02-25T12:00"))
    pd.testing.assert_frame_equal(aware, naive)
    trump = apply_filters(legs, Filters(leaders=("Donald Trump",)))
    hanoi_day = pd.Timestamp("2019-02-27T12:00Z")
    both = positions_at(apply_filters(legs, Filters(leaders=("Kim Jong Un", "Donald Trump"))), stops, features,
                        hanoi_day)
    assert set(both["leader"]) == {"Kim Jong Un", "Donald Trump"}
    assert set(positions_at(trump, stops, features, hanoi_day)["leader"]) == {"Donald Trump"}


def test_interpolation_lives_in_geometry_and_stays_importable_from_the_map_module():
    from routes.mapview import timeline

    assert timeline.position_at is position.position_at
    assert timeline.feature_latlngs is position.feature_latlngs and timeline.cumulative_km is position.cumulative_km
    line = [(0.0, 0.0), (0.0, 1.0), (0.0, 3.0)]
    assert position.position_along(line, 0, 300, 150) == pytest.approx((0.0, 1.5))
    assert position.position_along(line, 0, 300, 301) is None
    assert position.position_along(line, None, 300, 10) is None and position.position_along([], 0, 1, 0) is None
    assert position.position_along(line, 100, 100, 100) == pytest.approx((0.0, 3.0))


def test_the_view_no_longer_needs_the_map_package():
    code = ("import sys, pandas as pd; from routes.view.filters import positions_at; "
            "from routes.view.pipeline import load_bundled; legs = load_bundled().legs; "
            "positions_at(legs, None, {'features': []}, '2020-01-01'); "
            "print(sorted(m for m in sys.modules if m.startswith('routes.mapview')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# -- derived once per dataset -----------------------------------------------------------------

def test_a_dataset_builds_each_derived_value_once_and_keeps_it_with_itself(bundled_prepared):
    from copy import copy

    from routes.view.derived import Derived

    calls = []

    def summary():
        calls.append(1)
        return len(bundled_prepared.legs)

    derived = Derived()
    assert derived.get("summary", summary) == derived.get("summary", summary) == len(bundled_prepared.legs)
    assert len(calls) == 1 and derived.names() == ["summary"]
    # another dataset keeps its own values, and names itself differently in the app's caches
    other = Derived()
    assert other.names() == [] and other.token != derived.token
    # kept with the dataset object: a dataset made from the same parts starts afresh
    twin = copy(bundled_prepared)
    twin.derived = Derived()
    bundled_prepared.derived.get("summary", summary)
    assert "summary" not in twin.derived.names()


def test_a_pickled_dataset_derives_its_own(bundled_prepared):
    import pickle

    from routes.view.derived import Derived

    derived = Derived()
    derived.get("x", lambda: [1, 2, 3])
    again = pickle.loads(pickle.dumps(derived))
    assert again.names() == [] and again.token != derived.token
