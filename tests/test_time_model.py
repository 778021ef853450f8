"""The time model on the bundled data: intervals in the places' local time, bounds derived from
the order of legs, where-was-everyone and journeys, checked against data/legs.csv's sources."""

from __future__ import annotations

import pandas as pd
import pytest

from routes.view.filters import Filters, apply_filters
from routes.view.journeys import hours_by_year, journeys, shown_duration
from routes.view.timing import EARLIEST, LATEST, as_time, timing
from routes.view.whereabouts import Whereabouts, possible_legs
from routes.view.zones import place_zones


@pytest.fixture(scope="module")
def model(bundled_prepared):
    return timing(bundled_prepared.legs)


@pytest.fixture(scope="module")
def whereabouts(bundled_prepared, model):
    return Whereabouts(bundled_prepared.legs, bundled_prepared.features, model)


def _leg(model, leader, trip, seq):
    frame = model.frame
    return frame[(frame.leader == leader) & (frame.trip == trip) & (frame.seq == seq)].iloc[0]


def _at(whereabouts, legs, leader, moment):
    return whereabouts.at(legs, moment).set_index("leader").loc[leader]


def test_a_day_is_a_day_in_the_local_time_of_its_place(model):
    # Trump drove from Noi Bai on 2019-02-26: a day in Hanoi (UTC+7), not a UTC day.
    car = _leg(model, "Donald Trump", "2019-02 Hanoi summit", 4)
    assert as_time(car["given_depart_lo"]) == pd.Timestamp("2019-02-25T17:00Z")
    assert as_time(car["given_depart_hi"]) == pd.Timestamp("2019-02-26T16:59:59Z")
    # Derived: not before Air Force One landed at 20:53+07:00; the given bound is kept apart.
    assert as_time(car["depart_lo"]) == pd.Timestamp("2019-02-26T13:53Z")
    assert place_zones(21.2212, 105.807, "VN") == ("Asia/Bangkok",) or place_zones(21.2212, 105.807, "VN") == (
        "Asia/Ho_Chi_Minh",)
    # A place with neither coordinates nor country may be anywhere: UTC-12 to UTC+14.
    assert len(place_zones(None, None, "")) == 2 and len(place_zones(None, None, "RU")) > 5


def test_order_tightens_both_ends_of_each_leg(model):
    frame = model.frame
    for _, legs in frame.groupby("leader"):
        events_lo = legs[["depart_lo", "arrive_lo"]].to_numpy().ravel()
        events_hi = legs[["depart_hi", "arrive_hi"]].to_numpy().ravel()
        assert (events_lo[1:] >= events_lo[:-1]).all() and (events_hi[1:] >= events_hi[:-1]).all()
    assert (frame["depart_lo"] >= frame["given_depart_lo"]).all()
    assert (frame["arrive_hi"] <= frame["given_arrive_hi"]).all()
    assert ((frame["depart_lo"] <= frame["depart_hi"]) & (frame["arrive_lo"] <= frame["arrive_hi"])).all()


def test_the_four_moments_of_the_issue(bundled_prepared, whereabouts):
    legs = bundled_prepared.legs
    # Air Force One landed at HAN at 20:53+07:00 on 26 Feb: at 00:00 UTC Trump was still flying to Mildenhall.
    trump = _at(whereabouts, legs, "Donald Trump", "2019-02-26T00:00Z")
    assert (trump["status"], trump["from"], trump["to"], trump["mode"]) == ("travelling", "ADW", "MHZ", "flight")
    # Kim's train left Pyongyang at 17:00+09:00 on 23 Feb: at 00:00 UTC he had not left.
    kim = _at(whereabouts, legs, "Kim Jong Un", "2019-02-23T00:00Z")
    assert (kim["status"], kim["place"]) == ("at", "Pyongyang Station")
    # Putin's flights of 25 April have no times: not a confident "flying to Beijing".
    putin = _at(whereabouts, legs, "Vladimir Putin", "2019-04-25T00:00Z")
    assert (putin["status"], putin["from"], putin["to"], putin["certain"]) == ("between", "Chita", "Beijing", False)
    assert putin["lat"] is None or pd.isna(putin["lat"])
    # Kim reached Beijing on 8 Jan (day only): at 12:00 UTC (20:00 there) he was most likely there.
    beijing = _at(whereabouts, legs, "Kim Jong Un", "2019-01-08T12:00Z")
    assert (beijing["status"], beijing["place"], beijing["certain"]) == ("at", "Beijing Station", False)
    assert beijing["lat"] == pytest.approx(39.90, abs=0.05)


@pytest.mark.slow
def test_answers_do_not_change_with_the_mode_filter(bundled_prepared, whereabouts):
    legs = bundled_prepared.legs
    moments = pd.date_range("2018-03-20", "2025-09-10", freq="37h", tz="UTC")[::13].append(
        pd.DatetimeIndex(["2019-02-26T00:00Z", "2019-02-26T10:00Z", "2019-02-23T00:00Z"]))
    mode_sets = [("train",), ("flight",), ("train", "flight"), ("car",), ("ship", "helicopter", "foot")]
    filtered = [apply_filters(legs, Filters(modes=modes)) for modes in mode_sets]
    for moment in moments:
        everyone = whereabouts.at(legs, moment).set_index("leader")
        for shown_legs in filtered:
            shown = whereabouts.at(shown_legs, moment).set_index("leader")
            pd.testing.assert_frame_equal(shown, everyone.loc[shown.index])


@pytest.mark.slow
def test_where_never_names_a_leg_its_times_rule_out(bundled_prepared, model, whereabouts):
    legs = bundled_prepared.legs
    named = 0
    # Every hour of the trips' busiest days, and a moment every few days between.
    moments = pd.date_range("2019-02-22", "2019-03-06", freq="1h", tz="UTC").append(
        pd.date_range("2018-03-01", "2025-09-30", freq="67h", tz="UTC"))
    for moment in moments:
        found = whereabouts.at(legs, moment)
        travelling = found[found["status"] == "travelling"]
        assert set(travelling["leg_id"]) <= possible_legs(model, moment)
        named += len(travelling)
    assert named > 50


def test_kim_hanoi_train_journeys(bundled_prepared, model):
    table = journeys(bundled_prepared.legs, model)
    kim = table[(table.leader == "Kim Jong Un") & (table.trip == "2019-02 Hanoi summit") & (table["mode"] == "train")]
    out, back = kim.iloc[0], kim.iloc[1]
    # 2019-02-23 17:00+09:00 Pyongyang to 2019-02-26 08:22+07:00 Dong Dang: 65 h 22 min.
    assert (out["from"], out["to"], out["legs"], out["duration_kind"]) == (
        "Pyongyang Station", "Dong Dang Station", 2, "exact")
    assert out["duration_h"] == pytest.approx(65.37, abs=0.1)
    assert out["distance_km"] == pytest.approx(3990, rel=0.03)
    # Back: boarded on 2 March at Dong Dang (day only), in Pyongyang 5 March 03:00+09:00.
    assert (back["from"], back["to"], back["duration_kind"]) == ("Dong Dang Station", "Pyongyang Station", "at_least")
    assert back["duration_h"] == pytest.approx(49.0, abs=0.1)
    assert back["distance_km"] == pytest.approx(3990, rel=0.03)
    assert shown_duration(back["duration_h"], back["duration_kind"]) == "at least 49.0 h"


def test_hours_per_year_are_what_is_known_and_say_at_least(bundled_prepared, model):
    hours = hours_by_year(journeys(bundled_prepared.legs, model)).set_index(["leader", "year"])
    for year in (2019, 2023, 2025):
        row = hours.loc[("Kim Jong Un", year)]
        assert row["hours"] > 0 and bool(row["hours_at_least"])
    assert hours.loc[("Kim Jong Un", 2019), "hours"] > 65.3 + 49.0


def test_bounds_are_unbounded_only_where_nothing_constrains_them(model):
    frame = model.frame
    first = frame[frame["order"] == 0]
    assert (first["depart_lo"] == EARLIEST).sum() == (first["given_depart_lo"] == EARLIEST).sum()
    assert not (frame["arrive_lo"] == LATEST).any()


# -- random itineraries ---------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from routes.itinerary.itinerary import read_itinerary  # noqa: E402

_PLACES = [("Pyongyang", "KP", 39.03, 125.75), ("Dandong", "CN", 40.12, 124.38), ("Hanoi", "VN", 21.03, 105.85),
           ("Moscow", "RU", 55.75, 37.62), ("Nowhere", "", "", "")]


def _time_text(hours: int, kind: str) -> str:
    moment = pd.Timestamp("2020-03-01T00:00Z") + pd.Timedelta(hours=hours)
    if kind == "day":
        return moment.strftime("%Y-%m-%d")
    if kind == "offset":
        return (moment + pd.Timedelta(hours=9)).strftime("%Y-%m-%dT%H:%M") + "+09:00"
    return ""


@st.composite
def itineraries(draw):
    rows, clock = [], 0
    for leader in ("A", "B")[: draw(st.integers(1, 2))]:
        place = draw(st.sampled_from(_PLACES))
        for seq in range(1, draw(st.integers(1, 6)) + 1):
            trip = f"t{draw(st.integers(1, 2))}" if seq > 1 else "t1"
            nxt = draw(st.sampled_from(_PLACES))
            clock += draw(st.integers(0, 40))
            depart = _time_text(clock, draw(st.sampled_from(["day", "offset", "none"])))
            clock += draw(st.integers(1, 40))
            arrive = _time_text(clock, draw(st.sampled_from(["day", "offset", "none"])))
            rows.append([leader, trip, seq, place[0], nxt[0], place[1], nxt[1], place[2], place[3], nxt[2], nxt[3],
                         depart, arrive, draw(st.sampled_from(["train", "flight", "car"]))])
            place = nxt
    header = ("leader,trip,seq,origin,destination,origin_country,destination_country,origin_lat,origin_lon,"
              "destination_lat,destination_lon,depart,arrive,mode")
    return "\n".join([header] + [",".join(str(v) for v in row) for row in rows]) + "\n"


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(itineraries(), st.lists(st.integers(-48, 700), min_size=1, max_size=8))
def test_where_never_names_a_leg_whose_interval_excludes_the_moment(text, hours):
    legs = read_itinerary(text.encode(), name="random.csv").legs
    if legs.empty:
        return
    model = timing(legs)
    whereabouts = Whereabouts(legs, None, model)
    given_frame = model.frame.set_index("leg_id")
    for hour in hours:
        moment = pd.Timestamp("2020-03-01T00:00Z") + pd.Timedelta(hours=hour, minutes=hour % 60)
        now = moment.value
        for row in whereabouts.at(legs, moment).itertuples():
            if row.status == "travelling":
                leg = given_frame.loc[row.leg_id]
                # Neither the given nor the derived times of the named leg rule the moment out.
                assert leg["given_depart_lo"] < now <= leg["given_arrive_hi"]
                assert leg["depart_lo"] < now <= leg["arrive_hi"]
                assert row.leg_id in possible_legs(model, moment)
            elif row.status == "at" and row.leg_id:
                assert given_frame.loc[row.leg_id, "arrive_lo"] < now
