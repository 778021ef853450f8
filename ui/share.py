"""Sharing a view: the link that restores it, and the files that carry it away."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from routes.export.formats import FORMATS
from routes.export.permalink import DEFAULT, ViewState, from_query, to_query
from routes.view.filters import Filters, time_bounds
from routes.view.pipeline import SET_SLUGS
from ui.plain import md

RESTORED = "_link_restored"
# the page's sections (app.py) as the link names them (routes.export.permalink.SECTIONS)
SECTION_SLUGS = {"Trips and legs": "legs", "Statistics": "statistics", "Compare": "compare",
                 "Share": "share", "Draft from a story": "draft"}


def restore_from_link(prepared, source: str | None = None) -> None:
    """Once per session: turn the URL's query parameters into widget state, ignoring what is invalid."""
    if st.session_state.get(RESTORED):
        return
    st.session_state[RESTORED] = True
    if not st.query_params:
        return
    legs = prepared.legs
    state, notices = from_query(st.query_params, allowed_leaders=legs["leader"].unique(),
                                allowed_trips=legs["trip"].unique())
    notices += _unmet(state, prepared, source)
    st.session_state["leaders"] = list(state.leaders)
    if state.years:
        st.session_state["years"] = tuple(state.years)
    if state.start or state.end:
        st.session_state["dates"] = tuple(d for d in (state.start, state.end) if d)
    st.session_state["modes"] = list(state.modes)
    if state.trips:
        st.session_state["trip"] = state.trips[0]
    if state.moment:
        st.session_state["moment"] = pd.Timestamp(state.moment).tz_convert("UTC").to_pydatetime()
    st.session_state["basemap"] = state.basemap
    if state.center:
        st.session_state["map_view"] = {"center": list(state.center), "zoom": state.zoom}
    section = {slug: label for label, slug in SECTION_SLUGS.items()}.get(state.section)
    if section:
        st.session_state["section"] = section
    for notice in notices:
        st.toast(f"Link: {md(notice, 120)}")
    st.session_state["link_notices"] = notices


def _unmet(state: ViewState, prepared, source: str | None) -> list[str]:
    """What the link asks that this page cannot show, although each value is well-formed."""
    notices = []
    if state.source == "upload" and source == "bundled":
        notices.append("the link was made for an uploaded file, which is not here: showing the "
                       "bundled journeys (upload the file to see that view)")
    bounds = time_bounds(prepared.legs)
    # the slider's range: whole hours around the data
    if state.moment and bounds and not (bounds[0].floor("h") <= pd.Timestamp(state.moment)
                                        <= bounds[1] + pd.Timedelta(hours=1)):
        notices.append(f"timeline time {state.moment:%Y-%m-%d %H:%M} UTC is outside the data "
                       f"({bounds[0]:%Y-%m-%d} to {bounds[1]:%Y-%m-%d}); starting at its beginning")
    return notices


def current_state(source: str, filters: Filters, moment, basemap: str) -> ViewState:
    view = st.session_state.get("map_view") or {}
    center = tuple(view["center"]) if view.get("center") else None
    chosen = st.session_state.get("bundled_set")
    dataset = next((slug for slug, name in SET_SLUGS.items() if name == chosen), DEFAULT.dataset)
    return ViewState(source=source, dataset=dataset if source == "bundled" else DEFAULT.dataset,
                     leaders=filters.leaders, years=filters.years, start=filters.start,
                     end=filters.end, modes=filters.modes, trips=filters.trips,
                     moment=_utc(moment), basemap=basemap, center=center, zoom=view.get("zoom"),
                     section=SECTION_SLUGS.get(st.session_state.get("section") or "", "legs"))


def _utc(moment):
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# Streamlit drops a query string of more than 1,000 parameters or 512 Ki characters before the
# script runs (streamlit/runtime/state/query_params.py), so only the page can see that there
# was one. This constant snippet (no data in it) reads the address the page was opened with
# and says so. The link is measured as Streamlit measures it.
DROPPED_LINK_NOTICE = """<div id="lr-dropped-link" role="alert" style="display:none;padding:.75rem 1rem;
border-radius:.5rem;background:rgba(255,189,69,.2);">The link had <span></span>: more than this app
can read (1,000 parameters or 512 KB), so all of it was ignored and the default view is shown.</div>
<script>(() => {
  const entry = performance.getEntriesByType("navigation")[0];
  const query = new URL(entry ? entry.name : location.href).search.slice(1);
  const fields = query ? query.split("&").length : 0;
  if (fields <= 1000 && query.length <= 512 * 1024) return;
  const box = document.getElementById("lr-dropped-link");
  box.querySelector("span").textContent = fields > 1000 ? fields + " parameters" : query.length + " characters";
  box.style.display = "block";
})();</script>"""


def write_link(source: str, filters: Filters, moment, basemap: str) -> None:
    """Keep the URL in step with the view, and show it for copying."""
    st.html(DROPPED_LINK_NOTICE, unsafe_allow_javascript=True)
    st.query_params.from_dict(to_query(current_state(source, filters, moment, basemap)))
    for notice in st.session_state.get("link_notices", []):
        st.warning(f"Part of the link was ignored: {md(notice)}")
    if source == "upload":
        st.sidebar.caption("Links restore filters and the map view; uploaded data stays on this server "
                           "session, so share the data file alongside the link.")


def downloads(prepared, legs: pd.DataFrame, filters: Filters, basemap: str, colours: dict[str, str]) -> None:
    from routes.export import snapshot
    st.write("Take this view away. Every file shows the filtered legs only.")
    st.caption("Link to this view (the button at its right copies it). Opening it restores leaders, years, "
               "dates, modes, trip, timeline moment, basemap, map view and the open section.")
    st.code(_link(), language=None, wrap_lines=True)   # st.code has a copy button
    title = snapshot.title_for(legs)
    export = snapshot.export_of(prepared, legs, title=title, basemap=basemap, palette=colours, with_stops=False)
    quick = [f for f in FORMATS if not f.on_request]
    cols = st.columns(3)
    # A click on a download does not rerun the script.
    for column, formats in ((cols[0], quick[:2]), (cols[1], quick[2:])):
        with column:
            for f in formats:
                st.download_button(f.button, f.write(export), f.file_name, f.mime, key=f"dl_{f.key}",
                                   on_click="ignore")
    with cols[2]:
        view = st.session_state.get("map_view") or {}
        whole = st.checkbox("Every route, not just the map's view", key="export_whole", value=not view,
                            disabled=not view, help="Off: the HTML opens where the map is now and the images "
                                                    "show what the map shows.")
        if st.button("Prepare HTML and images", key="make_snapshots"):
            st.session_state["snapshots"] = snapshot.render_all(prepared, legs, title=title, basemap=basemap,
                                                                 palette=colours, view=None if whole else view)
        files = st.session_state.get("snapshots")
        for f in FORMATS:
            if files and f.on_request and f.key in files:
                st.download_button(f.button, files[f.key], f.file_name, f.mime, key=f"dl_{f.key}",
                                   on_click="ignore")


def _link() -> str:
    base = getattr(st.context, "url", None) or "http://localhost:8501/"
    pairs = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    query = urlencode(pairs)
    return base.split("?")[0] + (f"?{query}" if query else "")
