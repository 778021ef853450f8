"""The sidebar: where the data comes from, and what of it to show."""

from __future__ import annotations

from datetime import date

import streamlit as st

from routes.itinerary.modes import MODES
from routes.itinerary.wording import count
from routes.mapview.basemap import BASEMAPS_TABLE
from routes.reading import csvfile
from routes.reading.csvfile import CsvLimitError, CsvRefusedError
from routes.reading.schema import (
    COLUMNS,
    LEGS,
    RECIPES,
    REQUIRED,
    STOPS,
    needs_mapping,
    recipe_from_choices,
    suggest_recipe,
)
from routes.reading.spreadsheet import SpreadsheetError
from routes.view.filters import Filters, filter_choices, left_out_undated, trip_options, undated_mask
from routes.view.pipeline import BUNDLED_LEGS, BUNDLED_SETS, SET_SLUGS, combine
from ui import loaders
from ui.plain import md

NOT_IN_FILE = "(not in the file)"


def _set_from_link() -> None:
    """A link's bundled dataset (set=presidents), once per session, before its box is drawn (the
    rest of the link is read against that dataset's leaders and trips, in ui.share)."""
    from ui.share import RESTORED
    if st.session_state.get(RESTORED):   # set by the first run's restore_from_link
        return
    slug = st.query_params.get("set")
    if slug and slug.lower() in SET_SLUGS:
        st.session_state["bundled_set"] = SET_SLUGS[slug.lower()]


def data_source():
    """The Prepared dataset the user chose: bundled, or an upload (mapped if need be)."""
    st.sidebar.header("Data")
    limits = f"up to {csvfile.MAX_BYTES // 2**20} MB and {csvfile.MAX_ROWS:,} rows."
    upload = st.sidebar.file_uploader("Your itinerary (CSV or spreadsheet)", type=["csv", "txt", "tsv", "xlsx", "ods"],
                                      key="upload", help="Legs or stops shape; any common encoding and delimiter, "
                                                         f"or an .xlsx or .ods workbook; {limits}")
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
        _set_from_link()
        chosen = st.sidebar.selectbox("Bundled journeys", list(BUNDLED_SETS), key="bundled_set",
                                      help="Public-domain records of the US Office of the Historian, or ours.")
        prepared, source = loaders.bundled(chosen), "bundled"
    else:
        if upload.size > csvfile.MAX_BYTES:   # refused from its size, before its bytes are copied
            st.error(md(csvfile.too_big(upload.name, upload.size)))
            return None, "upload"
        data = upload.getvalue()
        sheet = _sheet_choice(data)
        recipe = _mapping_step(data, upload.name, sheet)
        if recipe is False:
            return None, "upload"
        prepared, source = loaders.uploaded(data, upload.name, recipe or None, server or None, sheet), "upload"
        if prepared.legs.empty and (refused := _refusal(prepared)):
            st.error(md(refused))   # the whole file was refused: say so, never show other data
            return None, "upload"
    drafted = st.session_state.get("drafted")
    if drafted:
        prepared = combine([prepared, loaders.uploaded(drafted, "draft.csv", None, server or None)])
        if st.sidebar.button("Remove the drafted story", key="draft_remove"):
            del st.session_state["drafted"]
            st.rerun()
    return prepared, source


def _refusal(prepared) -> str | None:
    refused = [p.message for p in prepared.problems if p.code in ("limit", "read")]
    return "; ".join(refused) or None


def _sheet_choice(data: bytes) -> str | None:
    """The sheet to read when the upload is a workbook of several sheets, else None."""
    try:
        names = loaders.sheets(data)
    except (SpreadsheetError, CsvLimitError):
        return None   # the reader reports it
    if len(names) < 2:
        return None
    if st.session_state.get("sheet") not in names:
        st.session_state["sheet"] = names[0]
    return st.sidebar.selectbox("Sheet", names, key="sheet", help="The workbook's sheet to read.")


def _mapping_step(data: bytes, name: str, sheet: str | None = None):
    """None when the header is ours, a recipe when the user mapped it, False while unmapped."""
    try:
        header = loaders.header(data, name, sheet)
    except SpreadsheetError:
        return None   # the reader reports it
    except CsvRefusedError as exc:   # a limit, or a file that cannot be an itinerary
        st.error(md(exc))
        return False
    if not header:
        st.error(md(f"{name}: no header line was found"))
        return False
    if not needs_mapping(header):
        return None
    st.info(f"The columns of {md(name)} are not the ones Leader Routes expects. Map them below.")
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


def filters(prepared) -> Filters:
    """Leader, year, date, mode and trip filters (a link may have set their initial values)."""
    st.sidebar.header("Filters")
    legs = prepared.legs
    choices = prepared.derived.get("filter_choices", lambda: filter_choices(legs))
    leaders_all = list(choices.leaders)
    _keep_valid("leaders", leaders_all)
    leaders = st.sidebar.multiselect("Leaders", leaders_all, key="leaders", placeholder="All leaders")
    low, high = choices.years
    years = None   # the whole range is no filter: legs of unknown time stay in
    if high > low:
        chosen = st.session_state.get("years")
        if not (isinstance(chosen, (tuple, list)) and len(chosen) == 2 and low <= chosen[0] <= chosen[1] <= high):
            st.session_state["years"] = (low, high)   # new data, or a link's years outside it
        picked = tuple(st.sidebar.slider("Years", low, high, key="years"))
        years = None if picked == (low, high) else picked
    # An empty tuple is an empty range, which Streamlit accepts though its annotations do not say so.
    dates = st.sidebar.date_input("Dates", value=(), key="dates",  # type: ignore[arg-type]
                                  min_value=date(1900, 1, 1),
                                  max_value=date(2100, 12, 31), help="Leave empty for all dates.")
    start, end = (tuple(dates) + (None, None))[:2] if isinstance(dates, (tuple, list)) else (dates, dates)
    _keep_valid("modes", MODES)
    modes = st.sidebar.multiselect("Modes", list(MODES), key="modes", placeholder="All modes")
    undated = _undated_choice(prepared, years is not None or start is not None or end is not None)
    chosen = Filters(leaders=tuple(leaders), years=years, start=start, end=end, modes=tuple(modes),
                     undated=undated)
    trips_all = trip_options(legs, chosen)
    if st.session_state.get("trip") not in ["All trips"] + trips_all:
        st.session_state["trip"] = "All trips"
    trip = st.sidebar.selectbox("Trip", ["All trips"] + trips_all, key="trip",
                                help="The trips that have legs under the filters above.")
    filters = Filters(leaders=chosen.leaders, years=years, start=start, end=end, modes=chosen.modes,
                      trips=() if trip == "All trips" else (trip,), undated=undated)
    left_out = left_out_undated(legs, filters)
    if left_out:
        st.sidebar.caption(f"{count(left_out, 'leg')} of unknown time left out by the period chosen.")
    return filters


def _undated_choice(prepared, period: bool) -> bool:
    """Whether legs of no known time stay in when a period is chosen (asked only then)."""
    undated = int(prepared.derived.get("undated", lambda: undated_mask(prepared.legs)).sum())
    if not (period and undated):
        return True
    return st.sidebar.checkbox(f"Include {count(undated, 'leg')} of unknown time", value=True, key="undated",
                               help="Legs whose trip has no date at all: a period cannot tell if they fall in it.")


def _keep_valid(key: str, options) -> None:
    """Drop values a widget cannot show (another dataset's leaders, a link's stale choices)."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]


BASEMAPS = {b.key: b.label for b in BASEMAPS_TABLE}


def basemap() -> str:
    if st.session_state.get("basemap") not in BASEMAPS:
        st.session_state["basemap"] = "offline"
    return st.sidebar.selectbox("Basemap", list(BASEMAPS), format_func=lambda name: BASEMAPS[name], key="basemap",
                                help="The offline map always works; online tiles need the internet.")
