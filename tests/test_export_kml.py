import re
import xml.etree.ElementTree as ET

import pytest

from routes.export.kml import KML_NS, features_kml, kml_colour
from routes.mapview.style import assign_colours
from tests.export_samples import feature, kim_and_trump, line_between

NS = {"k": KML_NS}


def _parse(data: bytes) -> ET.Element:
    assert data.startswith(b"<?xml")
    return ET.fromstring(data)


def test_one_placemark_per_placed_leg():
    root = _parse(features_kml(kim_and_trump(), "Test"))
    assert root.tag == f"{{{KML_NS}}}kml"
    assert len(root.findall(".//k:Placemark", NS)) == len(kim_and_trump()["features"])


def test_unplaced_legs_are_counted_not_drawn():
    collection = kim_and_trump()
    collection["features"].append(feature("Kim Jong Un", "x", 9, "car", None, "Nowhere", "Elsewhere"))
    root = _parse(features_kml(collection, "Test"))
    assert len(root.findall(".//k:Placemark", NS)) == 3
    assert "1 legs without coordinates" in root.find("k:Document/k:description", NS).text


def test_coordinates_are_lon_lat_in_range_and_the_date_line_leg_is_split():
    root = _parse(features_kml(kim_and_trump(), "Test"))
    flight = next(p for p in root.findall(".//k:Placemark", NS) if "Hickam" in p.find("k:name", NS).text)
    lines = flight.findall(".//k:LineString", NS)
    assert flight.find("k:MultiGeometry", NS) is not None and len(lines) == 2
    for line in root.findall(".//k:LineString", NS):
        for pair in line.find("k:coordinates", NS).text.split():
            lon, lat = map(float, pair.split(","))
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    first = root.find(".//k:Placemark//k:coordinates", NS).text.split()[0]
    assert first == "125.736390,39.004720"     # Pyongyang Station, lon first


def test_styles_use_the_leader_colours_of_the_map():
    palette = assign_colours(["Kim Jong Un", "Donald Trump"])
    root = _parse(features_kml(kim_and_trump(), "Test", palette=palette))
    by_id = {s.get("id"): s.find("k:LineStyle/k:color", NS).text for s in root.findall(".//k:Style", NS)}
    kim_style = root.find(".//k:Placemark/k:styleUrl", NS).text.lstrip("#")
    assert by_id[kim_style] == kml_colour(palette["Kim Jong Un"])
    assert all(re.fullmatch(r"[0-9a-f]{8}", colour) for colour in by_id.values())


def test_kml_colour_is_alpha_blue_green_red():
    assert kml_colour("#D55E00", 1.0) == "ff005ed5"


def test_hostile_text_is_escaped_and_comes_back_unchanged():
    nasty = 'A & B <script>alert("x")</script> ]]> \x07bell'
    collection = {"type": "FeatureCollection", "features": [
        feature(nasty, "t", 1, "car", line_between((0, 0), (1, 1)), nasty, "평양역", notes=nasty)]}
    data = features_kml(collection, nasty)
    assert b"<script>" not in data
    root = _parse(data)                               # would raise on unescaped text or control codes
    expected = nasty.replace("\x07", "")
    assert root.find("k:Document/k:name", NS).text == expected
    values = {d.get("name"): d.find("k:value", NS).text for d in root.findall(".//k:Data", NS)}
    assert values["notes"] == expected and values["destination"] == "평양역"


def test_time_span_uses_dates_for_day_precision():
    root = _parse(features_kml(kim_and_trump(), "Test"))
    span = root.find(".//k:Placemark/k:TimeSpan", NS)
    assert span.find("k:begin", NS).text == "2019-01-07"
    assert span.find("k:end", NS).text == "2019-01-08"


@pytest.mark.browser
def test_descriptions_rendered_as_html_in_chromium_show_the_payloads_as_text():
    """Google Earth renders a description as HTML: render every one of the hostile upload's
    descriptions (every payload in every field) in headless Chromium with the network shut."""
    from routes.itinerary.itinerary import read_itinerary
    from routes.view.pipeline import prepare
    from tests.browser import offline_page, require_browser
    from tests.payloads import MARKDOWN, PAYLOADS, SENTINEL
    from tests.test_app_text import with_real_sources
    from tests.test_injection import hostile_csv

    require_browser()
    prepared = prepare(read_itinerary(with_real_sources(hostile_csv()), name="hostile.csv"))
    root = _parse(features_kml(prepared.features, "t"))
    descriptions = [p.find("k:description", NS).text for p in root.findall(".//k:Placemark", NS)]
    assert len(descriptions) == len(PAYLOADS)
    assert {b.text for b in root.findall(".//k:BalloonStyle/k:text", NS)} == {"$[description]"}
    assert not any("$[" in d for d in descriptions)      # no Google Earth entity from the data
    page_html = "".join(f'<div class="d">{d}</div>' for d in descriptions)
    with offline_page() as session:
        session.page.set_content(f"<!doctype html><html><body>{page_html}</body></html>")
        session.page.wait_for_timeout(300)
        found = session.page.evaluate("""() => ({
            pwned: window.__pwned === undefined ? null : String(window.__pwned),
            tags: [...new Set([...document.querySelectorAll('.d *')].map(e => e.tagName))],
            hrefs: [...document.querySelectorAll('.d a')].map(a => a.getAttribute('href')),
            texts: [...document.querySelectorAll('.d')].map(d => d.textContent)})""")
        assert found["pwned"] is None, SENTINEL
        assert not session.dialogs and not session.blocked and not session.errors
    assert set(found["tags"]) <= {"BR", "A"}, found["tags"]
    assert sorted(found["hrefs"]) == sorted(f"https://s{n}.example/page?n={n}" for n in range(len(PAYLOADS)))
    shown = " ".join(found["texts"])
    for payload in ("<img src=x onerror=window.__pwned=1>", MARKDOWN[0], "${window.__pwned=1}"):
        assert payload in shown                            # shown as written, as text
