"""Every export of one view, from the prepared dataset and the legs the reader filtered.

The app's download buttons and the CLI's ``render`` produce the same bytes through these.
"""

from __future__ import annotations

import pandas as pd

from routes.export.csvout import legs_csv, places_csv
from routes.export.formats import FORMATS, Export
from routes.export.geojson import features_geojson
from routes.export.kml import features_kml
from routes.geometry.trackset import TrackSet, as_trackset


def subset(features, leg_ids) -> TrackSet:
    """The tracks of these legs (a TrackSet, which reads as a FeatureCollection)."""
    return as_trackset(features).subset(leg_ids)


def title_for(legs: pd.DataFrame) -> str:
    leaders = pd.unique(legs["leader"]).tolist()   # in order of first appearance
    named = ", ".join(leaders[:3]) + (f" and {len(leaders) - 3} more" if len(leaders) > 3 else "")
    return f"Journeys of {named}" if named else "Leader Routes"


def export_of(prepared, legs: pd.DataFrame, *, title: str, basemap: str = "offline",
              palette: dict[str, str] | None = None, view: dict | None = None, with_stops: bool = True) -> Export:
    """What every format of the filtered view is written from (routes.export.formats).

    view: the map as the reader sees it ({"center", "zoom", "bounds"}): the page opens
    there and the images show that part of the world; None shows every route. with_stops: False
    when only the tables and line formats are wanted (the stop markers take a moment)."""
    ids = legs["leg_id"]
    stops = stops_for(prepared, ids) if with_stops else None
    return Export(legs, subset(prepared.features, ids), title, palette=palette, stops=stops, page_stops=stops,
                  places=places_of(prepared, legs), basemap=basemap, view=view or {})


def places_of(prepared, legs: pd.DataFrame) -> pd.DataFrame:
    """The places table, for the places the legs name."""
    names = set(legs["origin"]) | set(legs["destination"])
    places = prepared.places
    if "query" in places:
        places = places[places["query"].isin(names)]
    return places


def legs_csv_bytes(legs: pd.DataFrame) -> bytes:
    return legs_csv(legs)


def places_csv_bytes(prepared, legs: pd.DataFrame) -> bytes:
    return places_csv(places_of(prepared, legs))


def geojson_bytes(prepared, leg_ids) -> bytes:
    return features_geojson(subset(prepared.features, leg_ids))


def kml_bytes(prepared, leg_ids, title: str, palette: dict[str, str] | None = None) -> bytes:
    return features_kml(subset(prepared.features, leg_ids), title, palette=palette)


def stops_for(prepared, leg_ids) -> pd.DataFrame:
    from routes.itinerary.stops import stops_of_legs
    return stops_of_legs(prepared.itinerary.stops, leg_ids)


def render_all(prepared, legs: pd.DataFrame, *, title: str, basemap: str = "offline",
               palette: dict[str, str] | None = None, view: dict | None = None) -> dict[str, bytes]:
    """The formats made on request (the HTML page and the images: PNG 1x and 2x, SVG) of the
    filtered view, by their key in routes.export.formats; ``view`` as for export_of."""
    export = export_of(prepared, legs, title=title, basemap=basemap, palette=palette, view=view)
    return {f.key: f.write(export) for f in FORMATS if f.on_request}
