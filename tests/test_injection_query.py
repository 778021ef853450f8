"""Query parameters are untrusted input: every payload (and random text) in every parameter of
a link gives a view inside the allowed values and notices that are plain, short text."""
from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from routes.export.permalink import BASEMAPS, KNOWN, SOURCES, YEAR_RANGE, ZOOM_RANGE, ViewState, from_query
from routes.itinerary.modes import MODES
from tests.fuzz_csv_strategies import fuzz_settings
from tests.payloads import PAYLOADS

LEADERS = ("Kim Jong Un", "Donald Trump")
TRIPS = ("2019-01 Beijing", "2019-02 Hanoi")


def check_view(state: ViewState, notices: list[str]) -> None:
    assert state.source in SOURCES and state.basemap in BASEMAPS
    assert set(state.leaders) <= set(LEADERS)
    assert set(state.modes) <= set(MODES)
    assert set(state.trips) <= set(TRIPS)
    if state.years is not None:
        assert YEAR_RANGE[0] <= state.years[0] <= state.years[1] <= YEAR_RANGE[1]
    if state.start and state.end:
        assert state.start <= state.end
    if state.center is not None:
        lat, lon = state.center
        assert math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon < 180
    if state.zoom is not None:
        assert ZOOM_RANGE[0] <= state.zoom <= ZOOM_RANGE[1]
    for notice in notices:
        assert isinstance(notice, str) and notice.isprintable(), notice
        assert len(notice) < 600, notice


@pytest.mark.parametrize("key", KNOWN + ("unknown_param", "<script>"))
def test_every_payload_in_every_parameter_gives_a_safe_view(key):
    for payload in PAYLOADS:
        state, notices = from_query({key: [payload, payload * 3]}, allowed_leaders=LEADERS,
                                    allowed_trips=TRIPS)
        check_view(state, notices)
        assert notices, (key, payload)      # nothing here is a valid value: the reader is told


_VALUES = st.one_of(st.text(max_size=300), st.sampled_from(PAYLOADS),
                    st.sampled_from(("2019", "1899-2101", "2019-13-01", "nan,nan", "inf", "1e309,0",
                                     "-0", "20", "99", "upload", "osm", "train", "Kim Jong Un",
                                     "2019-01-08T12:00:00Z", "9999-12-31T23:59:59+14:00")))


@given(params=st.dictionaries(st.sampled_from(KNOWN) | st.text(max_size=20),
                              st.lists(_VALUES, max_size=60) | _VALUES, max_size=12))
@pytest.mark.slow
@fuzz_settings("raw")
def test_random_query_strings_never_raise(params):
    state, notices = from_query(params, allowed_leaders=LEADERS, allowed_trips=TRIPS)
    check_view(state, notices)
    assert len(state.leaders) <= 50 and len(state.modes) <= len(MODES)
