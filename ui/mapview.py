"""The map in the app: the library's folium map inside streamlit-folium."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from routes.mapview.build import build_map
from routes.view import Filters, nearest_leg

# Only what the app uses comes back, so panning and zooming do not rerun the script needlessly.
RETURNED = ["last_object_clicked", "center", "zoom"]


@st.cache_resource(show_spinner=False, max_entries=64)
def _map(_prepared, dataset: int, leg_ids: tuple[str, ...], selected_trip: str | None, basemap: str,
         _palette: dict, palette_key: str):
    wanted = set(leg_ids)
    features = {"type": "FeatureCollection",
                "features": [f for f in _prepared.features["features"] if f["properties"]["leg_id"] in wanted]}
    stops = _prepared.itinerary.stops
    stops = stops[stops["leg_in"].isin(wanted) | stops["leg_out"].isin(wanted)]
    return build_map(features, stops, selected_trip=selected_trip, basemap=basemap, palette=_palette,
                     title="Leader Routes")


def show_map(prepared, legs: pd.DataFrame, filters: Filters, basemap: str, colours: dict[str, str]) -> str | None:
    """Draw the filtered legs; return the leg the reader clicked, if any."""
    selected = filters.trips[0] if filters.trips else None
    folium_map = _map(prepared, id(prepared), tuple(legs["leg_id"]), selected, basemap, colours,
                      repr(sorted(colours.items())))
    for notice in getattr(folium_map, "notices", []):
        st.caption(notice)
    view = st.session_state.get("map_view") or {}
    result = st_folium(folium_map, height=560, returned_objects=RETURNED, key="map", use_container_width=True,
                       center=view.get("center"), zoom=view.get("zoom"))
    if result and result.get("center"):
        centre = result["center"]
        st.session_state["map_view"] = {"center": [round(centre["lat"], 5), round(centre["lng"], 5)],
                                        "zoom": result.get("zoom")}
    clicked = (result or {}).get("last_object_clicked")
    if clicked:
        return nearest_leg(prepared.features, clicked["lat"], clicked["lng"], set(legs["leg_id"]))
    return None
