"""Panels of the main area: data quality, where-was-everyone, details, tables, statistics, compare."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from routes import compare, stats
from routes.itinerary import Itinerary
from routes.tables import legs_table, problems_table, trips_table
from routes.view import positions_at


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
        st.dataframe(problems_table(problems), hide_index=True, width="stretch")
        if len(prepared.places):
            unplaced = prepared.places[prepared.places["lat"].isna()]
            if len(unplaced):
                st.write(f"{len(unplaced)} places could not be placed:")
                st.dataframe(unplaced, hide_index=True, width="stretch")


def where_at(legs: pd.DataFrame, prepared, moment) -> None:
    positions = positions_at(legs, prepared.itinerary.stops, prepared.features, moment)
    if positions.empty:
        st.caption("Nobody shown was travelling or abroad at that moment.")
        return
    table = positions.assign(lat=positions["lat"].round(3), lon=positions["lon"].round(3))
    st.dataframe(table[["leader", "status", "where", "lat", "lon", "trip"]], hide_index=True, width="stretch")


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
    cols = st.columns(4)
    cols[0].metric("Distance", f"{row['km']:,.0f} km" if pd.notna(row["km"]) else "unknown")
    cols[1].metric("Duration", f"{row['Hours']:.1f} h" if pd.notna(row["Hours"]) else "unknown")
    cols[2].metric("Average speed", f"{row['km/h']:.0f} km/h" if pd.notna(row["km/h"]) else "unknown")
    cols[3].metric("Confidence", row["Confidence"] or "not given")
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
    trips = Itinerary(legs).trips()
    st.markdown(f"**Trips ({len(trips)})**")
    st.dataframe(trips_table(trips), hide_index=True, width="stretch")
    st.markdown(f"**Legs ({len(legs)})**")
    table = legs_table(legs)
    event = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun",
                         selection_mode="single-row", key="legs_select")
    rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
    if rows:
        ordered = legs.sort_values(["depart_utc", "leader", "trip", "seq"], na_position="last", kind="stable")
        return ordered.iloc[rows[0]]["leg_id"]
    return None


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
        gantt = alt.Chart(bars).mark_bar(size=12).encode(
            x=alt.X("start:T", title=None), x2="end:T", y=alt.Y("leader:N", title=None),
            color=alt.Color("leader:N", scale=alt.Scale(domain=domain, range=scale), legend=None),
            tooltip=["leader", "trip", "start:T", "end:T", "modes", "places"])
        st.altair_chart(gantt, width="stretch")


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
