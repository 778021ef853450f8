"""Injection payloads in every text field of a map: in headless Chromium with the
network blocked, no script runs, no dialog opens, links are http(s) only."""
from __future__ import annotations

import pytest

from routes.mapview import assets
from routes.mapview.build import map_html
from tests.browser import offline_page, require_browser
from tests.map_tracks import hanoi_train, with_text
from tests.test_escape import PAYLOADS

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not assets.is_installed(), reason="map assets not installed (make assets)")]


def _hostile_tracks() -> dict:
    base = hanoi_train()
    features = []
    for number, payload in enumerate(PAYLOADS):
        copy = with_text(base, payload)
        for feature in copy["features"]:
            feature["properties"]["trip"] = f"{payload} #{number}"
        features.extend(copy["features"])
    return {"type": "FeatureCollection", "features": features}


def test_no_injected_script_runs(tmp_path):
    require_browser()
    path = tmp_path / "hostile.html"
    path.write_text(map_html(_hostile_tracks(), title=PAYLOADS[3]), encoding="utf-8")
    with offline_page() as session:
        page = session.page
        page.goto(session.file_url(path))
        page.wait_for_function("window.LeaderRoutes && LeaderRoutes.last")
        # open every popup and tooltip, expand the layer control, play a little
        page.evaluate("""() => { var r = LeaderRoutes.last;
            r.legs.forEach(leg => leg.item.layers[0].openPopup());
            r.legs.forEach(leg => leg.item.layers[0].openTooltip());
            r.items.forEach(item => item.layers.forEach(l => l.openPopup && l.openPopup()));
            document.querySelector('.leaflet-control-layers').classList.add('leaflet-control-layers-expanded'); }""")
        page.click(".lr-play")
        page.wait_for_timeout(500)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert session.dialogs == []
        assert session.page_errors == []
        if page.get_attribute(".lr-legend-toggle", "aria-expanded") != "true":
            page.click(".lr-legend-toggle")                # collapsed with many entries: open it
        legend = page.inner_text(".lr-legend")
        assert PAYLOADS[2] in legend                      # shown as text, not run
        hrefs = page.evaluate("Array.from(document.querySelectorAll('.lr-popup a')).map(a => a.href)")
        assert all(href.startswith(("http://", "https://")) for href in hrefs)
        assert page.evaluate("document.querySelectorAll('.lr-popup img, .lr-popup svg, iframe').length") == 0


def test_layer_control_shows_hostile_names_as_text(tmp_path):
    require_browser()
    name = "<b>{{ 7*7 }}</b><img src=x onerror=window.__pwned=1>"
    path = tmp_path / "names.html"
    path.write_text(map_html(with_text(hanoi_train(), name, fields=("leader", "trip"))), encoding="utf-8")
    with offline_page() as session:
        page = session.page
        page.goto(session.file_url(path))
        page.wait_for_function("window.LeaderRoutes && LeaderRoutes.last")
        labels = page.evaluate("""Array.from(document.querySelectorAll(
            '.leaflet-control-layers-overlays label > span > span')).map(s => s.textContent.trim())""")
        assert labels == [name, f"{name} \u00b7 {name}"], labels
        assert page.evaluate(
            "document.querySelectorAll('.leaflet-control-layers b, .leaflet-control-layers img').length") == 0
        assert page.evaluate("typeof window.__pwned") == "undefined" and session.page_errors == []
