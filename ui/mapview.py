"""The map in the app: one base map per dataset stays on the page; filters swap the routes.

streamlit-folium's `st_folium` re-renders and re-sends the whole map on every rerun
(basemap outlines, inlined scripts) and remounts it whenever its script changes. Here
the arguments `st_folium` would send for the *base* map are computed once per dataset and
basemap (ui.mapcomponent, the project's own component on streamlit-folium's frontend),
and the routes go in its `feature_group` argument — what `st_folium(feature_group_to_add=…)`
sends — which the component swaps in place: no remount, the reader's viewport stays, and
a rerun costs a cache lookup. Playing the timeline runs in the page and never reruns the script.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from routes.geometry.trackset import as_trackset
from routes.mapview.assets import page_links
from routes.mapview.build import build_base_map, feature_bounds, routes_layer
from routes.mapview.escape import json_for_script
from routes.mapview.landscript import LAND_VARIABLE, land_script
from routes.mapview.markers import StopMarkers
from routes.mapview.plugin import leg_id_from_popup_text
from routes.mapview.style import assign_marks
from routes.view.filters import Filters, nearest_leg
from ui import mapcomponent
from ui.plain import md

# Only what the app uses comes back: a click on a leg or stop reruns the script; panning,
# zooming and the map's own timeline do not.
# "last_geocoder_result" carries the moment the reader stopped the map's own timeline at
# (leader_routes_timeline.js, reportMoment): streamlit-folium returns nothing of its own for it.
RETURNED = ["last_object_clicked", "last_object_clicked_popup", "center", "zoom", "bounds", "last_geocoder_result"]
HEIGHT = 560
COMPONENT_KEY = "map"
MAP_VARIABLE = mapcomponent.MAP_VARIABLE


@dataclass(frozen=True)
class Frame:
    """Component arguments of one base map (script, header, links, key), computed once."""
    args: dict
    notices: tuple[str, ...]


@dataclass(frozen=True)
class RoutesScript:
    script: str
    notices: tuple[str, ...]


def frame_args(folium_map) -> dict:
    """What st_folium(folium_map, key=COMPONENT_KEY, returned_objects=RETURNED,
    use_container_width=True, height=HEIGHT) sends, minus the routes."""
    folium_map.get_root().render()
    folium_map.render()
    html = mapcomponent.body(folium_map)
    header = mapcomponent.header(folium_map)
    script = mapcomponent.script(folium_map)
    css_links, js_links = page_links(folium_map)
    # Only the scripts are served as a file: the frontend waits for scripts before it runs
    # the map, but not for stylesheets, and the page lays its controls out by their styled
    # sizes (inlined, the styles apply at once).
    js_links = mapcomponent.served(js_links + (_land_link() if LAND_VARIABLE in script else []))
    return {"script": script, "header": header, "html": html, "id": mapcomponent.map_id(folium_map),
            "key": mapcomponent.component_key(script, COMPONENT_KEY),
            "height": HEIGHT, "width": None, "returned_objects": RETURNED,
            "default": _defaults(folium_map), "zoom": None, "center": None,
            "return_on_hover": False, "layer_control": None, "pixelated": False,
            "css_links": css_links, "js_links": js_links, "wrap_longitude": False}


def _land_link() -> list[str]:
    """The offline land as one more script, for a map that takes it from there (land_apart):
    served with the others, it is fetched once, not sent with every rerun's arguments."""
    payload = base64.b64encode(land_script().encode("utf-8")).decode("ascii")
    return [f"data:text/javascript;charset=utf-8;base64,{payload}"]


def _defaults(folium_map) -> dict:
    # st_folium's initial value: its defaults for the returned objects it knows ("center" it does not).
    known = {"last_object_clicked": None, "last_object_clicked_popup": None, "last_geocoder_result": None,
             "zoom": folium_map.options.get("zoom"),
             "bounds": {"_southWest": {"lat": None, "lng": None}, "_northEast": {"lat": None, "lng": None}}}
    return {name: known[name] for name in RETURNED if name in known}


@st.cache_resource(show_spinner=False, max_entries=8)
def _frame(_prepared, dataset: str, basemap: str, _palette: dict, palette_key: str) -> Frame:
    legs = _prepared.legs
    leaders = {leader: _palette.get(leader, "#555555") for leader in sorted(legs["leader"].unique())}
    modes = sorted(set(legs["mode"].astype(str).str.lower()) - {""})
    base = build_base_map(leaders=leaders, modes=modes, bounds=feature_bounds(_prepared.features),
                          basemap=basemap, title="Leader Routes", fit=False, marks=assign_marks(_palette),
                          land_apart=mapcomponent.FOLDER is not None)
    return Frame(frame_args(base), tuple(base.notices))


@st.cache_resource(show_spinner=False, max_entries=32)
def _routes(_prepared, dataset: str, legs_key: str, _leg_ids: frozenset, selected_trip: str | None,
            _palette: dict, palette_key: str, leaders: tuple[str, ...] = (),
            moment_ms: float | None = None) -> RoutesScript:
    features = as_trackset(_prepared.features).subset(_leg_ids)
    # every stop of the dataset, once; the layer picks those of the legs shown
    markers = _prepared.derived.get("stop_markers", lambda: _stop_markers(_prepared))
    layer = routes_layer(features, markers, selected_trip=selected_trip, palette=_palette,
                         when=_when(_prepared, leaders), moment_ms=moment_ms)
    return RoutesScript(layer.script_for(MAP_VARIABLE), tuple(layer.notices))


# Above this many legs of the leaders shown, the map leaves where-was-everyone to the panel.
WHEN_MAX_LEGS = 20_000


def _when(prepared, leaders: tuple[str, ...]) -> list | None:
    """Where-was-everyone data for the map's timeline (all legs of the leaders shown)."""
    from routes.view.whereabouts import page_data
    from ui.panels import whereabouts_of
    if not leaders or prepared.legs["leader"].isin(leaders).sum() > WHEN_MAX_LEGS:
        return None
    return page_data(whereabouts_of(prepared), leaders)


def _stop_markers(prepared) -> StopMarkers:
    return StopMarkers(prepared.itinerary.stops)


def _digest(values) -> str:
    # hashing one joined string is far cheaper than Streamlit hashing 10,000 strings
    return hashlib.sha256("\x1f".join(map(str, values)).encode("utf-8")).hexdigest()


def clicked_leg(result, prepared, shown: set[str]) -> str | None:
    """The leg the reader clicked: named in the popup's text, else the nearest shown leg
    to the click (a click on a stop)."""
    result = result or {}
    named = leg_id_from_popup_text(result.get("last_object_clicked_popup"))
    if named is not None:
        return named if named in shown else None
    clicked = result.get("last_object_clicked")
    if clicked and clicked.get("lat") is not None:
        return nearest_leg(prepared.features, clicked["lat"], clicked["lng"], shown)
    return None


def show_map(prepared, legs: pd.DataFrame, filters: Filters, basemap: str, colours: dict[str, str],
             moment=None, focus: str | None = None) -> str | None:
    """Draw the filtered legs, the map's timeline at the page's ``moment`` (naive UTC or aware);
    return the leg the reader clicked, if any.

    focus: a leg picked elsewhere (the legs table), shown and zoomed to on the map."""
    palette_key = repr(sorted(colours.items()))
    frame = _frame(prepared, prepared.derived.token, basemap, colours, palette_key)
    leg_ids = legs["leg_id"].tolist()
    selected = filters.trips[0] if filters.trips else None
    leaders = tuple(sorted(legs["leader"].unique()))
    routes = _routes(prepared, prepared.derived.token, _digest(leg_ids), frozenset(leg_ids), selected, colours,
                     palette_key, leaders, _moment_ms(moment))
    for notice in frame.notices + routes.notices:
        st.caption(md(notice))
    view, fit = _view(prepared, legs, selected)
    args = {**frame.args, "center": view.get("center"), "zoom": view.get("zoom")}
    result = mapcomponent.show(feature_group=routes.script + fit + _focus_script(focus, leg_ids),
                                              **args)
    _remember_view(result)
    _follow_map_moment(result)
    return clicked_leg(result, prepared, set(leg_ids))


def _follow_map_moment(result) -> None:
    """The page's moment follows where the reader stopped the map's own timeline: once per
    stop (the component keeps reporting its last value), through a rerun, because the slider
    is already drawn above the map in this run."""
    reported = (result or {}).get("last_geocoder_result")
    moment_ms = reported.get("leader_routes_moment") if isinstance(reported, dict) else None
    if not isinstance(moment_ms, (int, float)) or moment_ms == st.session_state.get("map_moment_seen"):
        return
    st.session_state["map_moment_seen"] = moment_ms
    st.session_state["moment_from_map"] = moment_ms
    st.rerun()


def _moment_ms(moment) -> float | None:
    if moment is None:
        return None
    stamp = pd.Timestamp(moment)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.value / 1e6


def _view(prepared, legs: pd.DataFrame, selected: str | None) -> tuple[dict, str]:
    """(centre and zoom to ask the map for, script asking the page to fit the routes).

    The page fits (LeaderRoutes.fitRoutes): only it knows its size and where its controls
    are, so only it can keep every fitted route clear of them. A fit is asked for at first
    (unless a link gives the view), on request, when the data changes (an upload) and
    where another section points (``map_fit_to``: the drafted stops);
    the request stays in the routes' script with its number, and the page fits once per
    number, so filter changes keep the reader's viewport. A link's centre and zoom go to
    the component, which moves only when they change (``map_view`` is what the map
    reports, which the permalink carries)."""
    refit = st.button("Fit the map to the routes shown", key="fit_map")
    dataset = prepared.derived.token
    fit = st.session_state.get("map_fit")
    target = st.session_state.get("map_target")
    first = fit is None and target is None
    if first:
        linked = st.session_state.get("map_view")
        target = linked if linked and linked.get("center") else None
    new_data = st.session_state.get("map_dataset") not in (None, dataset)
    asked = st.session_state.pop("map_fit_to", None)   # a part of the map another section points at
    if refit or new_data or asked or (first and target is None):
        bounds = asked if asked and not refit else _fitted_bounds(prepared, legs, selected)
        fit = {"id": (fit or {}).get("id", 0) + 1, "bounds": bounds}
        target = {}
    st.session_state["map_dataset"] = dataset
    st.session_state["map_fit"] = fit
    st.session_state["map_target"] = target
    return target or {}, _fit_script(fit)


def _fitted_bounds(prepared, legs: pd.DataFrame, selected: str | None):
    ids = set(legs["leg_id"])
    bounds = feature_bounds(as_trackset(prepared.features).subset(ids), selected)
    return [[round(float(v), 5) for v in corner] for corner in bounds] if bounds else None


def _focus_script(focus: str | None, shown: list[str]) -> str:
    """LeaderRoutes.focusLeg for a newly picked leg; the same pick keeps its request number,
    so the page zooms to it once, not on every rerun."""
    if not focus or focus not in set(shown):
        return ""
    last = st.session_state.get("map_focus") or {"leg": None, "id": 0}
    if last["leg"] != focus:
        last = {"leg": focus, "id": last["id"] + 1}
        st.session_state["map_focus"] = last
    return f"LeaderRoutes.focusLeg({MAP_VARIABLE}, {json_for_script(focus)}, {int(last['id'])});\n"


def _fit_script(fit: dict | None) -> str:
    if not fit or not fit.get("bounds"):
        return ""
    return (f"LeaderRoutes.fitRoutes({MAP_VARIABLE}, JSON.parse({json.dumps(json.dumps(fit['bounds']))}), "
            f"{int(fit['id'])});\n")


def _remember_view(result) -> None:
    result = result or {}
    centre = result.get("center")
    if centre and centre.get("lat") is not None and result.get("zoom") is not None:
        view = {"center": [round(centre["lat"], 5), round(centre["lng"], 5)], "zoom": result["zoom"]}
        bounds = result.get("bounds") or {}
        south_west, north_east = bounds.get("_southWest") or {}, bounds.get("_northEast") or {}
        if south_west.get("lat") is not None and north_east.get("lat") is not None:
            # what the reader sees, for the exports of "this view"
            view["bounds"] = [[south_west["lat"], south_west["lng"]], [north_east["lat"], north_east["lng"]]]
        st.session_state["map_view"] = view
