"""Leader Routes — where political leaders travel, and how. Widgets only; logic lives in routes/."""

from __future__ import annotations

import streamlit as st

from routes.itinerary import Itinerary, read_itinerary
from routes.pipeline import load_bundled
from routes.tables import legs_table, problems_table, trips_table
from routes.view import Filters, apply_filters, year_bounds

st.set_page_config(page_title="Leader Routes", page_icon="🚆", layout="wide")


@st.cache_data(show_spinner=False)
def bundled() -> Itinerary:
    return load_bundled()


@st.cache_data(show_spinner=False)
def uploaded(data: bytes, name: str) -> Itinerary:
    return read_itinerary(data, name=name)


def sidebar_data() -> Itinerary:
    st.sidebar.header("Data")
    upload = st.sidebar.file_uploader("Upload an itinerary CSV", type=["csv", "txt", "tsv"], key="upload")
    if upload is None:
        return bundled()
    return uploaded(upload.getvalue(), upload.name)


def sidebar_filters(itinerary: Itinerary) -> Filters:
    st.sidebar.header("Filters")
    leaders = st.sidebar.multiselect("Leaders", itinerary.leaders(), key="leaders",
                                     placeholder="All leaders")
    low, high = year_bounds(itinerary.legs)
    years = (low, high)
    if high > low:
        years = st.sidebar.slider("Years", low, high, (low, high), key="years")
    return Filters(leaders=tuple(leaders), years=years)


def quality_panel(itinerary: Itinerary) -> None:
    if not itinerary.problems:
        return
    label = f"Data quality: {len(itinerary.errors)} errors, {len(itinerary.warnings)} warnings"
    with st.expander(label, expanded=bool(itinerary.errors)):
        st.caption("Rows with errors are left out; everything else is shown. Rows are numbered as in a spreadsheet.")
        st.dataframe(problems_table(itinerary.problems), hide_index=True, width="stretch")


itinerary = sidebar_data()
filters = sidebar_filters(itinerary)
st.title("Leader Routes")
st.caption("Where political leaders travel, and how.")
quality_panel(itinerary)
shown = apply_filters(itinerary.legs, filters)
trips = Itinerary(shown).trips()
st.subheader(f"Trips ({len(trips)})")
st.dataframe(trips_table(trips), hide_index=True, width="stretch")
st.subheader(f"Legs ({len(shown)})")
st.dataframe(legs_table(shown), hide_index=True, width="stretch")
