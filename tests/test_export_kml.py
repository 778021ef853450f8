import re
import xml.etree.ElementTree as ET

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
    flight = [p for p in root.findall(".//k:Placemark", NS) if "Hickam" in p.find("k:name", NS).text][0]
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
