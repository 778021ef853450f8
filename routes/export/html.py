"""The HTML snapshot: the interactive map as one self-contained file.

The drawing is the map's own (routes.mapview.build.map_html, scripts and basemap
inlined); this module only turns it into bytes and writes it all at once.
"""
from __future__ import annotations

from collections.abc import Mapping

from routes.export.atomic import write_atomic


def snapshot_html(features: Mapping, stops=None, *, title: str | None = None, basemap: str = "offline",
                  palette: dict[str, str] | None = None, selected_trip=None, view=None) -> bytes:
    """view: {"center": [lat, lon], "zoom": z} to open where the reader was looking."""
    from routes.mapview.build import map_html  # folium is heavy: import only when asked
    page = map_html(features, stops, title=title, basemap=basemap, palette=palette,
                    selected_trip=selected_trip, view=view)
    return page.encode("utf-8")


def write_html(path, features: dict, stops=None, **options) -> None:
    write_atomic(path, snapshot_html(features, stops, **options))
