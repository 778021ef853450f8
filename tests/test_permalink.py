from datetime import UTC, date, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routes.export.permalink import (
    BASEMAPS,
    DATASETS,
    MAX_VALUE_CHARS,
    SECTIONS,
    SOURCES,
    ViewState,
    from_query,
    to_query,
)
from routes.itinerary.modes import MODES

LEADERS = ("Kim Jong Un", "Donald Trump", "Moon Jae-in", "김정은", "Владимир Путин", "A & B <x>")

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=60).filter(
    lambda s: s.strip() != "")
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@st.composite
def states(draw):
    start, end = sorted([draw(st.none() | days) or date(1900, 1, 1), draw(days)])
    return ViewState(
        source=draw(st.sampled_from(SOURCES)),
        dataset=draw(st.sampled_from(DATASETS)),
        leaders=tuple(draw(st.lists(st.sampled_from(LEADERS), unique=True, max_size=4))),
        years=draw(st.none() | st.tuples(st.integers(1900, 2100), st.integers(1900, 2100))),
        start=draw(st.none() | st.just(start)),
        end=draw(st.none() | st.just(end)),
        modes=tuple(draw(st.lists(st.sampled_from(MODES), unique=True))),
        trips=tuple(draw(st.lists(names, unique=True, max_size=3))),
        moment=draw(st.none() | st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2100, 12, 30),
                                             timezones=st.just(timezone(timedelta(hours=9))))),
        basemap=draw(st.sampled_from(BASEMAPS)),
        center=draw(st.none() | st.tuples(st.floats(-90, 90), st.floats(-180, 180))),
        zoom=draw(st.none() | st.floats(0, 20)),
        section=draw(st.sampled_from(SECTIONS)),
    )


@settings(max_examples=300, deadline=None)
@given(states())
def test_round_trip(state):
    restored, notices = from_query(to_query(state), allowed_leaders=LEADERS)
    assert restored == state
    assert notices == []


@settings(max_examples=100, deadline=None)
@given(states())
def test_round_trip_through_a_real_url(state):
    # what a browser does: encode to a query string, then parse it back (repeated keys kept)
    url_query = urlencode(to_query(state), doseq=True)
    params = parse_qs(url_query, keep_blank_values=True)
    restored, notices = from_query(params, allowed_leaders=LEADERS)
    assert restored == state and notices == []


def test_the_default_view_is_an_empty_query():
    assert to_query(ViewState()) == {}
    assert from_query({}, allowed_leaders=LEADERS) == (ViewState(), [])


def test_repeated_parameters_become_lists():
    query = to_query(ViewState(leaders=("Kim Jong Un", "Donald Trump"), modes=("train",)))
    assert query == {"leader": ["Kim Jong Un", "Donald Trump"], "mode": ["train"]}


class FakeQueryParams(dict):
    """Shaped like st.query_params: item access gives the last value, get_all gives every one."""

    def __getitem__(self, key):
        return super().__getitem__(key)[-1]

    def get_all(self, key):
        return list(super().__getitem__(key))


def test_streamlit_query_params_keep_repeated_values():
    params = FakeQueryParams({"leader": ["Kim Jong Un", "Donald Trump"]})
    state, notices = from_query(params, allowed_leaders=LEADERS)
    assert state.leaders == ("Kim Jong Un", "Donald Trump") and notices == []


HOSTILE = [
    ({"leader": "Xi Jinping"}, "leader", "leaders", ()),
    ({"leader": "<script>alert(1)</script>"}, "leader", "leaders", ()),
    ({"leader": "x" * (MAX_VALUE_CHARS + 1)}, "leader", "leaders", ()),
    ({"mode": "rocket"}, "mode", "modes", ()),
    ({"year": "3000"}, "year", "years", None),
    ({"year": "2019-20x9"}, "year", "years", None),
    ({"year": "１９９９"}, "year", "years", None),              # full-width digits
    ({"from": "2019-02-30"}, "from", "start", None),
    ({"from": "'; DROP TABLE legs; --"}, "from", "start", None),
    ({"to": "0001-01-01"}, "to", "end", None),
    ({"t": "yesterday"}, "timeline", "moment", None),
    ({"t": "9999-12-31T23:59:59"}, "timeline", "moment", None),
    ({"map": "javascript:alert(1)"}, "basemap", "basemap", "offline"),
    ({"src": "http://evil.example"}, "data source", "source", "bundled"),
    ({"c": "91,0"}, "centre", "center", None),
    ({"c": "nan,inf"}, "centre", "center", None),
    ({"c": "1,2,3"}, "centre", "center", None),
    ({"c": "1" * 500}, "centre", "center", None),
    ({"z": "1e308"}, "zoom", "zoom", None),
    ({"z": "-4"}, "zoom", "zoom", None),
    ({"z": "NaN"}, "zoom", "zoom", None),
]


@pytest.mark.parametrize("params, word, field, default", HOSTILE)
def test_hostile_parameters_are_ignored_with_a_notice(params, word, field, default):
    state, notices = from_query(params, allowed_leaders=LEADERS)
    assert getattr(state, field) == default
    assert len(notices) == 1 and word in notices[0]


def test_unknown_parameters_are_listed_in_one_notice_without_control_characters():
    state, notices = from_query({"foo": "1", "utm_source\x00\n": "x", "leader": "Kim Jong Un"},
                                allowed_leaders=LEADERS)
    assert state.leaders == ("Kim Jong Un",)
    assert len(notices) == 1 and "foo" in notices[0]
    assert "\x00" not in notices[0] and "\n" not in notices[0]


def test_a_good_parameter_survives_next_to_bad_ones():
    state, notices = from_query({"leader": ["Nobody", "Kim Jong Un"], "mode": ["train", "warp"],
                                 "year": "2019", "z": "banana"}, allowed_leaders=LEADERS)
    assert state.leaders == ("Kim Jong Un",) and state.modes == ("train",) and state.years == (2019, 2019)
    assert len(notices) == 3


def test_hand_typed_names_match_case_insensitively_to_the_data_spelling():
    state, notices = from_query({"leader": "kim  jong un", "mode": "Train"}, allowed_leaders=LEADERS)
    assert state.leaders == ("Kim Jong Un",) and state.modes == ("train",) and notices == []


def test_trips_are_checked_only_when_the_allowed_set_is_given():
    loose, _ = from_query({"trip": "2019-01 Beijing"}, allowed_leaders=LEADERS)
    strict, notices = from_query({"trip": "2019-01 Beijing"}, allowed_leaders=LEADERS, allowed_trips=["other"])
    assert loose.trips == ("2019-01 Beijing",) and strict.trips == () and len(notices) == 1


def test_too_many_repeated_values_are_cut():
    state, notices = from_query({"trip": [f"t{i}" for i in range(500)]}, allowed_leaders=LEADERS)
    assert len(state.trips) == 50 and any("first 50" in n for n in notices)


def test_swapped_dates_and_years_are_put_in_order():
    state, notices = from_query({"from": "2019-12-31", "to": "2019-01-01", "year": "2020-2018"},
                                allowed_leaders=LEADERS)
    assert (state.start, state.end) == (date(2019, 1, 1), date(2019, 12, 31))
    assert state.years == (2018, 2020)
    assert len(notices) == 1


def test_a_naive_moment_is_read_as_utc_and_a_panned_centre_is_wrapped():
    state, _ = from_query({"t": "2019-01-08T12:00", "c": "39,485.75"}, allowed_leaders=LEADERS)
    assert state.moment == datetime(2019, 1, 8, 12, tzinfo=UTC)
    assert state.center == (39.0, 125.75)


def test_an_unreadable_params_object_gives_the_default_view():
    class Broken:
        def keys(self):
            raise RuntimeError("boom")
    state, notices = from_query(Broken(), allowed_leaders=LEADERS)
    assert state == ViewState() and len(notices) == 1


def test_the_open_section_travels_in_the_link_and_a_bad_one_is_ignored():
    assert to_query(ViewState(section="statistics")) == {"s": "statistics"}
    state, notices = from_query({"s": "Compare"}, allowed_leaders=LEADERS)
    assert state.section == "compare" and notices == []
    state, notices = from_query({"s": "<script>"}, allowed_leaders=LEADERS)
    assert state.section == "legs" and len(notices) == 1 and "section" in notices[0]


def test_the_bundled_dataset_travels_in_the_link_and_a_bad_one_is_ignored():
    from routes.view.pipeline import SET_SLUGS
    assert tuple(SET_SLUGS) == DATASETS   # every bundled dataset has a name a link can carry
    assert to_query(ViewState(dataset="presidents")) == {"set": "presidents"}
    state, notices = from_query({"set": "Nowhere"}, allowed_leaders=LEADERS)
    assert state.dataset == "kim" and "bundled dataset" in notices[0]


def test_a_fitted_phone_view_below_zoom_0_travels_without_a_notice():
    # the page fits the routes on a narrow map at quarter zooms below 0 (leader_routes_layout.js)
    state, notices = from_query({"c": "53.19662,14.4024", "z": "-0.25"}, allowed_leaders=LEADERS)
    assert state.zoom == -0.25 and notices == []
    assert from_query({"z": "-30"}, allowed_leaders=LEADERS)[1]
