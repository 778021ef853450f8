"""Every export of one view, from the prepared dataset and the legs the reader filtered.

The app's download buttons and the CLI's ``render`` produce the same bytes through these.
"""

from __future__ import annotations

import pandas as pd

from routes.export.csvout import legs_csv, places_csv
from routes.export.geojson import features_geojson
from routes.export.html import snapshot_html
from routes.export.kml import features_kml
from routes.geometry.trackset import TrackSet, as_trackset


def subset(features, leg_ids) -> TrackSet:
    """The tracks of these legs (a TrackSet, which reads as a FeatureCollection)."""
    return as_trackset(features).subset(leg_ids)


def title_for(legs: pd.DataFrame) -> str:
    leaders = pd.unique(legs["leader"]).tolist()   # in order of first appearance
    named = ", ".join(leaders[:3]) + (f" and {len(leaders) - 3} more" if len(leaders) > 3 else "")
    return f"Journeys of {named}" if named else "Leader Routes"


def legs_csv_bytes(legs: pd.DataFrame) -> bytes:
    return legs_csv(legs)


def places_csv_bytes(prepared, legs: pd.DataFrame) -> bytes:
    names = set(legs["origin"]) | set(legs["destination"])
    places = prepared.places
    if "query" in places:
        places = places[places["query"].isin(names)]
    return places_csv(places)


def geojson_bytes(prepared, leg_ids) -> bytes:
    return features_geojson(subset(prepared.features, leg_ids))


def kml_bytes(prepared, leg_ids, title: str, palette: dict[str, str] | None = None) -> bytes:
    return features_kml(subset(prepared.features, leg_ids), title, palette=palette)


def stops_for(prepared, leg_ids) -> pd.DataFrame:
    from routes.stops import stops_of_legs
    return stops_of_legs(prepared.itinerary.stops, leg_ids)


def render_all(prepared, legs: pd.DataFrame, *, title: str, basemap: str = "offline",
               palette: dict[str, str] | None = None, view: dict | None = None) -> dict[str, bytes]:
    """The HTML page and the images (PNG 1x and 2x, SVG) of the filtered view.

    view: the map as the reader sees it ({"center", "zoom", "bounds"}): the page opens
    there and the images show that part of the world; None shows every route."""
    ids = legs["leg_id"]
    from routes.export.png import static_map  # matplotlib: imported only when images are made
    features, stops = subset(prepared.features, ids), stops_for(prepared, ids)
    view = view or {}
    opening = ({"center": view["center"], "zoom": view["zoom"]}
               if view.get("center") and view.get("zoom") is not None else None)
    def image(scale: int, fmt: str) -> bytes:
        return static_map(features, stops, scale=scale, fmt=fmt, title=title, palette=palette,
                          view_bounds=view.get("bounds"))

    return {
        "html": snapshot_html(features, stops, title=title, basemap=basemap, palette=palette, view=opening),
        "png": image(1, "png"),
        "png2x": image(2, "png"),
        "svg": image(1, "svg"),
    }
