"""Leader Routes — where political leaders travel, and how.

A thin script: widgets and layout only. Reading, geocoding, routing, filtering, statistics,
maps and exports all live in the ``routes`` library (see docs/architecture.md).
"""

from __future__ import annotations

import streamlit as st

from routes.mapview.style import assign_colours
from routes.view.filters import select
from ui import panels, share, sidebar, timeline
from ui.guard import guarded
from ui.mapview import show_map

st.set_page_config(page_title="Leader Routes", page_icon="🚆", layout="wide")

prepared, source = sidebar.data_source()
st.title("Leader Routes")
st.caption("Where political leaders travel, and how. Trains follow real rail corridors; flights are great circles.")
if prepared is None:
    st.stop()

share.restore_from_link(prepared, source)
all_legs = prepared.legs
filters = sidebar.filters(prepared)
view = select(all_legs, filters, prepared)   # the legs shown, and which rows of the dataset they are
legs = view.legs
colours = assign_colours(all_legs["leader"].unique())
basemap = sidebar.basemap()
moment = timeline.moment_slider(legs)
panels.empty_notice(all_legs, legs)

panels.quality(prepared)
left, right = st.columns([3, 2])
clicked = None
with left, guarded("The map"):
    clicked = show_map(prepared, legs, filters, basemap, colours, timeline.chosen(legs, moment),
                       focus=panels.picked_leg(view))
with right:
    st.subheader("Where was everyone?")
    if moment is not None:
        st.caption(f"At {moment:%Y-%m-%d %H:%M} UTC")
        with guarded("Where was everyone"):
            panels.where_at(legs, prepared, moment)
    st.subheader("Details")
    details_slot = st.container()
# After the map, so the link carries the viewport the map just reported.
share.write_link(source, filters, moment, basemap)

# Only the chosen section runs, so a filter change does not recompute every chart and export.
SECTIONS = ["Trips and legs", "Statistics", "Compare", "Share", "Draft from a story"]
st.session_state.setdefault("section", SECTIONS[0])   # a link may have opened another
section = st.segmented_control("Section", SECTIONS, key="section", label_visibility="collapsed") or SECTIONS[0]
picked = None
with guarded(section):
    if section == "Trips and legs":
        picked = panels.tables(view)
    elif section == "Statistics":
        panels.statistics(view, colours)
    elif section == "Compare":
        panels.comparison(prepared, legs)
    elif section == "Share":
        share.downloads(prepared, legs, filters, basemap, colours)
    else:
        from ui import draft
        draft.panel(prepared)
with details_slot, guarded("Details"):
    panels.details(prepared, picked or clicked)
