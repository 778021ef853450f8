"""KML 2.2 export for Google Earth and Google My Maps.

One Placemark per placed leg (a leg without coordinates has nothing to draw and is
counted in the document's description instead), one shared Style per leader and
mode, the leg's facts in ExtendedData and its times in a TimeSpan so Google Earth's
time slider works. Text goes through ElementTree, which escapes it; characters XML
1.0 forbids (control codes) are dropped first, or the file would not parse.

Google Earth and My Maps render a description as HTML, after the XML is decoded, and
substitute `$[…]` entities in it. So a description is built as HTML from text escaped for
HTML (and `$`), and then escaped again for XML by ElementTree: the same string a CDATA
section would carry, without CDATA's `]]>` trap. Links appear only for absolute http(s)
source URLs. Each style's BalloonStyle shows that description alone, so the raw
ExtendedData values (kept as written for programs reading the file) never reach the balloon.
"""
from __future__ import annotations

import hashlib
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import UTC, datetime

from routes.export.geojson import rfc7946_geometry
from routes.mapview.escape import safe_url, split_sources, strip_bidi
from routes.mapview.style import assign_colours, mode_style

KML_NS = "http://www.opengis.net/kml/2.2"
DATA_FIELDS = ("leg_id", "leader", "trip", "seq", "mode", "origin", "destination", "depart", "arrive",
               "distance_km", "duration_h", "speed_kmh", "approximate", "corridor", "vehicle",
               "notes", "source", "confidence")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def features_kml(features: Mapping, title: str, palette: dict[str, str] | None = None) -> bytes:
    """The legs of a FeatureCollection as KML 2.2 bytes (UTF-8)."""
    ET.register_namespace("", KML_NS)
    placed = [f for f in features.get("features", []) if rfc7946_geometry(f.get("geometry"))]
    unplaced = len(features.get("features", [])) - len(placed)
    palette = palette or assign_colours(_prop(f, "leader") for f in features.get("features", []))
    root = ET.Element(_tag("kml"))
    document = ET.SubElement(root, _tag("Document"))
    _text(document, "name", title)
    if unplaced:
        _text(document, "description", f"{unplaced} legs without coordinates are not shown.")
    for leader, mode in sorted({(_prop(f, "leader"), _prop(f, "mode")) for f in placed}):
        document.append(_style(leader, mode, palette))
    folder = ET.SubElement(document, _tag("Folder"))
    _text(folder, "name", "Legs")
    for feature in placed:
        folder.append(_placemark(feature))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def style_id(leader: str, mode: str) -> str:
    return xml_id("style", leader, mode)


def xml_id(prefix: str, *parts: str) -> str:
    """A valid, stable XML id: readable letters, plus a digest so distinct names stay distinct
    (Korean or Chinese names would otherwise all reduce to the same empty string)."""
    joined = "|".join(parts)
    safe = re.sub(r"[^A-Za-z0-9]+", "-", joined).strip("-")[:40]
    digest = hashlib.sha1(joined.encode("utf-8")).hexdigest()[:8]
    return f"{prefix}-{safe}-{digest}" if safe else f"{prefix}-{digest}"


def kml_colour(hex_colour: str, opacity: float = 0.9) -> str:
    """'#D55E00' → KML's aabbggrr ('e6005ed5')."""
    rgb = hex_colour.lstrip("#")
    alpha = max(0, min(255, round(opacity * 255)))
    return f"{alpha:02x}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}".lower()


def _style(leader: str, mode: str, palette: dict[str, str]) -> ET.Element:
    style = ET.Element(_tag("Style"), id=style_id(leader, mode))
    line = ET.SubElement(style, _tag("LineStyle"))
    _text(line, "color", kml_colour(palette.get(leader, "#000000")))
    _text(line, "width", str(mode_style(mode)["weight"]))
    balloon = ET.SubElement(style, _tag("BalloonStyle"))
    _text(balloon, "text", "$[description]")
    return style


def _placemark(feature: dict) -> ET.Element:
    props = feature.get("properties") or {}
    placemark = ET.Element(_tag("Placemark"))
    if props.get("leg_id"):
        placemark.set("id", xml_id("leg", str(props["leg_id"])))
    _text(placemark, "name", f"{_prop(feature, 'origin')} → {_prop(feature, 'destination')}")
    _text(placemark, "description", _description(props))
    span = _time_span(props)
    if span is not None:
        placemark.append(span)
    _text(placemark, "styleUrl", "#" + style_id(_prop(feature, "leader"), _prop(feature, "mode")))
    placemark.append(_extended_data(props))
    geometry = rfc7946_geometry(feature["geometry"])
    if geometry is not None:   # the caller keeps placed legs only
        placemark.append(_geometry(geometry))
    return placemark


def _description(props: dict) -> str:
    """The balloon's HTML: every piece of data escaped as text, links only to http(s) sources."""
    def text(key: str, default: str = "") -> str:
        value = props.get(key)
        return default if value is None or value != value or value == "" else str(value)

    lines = [html_text(f"{text('origin')} → {text('destination')}"),
             html_text(f"{text('leader')}, {text('trip')}: {text('mode')}"),
             html_text(f"{text('depart', '?')} → {text('arrive', '?')}")]
    lines += [html_text(f"{label}: {text(key)}") for label, key in (("Vehicle", "vehicle"), ("Notes", "notes"))
              if text(key)]
    lines += [_source_html(source) for source in split_sources(text("source"))]
    return "<br>".join(lines)


def html_text(value) -> str:
    """Text as HTML that shows exactly that text: markup, entities and Google Earth's `$[…]`
    entity references escaped; direction controls dropped."""
    return html.escape(strip_bidi(_clean(value)), quote=True).replace("$", "&#36;").replace("\n", "<br>")


def _source_html(source: str) -> str:
    url = safe_url(source)
    if url is None:
        return html_text(f"Source: {source}")
    return f'Source: <a href="{html_text(url)}">{html_text(url)}</a>'


def _extended_data(props: dict) -> ET.Element:
    extended = ET.Element(_tag("ExtendedData"))
    for name in DATA_FIELDS:
        value = props.get(name)
        if value is None or value == "" or value != value:   # missing or NaN
            continue
        data = ET.SubElement(extended, _tag("Data"), name=name)
        _text(data, "value", str(value))
    return extended


def _time_span(props: dict) -> ET.Element | None:
    begin = _kml_time(props.get("depart_ms"), props.get("depart_precision"))
    end = _kml_time(props.get("arrive_ms"), props.get("arrive_precision"))
    if not begin and not end:
        return None
    span = ET.Element(_tag("TimeSpan"))
    if begin:
        _text(span, "begin", begin)
    if end:
        _text(span, "end", end)
    return span


def _kml_time(ms, precision) -> str:
    """xsd:date for day precision, xsd:dateTime (UTC) otherwise; "" when unknown."""
    if ms is None or ms != ms:
        return ""
    moment = datetime.fromtimestamp(float(ms) / 1000.0, tz=UTC)
    if precision == "day":
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _geometry(geometry: dict) -> ET.Element:
    lines = [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"]
    elements = [_line_string(line) for line in lines]
    if len(elements) == 1:
        return elements[0]
    multi = ET.Element(_tag("MultiGeometry"))   # a leg cut at the date line
    multi.extend(elements)
    return multi


def _line_string(coordinates) -> ET.Element:
    line = ET.Element(_tag("LineString"))
    _text(line, "tessellate", "1")
    _text(line, "coordinates", " ".join(f"{lon:.6f},{lat:.6f}" for lon, lat in coordinates))
    return line


def _prop(feature: dict, name: str) -> str:
    value = (feature.get("properties") or {}).get(name)
    return "" if value is None else str(value)


def _tag(name: str) -> str:
    return f"{{{KML_NS}}}{name}"


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _tag(name))
    element.text = _clean(text)
    return element


def _clean(text) -> str:
    return _XML_FORBIDDEN.sub("", str(text))
