"""A trip is drawn as one line even across the date line (routes.geometry.tracks.trip_turns):
a round trip over the Pacific was drawn half at each edge of the world, and no view fitted it.
Seen in the offline tour with the Osaka/Seoul upload at phone size."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from routes.geometry.trackset import as_trackset
from routes.itinerary.itinerary import read_itinerary
from routes.mapview import assets
from routes.mapview.build import feature_bounds, map_html
from routes.mapview.markers import StopMarkers
from routes.view.pipeline import prepare
from routes.view.whereabouts import Whereabouts
from tests.browser import offline_page, require_browser

# Washington → Osaka (west, over the Pacific) → Seoul → Washington (east, over the Pacific)
PACIFIC = """leader,trip,seq,origin,destination,origin_country,destination_country,depart,arrive,mode
Test leader,Pacific round trip,1,Washington,Osaka,US,JP,2019-06-26T08:00-04:00,2019-06-27T21:00+09:00,flight
Test leader,Pacific round trip,2,Osaka,Seoul,JP,KR,2019-06-29T17:00+09:00,2019-06-29T19:00+09:00,flight
Test leader,Pacific round trip,3,Seoul,Washington,KR,US,2019-06-30T21:00+09:00,2019-06-30T22:00-04:00,flight
Other leader,Atlantic,1,Washington,London,US,GB,2021-06-09T08:00-04:00,2021-06-09T20:00+01:00,flight
"""


@pytest.fixture(scope="module")
def pacific(tmp_path_factory):
    path = tmp_path_factory.mktemp("trip") / "pacific.csv"
    path.write_text(PACIFIC, encoding="utf-8")
    return prepare(read_itinerary(path))


def _ends(tracks, row):
    start, end = tracks.offsets[row], tracks.offsets[row + 1]
    return tracks.points[start, 0], tracks.points[end - 1, 0]


def test_each_leg_starts_where_the_leg_before_it_ended(pacific):
    tracks = as_trackset(pacific.features)
    trip = [i for i, leader in enumerate(tracks.properties["leader"]) if leader == "Test leader"]
    assert len(trip) == 3 and all(tracks.lengths[i] for i in trip)
    for before, after in itertools.pairwise(trip):
        assert _ends(tracks, after)[0] == pytest.approx(_ends(tracks, before)[1], abs=0.01)
    lons = np.concatenate([tracks.points[tracks.offsets[i]:tracks.offsets[i + 1], 0] for i in trip])
    assert lons.max() - lons.min() < 200           # one stretch of the Pacific, not the world twice
    assert -180 <= (lons.max() + lons.min()) / 2 <= 180


def test_a_trip_that_needs_no_turn_keeps_its_coordinates(pacific):
    tracks = as_trackset(pacific.features)
    atlantic = next(i for i, leader in enumerate(tracks.properties["leader"]) if leader == "Other leader")
    first, last = _ends(tracks, atlantic)
    assert first == pytest.approx(-77.04, abs=0.1) and last == pytest.approx(-0.13, abs=0.2)


def test_the_map_fits_the_trip_and_reported_positions_stay_within_180(pacific):
    tracks = as_trackset(pacific.features)
    pacific_only = tracks.take(np.flatnonzero(tracks.properties["leader"].to_numpy() == "Test leader"))
    (_south, west), (_north, east) = feature_bounds(pacific_only)
    assert east - west < 200
    import pandas as pd
    where = Whereabouts(pacific.legs, pacific.features).at(pacific.legs, pd.Timestamp("2019-06-27T05:00Z"))
    row = where.set_index("leader").loc["Test leader"]
    assert row["status"] == "travelling" and -180 <= row["lon"] < 180


@pytest.mark.browser
@pytest.mark.skipif(not assets.is_installed(), reason="map assets not installed (make assets)")
def test_stops_and_place_names_are_drawn_where_the_trips_lines_run(pacific, tmp_path):
    require_browser()
    tracks = as_trackset(pacific.features)
    chosen = tracks.take(np.flatnonzero(tracks.properties["leader"].to_numpy() == "Test leader"))
    path = tmp_path / "pacific.html"
    path.write_text(map_html(chosen, StopMarkers(pacific.itinerary.stops)), encoding="utf-8")
    with offline_page(viewport=(1440, 900)) as session:
        page = session.page
        page.goto(session.file_url(path))
        page.wait_for_function("window.LeaderRoutes && LeaderRoutes.last")
        page.wait_for_timeout(500)
        assert session.errors == [] and session.blocked == []
        inside = page.evaluate("""() => { const r = LeaderRoutes.last, view = r.map.getBounds();
            return r.stopLayers.flatMap(l => l.markers).map(m => view.contains(m.getLatLng())); }""")
        assert inside and all(inside)               # Osaka and Seoul next to their lines, in view
        labels = page.eval_on_selector_all(".lr-labels .lr-label", "nodes => nodes.map(n => n.textContent)")
        assert "Seoul" in labels and "Washington" in labels
