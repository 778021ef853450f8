"""Find and follow (issue #17), in headless Chromium with the network blocked: a leg
picked elsewhere is highlighted and zoomed to, clear of the controls; an online basemap that
cannot load gives way to the offline map with a notice."""
from __future__ import annotations

import pytest

from routes.mapview import assets
from routes.mapview.build import map_html
from tests.browser import offline_page, require_browser
from tests.map_tracks import hanoi_train
from tests.test_map_layout_browser import _overlap

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not assets.is_installed(), reason="map assets not installed (make assets)")]


def _open(tmp_path, session, **options):
    path = tmp_path / "map.html"
    path.write_text(map_html(hanoi_train(), title="Kim Jong Un to Hanoi, 2019", **options), encoding="utf-8")
    session.page.goto(session.file_url(path))
    session.page.wait_for_function("window.LeaderRoutes && LeaderRoutes.last && LeaderRoutes.last.timelineControl")


def test_a_picked_leg_is_highlighted_and_zoomed_to_clear_of_the_controls(tmp_path):
    require_browser()
    with offline_page(viewport=(390, 700)) as session:
        _open(tmp_path, session)
        page = session.page
        leg_id = page.evaluate("LeaderRoutes.last.legs[0].id")
        zoom_before = page.evaluate("LeaderRoutes.last.map.getZoom()")
        assert page.evaluate("([id]) => LeaderRoutes.focusLeg(LeaderRoutes.last.map, id, 1)", [leg_id])
        # the same request again does nothing; an unknown leg does nothing
        assert not page.evaluate("([id]) => LeaderRoutes.focusLeg(LeaderRoutes.last.map, id, 1)", [leg_id])
        assert not page.evaluate("LeaderRoutes.focusLeg(LeaderRoutes.last.map, 'no such leg', 2)")
        measured = page.evaluate("""() => { var map = LeaderRoutes.last.map, leg = LeaderRoutes.last.legs[0];
            var pts = leg.latlngs.map(ll => map.latLngToContainerPoint(ll));
            var xs = pts.map(p => p.x), ys = pts.map(p => p.y);
            return {zoom: map.getZoom(), boxes: LeaderRoutes.controlBoxes(map),
                    leg: {left: Math.min(...xs), top: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs),
                          height: Math.max(...ys) - Math.min(...ys)},
                    halo: map.hasLayer(map._leaderRoutesBase.focusHalo) ? 1 : 0}; }""")
        assert measured["zoom"] > zoom_before
        assert measured["halo"] == 1
        for box in measured["boxes"]:
            assert not _overlap(measured["leg"], box), f"the picked leg is under {box['name']}"
        assert session.errors == []


def test_an_online_basemap_that_cannot_load_gives_way_to_the_offline_map(tmp_path):
    require_browser()
    with offline_page(viewport=(800, 600)) as session:
        _open(tmp_path, session, basemap="osm")
        page = session.page
        page.wait_for_function("document.querySelector('.lr-notices') && "
                               "/could not be loaded/.test(document.querySelector('.lr-notices').textContent)",
                               timeout=15_000)
        assert any("tile.openstreetmap.org" in url for url in session.blocked)   # it did try
        checked = page.evaluate("""() => Array.from(document.querySelectorAll('.leaflet-control-layers-base label'))
            .filter(l => l.querySelector('input').checked).map(l => l.textContent.trim())""")
        assert checked == ["Offline map (Natural Earth)"]
        assert "OpenStreetMap (online) could not be loaded" in page.inner_text(".lr-notices")


def test_place_search_finds_the_datas_places_first_then_the_gazetteers(tmp_path):
    require_browser()
    with offline_page(viewport=(800, 600)) as session:
        _open(tmp_path, session)
        page = session.page
        page.click(".lr-search-button")
        page.fill(".lr-search-input", "dong")
        found = page.eval_on_selector_all(".lr-search-result", "items => items.map(i => [i.className, i.textContent])")
        assert found and "lr-from-data" in found[0][0]               # Dong Dang, Dandong: the trip's own stops
        sources = ["data" if "lr-from-data" in c else "gazetteer" for c, _ in found]
        assert sources == sorted(sources), "a gazetteer place listed before a place of the data"
        page.fill(".lr-search-input", "pari")                         # not in this data: the gazetteer's Paris
        page.keyboard.press("Enter")
        centre = page.evaluate("(() => { var c = LeaderRoutes.last.map.getCenter(); return [c.lat, c.lng]; })()")
        assert centre == pytest.approx([48.85, 2.35], abs=0.05)
        assert page.evaluate("LeaderRoutes.last.map.getZoom()") >= 6
        assert session.errors == []


def test_offline_basemap_writes_place_names_by_zoom_light_and_dark(tmp_path):
    require_browser()
    with offline_page(viewport=(800, 600)) as session:
        _open(tmp_path, session)
        page = session.page

        def names_at(zoom):
            page.evaluate(f"(() => {{ LeaderRoutes.last.map.setView([38, 120], {zoom}, {{animate: false}}); }})()")
            return page.eval_on_selector_all(".lr-labels .lr-label", "nodes => nodes.map(n => n.textContent)")

        assert names_at(1) == []                                      # the whole world: no names
        capitals = names_at(3)
        assert "Beijing" in capitals and "Shijiazhuang" not in capitals   # rank 3 waits for zoom 5
        regional = names_at(5.5)
        assert {"Beijing", "Pyongyang", "Shijiazhuang"} <= set(regional) and len(regional) > len(capitals)
        # the dark offline map: names stay, the sea turns dark
        page.evaluate("""(() => { var labels = document.querySelectorAll('.leaflet-control-layers-base label');
            Array.from(labels).find(l => /dark/.test(l.textContent)).querySelector('input').click(); })()""")
        assert page.evaluate("document.querySelector('.lr-map').classList.contains('lr-dark')")
        assert "Beijing" in page.eval_on_selector_all(".lr-labels .lr-label", "nodes => nodes.map(n => n.textContent)")
        assert session.errors == []
