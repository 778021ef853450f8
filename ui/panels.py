"""Panels of the main area: data quality, where-was-everyone, details, tables, statistics, compare."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from routes.itinerary.wording import count, number_or_unknown
from routes.view import compare, stats
from routes.view.filters import Selection, legs_of
from routes.view.journeys import journeys, shown_duration
from routes.view.tables import LegTable, TripTable, legs_table, problems_table, trips_table
from routes.view.timing import timing
from routes.view.whereabouts import Whereabouts
from ui.plain import md, source_link

if TYPE_CHECKING:
    import altair as alt


def empty_notice(all_legs: pd.DataFrame, legs: pd.DataFrame) -> None:
    """Say so when the filters leave nothing, rather than show an empty map and tables."""
    if len(legs) or not len(all_legs):
        return
    st.info(f"No legs match these filters (the data has {count(len(all_legs), 'leg')}). "
            "Widen the leaders, years, dates, modes or trip in the sidebar.")


def quality(prepared) -> None:
    problems = prepared.problems
    errors = sum(p.severity == "error" for p in problems)
    label = f"Data quality: {count(errors, 'error')}, {count(len(problems) - errors, 'warning')}"
    with st.expander(label if problems else "Data quality: no problems", expanded=bool(errors)):
        account = prepared.itinerary.row_account()
        if account["read"]:
            st.text(f"{count(account['read'], 'row')} read: {account['kept']:,} kept "
                    f"({account['warned']:,} of them with a warning), {account['refused']:,} refused "
                    "with the reason below.")
        if not problems:
            st.write("Every row was read, placed and traced.")
            return
        st.caption("Rows with errors are left out; everything else is shown. Rows are numbered as in a "
                   "spreadsheet (the header is row 1). Unplaced places keep their legs in the tables.")
        problem_rows, unplaced = prepared.derived.get("quality_tables", lambda: _quality_tables(prepared))
        st.dataframe(problem_rows, hide_index=True, width="stretch")
        if len(unplaced):
            st.text(f"{count(len(unplaced), 'place')} could not be placed:")
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
    whereabouts = whereabouts_of(prepared)
    positions = whereabouts.at(legs, moment)
    if positions.empty:
        st.caption("Nobody is shown.")
        return
    table = pd.DataFrame({
        "leader": positions["leader"], "status": positions["status"], "where": positions["where"],
        "certain": positions["certain"].map({True: "yes", False: "no"}),
        "position": [_position(lat, lon) for lat, lon in zip(positions["lat"], positions["lon"])],
        "trip": positions["trip"]})
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption("A day-only date is a day in the local time of its place. \"certain: no\" means the times "
               "reported allow more than one answer (or the moment falls between recorded trips); "
               "a position is given only where the ends of the journey are known to the minute.")


def _position(lat, lon) -> str:
    # text, so an unknown position reads "unknown" rather than a grey "None"
    return f"{lat:.3f}, {lon:.3f}" if pd.notna(lat) and pd.notna(lon) else "unknown"


def whereabouts_of(prepared) -> Whereabouts:
    """The dataset's where-was-everyone, built once (the panel and the map share it)."""
    return prepared.derived.get("whereabouts", lambda: Whereabouts(prepared.legs, prepared.features,
                                                                    _timing_of(prepared)))


def _timing_of(prepared):
    """The time model of all the dataset's legs (each constrains the others), built once."""
    return prepared.derived.get("timing", lambda: timing(prepared.legs))


def _journeys_of(prepared) -> _Journeys:
    return prepared.derived.get("journeys", lambda: _Journeys(prepared.legs, _timing_of(prepared)))


def details(prepared, leg_id: str | None) -> None:
    if not leg_id:
        st.caption("Click a route or a stop on the map, or pick a leg below, to see its details.")
        return
    legs = prepared.legs
    match = legs[legs["leg_id"] == leg_id]
    if match.empty:
        return
    row = legs_table(match).iloc[0]
    st.text(f"{row['From']} → {row['To']} · {row['Leader']} · {row['Trip']}")
    # a table wraps where metrics in narrow columns cut numbers short ("3,9…")
    st.table(pd.DataFrame({"": [
        f"{row['km']:,.0f} km" if pd.notna(row["km"]) else "unknown",
        f"{row['Hours']:.1f} h" if pd.notna(row["Hours"]) else "unknown",
        f"{row['km/h']:.0f} km/h" if pd.notna(row["km/h"]) else "unknown",
        row["Confidence"] or "not given"]}, index=["Distance", "Duration", "Average speed", "Confidence"]))
    st.text(f"Departs {row['Departs']} · arrives {row['Arrives']} · {row['Mode']}"
            + (f" · {row['Vehicle']}" if row["Vehicle"] else ""))
    _journey_of(prepared, leg_id)
    if row["Notes"]:
        st.text(row["Notes"])   # st.text never interprets markup in user data
    for source in [s.strip() for s in str(row["Source"]).split(" ; ") if s.strip()]:
        link = source_link(source)
        if link:
            st.link_button(*link, help=md(source, 200))
        else:
            st.text(f"Source: {source}")


def _journey_of(prepared, leg_id: str) -> None:
    """The journey a leg is part of, when it has more legs than this one."""
    legs = prepared.legs
    rows = np.flatnonzero(legs["leg_id"].to_numpy() == leg_id)
    mine = _journeys_of(prepared).of_rows(rows)
    if mine.empty or mine.iloc[0]["legs"] < 2:
        return
    journey = mine.iloc[0]
    km = "unknown km" if pd.isna(journey["distance_km"]) else f"{journey['distance_km']:,.0f} km"
    st.text(f"Part of the {journey['mode']} journey {journey['from']} → {journey['to']} "
            f"({journey['legs']} legs): {km}, {shown_duration(journey['duration_h'], journey['duration_kind'])}")


def tables(legs: pd.DataFrame | Selection) -> str | None:
    """The trips and legs tables of the legs shown; returns the leg the reader picked, if any."""
    trips, table, leg_ids = _tables_of(legs)
    st.markdown(f"**Trips ({len(trips):,})**")
    st.dataframe(trips_table(trips), hide_index=True, width="stretch")
    table_of_journeys = journeys_table(legs)
    st.markdown(f"**Journeys ({len(table_of_journeys):,})**: legs in a row by one mode, timed by their known ends")
    st.dataframe(table_of_journeys, hide_index=True, width="stretch")
    st.markdown(f"**Legs ({len(legs_of(legs)):,})**")
    event = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun",
                         selection_mode="single-row", key="legs_select")
    rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
    if rows and rows[0] < len(leg_ids):
        return leg_ids[rows[0]]
    return None


def picked_leg(legs: pd.DataFrame | Selection) -> str | None:
    """The leg picked in the legs table, known before the table is drawn again (so the map,
    drawn first, can show it)."""
    state = st.session_state.get("legs_select")
    selection = getattr(state, "selection", None) or (state or {}).get("selection") if state else None
    rows = (getattr(selection, "rows", None) or (selection or {}).get("rows") or []) if selection else []
    if not rows:
        return None
    leg_ids = _tables_of(legs)[2]
    return str(leg_ids[rows[0]]) if rows[0] < len(leg_ids) else None


def _tables_of(legs: pd.DataFrame | Selection) -> tuple[pd.DataFrame, pa.Table, np.ndarray]:
    """(trips, legs table, leg_id of each table row). When ``legs`` came from the filters both
    tables are slices of the whole dataset's, computed and converted for display once."""
    dataset = _dataset_of(legs)
    if dataset is None:   # not cut from a dataset by the filters: these legs are one of their own
        frame = legs_of(legs)
        leg_table, trip_table, positions = LegTable(frame), TripTable(frame), np.arange(len(frame))
        shown = _arrow(leg_table)
    else:
        positions = legs.positions
        leg_table = dataset.derived.get("leg_table", lambda: LegTable(dataset.legs))
        trip_table = dataset.derived.get("trip_table", lambda: TripTable(dataset.legs))
        shown = dataset.derived.get("leg_table_arrow", lambda: _arrow(leg_table))
    rows = leg_table.rows(positions)
    return trip_table.subset(positions), shown.take(rows), leg_table.leg_ids[rows]


def _model_of(legs: pd.DataFrame | Selection):
    """The time model of the dataset ``legs`` was cut from (all its legs constrain each other)."""
    dataset = _dataset_of(legs)
    return _timing_of(dataset) if dataset is not None else timing(legs_of(legs))


def _dataset_of(view: pd.DataFrame | Selection):
    """The dataset (a Prepared, owning what was derived from all its legs) the filters cut
    ``view`` from; None for legs that are a dataset of their own."""
    dataset = view.dataset if isinstance(view, Selection) else None
    return dataset if dataset is not None and dataset.legs is view.source else None


class _Journeys:
    """A dataset's journeys, found once, and which journey each of its legs (by row) is in."""

    def __init__(self, legs: pd.DataFrame, model):
        self.table = journeys(legs, model)
        number = {leg_id: i for i, ids in enumerate(self.table["leg_ids"]) for leg_id in ids}
        self.of_row = np.array([number.get(leg_id, -1) for leg_id in legs["leg_id"]], dtype=np.int64)

    def of_rows(self, positions) -> pd.DataFrame:
        found = np.unique(self.of_row[np.asarray(positions, dtype=np.int64)])
        return self.table.iloc[found[found >= 0]]


def journeys_table(legs: pd.DataFrame | Selection) -> pd.DataFrame:
    """The journeys the shown legs are part of (a journey is a run in the whole dataset)."""
    dataset = _dataset_of(legs)
    if dataset is not None:
        found = _journeys_of(dataset).of_rows(legs.positions)
    else:
        frame = legs_of(legs)
        found = _Journeys(frame, timing(frame)).of_rows(np.arange(len(frame)))
    return pd.DataFrame({
        "Leader": found["leader"], "Trip": found["trip"], "Mode": found["mode"], "From": found["from"],
        "To": found["to"], "Departure": found["depart"].replace("", "unknown"),
        "Arrival": found["arrive"].replace("", "unknown"), "km": found["distance_km"].astype(float).round(0),
        "Time": [shown_duration(h, k) for h, k in zip(found["duration_h"], found["duration_kind"])],
        "Legs in it": found["legs"]})


def _arrow(leg_table: LegTable) -> pa.Table:
    # st.dataframe converts a pandas frame to Arrow on every call; a slice of a table
    # converted once costs a fraction of a millisecond.
    return pa.Table.from_pandas(leg_table.table, preserve_index=False)


def statistics(view: pd.DataFrame | Selection, colours: dict[str, str]) -> None:
    legs = legs_of(view)
    summary = stats.summary(legs, _model_of(view))
    st.dataframe(_summary_shown(summary), hide_index=True, width="stretch")
    st.caption("Hours are summed over journeys (legs in a row by one mode) from their known ends; "
               "\"at least\" when some journey's time was not fully reported.")
    modes = stats.by_mode(legs)
    if modes.empty:
        return
    # altair is imported here, not with the module: it costs a quarter of a second, and only
    # this section draws charts (a started server's first map waits for every import).
    import altair as alt
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


def _gantt_chart(bars: pd.DataFrame, domain: list, scale: list) -> alt.LayerChart | alt.FacetChart | alt.Chart:
    """Trips as bars on a time axis that says the year, each bar labelled with its trip."""
    import altair as alt
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


def _summary_shown(summary: pd.DataFrame) -> pd.DataFrame:
    """The statistics with unknown values said as "unknown" (a blank would read as zero)."""
    shown = summary.copy()
    for column, fmt in (("km", ",.0f"), ("hours", ",.1f"), ("longest_km", ",.0f")):
        shown[column] = [number_or_unknown(v, fmt) for v in summary[column]]
    if "hours_at_least" in summary:   # "at least 12.0" when part of the time was not reported
        shown["hours"] = [f"at least {h}" if least and h != "unknown" else h
                          for h, least in zip(shown["hours"], summary["hours_at_least"])]
        shown = shown.drop(columns="hours_at_least")
    shown["year"] = [str(y) if pd.notna(y) else "unknown" for y in summary["year"]]
    return shown


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
        st.text(f"{a} and {b} were never at the same place on the same days in this data.")
        return
    found = found.assign(first_day=found["first_day"].dt.strftime("%Y-%m-%d"),
                         last_day=found["last_day"].dt.strftime("%Y-%m-%d"))
    st.dataframe(found, hide_index=True, width="stretch")
