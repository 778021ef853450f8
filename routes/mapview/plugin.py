"""The project's own folium element: draws routes, stops, legend, basemap and timeline.

Everything it passes to the page is data (one JSON object made by json_for_script);
the drawing code is static/leader_routes.js, loaded like any other plugin script.
"""
from __future__ import annotations

import base64
import functools
from pathlib import Path

from branca.element import CssLink, Element, JavascriptLink
from folium.elements import JSCSSMixin
from folium.template import Template

from routes.mapview.assets import asset_url
from routes.mapview.escape import json_for_script

STATIC = Path(__file__).resolve().parent / "static"


@functools.lru_cache(maxsize=4)
def _static_data_url(name: str, mime: str) -> str:
    payload = (STATIC / name).read_bytes()
    return f"data:{mime};charset=utf-8;base64,{base64.b64encode(payload).decode('ascii')}"


def plugin_source() -> str:
    """The plugin's JavaScript source (for tests that check its syntax)."""
    return (STATIC / "leader_routes.js").read_text(encoding="utf-8")


class RawScript(Element):
    """Script text added to the page as is. branca's MacroElement.render would compile
    the rendered script again as a Jinja template: seconds for a large map, and a way
    for "{{ … }}" in data to be evaluated."""

    _template = Template("{{ this.code }}")

    def __init__(self, code: str):
        super().__init__()
        self.code = code


class LeaderRoutesLayer(JSCSSMixin):
    """Mounts LeaderRoutes on the parent map.

    containers: {group key: folium layer the group's legs go into}
    basemap: folium layer for the offline country outlines (or None)
    countries_json: the outlines as json_for_script text (or None)
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().classList.add("lr-map");
        var {{ this.get_name() }} = LeaderRoutes.mount(
            {{ this._parent.get_name() }},
            {{ this.config_json }},
            {{ this.containers_js() }},
            {{ this.basemap.get_name() if this.basemap else "null" }},
            {{ this.countries_json }}
        );
        {% endmacro %}
        """
    )

    def __init__(self, config: dict, containers: dict, basemap=None, countries_json: str | None = None,
                 notices: list[str] | None = None):
        super().__init__()
        self._name = "LeaderRoutesLayer"
        self.config_json = json_for_script(config)
        self.containers = containers
        self.basemap = basemap
        # already script-safe JSON (json_for_script), cached by the caller
        self.countries_json = countries_json or "null"
        self.default_js = [
            ("Control_MiniMap_js", asset_url("Control_MiniMap_js", notices)),
            ("leader_routes_js", _static_data_url("leader_routes.js", "text/javascript")),
        ]
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
        # the same macro streamlit-folium calls; its output is not re-read as a template
        figure.script.add_child(RawScript(self._template.module.script(self, kwargs)), name=self.get_name())

    def containers_js(self) -> str:
        # keys are user text (leader/trip) → JSON-escaped; values are folium variable names
        entries = [f"{json_for_script(key)}: {layer.get_name()}" for key, layer in self.containers.items()]
        return "{" + ", ".join(entries) + "}"
