"""The app's Share section: every file it offers, built from the filtered view."""

from __future__ import annotations

import csv
import io
import json
import struct
import xml.etree.ElementTree as ET

from routes.export import snapshot
from routes.view.filters import Filters, apply_filters


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_every_snapshot_of_a_filtered_view(bundled_prepared):
    legs = apply_filters(bundled_prepared.legs, Filters(leaders=("Kim Jong Un",), trips=("2019-01 Beijing",)))
    title = snapshot.title_for(legs)
    files = snapshot.render_all(bundled_prepared, legs, title=title)
    html = files["html"].decode("utf-8")
    assert "Journeys of Kim Jong Un" in html and "Natural Earth" in html
    assert png_size(files["png"]) == (1200, 800) and png_size(files["png2x"]) == (2400, 1600)
    svg = ET.fromstring(files["svg"])
    assert svg.tag.endswith("svg")
    geojson = json.loads(snapshot.geojson_bytes(bundled_prepared, legs["leg_id"]))
    assert len(geojson["features"]) == 3
    kml = ET.fromstring(snapshot.kml_bytes(bundled_prepared, legs["leg_id"], title))
    assert len(kml.findall(".//{http://www.opengis.net/kml/2.2}Placemark")) == 3
    rows = list(csv.DictReader(io.StringIO(snapshot.legs_csv_bytes(legs).decode("utf-8-sig"))))
    assert [r["destination"] for r in rows] == ["Dandong Station", "Beijing Station", "Pyongyang Station"]
    places = snapshot.places_csv_bytes(bundled_prepared, legs).decode("utf-8-sig")
    assert "Beijing Station" in places and "Singapore" not in places
