"""The project's own folium elements: the map's constant frame, and the routes on it.

`LeaderRoutesBase` mounts what stays while filters change (offline basemap, legend,
layer control, minimap, notices); `LeaderRoutesLayer` mounts the legs, stops and
timeline shown now, replacing the previous ones. Everything they pass to the page is
data (JSON read with JSON.parse, see escape.json_parse_script); the drawing code is
static/leader_routes*.js, loaded like any other plugin script.
"""
from __future__ import annotations

import base64
import functools
import re
from pathlib import Path

from branca.element import CssLink, Element, JavascriptLink, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from routes.mapview.assets import asset_url
from routes.mapview.escape import json_for_script, json_parse_script

STATIC = Path(__file__).resolve().parent / "static"
# in load order: helpers, the canvas lines layer, legs and buckets, the map, its furniture, names and
# search, the timeline
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
SCRIPTS = ("leader_routes.js", "leader_routes_lines.js", "leader_routes_layers.js", "leader_routes_map.js",
           "leader_routes_layout.js", "leader_routes_find.js", "leader_routes_timeline.js",
           "leader_routes_when.js")


@functools.lru_cache(maxsize=8)
def _static_data_url(name: str, mime: str) -> str:
    payload = (STATIC / name).read_bytes()
    return f"data:{mime};charset=utf-8;base64,{base64.b64encode(payload).decode('ascii')}"


def plugin_sources() -> dict[str, str]:
    """Each of the plugin's JavaScript files by name (for tests that check their syntax)."""
    return {name: (STATIC / name).read_text(encoding="utf-8") for name in SCRIPTS}


def plugin_source() -> str:
    """The plugin's JavaScript, all files in load order."""
    return "\n".join(plugin_sources().values())


class RawScript(Element):
    """Script text added to the page as is. branca's MacroElement.render would compile
    the rendered script again as a Jinja template: seconds for a large map, and a way
    for "{{ … }}" in data to be evaluated."""

    _template = Template("{{ this.code }}")

    def __init__(self, code: str):
        super().__init__()
        self.code = code


def _render_raw(element, kwargs) -> None:
    # the same macro streamlit-folium calls; its output is not re-read as a template
    figure = element.get_root()
    figure.script.add_child(RawScript(element._template.module.script(element, kwargs)), name=element.get_name())


class LeaderRoutesBase(JSCSSMixin):
    """Mounts the constant frame on the parent map.

    config: legend (leaders, modes), title, styles, notices, attribution — data only
    base_layers: {label: folium layer} choices of basemap for the layer control
    basemap: folium layer the offline country outlines go into (or None)
    countries: the outlines as a JSON.parse expression (or None)
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = LeaderRoutes.mountBase(
            {{ this._parent.get_name() }},
            {{ this.config_script }},
            {{ this.base_layers_js() }},
            {{ this.basemap.get_name() if this.basemap else "null" }},
            {{ this.countries_script }}
        );
        {% endmacro %}
        """
    )

    def __init__(self, config: dict, base_layers: dict, basemap=None, countries_script: str | None = None,
                 notices: list[str] | None = None):
        super().__init__()
        self._name = "LeaderRoutesBase"
        self.config_script = json_parse_script(config)
        self.base_layers = base_layers
        self.basemap = basemap
        self.countries_script = countries_script or "null"
        self.default_js = [
            ("Control_MiniMap_js", asset_url("Control_MiniMap_js", notices)),
            ("featuregroupsubgroupjs", asset_url("featuregroupsubgroupjs", notices)),
        ] + [(name.replace(".", "_"), _static_data_url(name, "text/javascript")) for name in SCRIPTS]
        self.default_css = [
            ("Control_MiniMap_css", asset_url("Control_MiniMap_css", notices)),
            ("leader_routes_css", _static_data_url("leader_routes.css", "text/css")),
        ]

    def render(self, **kwargs):
        figure = self.get_root()
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        _render_raw(self, kwargs)

    def base_layers_js(self) -> str:
        # keys are labels (JSON-escaped; the page HTML-escapes them); values are folium variable names
        entries = [f"{json_for_script(label)}: {layer.get_name()}" for label, layer in self.base_layers.items()]
        return "{" + ", ".join(entries) + "}"


class LeaderRoutesLayer(MacroElement):
    """The legs, stops and timeline shown now, mounted on the parent map (after a
    LeaderRoutesBase). `script_for` gives the same as a script for a host that keeps
    the map on the page and swaps routes (the Streamlit app)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = LeaderRoutes.mountRoutes({{ this._parent.get_name() }}, {{ this.config_script }});
        {% endmacro %}
        """
    )

    def __init__(self, config: dict, notices: list[str] | None = None):
        super().__init__()
        self._name = "LeaderRoutesLayer"
        self.config_script = json_parse_script(config)
        self.notices = list(notices or [])

    def render(self, **kwargs):
        _render_raw(self, kwargs)

    def script_for(self, map_variable: str) -> str:
        """mountRoutes on the page's map `map_variable`; the layers it adds are left in
        window.feature_group, where streamlit-folium removes them before the next routes."""
        if not _IDENTIFIER.fullmatch(map_variable):
            raise ValueError(f"not a JavaScript variable name: {map_variable!r}")
        return (f"window.feature_group = LeaderRoutes.mountRoutes({map_variable}, {self.config_script});\n")


# The page puts this label and the leg's id, off screen, at the end of a leg's popup
# (LR.LEG_ID_LABEL in static/leader_routes.js): a host reading the popup's text learns
# which leg was clicked without guessing from coordinates.
LEG_ID_LABEL = "leg id: "


def leg_id_from_popup_text(text) -> str | None:
    """The leg id at the end of a leg popup's text, or None (a stop's popup, no popup)."""
    if not isinstance(text, str) or LEG_ID_LABEL not in text:
        return None
    leg_id = text.rpartition(LEG_ID_LABEL)[2].strip("\n")
    return leg_id or None
