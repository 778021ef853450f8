"""Tables for people: the legs and trips as a reader wants to see them.

`LegTable` and `TripTable` hold one dataset's tables, computed once; a filtered subset
of its legs (given as row positions) is then a slice, not a recomputation — the app
shows them on every rerun.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from routes.itinerary.stops import order_trips, trips_of

LEG_TABLE_COLUMNS = {
    "leader": "Leader", "trip": "Trip", "seq": "#", "origin": "From", "destination": "To",
    "mode": "Mode", "depart_shown": "Departs", "arrive_shown": "Arrives", "distance_km": "km",
    "duration_h": "Hours", "speed_kmh": "km/h", "vehicle": "Vehicle", "confidence": "Confidence",
    "notes": "Notes", "source": "Source",
}
READING_ORDER = ["leader", "_trip_start", "trip", "seq"]
TRIP_KEYS = ["leader", "trip"]


def shown_when(text: pd.Series, precision: pd.Series) -> pd.Series:
    """routes.itinerary.when.format_when over whole columns: "unknown" when empty, a day or month as
    given, anything finer with a space for the "T"."""
    text = text.fillna("").astype(str)
    coarse = precision.fillna("").isin(("day", "month")).to_numpy()
    shown = np.where(coarse, text, text.str.replace("T", " ", regex=False))
    return pd.Series(np.where(text.to_numpy() == "", "unknown", shown), index=text.index, dtype=str)


def reading_order(legs: pd.DataFrame) -> np.ndarray:
    """Row positions of ``legs`` in the order the legs table shows them."""
    # A leader's trips in time order (as the trips table lists them), each trip's legs by number.
    known = legs["depart_utc"].fillna(legs["arrive_utc"]) if "arrive_utc" in legs else legs["depart_utc"]
    keys = legs[["leader", "trip", "seq"]].assign(
        _trip_start=known.groupby([legs["leader"], legs["trip"]]).transform("min")).reset_index(drop=True)
    return keys.sort_values(READING_ORDER, na_position="last", kind="stable").index.to_numpy()


def legs_table(legs: pd.DataFrame) -> pd.DataFrame:
    """Legs in reading order with the columns a reader needs, times at their precision."""
    return _format_legs(legs.iloc[reading_order(legs)])


def _format_legs(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in ("origin", "destination"):   # a code with the name it was placed at (routes/places/placenames.py)
        label = f"{column}_label"
        if label in frame:
            frame[column] = frame[label].where(frame[label].fillna("") != "", frame[column])
    frame["depart_shown"] = shown_when(frame["depart"], frame["depart_precision"])
    frame["arrive_shown"] = shown_when(frame["arrive"], frame["arrive_precision"])
    for column in ("distance_km", "duration_h", "speed_kmh"):
        if column not in frame:
            frame[column] = float("nan")
        frame[column] = frame[column].round(1 if column != "distance_km" else 0)
    table = frame[list(LEG_TABLE_COLUMNS)].rename(columns=LEG_TABLE_COLUMNS)
    return table.reset_index(drop=True)


class LegTable:
    """The legs table of one dataset, formatted once; any subset of its legs is a slice."""

    def __init__(self, legs: pd.DataFrame):
        order = reading_order(legs)
        self.table = _format_legs(legs.iloc[order])
        self.leg_ids = legs["leg_id"].to_numpy()[order]
        self._row_of = np.empty(len(order), dtype=np.int64)   # dataset row position -> table row
        self._row_of[order] = np.arange(len(order))

    def rows(self, positions) -> np.ndarray:
        """Table rows of the legs at these dataset row positions, in reading order."""
        return np.sort(self._row_of[np.asarray(positions, dtype=np.int64)])

    def subset(self, positions) -> tuple[pd.DataFrame, np.ndarray]:
        """(the table of those legs, their leg_ids row by row) — as legs_table would give it."""
        rows = self.rows(positions)
        return self.table.iloc[rows].reset_index(drop=True), self.leg_ids[rows]


def trips_table(trips: pd.DataFrame) -> pd.DataFrame:
    table = trips.copy()
    table["start"] = _days(table["start"])
    table["end"] = _days(table["end"])
    return table.rename(columns={"leader": "Leader", "trip": "Trip", "start": "From", "end": "To",
                                 "legs": "Legs", "modes": "Modes", "places": "Route"})


def _days(times: pd.Series) -> pd.Series:
    """YYYY-MM-DD of each UTC instant (None when unknown), without a strftime per row."""
    instants = pd.to_datetime(times, utc=True).to_numpy(dtype="datetime64[ns]")
    days = instants.astype("datetime64[D]").astype(str).astype(object)
    days[np.isnat(instants)] = None
    return pd.Series(days, index=times.index, dtype=object)


class TripTable:
    """The trips of one dataset, summarised once. A subset of its legs reuses the summary of
    every trip it keeps whole and summarises again only the trips it cuts (a year, a mode…),
    giving what ``trips_of`` would give for the subset."""

    def __init__(self, legs: pd.DataFrame):
        self.legs = legs
        self.trips = trips_of(legs)
        self._groups = pd.MultiIndex.from_frame(self.trips[TRIP_KEYS])
        self._trip_of_leg = self._groups.get_indexer(pd.MultiIndex.from_frame(legs[TRIP_KEYS]))
        self._sizes = np.bincount(self._trip_of_leg, minlength=len(self.trips))

    def subset(self, positions) -> pd.DataFrame:
        """trips_of(legs at these row positions), from the summaries made once."""
        positions = np.asarray(positions, dtype=np.int64)
        trip_of_leg = self._trip_of_leg[positions]
        kept = np.bincount(trip_of_leg, minlength=len(self.trips))
        whole = (kept == self._sizes) & (kept > 0)
        cut = (kept > 0) & ~whole
        if not cut.any():   # rows of self.trips keep its order
            return self.trips[whole].reset_index(drop=True)
        recut = trips_of(self.legs.iloc[positions[cut[trip_of_leg]]])
        return order_trips(pd.concat([self.trips[whole], recut], ignore_index=True))


def problems_table(problems) -> pd.DataFrame:
    return pd.DataFrame([{"Severity": p.severity, "File": p.file, "Row": p.row, "Column": p.column or "",
                          "Value": p.value if p.value is not None else "", "Problem": p.message}
                         for p in problems],
                        columns=["Severity", "File", "Row", "Column", "Value", "Problem"])
