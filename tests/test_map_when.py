"""One timeline, page and map: in headless Chromium the map answers where-was-everyone as the
library does, starts at the page's moment, and draws a leg as travelled only once it may have begun."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routes.mapview import assets
from routes.mapview.build import build_base_map, routes_layer
from routes.places.sphere import wrap_lon
from routes.view.filters import Filters, apply_filters
from routes.view.whereabouts import Whereabouts, page_data
from tests.browser import offline_page, require_browser

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not assets.is_installed(), reason="map assets not installed (make assets)")]

MOMENT = pd.Timestamp("2019-02-26T00:00Z")
SHOWN = ("Kim Jong Un", "Donald Trump", "Vladimir Putin")
START, END = pd.Timestamp("2018-03-20T00:00Z").value // 10**6, pd.Timestamp("2019-07-01T00:00Z").value // 10**6


@pytest.fixture(scope="module")
def when_page(tmp_path_factory, bundled_prepared):
    require_browser()
    legs = apply_filters(bundled_prepared.legs, Filters(leaders=SHOWN, modes=("train", "flight")))
    whereabouts = Whereabouts(bundled_prepared.legs, bundled_prepared.features)
    shown = bundled_prepared.features.subset(set(legs["leg_id"]))
    base = build_base_map(leaders={}, modes=[], basemap="offline", title="when")
    routes_layer(shown, when=page_data(whereabouts, SHOWN), moment_ms=MOMENT.value / 1e6).add_to(base)
    path = tmp_path_factory.mktemp("when") / "when.html"
    path.write_text(base.get_root().render(), encoding="utf-8")
    with offline_page() as session:
        session.page.goto(session.file_url(path))
        session.page.wait_for_function("window.LeaderRoutes && LeaderRoutes.last && LeaderRoutes.last.t !== null")
        yield session, whereabouts, legs


def _map_answers(page, t_ms):
    return page.evaluate("""t => { var r = LeaderRoutes.last; r.setTime(t);
        var answers = {}; r.config.when.forEach(p => { answers[p.leader] = LeaderRoutes.whereAt(p, t).status; });
        return [answers, r.leaderPositions()]; }""", t_ms)


def test_the_map_starts_at_the_pages_moment_and_marks_the_leaders(when_page):
    session, _whereabouts, _legs = when_page
    assert session.page.evaluate("LeaderRoutes.last.t") == MOMENT.value / 1e6
    # Trump was flying to Mildenhall, Kim's train was in southern China: both marked; Putin not.
    marked = session.page.evaluate("LeaderRoutes.last.leaderPositions()")
    assert set(marked) == {"Kim Jong Un", "Donald Trump"}
    assert session.errors == [] and session.blocked == []


def test_a_leg_is_drawn_only_once_it_may_have_begun(when_page):
    session, whereabouts, _ = when_page
    t = pd.Timestamp("2019-02-23T07:00Z").value / 1e6    # an hour before Kim's train left Pyongyang
    shown = set(session.page.evaluate(
        "t => { LeaderRoutes.last.setTime(t); return LeaderRoutes.last.shownLegIds(); }", t))
    frame = whereabouts.timing.frame.set_index("leg_id")
    assert "Kim Jong Un|2019-02 Hanoi summit|1" not in shown
    assert "Kim Jong Un|2019-01 Beijing|1" in shown
    begun = frame.loc[sorted(shown)]
    assert ((begun["depart_lo"] / 1e6 <= t) | (begun["depart_lo"] == begun["depart_lo"].min())).all()


# Moments in and around the trips of 2018-2019 (where the answers change), and any moment at all.
TRIP_DAYS = [pd.Timestamp(day, tz="UTC").value // 10**6 for day in (
    "2018-06-09", "2018-06-10", "2018-06-12", "2019-01-07", "2019-01-08", "2019-02-23", "2019-02-24", "2019-02-25",
    "2019-02-26", "2019-02-28", "2019-03-02", "2019-03-04", "2019-04-24", "2019-04-25", "2019-04-26")]
MOMENTS = st.one_of(st.builds(lambda day, ms: day + ms, st.sampled_from(TRIP_DAYS), st.integers(0, 86_400_000)),
                    st.integers(START, END))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(MOMENTS)
def test_the_maps_answer_and_position_at_any_moment_are_the_librarys(when_page, t_ms):
    session, whereabouts, legs = when_page
    answers, positions = _map_answers(session.page, t_ms)
    library = whereabouts.at(legs, pd.Timestamp(t_ms, unit="ms", tz="UTC")).set_index("leader")
    drawn = set(legs["leg_id"])
    for leader in SHOWN:
        row = library.loc[leader]
        assert answers[leader] == row["status"], (leader, t_ms)
        placed = pd.notna(row["lat"]) and (row["status"] == "at" or row["leg_id"] in drawn)
        assert (leader in positions) == placed, (leader, t_ms, row.to_dict())
        if placed:
            # the map's lines run on past ±180°; a reported position is within it
            lat, lon = positions[leader]
            assert [lat, wrap_lon(lon)] == pytest.approx([row["lat"], row["lon"]], abs=2e-5), (leader, t_ms)
