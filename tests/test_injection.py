"""Every payload of tests/payloads.py in every text field of an uploaded itinerary, followed
through the whole flow: CSV → read_itinerary → prepare → map HTML, HTML snapshot, KML and CSV
export. Nothing may run, break a script, or become a formula or a non-http link.

(tests/test_map_injection.py feeds payloads to the map directly; this file starts from the
bytes a user uploads, so the reader, the geocoder and the exports are on the path too.)
"""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from routes.export.csvout import legs_csv
from routes.export.html import snapshot_html
from routes.export.kml import features_kml
from routes.itinerary.itinerary import read_itinerary
from routes.mapview import assets
from routes.mapview.build import map_html
from routes.view.pipeline import prepare
from tests.browser import offline_page, require_browser
from tests.payloads import FORMULA_STARTS, PAYLOADS, SENTINEL, TEXT_FIELDS
from tests.test_export_csv import unneutralised

HEADER = ["leader", "trip", "origin", "destination", "depart", "arrive", "mode",
          "origin_lat", "origin_lon", "destination_lat", "destination_lon", "via", "vehicle",
          "notes", "source", "confidence"]
JS_TYPES = ("", "text/javascript", "application/javascript", "module")


def hostile_csv() -> bytes:
    """One leg per payload, the payload in every text field; explicit coordinates (made-up
    test positions) so nothing depends on geocoding. The payload starts each field so
    formula characters stay first; '#n' keeps rows distinct."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for number, payload in enumerate(PAYLOADS):
        text = {column: f"{payload} #{number}" for column in TEXT_FIELDS}
        text["destination"] += " (end)"
        text["via"] = f"{payload} #{number} (via)"
        lat, lon = -40 + number, -170 + (5 * number) % 340
        writer.writerow([text["leader"], text["trip"], text["origin"], text["destination"],
                         "2019-01-07", "2019-01-08T10:55+08:00", "train", lat, lon, lat + 0.5,
                         lon + 0.5, text["via"], text["vehicle"], text["notes"], text["source"],
                         text["confidence"]])
    return out.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def prepared():
    itinerary = read_itinerary(hostile_csv(), name="hostile.csv")
    assert len(itinerary.legs) == len(PAYLOADS), [p.format() for p in itinerary.errors]
    return prepare(itinerary)


@pytest.fixture(scope="module")
def snapshot(prepared, tmp_path_factory) -> str:
    if not assets.is_installed():
        pytest.skip("map assets not installed (make assets): the page would load CDN scripts")
    page = snapshot_html(prepared.features, prepared.itinerary.stops, title=PAYLOADS[0]).decode("utf-8")
    return page


class _Scripts(HTMLParser):
    """Inline scripts (type, text) and every <a href> of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts: list[tuple[str, str]] = []
        self.hrefs: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self._open = (attrs.get("type") or "").lower()
            self.scripts.append((self._open, ""))
        if tag == "a" and attrs.get("href") is not None:
            self.hrefs.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)


def parsed(page: str) -> _Scripts:
    parser = _Scripts()
    parser.feed(page)
    parser.close()
    return parser


def check_scripts_with_node(page: str, tmp_path) -> int:
    if not shutil.which("node"):
        pytest.skip("node is not installed")
    scripts = [text for kind, text in parsed(page).scripts if kind in JS_TYPES and text.strip()]
    assert scripts, "the page has no inline script: the parser is not seeing them"
    for index, text in enumerate(scripts):
        path = tmp_path / f"inline_{index}.js"
        path.write_text(text, encoding="utf-8")
        done = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"inline script {index} is not valid JavaScript:\n{done.stderr[:2000]}"
    return len(scripts)


def test_every_hostile_row_is_kept_with_its_text(prepared):
    legs = prepared.legs
    for number, payload in enumerate(PAYLOADS):
        expected = f"{payload} #{number}".replace("\x00", "").strip()
        assert legs.loc[number, "notes"] == expected
        assert legs.loc[number, "leader"] == expected


def test_snapshot_inline_scripts_pass_node_check(snapshot, tmp_path):
    assert check_scripts_with_node(snapshot, tmp_path) >= 2


def test_map_html_inline_scripts_pass_node_check(prepared, tmp_path):
    page = map_html(prepared.features, prepared.itinerary.stops, title=PAYLOADS[3],
                    selected_trip=prepared.legs.loc[5, "trip"], basemap="osm")
    check_scripts_with_node(page, tmp_path)


def test_snapshot_links_are_http_only(snapshot):
    for href in parsed(snapshot).hrefs:
        assert href.startswith("#") or urlsplit(href).scheme in ("http", "https"), href


def test_snapshot_carries_no_payload_markup(snapshot):
    for payload in PAYLOADS:
        for marker in ("<img src=x", "<svg onload", "<iframe", "<script>window", "<details"):
            if marker in payload:
                assert marker not in snapshot, marker


@pytest.mark.browser
def test_snapshot_runs_nothing_in_chromium(snapshot, tmp_path):
    require_browser()
    path = tmp_path / "snapshot.html"
    path.write_text(snapshot, encoding="utf-8")
    with offline_page() as session:
        page = session.page
        page.goto(session.file_url(path))
        page.wait_for_function("window.LeaderRoutes && LeaderRoutes.last", timeout=30_000)
        page.evaluate("""() => { const r = LeaderRoutes.last;
            r.legs.forEach(leg => leg.item.layers.forEach(l => {
                l.openPopup && l.openPopup(); l.openTooltip && l.openTooltip(); }));
            r.items.forEach(item => item.layers.forEach(l => l.openPopup && l.openPopup()));
            document.querySelectorAll('.leaflet-control-layers')
                .forEach(c => c.classList.add('leaflet-control-layers-expanded'));
            document.querySelectorAll('*')
                .forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))); }""")
        if page.locator(".lr-play").count():
            page.click(".lr-play")
        page.wait_for_timeout(800)
        assert page.evaluate(f"typeof window.{SENTINEL}") == "undefined"
        assert session.dialogs == []
        assert session.page_errors == [] and session.console_errors == []
        hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
        assert all(h.startswith("#") or urlsplit(h).scheme in ("http", "https") for h in hrefs), hrefs
        injected = "img[src='x'], svg[onload], iframe, [onerror], [onmouseover], [ontoggle], details[open]"
        assert page.evaluate(f"document.querySelectorAll(\"{injected}\").length") == 0


def test_kml_parses_and_keeps_the_text_as_text(prepared):
    data = features_kml(prepared.features, title=PAYLOADS[1])
    root = ET.fromstring(data)            # raises on any markup a payload could have broken
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    placemarks = root.findall(".//k:Placemark", ns)
    assert len(placemarks) == len(PAYLOADS)
    names = [p.findtext("k:name", default="", namespaces=ns) for p in placemarks]
    assert any("<img src=x" in name for name in names)      # text, not markup
    assert not root.findall(".//k:script", ns) and b"<script" not in data


def test_csv_export_neutralises_every_formula_and_round_trips_the_rest(prepared):
    data = legs_csv(prepared.legs)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(PAYLOADS)
    for number, row in enumerate(rows):
        for column in ("leader", "trip", "origin", "destination", "vehicle", "notes", "source", "via"):
            cell = row[column]
            assert not cell.startswith(FORMULA_STARTS), (column, cell)
            original = prepared.legs.loc[number, column]
            assert unneutralised(cell) == original
            assert not re.search("[,;\t|\"\r\n][ \t]*[=+\\-@]", cell), (column, cell)   # any delimiter
    assert any(row["notes"].startswith("'=") for row in rows)
    assert any(row["notes"].startswith("'@") for row in rows)
