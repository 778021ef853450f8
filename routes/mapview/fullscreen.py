"""The fullscreen button: leaflet.fullscreen's control, as folium's Fullscreen plugin adds it.

Our own element rather than folium.plugins.Fullscreen because importing folium.plugins
loads and compiles all forty of folium's plugins (a fifth of a second at every start
of the command line). Its assets are the same URLs, so assets.py serves them locally.
"""
from __future__ import annotations

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template


class Fullscreen(JSCSSMixin, MacroElement):
    """A button that shows the map on the whole screen (leaflet.fullscreen 3.0.0)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            L.control.fullscreen(
                {{ this.options|tojavascript }}
            ).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)
    # folium's JSCSSMixin reads these lists from the class and never changes them.
    default_js = [(  # noqa: RUF012
        "Control.Fullscreen.js",
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js")]
    default_css = [(  # noqa: RUF012
        "Control.FullScreen.css",
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css")]

    def __init__(self, position: str = "topleft", title: str = "Full Screen",
                 title_cancel: str = "Exit Full Screen"):
        super().__init__()
        self._name = "Fullscreen"
        self.options = {"position": position, "title": title, "title_cancel": title_cancel}
