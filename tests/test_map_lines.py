"""The canvas lines layer (static/leader_routes_lines.js) in headless Chromium, network
blocked: a large map (above the pattern limit, so thin plain lines) draws every leg,
its flat arrays hold the same points as the payload, its projection agrees with
Leaflet's, the pointer finds the leg under it, and the timeline hides what has not
started. Also the basemap land drawn by the same layer."""
from __future__ import annotations

import io

import pytest

from routes.mapview import assets, payload
from routes.mapview.build import map_html
from routes.mapview.columns import line_decimals
from routes.mapview.timeline import decode_polyline
from tests.browser import offline_page, require_browser
from tests.map_tracks import hanoi_train, synthetic

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not assets.is_installed(), reason="map assets not installed (make assets)")]

LARGE = payload.STOPS_MAX_LEGS + 200      # above the limit: plain 1-pixel lines, no stops


@pytest.fixture(scope="module")
def large():
    return synthetic(LARGE)


@pytest.fixture(scope="module")
def large_page(tmp_path_factory, large):
    require_browser()
    path = tmp_path_factory.mktemp("map") / "large.html"
    path.write_text(map_html(large), encoding="utf-8")
    with offline_page() as session:
        session.page.goto(session.file_url(path))
        session.page.wait_for_function("window.LeaderRoutes && LeaderRoutes.last")
        session.page.wait_for_function("performance.getEntriesByName('lr:finished').length > 0")
        yield session


def test_every_leg_is_drawn_without_errors(large_page, large):
    page = large_page.page
    assert large_page.errors == [] and large_page.blocked == []
    counts = page.evaluate("""() => { const r = LeaderRoutes.last;
        return [r.legs.length, r.buckets.reduce((n, b) => n + b.layer.shownCount(), 0),
                r.buckets.every(b => b.layer instanceof LeaderRoutes.LinesLayer && b.layer._pxBounds !== null),
                Math.max(...r.buckets.map(b => b.layer.options.weight))]; }""")
    drawn = sum(1 for f in large["features"] if f["geometry"])
    assert counts[:3] == [drawn, drawn, True]
    assert counts[3] == 1                       # thin lines at this density


def test_the_first_view_is_fitted_at_once_and_zooming_animates_again(large_page):
    """The fitted first view lands without a zoom animation (which drew every route
    twice); once the first frame is out, zooming animates as usual."""
    animated, inside = large_page.page.evaluate("""() => { const r = LeaderRoutes.last, map = r.map;
        const view = map.getBounds().pad(0.01);
        return [map._zoomAnimated, r.buckets.every(b => view.contains(b.layer.getBounds()))]; }""")
    assert animated is True and inside is True


def test_flat_arrays_hold_the_payloads_points(large_page):
    """decodeLines (typed arrays) against the Python decoder, line by line."""
    page = large_page.page
    scale = page.evaluate("LeaderRoutes.last.config.lineScale")
    assert scale == 10 ** line_decimals(payload.page_tolerance(LARGE)) == 1e4    # thinned: 4 decimals
    sample = page.evaluate("""() => { const r = LeaderRoutes.last, out = [];
        for (const b of r.buckets.slice(0, 5)) for (const leg of b.legs.slice(0, 4))
            out.push([leg.group.columns.line[leg.row], leg.latlngs]);
        return out; }""")
    assert len(sample) >= 10
    for encoded, latlngs in sample:
        expected = [value for point in decode_polyline(encoded, 4) for value in point]
        assert [value for point in latlngs for value in point] == pytest.approx(expected, abs=1e-9)


def test_projection_agrees_with_leaflet(large_page):
    worst = large_page.page.evaluate("""() => { const r = LeaderRoutes.last, map = r.map;
        const origin = map.getPixelOrigin(), zoom = map.getZoom(); let worst = 0;
        for (const b of r.buckets) {
            const lines = b.lines, pts = b.layer._points;
            for (let k = 0; k < lines.coords.length / 2; k += 37) {
                const p = map.project([lines.coords[2 * k], lines.coords[2 * k + 1]], zoom).subtract(origin);
                worst = Math.max(worst, Math.abs(p.x - pts[2 * k]), Math.abs(p.y - pts[2 * k + 1]));
            }
        }
        return worst; }""")
    assert worst < 1e-6


def test_the_pointer_finds_a_leg_under_it_by_leaflets_own_measure(large_page):
    """Hover and click at points along legs: the leg named is within the pick distance
    of the pointer, measured with Leaflet's pointToSegmentDistance on its own projection."""
    page = large_page.page
    results = page.evaluate("""() => { const r = LeaderRoutes.last, map = r.map, out = [];
        for (const b of r.buckets.slice(0, 8)) {
            const leg = b.legs[Math.floor(b.legs.length / 2)];
            const at = map.latLngToLayerPoint(LeaderRoutes.pointAtFraction(leg.latlngs, leg.cum, 0.3));
            const found = b.legAt(at);
            if (!found) { out.push(null); continue; }
            const pts = found.latlngs.map(p => map.latLngToLayerPoint(p));
            let d = Infinity;
            for (let i = 1; i < pts.length; i++)
                d = Math.min(d, L.LineUtil.pointToSegmentDistance(at, pts[i - 1], pts[i]));
            out.push(d);
        }
        return out; }""")
    assert results and None not in results
    assert max(results) <= 4 + 1          # the pick distance, plus Leaflet's rounding to whole pixels


def test_a_click_on_a_large_map_opens_the_popup_of_the_leg_under_it(large_page):
    page = large_page.page
    page.evaluate("() => { LeaderRoutes.last.map.closePopup(); }")
    # a leg drawn last (on top) in the last bucket, clicked a third of the way along
    x, y, leg_id = page.evaluate("""() => { const r = LeaderRoutes.last, b = r.buckets[r.buckets.length - 1];
        const leg = b.legs[b.legs.length - 1];
        const p = r.map.latLngToContainerPoint(LeaderRoutes.pointAtFraction(leg.latlngs, leg.cum, 0.33));
        const box = r.map.getContainer().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y, leg.id]; }""")
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_selector(".leaflet-popup .lr-popup")
    clicked = page.text_content(".leaflet-popup .lr-leg-id").removeprefix("leg id: ")
    distance = page.evaluate("""id => { const r = LeaderRoutes.last, map = r.map;
        const leg = r.legs.find(l => l.id === id), popup = map._popup.getLatLng();
        const at = map.latLngToLayerPoint(popup), pts = leg.latlngs.map(p => map.latLngToLayerPoint(p));
        let d = Infinity;
        for (let i = 1; i < pts.length; i++) d = Math.min(d, L.LineUtil.pointToSegmentDistance(at, pts[i - 1], pts[i]));
        return d; }""", clicked)
    assert clicked.startswith("synthetic|")
    assert distance <= 5, f"popup of {clicked} opened {distance:.1f} px from its line (aimed at {leg_id})"
    page.evaluate("() => { LeaderRoutes.last.map.closePopup(); }")


def test_the_timeline_shows_exactly_the_legs_that_have_started(large_page, large):
    page = large_page.page
    times = sorted(f["properties"]["depart_ms"] for f in large["features"])
    t = times[len(times) // 3] + 1
    shown = set(page.evaluate("t => { LeaderRoutes.last.setTime(t); return LeaderRoutes.last.shownLegIds(); }", t))
    expected = {f["properties"]["leg_id"] for f in large["features"]
                if f["geometry"] and f["properties"]["depart_ms"] <= t}
    assert shown == expected
    drawn = page.evaluate("""() => LeaderRoutes.last.buckets.reduce((n, b) => n + b.layer.shownCount(), 0)""")
    assert drawn == len(expected)
    page.evaluate("t => LeaderRoutes.last.setTime(t)", times[-1])
    assert len(page.evaluate("LeaderRoutes.last.shownLegIds()")) == sum(1 for f in large["features"] if f["geometry"])
    assert large_page.errors == []


def test_land_is_drawn_by_the_flat_layer(large_page, tmp_path):
    """The offline basemap's land colour at a point of central China, away from the
    Hanoi train's line and stops (a second page in the same offline browser)."""
    from PIL import Image
    path = tmp_path / "hanoi.html"
    path.write_text(map_html(hanoi_train()), encoding="utf-8")
    page, errors = large_page.page.context.new_page(), []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    try:
        page.goto(large_page.file_url(path))
        page.wait_for_function("performance.getEntriesByName('lr:finished').length > 0")
        x, y, rings = page.evaluate("""() => {
            const map = LeaderRoutes.last.map, p = map.latLngToContainerPoint([30, 110]);
            let rings = 0;
            map.eachLayer(l => {
                if (l instanceof LeaderRoutes.LinesLayer && l.options.closed) rings += l._lines.count; });
            return [p.x, p.y, rings]; }""")
        image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    finally:
        page.close()
    assert errors == []
    assert rings > 100                                    # Natural Earth countries' rings
    pixel = image.getpixel((int(x), int(y)))
    assert sum(abs(a - b) for a, b in zip(pixel, (0xF4, 0xF1, 0xEA))) < 12, pixel


def test_land_is_drawn_again_east_of_the_date_line(large_page, tmp_path):
    """Beijing → Washington keeps its longitudes continuous (116° → 283°): the page draws
    the world's land a second time, 360° east, so Alaska lies under the route."""
    from PIL import Image

    from tests.map_tracks import feature
    props = {"leader": "Example", "trip": "Across the Pacific", "seq": 1, "mode": "flight",
             "origin": "Beijing", "destination": "Washington", "depart": "2019-01-01", "arrive": "2019-01-01"}
    leg = feature(props, (39.9, 116.4), (38.9, -77.0))
    assert max(lon for lon, _ in leg["geometry"]["coordinates"]) > 180
    path = tmp_path / "pacific.html"
    path.write_text(map_html({"type": "FeatureCollection", "features": [leg]}), encoding="utf-8")
    page, errors = large_page.page.context.new_page(), []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(large_page.file_url(path))
        page.wait_for_function("performance.getEntriesByName('lr:finished').length > 0")
        x, y, east = page.evaluate("""() => {
            const map = LeaderRoutes.last.map, p = map.latLngToContainerPoint([64, 210]);
            let east = 0;
            map.eachLayer(l => { if (l instanceof LeaderRoutes.LinesLayer && l.options.closed)
                for (let i = 1; i < l._lines.coords.length; i += 2) if (l._lines.coords[i] > 180) east++; });
            return [p.x, p.y, east]; }""")
        image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    finally:
        page.close()
    assert errors == []
    assert east > 1000                                    # the second world's vertices
    assert 200 < x < 800 and 100 < y < 450                # clear of the controls
    pixel = image.getpixel((int(x), int(y)))              # inland Alaska, 360° east of -150°
    assert sum(abs(a - b) for a, b in zip(pixel, (0xF4, 0xF1, 0xEA))) < 12, pixel
