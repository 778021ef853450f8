"""A draft joins the leader's trip on the same dates (issue #19), in the library and in the app."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from routes.draft import draft_story
from routes.draft.joining import join_trip, overlapping_trips, stops_bounds
from routes.view.pipeline import load_bundled
from tests.conftest import FIXTURES, ROOT

STORY = (FIXTURES / "stories" / "dev" / "ko_kim_vladivostok_2019.txt").read_text(encoding="utf-8")
DANISH = ("date 2019-01-09\nKim Jong Un forlod onsdag Beijing i sit tog. "
          "Kim ankom til Beijing tirsdag.")


def _legs():
    return load_bundled().legs


def test_a_draft_on_the_dates_of_a_bundled_trip_finds_that_trip():
    frame = draft_story(STORY).to_stops_frame()
    assert [m.trip for m in overlapping_trips(frame, _legs())] == ["2019-04 Vladivostok summit"]
    other = frame.assign(leader="Xi Jinping")
    assert overlapping_trips(other, _legs()) == []         # someone else's trip is not joined


def test_joining_keeps_only_new_stops_under_the_trip_name():
    legs = _legs()
    frame = draft_story(STORY).to_stops_frame()
    assert join_trip(frame, "2019-04 Vladivostok summit", legs).empty     # both already there
    extra = pd.concat([frame, frame.iloc[[0]].assign(place="Ussuriysk", lat=43.8, lon=131.95)],
                      ignore_index=True)
    joined = join_trip(extra, "2019-04 Vladivostok summit", legs)
    assert list(joined["place"]) == ["Ussuriysk"]
    assert set(joined["trip"]) == {"2019-04 Vladivostok summit"}


def test_bounds_of_the_drafted_stops():
    (south, west), (north, east) = stops_bounds(draft_story(STORY).to_stops_frame())
    assert 42 < south < north < 44 and 130 < west < east < 132


def _draft_section() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.segmented_control(key="section").set_value("Draft from a story").run()
    at.text_area(key="story_text").set_value(DANISH).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.slow
def test_app_offers_the_overlapping_trip_and_does_not_add_it_twice():
    at = _draft_section()
    story_date = next(d for d in at.date_input if d.label == "Story date")
    assert str(story_date.value) == "2019-01-09"          # from the story, not a later year
    assert at.radio(key="draft_trip").value == "2019-01 Beijing"
    at.button(key="draft_add").click().run()
    assert "drafted" not in at.session_state
    assert any("already in the trip 2019-01 Beijing" in i.value for i in at.info)


def test_app_adds_a_separate_trip_and_the_map_looks_at_it():
    at = _draft_section()
    at.session_state["map_target"] = {"center": [0.0, -60.0], "zoom": 3}    # left from earlier data
    at.radio(key="draft_trip").set_value("(keep it as a trip of its own)").run()
    at.button(key="draft_add").click().run()
    assert not at.exception, at.exception
    drafted = at.session_state["drafted"].decode("utf-8")
    assert "Beijing" in drafted and ",2019-01 Beijing," not in drafted
    # the page is asked to fit the drafted stop (Beijing), not every route of the data
    (south, west), (north, east) = at.session_state["map_fit"]["bounds"]
    assert south < 39.9 < north and west < 116.4 < east
    assert north - south < 5 and east - west < 5


def test_app_story_without_a_date_leaves_the_date_empty():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.segmented_control(key="section").set_value("Draft from a story").run()
    at.text_area(key="story_text").set_value("Kim Jong Un arrived in Vladivostok on Wednesday.").run()
    assert not at.exception, at.exception
    assert next(d for d in at.date_input if d.label == "Story date").value is None
    assert any("gives no date" in c.value for c in at.caption)
