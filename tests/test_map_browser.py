"""The map in headless Chromium with the network blocked: it draws, plays, and runs
no injected script."""
from __future__ import annotations

import io

import pytest

from routes.mapview import assets, style
from routes.mapview.build import map_html
from routes.mapview.timeline import position_at
from tests.browser import offline_page, require_browser
from tests.map_tracks import hanoi_train

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not assets.is_installed(), reason="map assets not installed (make assets)")]


@pytest.fixture(scope="module")
def hanoi_page(tmp_path_factory):
    require_browser()
    path = tmp_path_factory.mktemp("map") / "hanoi.html"
    path.write_text(map_html(hanoi_train(), title="Kim Jong Un to Hanoi, 2019"), encoding="utf-8")
    with offline_page() as session:
        session.page.goto(session.file_url(path))
        session.page.wait_for_function("window.LeaderRoutes && LeaderRoutes.last")
        yield session


def test_renders_offline_without_errors_or_outside_requests(hanoi_page):
    assert hanoi_page.errors == []
    assert hanoi_page.blocked == []
    drawn = hanoi_page.page.evaluate("LeaderRoutes.last.legs.length")
    assert drawn == sum(1 for f in hanoi_train()["features"] if f["geometry"])


def test_route_colour_is_on_screen_along_the_train_line(hanoi_page):
    from PIL import Image
    page = hanoi_page.page
    colour = style.leader_colour("Kim Jong Un")
    opacity = style.leg_style("train", colour, approximate=True)["opacity"]   # these legs are approximate
    land = (0xF4, 0xF1, 0xEA)
    target = tuple(round(opacity * int(colour[i:i + 2], 16) + (1 - opacity) * land[n])
                   for n, i in enumerate((1, 3, 5)))
    # a point a third of the way along Dandong → Dong Dang, in screen pixels
    x, y = page.evaluate("""() => { var r = LeaderRoutes.last, leg = r.legs[1];
        var p = LeaderRoutes.pointAtFraction(leg.latlngs, leg.cum, 0.33);
        var c = r.map.latLngToContainerPoint(p); return [c.x, c.y]; }""")
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    near = [image.getpixel((int(x) + dx, int(y) + dy)) for dx in range(-4, 5) for dy in range(-4, 5)]
    distance = min(sum(abs(a - b) for a, b in zip(pixel, target)) for pixel in near)
    assert distance < 40, f"no pixel near {target} at ({x:.0f}, {y:.0f})"


def test_javascript_position_matches_python(hanoi_page):
    features = [f for f in hanoi_train()["features"] if f["geometry"]]
    for index, feature in enumerate(features):
        props = feature["properties"]
        for fraction in (0.0, 0.1, 0.5, 0.77, 1.0):
            t = props["depart_ms"] + fraction * (props["arrive_ms"] - props["depart_ms"])
            js = hanoi_page.page.evaluate(
                """([i, t]) => { var leg = LeaderRoutes.last.legs[i], p = leg.props;
                    return LeaderRoutes.positionAt(leg.latlngs, leg.cum, p.depart_ms, p.arrive_ms, t); }""",
                [index, t])
            assert js == pytest.approx(list(position_at(feature, t)), abs=1e-6)


def test_javascript_styles_match_python(hanoi_page):
    for mode in ("train", "flight", "car", "ship", "helicopter", "balloon"):
        for approximate in (False, True):
            for selected in (None, True, False):
                js = hanoi_page.page.evaluate(
                    "([m, a, s]) => LeaderRoutes.legStyle(LeaderRoutes.last.config.styles, m, '#123456', a, s)",
                    [mode, approximate, selected])
                assert js == style.leg_style(mode, "#123456", approximate=approximate, selected=selected)


def test_popup_shows_local_times_at_their_precision_and_links_sources(hanoi_page):
    text, links = hanoi_page.page.evaluate("""() => {
        var node = LeaderRoutes.legPopup(LeaderRoutes.last.legs[0].props);
        return [node.textContent, Array.from(node.querySelectorAll('a')).map(a => a.href)]; }""")
    assert "Pyongyang Station \u2192 Dandong Station" in text
    assert "23 Feb 2019 17:00 (UTC+09:00)" in text          # minute precision, local time
    assert "Arrives23 Feb 2019" in text                       # day precision: a day only
    assert "Approximate route" in text
    assert links and all(link.startswith("http") for link in links)


def test_timeline_plays_and_the_train_moves(hanoi_page):
    page = hanoi_page.page
    # no moment chosen yet: every route is drawn, and the readout says so rather than a date
    assert page.inner_text(".lr-readout") == "every route, all dates"
    leg = hanoi_train()["features"][1]["properties"]
    page.evaluate("t => LeaderRoutes.last.setTime(t)", leg["depart_ms"] + 3_600_000)
    before = page.evaluate("LeaderRoutes.last.travellers()")
    assert leg["leg_id"] in before
    page.evaluate("LeaderRoutes.last.speed = 86400e3")
    page.click(".lr-play")
    page.wait_for_timeout(700)
    after = page.evaluate("LeaderRoutes.last.travellers()")
    page.click(".lr-play")                                     # pause
    assert after.get(leg["leg_id"]) and after[leg["leg_id"]] != before[leg["leg_id"]]
    assert "Feb 2019" in page.inner_text(".lr-readout")
    # legs that have not started yet are hidden
    counts = page.evaluate("""() => { var r = LeaderRoutes.last;
        return [r.items.filter(i => i.from > r.t && i.shown).length,
                r.items.filter(i => i.from > r.t).length]; }""")
    assert counts[0] == 0 and counts[1] > 0
    assert hanoi_page.errors == []


def test_a_click_on_a_line_opens_that_legs_popup(hanoi_page):
    page = hanoi_page.page
    page.evaluate("LeaderRoutes.last.map.closePopup()")
    leg = hanoi_train()["features"][1]["properties"]
    x, y = page.evaluate("""() => { const r = LeaderRoutes.last, leg = r.legs[1];
        const p = r.map.latLngToContainerPoint(LeaderRoutes.pointAtFraction(leg.latlngs, leg.cum, 0.4));
        const box = r.map.getContainer().getBoundingClientRect(); return [box.left + p.x, box.top + p.y]; }""")
    page.mouse.move(x - 1, y)
    page.mouse.move(x, y)
    assert leg["origin"] in page.inner_text(".leaflet-tooltip", timeout=5000)   # the hover names it
    page.mouse.click(x, y)
    page.wait_for_selector(".leaflet-popup .lr-popup")
    assert f"{leg['origin']} \u2192 {leg['destination']}" in page.inner_text(".leaflet-popup .lr-title")
    assert page.text_content(".leaflet-popup .lr-leg-id") == "leg id: " + leg["leg_id"]


def test_routes_can_be_replaced_without_touching_the_base_map(hanoi_page):
    page = hanoi_page.page
    counts = page.evaluate("""() => { const r = LeaderRoutes.last, map = r.map;
        const config = JSON.parse(JSON.stringify(r.config, (k, v) => k === 'routes' ? undefined : v));
        const layersBefore = Object.keys(map._layers).length;
        const legend = document.querySelector('.lr-legend');
        const added = LeaderRoutes.mountRoutes(map, config);          // the same routes again
        return [layersBefore, Object.keys(map._layers).length, added.length > 0,
                document.querySelector('.lr-legend') === legend, LeaderRoutes.last !== r,
                document.querySelectorAll('.lr-timeline').length]; }""")
    before, after, added, same_legend, replaced = counts[:5]
    assert added and same_legend and replaced
    assert after <= before            # the old routes went; nothing accumulates
    page.wait_for_timeout(300)        # the new timeline control comes after the first frame
    assert page.evaluate("document.querySelectorAll('.lr-timeline').length") == 1
    overlays = page.evaluate("document.querySelectorAll('.leaflet-control-layers-overlays label').length")
    assert overlays == 2              # the leader and its trip, listed once
    assert hanoi_page.errors == []
