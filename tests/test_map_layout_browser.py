"""The map's furniture measured in headless Chromium (issue #17): at the window sizes of a
laptop (1440×900, 1280×720) and a phone (390×844), and at the sizes the app gives its map
there (580×560, 358×560), on the bundled journeys and on the Office of the Historian's
records, every control's box is inside the map, overlaps no other, and all of them cover
at most 30 % of the map with the legend collapsed; after fitting, every fitted route lies
where no control is; the play bar is whole; no two leaders shown share colour and mark."""
from __future__ import annotations

import time

import pytest

from routes.itinerary.itinerary import read_itinerary
from routes.mapview import assets
from routes.mapview.build import map_html
from routes.mapview.style import assign_colours
from routes.reading.schema import US_HISTORIAN
from tests.browser import offline_page, require_browser

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not assets.is_installed(), reason="map assets not installed (make assets)")]

# (width, height): the page's window for the HTML export, then the app's map in its column
SIZES = [(1440, 900), (1280, 720), (390, 844), (580, 560), (358, 560)]
MAX_COVERED = 0.30

# options: legendOpen (true/false, or null to leave it), refit (fit the map's bounds again)
MEASURE = """(options) => {
    var routes = LeaderRoutes.last, map = routes.map, base = map._leaderRoutesBase;
    if (options.legendOpen !== null) base.openLegend(options.legendOpen);
    if (options.refit) base.fitInside(base.config.fit);
    var fitted = null;
    routes.legs.forEach(function (leg) {
        leg.latlngs.forEach(function (ll) {
            var p = map.latLngToContainerPoint(ll);
            if (!fitted) fitted = {left: p.x, top: p.y, right: p.x, bottom: p.y};
            fitted.left = Math.min(fitted.left, p.x); fitted.right = Math.max(fitted.right, p.x);
            fitted.top = Math.min(fitted.top, p.y); fitted.bottom = Math.max(fitted.bottom, p.y);
        });
    });
    var leaders = {};
    routes.config.groups.forEach(function (g) { leaders[g.leader] = [g.colour.toLowerCase(), g.mark]; });
    return {size: map.getSize(), boxes: LeaderRoutes.controlBoxes(map), fitted: fitted, leaders: leaders,
            legendRows: document.querySelectorAll('.lr-legend-leader').length,
            more: (document.querySelector('.lr-legend-more') || {}).textContent || ''};
}"""


def _overlap(a, b) -> bool:
    return (a["left"] < b["left"] + b["width"] - 0.5 and b["left"] < a["left"] + a["width"] - 0.5
            and a["top"] < b["top"] + b["height"] - 0.5 and b["top"] < a["top"] + a["height"] - 0.5)


def _inside(box, size) -> bool:
    return (box["left"] >= -0.5 and box["top"] >= -0.5 and box["left"] + box["width"] <= size["x"] + 0.5
            and box["top"] + box["height"] <= size["y"] + 0.5)


def check_layout(measured, where: str) -> None:
    """Controls inside the map, apart, ≤ 30 % of it; the play bar there; routes uncovered."""
    size, boxes = measured["size"], measured["boxes"]
    names = [b["name"] for b in boxes]
    assert any("lr-timeline" in n for n in names), f"{where}: no play bar in {names}"
    for box in boxes:
        assert _inside(box, size), f"{where}: {box} outside the {size} map"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not _overlap(a, b), f"{where}: {a['name']} overlaps {b['name']}"
    covered = sum(b["width"] * b["height"] for b in boxes) / (size["x"] * size["y"])
    assert covered <= MAX_COVERED, f"{where}: controls cover {covered:.0%} of the map"
    fitted = measured["fitted"]
    route_box = {"left": fitted["left"], "top": fitted["top"], "width": fitted["right"] - fitted["left"],
                 "height": fitted["bottom"] - fitted["top"]}
    assert _inside(route_box, size), f"{where}: fitted routes {route_box} leave the map"
    for box in boxes:
        assert not _overlap(route_box, box), f"{where}: fitted routes {route_box} under {box['name']}"


def _measure_all(page, label: str) -> list[dict]:
    results = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function(f"LeaderRoutes.last.map.getSize().x === {width}")
        time.sleep(0.2)   # the resize observer lays the furniture out on the next frame
        collapsed = page.evaluate(MEASURE, {"legendOpen": False, "refit": True})
        check_layout(collapsed, f"{label} {width}×{height}")
        opened = page.evaluate(MEASURE, {"legendOpen": True, "refit": True})
        boxes = opened["boxes"]
        for box in boxes:
            assert _inside(box, opened["size"]), f"{label} {width}×{height} open legend: {box} outside"
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not _overlap(a, b), f"{label} {width}×{height} open legend: {a['name']} over {b['name']}"
        results.append(opened)
    return results


def _load(tmp_path, prepared, title):
    require_browser()
    palette = assign_colours(prepared.legs["leader"].unique())
    path = tmp_path / "map.html"
    path.write_text(map_html(prepared.features, prepared.itinerary.stops, title=title, palette=palette),
                    encoding="utf-8")
    return path


def _open(session, path):
    session.page.goto(session.file_url(path))
    session.page.wait_for_function("window.LeaderRoutes && LeaderRoutes.last && LeaderRoutes.last.timelineControl")


def _measured(tmp_path, prepared, title: str, label: str) -> dict:
    """The map page of ``prepared`` measured at every size (asserting its layout on the way),
    with no console error and no request blocked; the first size's measures."""
    path = _load(tmp_path, prepared, title)
    with offline_page(viewport=SIZES[0]) as session:
        _open(session, path)
        results = _measure_all(session.page, label)
        assert session.errors == [] and session.blocked == []
    return results[0]


def test_bundled_map_furniture_never_covers_the_routes(tmp_path, bundled_prepared):
    leaders = _measured(tmp_path, bundled_prepared, "Leader Routes", "bundled")["leaders"]
    assert len(set(map(tuple, leaders.values()))) == len(leaders)


def test_presidents_map_furniture_and_twenty_one_leaders_apart(tmp_path, shared_dir):
    from routes.view.pipeline import prepare
    records = shared_dir / "data" / "us_state_dept" / "president_travels.csv"
    prepared = prepare(read_itinerary(records, recipe=US_HISTORIAN))
    first = _measured(tmp_path, prepared, "US presidents abroad", "presidents")
    leaders = first["leaders"]
    assert len(leaders) == prepared.legs["leader"].nunique() > 20
    pairs = list(map(tuple, leaders.values()))
    assert len(set(pairs)) == len(pairs), "two leaders share colour and mark"
    # the legend lists ten leaders and says how many more there are
    assert first["legendRows"] == 10 and first["more"] == f"+{len(leaders) - 10} more"
