"""Panels of the main area: data quality, where-was-everyone, details, tables, statistics, compare."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from routes import compare, stats
from routes.tables import LegTable, TripTable, legs_table, problems_table, trips_table
from routes.view import Whereabouts, filtered_from
from ui.loaders import per_dataset


def quality(prepared) -> None:
    problems = prepared.problems
    errors = sum(p.severity == "error" for p in problems)
    label = f"Data quality: {errors} errors, {len(problems) - errors} warnings"
    with st.expander(label if problems else "Data quality: no problems", expanded=bool(errors)):
        if not problems:
            st.write("Every row was read, placed and traced.")
            return
        st.caption("Rows with errors are left out; everything else is shown. Rows are numbered as in a "
                   "spreadsheet (the header is row 1). Unplaced places keep their legs in the tables.")
        problem_rows, unplaced = per_dataset(_quality_tables, prepared)
        st.dataframe(problem_rows, hide_index=True, width="stretch")
        if len(unplaced):
            st.write(f"{len(unplaced)} places could not be placed:")
            st.dataframe(unplaced, hide_index=True, width="stretch")


def _quality_tables(prepared) -> tuple[pa.Table | pd.DataFrame, pa.Table | pd.DataFrame]:
    """(problems, places that could not be placed) of a dataset, converted for display once."""
    places = prepared.places
    unplaced = places[places["lat"].isna()] if len(places) else places.iloc[:0]
    return _for_display(problems_table(prepared.problems)), _for_display(unplaced)


def _for_display(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    # st.dataframe converts a pandas frame to Arrow on every call; converted once, a table costs
    # nothing more per rerun. A column Arrow cannot type stays with Streamlit's own conversion.
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, OverflowError):
        return frame


def where_at(legs: pd.DataFrame, prepared, moment) -> None:
    whereabouts = per_dataset(_whereabouts, prepared)
    positions = whereabouts.at(legs, moment)
    if positions.empty:
        st.caption("Nobody shown was travelling or abroad at that moment.")
        return
    table = positions.assign(lat=positions["lat"].round(3), lon=positions["lon"].round(3))
    st.dataframe(table[["leader", "status", "where", "lat", "lon", "trip"]], hide_index=True, width="stretch")


def _whereabouts(prepared) -> Whereabouts:
    return Whereabouts(prepared.itinerary.stops, prepared.features)


def details(prepared, leg_id: str | None) -> None:
    if not leg_id:
        st.caption("Click a route or a stop on the map, or pick a leg below, to see its details.")
        return
    legs = prepared.legs
    match = legs[legs["leg_id"] == leg_id]
    if match.empty:
        return
    row = legs_table(match).iloc[0]
    st.markdown(f"**{row['From']} → {row['To']}** · {row['Leader']} · {row['Trip']}")
    # a table wraps where metrics in narrow columns cut numbers short ("3,9…")
    st.table(pd.DataFrame({"": [
        f"{row['km']:,.0f} km" if pd.notna(row["km"]) else "unknown",
        f"{row['Hours']:.1f} h" if pd.notna(row["Hours"]) else "unknown",
        f"{row['km/h']:.0f} km/h" if pd.notna(row["km/h"]) else "unknown",
        row["Confidence"] or "not given"]}, index=["Distance", "Duration", "Average speed", "Confidence"]))
    st.write(f"Departs {row['Departs']} · arrives {row['Arrives']} · {row['Mode']}"
             + (f" · {row['Vehicle']}" if row["Vehicle"] else ""))
    if row["Notes"]:
        st.text(row["Notes"])   # st.text never interprets markup in user data
    for source in [s.strip() for s in str(row["Source"]).split(" ; ") if s.strip()]:
        if source.startswith(("http://", "https://")):
            st.link_button(source[:80], source)
        else:
            st.text(f"Source: {source}")


def tables(legs: pd.DataFrame) -> str | None:
    """The trips and legs tables of the legs shown; returns the leg the reader picked, if any."""
    trips, table, leg_ids = _tables_of(legs)
    st.markdown(f"**Trips ({len(trips)})**")
    st.dataframe(trips_table(trips), hide_index=True, width="stretch")
    st.markdown(f"**Legs ({len(legs)})**")
    event = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun",
                         selection_mode="single-row", key="legs_select")
    rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
    if rows and rows[0] < len(leg_ids):
        return leg_ids[rows[0]]
    return None


def picked_leg(legs: pd.DataFrame) -> str | None:
    """The leg picked in the legs table, known before the table is drawn again (so the map,
    drawn first, can show it)."""
    state = st.session_state.get("legs_select")
    selection = getattr(state, "selection", None) or (state or {}).get("selection") if state else None
    rows = (getattr(selection, "rows", None) or (selection or {}).get("rows") or []) if selection else []
    if not rows:
        return None
    leg_ids = _tables_of(legs)[2]
    return str(leg_ids[rows[0]]) if rows[0] < len(leg_ids) else None


def _tables_of(legs: pd.DataFrame) -> tuple[pd.DataFrame, pa.Table, np.ndarray]:
    """(trips, legs table, leg_id of each table row). When ``legs`` came from the filters both
    tables are slices of the whole dataset's, computed and converted for display once."""
    source = filtered_from(legs)
    if source is None:   # not cut by the filters: these legs are a dataset of their own
        leg_table, trip_table, positions = LegTable(legs), TripTable(legs), np.arange(len(legs))
        shown = _arrow(leg_table)
    else:
        dataset, positions = source
        leg_table, trip_table = per_dataset(LegTable, dataset), per_dataset(TripTable, dataset)
        shown = per_dataset(_arrow, leg_table)
    rows = leg_table.rows(positions)
    return trip_table.subset(positions), shown.take(rows), leg_table.leg_ids[rows]


def _arrow(leg_table: LegTable) -> pa.Table:
    # st.dataframe converts a pandas frame to Arrow on every call; a slice of a table
    # converted once costs a fraction of a millisecond.
    return pa.Table.from_pandas(leg_table.table, preserve_index=False)


def statistics(legs: pd.DataFrame, colours: dict[str, str]) -> None:
    summary = stats.summary(legs)
    st.dataframe(summary.round({"km": 0, "hours": 1, "longest_km": 0}), hide_index=True, width="stretch")
    modes = stats.by_mode(legs)
    if modes.empty:
        return
    domain, scale = list(colours), list(colours.values())
    km = alt.Chart(modes).mark_bar().encode(
        x=alt.X("year:O", title="Year"), y=alt.Y("sum(km):Q", title="km"),
        color=alt.Color("mode:N", title="Mode"), column=alt.Column("leader:N", title=None),
        tooltip=["leader", "year", "mode", alt.Tooltip("km:Q", format=",.0f"), alt.Tooltip("hours:Q", format=".1f")])
    st.altair_chart(km, width="content")
    bars = stats.gantt(legs)
    if len(bars):
        st.altair_chart(_gantt_chart(bars, domain, scale), width="stretch")


GANTT_LABELS_MAX = 40   # more trips than this: names only in the tooltip, or they pile up


def _gantt_chart(bars: pd.DataFrame, domain: list, scale: list) -> alt.LayerChart | alt.Chart:
    """Trips as bars on a time axis that says the year, each bar labelled with its trip."""
    span_days = (bars["end"].max() - bars["start"].min()).days
    axis = alt.Axis(format="%Y" if span_days > 3 * 365 else "%b %Y", labelOverlap=True, title=None)
    base = alt.Chart(bars).encode(x=alt.X("start:T", axis=axis), y=alt.Y("leader:N", title=None))
    gantt = base.mark_bar(size=12).encode(
        x2="end:T", color=alt.Color("leader:N", scale=alt.Scale(domain=domain, range=scale), legend=None),
        tooltip=["leader", "trip", "start:T", "end:T", "modes", "places"])
    if len(bars) > GANTT_LABELS_MAX:
        return gantt
    labels = base.mark_text(align="left", baseline="bottom", dy=-7, fontSize=10, color="#333").encode(text="trip:N")
    return alt.layer(gantt, labels)


def comparison(prepared, legs: pd.DataFrame) -> None:
    leaders = sorted(prepared.legs["leader"].unique())
    if len(leaders) < 2:
        st.caption("Comparing needs at least two leaders in the data.")
        return
    cols = st.columns(3)
    a = cols[0].selectbox("Leader", leaders, key="cmp_a")
    b = cols[1].selectbox("with", [x for x in leaders if x != a], key="cmp_b")
    km = cols[2].number_input("Same place within (km)", 1.0, 500.0, 25.0, key="cmp_km")
    found = compare.meetings(prepared.itinerary.stops, (a, b), within_km=km)
    if found.empty:
        st.write(f"{a} and {b} were never at the same place on the same days in this data.")
        return
    found = found.assign(first_day=found["first_day"].dt.strftime("%Y-%m-%d"),
                         last_day=found["last_day"].dt.strftime("%Y-%m-%d"))
    st.dataframe(found, hide_index=True, width="stretch")
