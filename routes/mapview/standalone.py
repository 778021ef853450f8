"""The self-contained page (the HTML snapshot, the CLI's `render`): its fixed part shipped
compressed, once.

Every page carries, whatever its legs, Leaflet and its plugins, the map's own scripts and
styles, the offline land and the place names on it: about 490 KB as text, 590 KB as the
base64 `data:` URLs folium inlines. Here they go as one raw-DEFLATE stream in base64 (about
200 KB), unpacked in the page's head by tiny-inflate (npm, MIT, 9 KB) and
static/leader_routes_fixed.js before the map's script runs. The page's data (legs, stops,
notices) stays plain text after it, readable and escaped as before.

Links that are not local (`data:`) — the CDN fallback when the assets are not installed —
stay as tags: the packer never fetches anything.
"""
from __future__ import annotations

import base64
import functools
import json
import zlib
from urllib.parse import unquote

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from routes.mapview import assets
from routes.mapview.landscript import LAND_VARIABLE, land_script
from routes.mapview.plugin import STATIC

DATA_PREFIX = "data:"
UNPACKER = "leader_routes_fixed.js"


class FixedPart(MacroElement):
    """One element in the page's head: the packed stream, the inflater, the unpacker.

    Added to the map last, so that its render (which appends to the head) comes after the
    map's own header bits, as the links it replaces did.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <script id="leader-routes-fixed" type="application/octet-stream">{{ this.packed }}</script>
        <script>
        (function (module) { {{ this.inflater }}
        window.LeaderRoutesInflate = module.exports; })({ exports: {} });
        {{ this.unpacker }}
        LeaderRoutesFixed.run(LeaderRoutesFixed.unpack(
            document.getElementById('leader-routes-fixed').textContent, {{ this.packed_size }}, {{ this.size }},
            LeaderRoutesInflate),
            document);
        </script>
        {% endmacro %}
    """)

    def __init__(self, css: list[str], js: list[str]):
        super().__init__()
        self._name = "LeaderRoutesFixed"
        self.packed, self.packed_size, self.size = _packed(tuple(css), tuple(js))
        self.inflater, self.unpacker = _loader()


@functools.lru_cache(maxsize=4)
def _packed(css: tuple[str, ...], js: tuple[str, ...]) -> tuple[str, int, int]:
    """(base64 of the raw-DEFLATE stream, its bytes, bytes unpacked) of the fixed part: the same
    for every page of an installation, so compressed once (40 ms of an 85 ms page)."""
    text = json.dumps({"css": list(css), "js": list(js)}, ensure_ascii=False).encode("utf-8")
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)     # raw DEFLATE: what tiny-inflate reads
    stream = compressor.compress(text) + compressor.flush()
    return base64.b64encode(stream).decode("ascii"), len(stream), len(text)


@functools.lru_cache(maxsize=1)
def _loader() -> tuple[str | None, str]:
    """The inflater's and the unpacker's source, read once."""
    return assets.asset_text("tiny_inflate"), (STATIC / UNPACKER).read_text(encoding="utf-8")

    def render(self, **kwargs):
        figure = self.get_root()
        figure.header.add_child(Element(self._template.module.header(self, kwargs)), name=self.get_name())


def take_local_links(root) -> tuple[list[str], list[str]]:
    """The text of every local stylesheet and script below root, in page order (each once),
    taken off the elements so that they render no tags of their own."""
    css: dict[str, str] = {}
    js: dict[str, str] = {}
    for element in assets.walk(root):
        if not isinstance(element, JSCSSMixin):
            continue
        for attribute, found in (("default_css", css), ("default_js", js)):
            entries = getattr(element, attribute, None)
            if not entries:
                continue
            kept = []
            for key, url in entries:
                if url.startswith(DATA_PREFIX):
                    found.setdefault(url, _data_text(url))
                else:
                    kept.append((key, url))
            setattr(element, attribute, kept)      # instance attribute: folium's class lists stay
    return list(css.values()), list(js.values())


@functools.lru_cache(maxsize=64)
def _data_text(url: str) -> str:
    header, _, payload = url.partition(",")
    if header.endswith(";base64"):
        return base64.b64decode(payload).decode("utf-8")
    return unquote(payload)


def standalone_html(m: folium.Map) -> str:
    """The page of a map built with land_apart=True: its fixed part packed (module docstring),
    the land and place names with it."""
    if assets.asset_text("tiny_inflate") is None:    # not installed: the page as folium writes it
        root = m.get_root()
        assert isinstance(root, Figure)   # a folium Map's root
        if _reads_land(m):
            root.header.add_child(Element(f"<script>{land_script()}</script>"), name="leader_routes_land")
        return root.render()
    css, js = take_local_links(m)
    FixedPart(css, js + [land_script()] if _reads_land(m) else js).add_to(m)
    return m.get_root().render()


def _reads_land(m: folium.Map) -> bool:
    return any(LAND_VARIABLE in getattr(element, "countries_script", "") for element in assets.walk(m))
