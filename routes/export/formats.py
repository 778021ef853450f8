"""Every export format in one table: its file extension, MIME type, labels and writer.

The command line's ``render`` picks the format by the output's extension; the app's Share
section shows one download button per entry. Both hand the writer an ``Export``: what is
drawn (legs, tracks, stops) and how (title, colours, basemap, scale, the reader's view).
Adding a format is one entry here and its tests.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from routes.geometry.trackset import TrackSet


@dataclass
class Export:
    """One view, as the writers need it."""
    legs: pd.DataFrame
    features: TrackSet
    title: str
    palette: dict[str, str] | None = None
    stops: pd.DataFrame | None = None          # stop markers of the images
    page_stops: pd.DataFrame | None = None     # stop markers of the HTML page (None: left out)
    places: pd.DataFrame | None = None         # the places table, for the places CSV
    basemap: str = "offline"
    scale: int = 1                             # images: 2 for print
    subtitle: str | None = None                # images: the dates shown
    view: dict = field(default_factory=dict)   # the reader's map: {"center", "zoom", "bounds"}

    @property
    def opening(self) -> dict | None:
        """Where the HTML page opens: the reader's view, or None to fit every route."""
        view = self.view
        return ({"center": view["center"], "zoom": view["zoom"]}
                if view.get("center") and view.get("zoom") is not None else None)


@dataclass(frozen=True)
class Format:
    key: str                          # the app's name for it (and its download button's key)
    extension: str                    # the file's extension, which picks it on the command line
    mime: str
    label: str                        # what the command line says it wrote
    button: str                       # the app's download button
    file_name: str                    # the app's file name
    write: Callable[[Export], bytes]
    on_request: bool = False          # the app makes it only when asked (seconds, not milliseconds)
    command_line: bool = True         # `render --out FILE.ext` writes it
    scale: int | None = None          # a fixed scale (the app's print image)


def _legs_csv(export: Export) -> bytes:
    from routes.export.csvout import legs_csv
    return legs_csv(export.legs)


def _places_csv(export: Export) -> bytes:
    from routes.export.csvout import places_csv
    return places_csv(export.places if export.places is not None else pd.DataFrame())


def _geojson(export: Export) -> bytes:
    from routes.export.geojson import features_geojson
    return features_geojson(export.features)


def _kml(export: Export) -> bytes:
    from routes.export.kml import features_kml
    return features_kml(export.features, export.title, palette=export.palette)


def _html(export: Export) -> bytes:
    from routes.export.html import snapshot_html
    return snapshot_html(export.features, export.page_stops, title=export.title, basemap=export.basemap,
                         palette=export.palette, view=export.opening)


def _image(fmt: str, scale: int | None = None) -> Callable[[Export], bytes]:
    def write(export: Export) -> bytes:
        from routes.export.png import static_map  # matplotlib: imported only when images are made
        return static_map(export.features, export.stops, title=export.title, subtitle=export.subtitle,
                          scale=scale or export.scale, fmt=fmt, palette=export.palette,
                          view_bounds=export.view.get("bounds"))
    return write


FORMATS: tuple[Format, ...] = (
    Format("csv", ".csv", "text/csv", "CSV of legs", "Legs (CSV)", "leader-routes-legs.csv", _legs_csv),
    Format("places", ".csv", "text/csv", "CSV of places", "Places (CSV)", "leader-routes-places.csv", _places_csv,
           command_line=False),
    Format("geojson", ".geojson", "application/geo+json", "GeoJSON", "GeoJSON", "leader-routes.geojson", _geojson),
    Format("kml", ".kml", "application/vnd.google-earth.kml+xml", "KML", "KML (Google Earth)",
           "leader-routes.kml", _kml),
    Format("html", ".html", "text/html", "HTML page", "Map (HTML, works offline)", "leader-routes.html", _html,
           on_request=True),
    Format("png", ".png", "image/png", "PNG image", "Image (PNG, web)", "leader-routes.png", _image("png"),
           on_request=True),
    Format("png2x", ".png", "image/png", "PNG image", "Image (PNG, print 2x)", "leader-routes@2x.png",
           _image("png", scale=2), on_request=True, command_line=False, scale=2),
    Format("svg", ".svg", "image/svg+xml", "SVG image", "Image (SVG)", "leader-routes.svg", _image("svg"),
           on_request=True),
)
BY_KEY: dict[str, Format] = {f.key: f for f in FORMATS}
# The command line's formats, by extension.
BY_EXTENSION: dict[str, Format] = {f.extension: f for f in FORMATS if f.command_line}
