"""The baseline of the browser benchmarks: the same legs drawn the stock way.

One folium `PolyLine` with a popup per leg, `st_folium` re-rendering the whole map on every
rerun, a leader filter and the legs table. Leaflet and its styles come from the same local
files as the app's (folium's defaults point at CDNs, which an offline page cannot reach);
the data is read and placed by the library once per process, so what is timed is the map.

    streamlit run bench/stock_app.py -- (the page takes ?set=kim|presidents like the app)
"""
from __future__ import annotations

import sys
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from routes.mapview.assets import asset_url
from routes.view.pipeline import SET_SLUGS, load_bundled, prepare


@st.cache_resource
def dataset(slug: str):
    return prepare(load_bundled(SET_SLUGS[slug]))


def local_assets(folium_map: folium.Map) -> None:
    folium_map.default_js = [("leaflet", asset_url("leaflet")), ("jquery", asset_url("jquery"))]
    folium_map.default_css = [("leaflet_css", asset_url("leaflet_css"))]


slug = st.query_params.get("set", "kim")
prepared = dataset(slug)
legs = prepared.legs
everyone = sorted(legs["leader"].unique())
leaders = st.multiselect("Leaders", everyone, placeholder="All leaders")   # as the app: none picked, all shown
shown = legs[legs["leader"].isin(leaders or everyone)]
ids = set(shown["leg_id"])
m = folium.Map(location=[35, 110], zoom_start=3, tiles=None)
local_assets(m)
for feature in prepared.features["features"]:
    props = feature["properties"]
    if props.get("leg_id") in ids and feature["geometry"]:
        points = [(lat, lon) for lon, lat in feature["geometry"]["coordinates"]]
        folium.PolyLine(points, popup=f"{props.get('origin')} → {props.get('destination')}").add_to(m)
st_folium(m, height=560, use_container_width=True, returned_objects=[])
st.write(f"Legs ({len(shown)})")
st.dataframe(shown[["leader", "origin", "destination", "depart", "arrive", "mode"]])
