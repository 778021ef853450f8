"""The map component: the project's own declared Streamlit component, on public interfaces only.

It serves streamlit-folium's published frontend (the `frontend/build` folder its package
ships) under a component of our own, so the app calls no private function of
streamlit-folium: the page script comes from its public `generate_leaflet_string`, the
header and body from folium's own renderers, and the key from its public
`generate_js_hash`. What the frontend is sent is what `st_folium` sends (checked by
tests/test_app_map.py against `st_folium` itself); the routes travel in `feature_group`,
which the frontend swaps in place without remounting the map.
"""

from __future__ import annotations

import re
from importlib import resources
from textwrap import dedent

import branca.element
import folium
import streamlit.components.v1 as components
import streamlit_folium

NAME = "leader_routes_map"
MAP_VARIABLE = "map_div"     # the name the frontend gives the map in its page
FRONTEND = resources.files("streamlit_folium") / "frontend" / "build"

_map_component = components.declare_component(NAME, path=str(FRONTEND))

# The scripts and stylesheets go to the frontend as links; the header keeps the rest.
_SCRIPT_LINK = re.compile(r'<script\b[^>]*\bsrc=["\'][^"\']*["\'][^>]*>.*?</script\b[^>]*>', re.I | re.S)
_STYLE_LINK = re.compile(r'<link rel="stylesheet" href=".*?"/>')
# folium writes Leaflet's default icon path without "/images/" (streamlit-folium issue 275)
_ICON_PATH = re.compile(r'(L\.Icon\.Default\.imagePath\s*=\s*["\'])([^"\']*?/dist)(["\'])')
_MAP_DIV = re.compile(r'<div class="folium-map" id=".*" ></div>')
_DRAWN_ITEMS = re.compile(r"drawnItems_draw_control_div_\d+")


def map_id(folium_map: folium.Map) -> str:
    return streamlit_folium.get_full_id(folium_map)


def header(folium_map: folium.Map) -> str:
    text = _figure(folium_map).header.render()
    text = _STYLE_LINK.sub("", _SCRIPT_LINK.sub("", text))
    text = _ICON_PATH.sub(r"\1\2/images/\3", text)
    return text.replace(map_id(folium_map), MAP_VARIABLE)


def body(folium_map: folium.Map) -> str:
    return _MAP_DIV.sub("", _figure(folium_map).html.render()).strip()


def _figure(folium_map: folium.Map) -> branca.element.Figure:
    figure = folium_map.get_root()
    assert isinstance(figure, branca.element.Figure), "a folium map is drawn in a branca Figure"
    return figure


def script(folium_map: folium.Map) -> str:
    """The map's page script with the frontend's variable names (``map_div``, ``drawnItems``)."""
    text = streamlit_folium.generate_leaflet_string(folium_map).replace("alert(coords);", "")
    text = dedent(_DRAWN_ITEMS.sub("drawnItems", text))
    return text if "drawnItems" in text else text + "\nvar drawnItems = [];"


def component_key(page_script: str, key: str) -> str:
    return streamlit_folium.generate_js_hash(page_script, key, False)


def show(**args):
    """The component on the page; returns what the map reports (see ui.mapview.RETURNED)."""
    return _map_component(**args)
