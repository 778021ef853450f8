"""Leader Routes — where political leaders travel, and how.

A thin script: widgets and layout only. Reading, geocoding, routing, filtering, statistics,
maps and exports all live in the ``routes`` library (see docs/architecture.md).
"""

from __future__ import annotations

import streamlit as st

from routes.mapview.style import assign_colours
from routes.view import apply_filters
from ui import panels, share, sidebar, timeline
from ui.mapview import show_map

st.set_page_config(page_title="Leader Routes", page_icon="🚆", layout="wide")

prepared, source = sidebar.data_source()
st.title("Leader Routes")
st.caption("Where political leaders travel, and how. Trains follow real rail corridors; flights are great circles.")
if prepared is None:
    st.stop()

share.restore_from_link(prepared)
all_legs = prepared.legs
filters = sidebar.filters(all_legs)
legs = apply_filters(all_legs, filters)
colours = assign_colours(all_legs["leader"].unique())
basemap = sidebar.basemap()
moment = timeline.moment_slider(legs)
share.write_link(source, filters, moment, basemap)

panels.quality(prepared)
left, right = st.columns([3, 2])
with left:
    clicked = show_map(prepared, legs, filters, basemap, colours)
with right:
    st.subheader("Where was everyone?")
    if moment is not None:
        st.caption(f"At {moment:%Y-%m-%d %H:%M} UTC")
        panels.where_at(legs, prepared, moment)
    st.subheader("Details")
    details_slot = st.container()

tab_legs, tab_stats, tab_compare, tab_share, tab_draft = st.tabs(
    ["Trips and legs", "Statistics", "Compare", "Share", "Draft from a story"])
with tab_legs:
    picked = panels.tables(legs)
with tab_stats:
    panels.statistics(legs, colours)
with tab_compare:
    panels.comparison(prepared, legs)
with tab_share:
    share.downloads(prepared, legs, filters, basemap, colours)
with tab_draft:
    from ui import draft
    draft.panel()
with details_slot:
    panels.details(prepared, picked or clicked)
