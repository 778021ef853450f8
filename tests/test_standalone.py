"""The self-contained page ships its fixed part once, compressed (routes/mapview/standalone.py):
everything the map needs is in it, nothing is fetched, and the page's data stays plain text."""
from __future__ import annotations

import base64
import json
import re
import zlib

import pytest

from routes.mapview import assets
from routes.mapview.build import map_html
from routes.mapview.landscript import land_script
from routes.mapview.plugin import SCRIPTS, STATIC
from tests.browser import offline_page, require_browser
from tests.map_tracks import hanoi_train

pytestmark = pytest.mark.skipif(not assets.is_installed(), reason="map assets not installed (make assets)")

FIXED_BUDGET = 250 * 1024          # issue #22: the fixed part of a page
PACKED = re.compile(r'<script id="leader-routes-fixed" type="application/octet-stream">([^<]*)</script>')


def one_leg() -> dict:
    collection = hanoi_train()
    return {**collection, "features": collection["features"][:1]}


def unpacked(page: str) -> dict:
    found = PACKED.findall(page)
    assert len(found) == 1
    return json.loads(zlib.decompress(base64.b64decode(found[0]), -15).decode("utf-8"))


def test_a_one_leg_page_weighs_under_the_fixed_part_budget():
    page = map_html(one_leg(), title="one leg").encode("utf-8")
    assert len(page) <= FIXED_BUDGET, f"{len(page) / 1024:.0f} KB"


def test_the_packed_part_holds_every_script_style_and_the_land():
    parts = unpacked(map_html(one_leg(), title="one leg"))
    scripts = "\n".join(parts["js"])
    assert assets.asset_text("leaflet") in parts["js"]
    for name in SCRIPTS:
        assert (STATIC / name).read_text(encoding="utf-8") in parts["js"], name
    assert land_script() in parts["js"]
    assert scripts.index(assets.asset_text("leaflet")) < scripts.index("window.LeaderRoutes")   # Leaflet first
    assert any(".leaflet-container" in css for css in parts["css"])
    assert any("lr-legend" in css for css in parts["css"])


def test_no_script_or_style_is_left_as_a_tag_and_the_data_stays_text():
    page = map_html(hanoi_train(), title="Kim Jong Un to Hanoi, 2019")
    assert 'src="data:' not in page and 'href="data:' not in page
    assert "Dong Dang" in page.split("leader-routes-fixed", 2)[2]       # the legs, after the packed part
    assert "MultiPolygon" not in page.replace(PACKED.search(page).group(1), "")


@pytest.mark.browser
def test_the_page_unpacks_before_the_map_runs_offline(tmp_path):
    require_browser()
    path = tmp_path / "hanoi.html"
    path.write_text(map_html(hanoi_train(), title="Kim Jong Un to Hanoi, 2019"), encoding="utf-8")
    with offline_page() as session:
        session.page.goto(session.file_url(path))
        session.page.wait_for_function("window.LeaderRoutes && LeaderRoutes.last")
        page = session.page
        assert session.errors == [] and session.blocked == []
        drawable = sum(1 for f in hanoi_train()["features"] if f["geometry"])
        assert page.evaluate("LeaderRoutes.last.legs.length") == drawable
        # the styles applied (Leaflet's own, the map's legend) and the land and names are there
        assert page.evaluate("getComputedStyle(document.querySelector('.leaflet-container')).overflow") == "hidden"
        assert page.evaluate("LeaderRoutesLand.geometry.coordinates.length") > 100
        assert page.evaluate("LeaderRoutesPlaceLabels.length") > 100
        assert page.locator(".lr-legend").count() == 1


def test_without_the_inflater_the_page_still_carries_its_land(monkeypatch):
    real = assets.asset_text
    monkeypatch.setattr(assets, "asset_text", lambda name: None if name == "tiny_inflate" else real(name))
    page = map_html(one_leg(), title="one leg")
    assert "leader-routes-fixed" not in page
    assert land_script() in page and 'src="data:text/javascript' in page
