"""The sidebar: where the data comes from, and what of it to show."""

from __future__ import annotations

from datetime import date

import streamlit as st

from routes.csvfile import CsvLimitError, read_table
from routes.modes import MODES
from routes.pipeline import BUNDLED_LEGS, combine
from routes.schema import COLUMNS, RECIPES, REQUIRED, LEGS, STOPS, needs_mapping, recipe_from_choices, suggest_recipe
from routes.view import Filters, filter_choices
from ui import loaders

NOT_IN_FILE = "(not in the file)"


def data_source():
    """The Prepared dataset the user chose: bundled, or an upload (mapped if need be)."""
    st.sidebar.header("Data")
    upload = st.sidebar.file_uploader("Your itinerary (CSV)", type=["csv", "txt", "tsv"], key="upload",
                                      help="Legs or stops shape; any common encoding and delimiter.")
    # A callable: the file is read when someone clicks, not on every rerun.
    st.sidebar.download_button("Sample CSV", BUNDLED_LEGS.read_bytes, "leader-routes-sample.csv",
                               "text/csv", key="sample", help="The bundled journeys, in the legs shape.",
                               on_click="ignore")
    online = st.sidebar.toggle("Online geocoding", value=False, key="online",
                               help="Off by default. When on, names the offline gazetteer cannot place are "
                                    "sent to the geocoding server below.")
    server = ""
    if online:
        server = st.sidebar.text_input("Geocoding server", "nominatim.openstreetmap.org", key="server",
                                       help="Nominatim or Photon; your organisation's own server scales best.")
    if upload is None:
        prepared, source = loaders.bundled(), "bundled"
    else:
        data = upload.getvalue()
        recipe = _mapping_step(data, upload.name)
        if recipe is False:
            return None, "upload"
        prepared, source = loaders.uploaded(data, upload.name, recipe or None, server or None), "upload"
    drafted = st.session_state.get("drafted")
    if drafted:
        prepared = combine([prepared, loaders.uploaded(drafted, "draft.csv", None, server or None)])
        if st.sidebar.button("Remove the drafted story", key="draft_remove"):
            del st.session_state["drafted"]
            st.rerun()
    return prepared, source


def _mapping_step(data: bytes, name: str):
    """None when the header is ours, a recipe when the user mapped it, False while unmapped."""
    try:
        header = read_table(data, name).header
    except CsvLimitError as exc:
        st.error(str(exc))
        return False
    if not needs_mapping(header):
        return None
    st.info(f"The columns of {name} are not the ones Leader Routes expects. Map them below.")
    preset = suggest_recipe(header)
    presets = ["(map by hand)"] + sorted(RECIPES)
    choice = st.selectbox("Known layout", presets, index=presets.index(preset) if preset else 0, key="preset")
    if choice != "(map by hand)":
        return RECIPES[choice]
    shape = st.radio("Your rows are", [LEGS, STOPS], horizontal=True, key="map_shape",
                     format_func={LEGS: "movements (legs)", STOPS: "places visited (stops)"}.get)
    options = [NOT_IN_FILE] + header
    choices = {}
    for ours in COLUMNS[shape]:
        guess = next((h for h in header if h.strip().casefold() == ours), NOT_IN_FILE)
        picked = st.selectbox(f"{ours}{' *' if ours in REQUIRED[shape] else ''}", options,
                              index=options.index(guess), key=f"map_{ours}")
        choices[ours] = "" if picked == NOT_IN_FILE else picked
    missing = [c for c in REQUIRED[shape] if not choices[c] and c not in ("depart", "arrive")]
    if missing:
        st.warning("Still to map: " + ", ".join(missing))
        return False
    return recipe_from_choices(choices)


def filters(legs) -> Filters:
    """Leader, year, date, mode and trip filters (a link may have set their initial values)."""
    st.sidebar.header("Filters")
    choices = loaders.per_dataset(filter_choices, legs)
    leaders_all = list(choices.leaders)
    _keep_valid("leaders", leaders_all)
    leaders = st.sidebar.multiselect("Leaders", leaders_all, key="leaders", placeholder="All leaders")
    low, high = choices.years
    years = (low, high)
    if high > low:
        chosen = st.session_state.get("years")
        if not (isinstance(chosen, (tuple, list)) and len(chosen) == 2 and low <= chosen[0] <= chosen[1] <= high):
            st.session_state["years"] = (low, high)   # new data, or a link's years outside it
        years = st.sidebar.slider("Years", low, high, key="years")
    dates = st.sidebar.date_input("Dates", value=(), key="dates", min_value=date(1900, 1, 1),
                                  max_value=date(2100, 12, 31), help="Leave empty for all dates.")
    start, end = (tuple(dates) + (None, None))[:2] if isinstance(dates, (tuple, list)) else (dates, dates)
    _keep_valid("modes", MODES)
    modes = st.sidebar.multiselect("Modes", list(MODES), key="modes", placeholder="All modes")
    trips_all = choices.trips(tuple(leaders))
    if st.session_state.get("trip") not in ["All trips"] + trips_all:
        st.session_state["trip"] = "All trips"
    trip = st.sidebar.selectbox("Trip", ["All trips"] + trips_all, key="trip")
    return Filters(leaders=tuple(leaders), years=tuple(years), start=start, end=end, modes=tuple(modes),
                   trips=() if trip == "All trips" else (trip,))


def _keep_valid(key: str, options) -> None:
    """Drop values a widget cannot show (another dataset's leaders, a link's stale choices)."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]


BASEMAPS = {"offline": "Offline (Natural Earth)", "dark": "Offline, dark (Natural Earth)",
            "osm": "OpenStreetMap (online)", "carto": "CARTO light (online)"}


def basemap() -> str:
    if st.session_state.get("basemap") not in BASEMAPS:
        st.session_state["basemap"] = "offline"
    return st.sidebar.selectbox("Basemap", list(BASEMAPS), format_func=BASEMAPS.get, key="basemap",
                                help="The offline map always works; online tiles need the internet.")
