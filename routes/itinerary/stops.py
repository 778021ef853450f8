"""Stops and trips derived from legs: where a leader was between movements."""

from __future__ import annotations

import numpy as np
import pandas as pd

STOP_COLUMNS = ["leader", "trip", "seq", "place", "country", "lat", "lon", "arrive", "depart",
                "arrive_utc", "depart_utc", "hours", "leg_in", "leg_out"]


def stops_of(legs: pd.DataFrame) -> pd.DataFrame:
    """One row per place of each trip: the first origin, then every destination."""
    if legs.empty:
        return pd.DataFrame(columns=STOP_COLUMNS)
    legs = legs.sort_values(["leader", "trip", "seq"], kind="stable")
    first = legs.groupby(["leader", "trip"], sort=False).head(1)
    starts = pd.DataFrame({
        "leader": first["leader"], "trip": first["trip"], "seq": 0, "place": first["origin"],
        "country": first["origin_country"], "lat": first["origin_lat"], "lon": first["origin_lon"],
        "arrive": "", "depart": first["depart"], "arrive_utc": pd.NaT, "depart_utc": first["depart_utc"],
        "leg_in": "", "leg_out": first["leg_id"]})
    nxt = legs.groupby(["leader", "trip"], sort=False).shift(-1)
    ends = pd.DataFrame({
        "leader": legs["leader"], "trip": legs["trip"], "seq": legs["seq"], "place": legs["destination"],
        "country": legs["destination_country"], "lat": legs["destination_lat"],
        "lon": legs["destination_lon"], "arrive": legs["arrive"], "depart": nxt["depart"].fillna(""),
        "arrive_utc": legs["arrive_utc"], "depart_utc": nxt["depart_utc"],
        "leg_in": legs["leg_id"], "leg_out": nxt["leg_id"].fillna("")})
    stops = pd.concat([starts, ends], ignore_index=True)
    stops["arrive_utc"] = pd.to_datetime(stops["arrive_utc"], utc=True)
    stops["depart_utc"] = pd.to_datetime(stops["depart_utc"], utc=True)
    stops["hours"] = (stops["depart_utc"] - stops["arrive_utc"]).dt.total_seconds() / 3600.0
    stops = stops.sort_values(["leader", "trip", "seq"], kind="stable").reset_index(drop=True)
    return stops[STOP_COLUMNS]


def stops_of_legs(stops: pd.DataFrame, leg_ids) -> pd.DataFrame:
    """The stops (rows of ``stops_of``) where one of these legs arrives or leaves."""
    wanted = {str(leg_id) for leg_id in leg_ids}
    # set lookups over plain strings: pandas' isin on string columns is 10x slower here
    pairs = zip(stops["leg_in"].tolist(), stops["leg_out"].tolist())
    mask = np.fromiter((a in wanted or b in wanted for a, b in pairs), dtype=bool, count=len(stops))
    return stops[mask]


def trips_of(legs: pd.DataFrame) -> pd.DataFrame:
    """One row per (leader, trip) with its span, legs and modes, by leader and then in time order."""
    columns = ["leader", "trip", "start", "end", "legs", "modes", "places"]
    if legs.empty:   # typed, so that callers' .dt and arithmetic work on no trips too
        return pd.DataFrame({"leader": pd.Series(dtype=object), "trip": pd.Series(dtype=object),
                             "start": pd.Series(dtype="datetime64[ns, UTC]"),
                             "end": pd.Series(dtype="datetime64[ns, UTC]"), "legs": pd.Series(dtype="int64"),
                             "modes": pd.Series(dtype=object), "places": pd.Series(dtype=object)})[columns]
    ordered = legs.sort_values(["leader", "trip", "seq"], kind="stable")
    grouped = ordered.groupby(["leader", "trip"], sort=False)
    start = grouped["depart_utc"].min().fillna(grouped["arrive_utc"].min())
    end = grouped["arrive_end_utc"].max().fillna(grouped["depart_end_utc"].max())
    trips = pd.DataFrame({
        "start": start, "end": end, "legs": grouped.size(),
        "modes": grouped["mode"].agg(lambda m: ", ".join(dict.fromkeys(m))),
        "places": grouped["origin"].first() + " → " + grouped["destination"].agg(" → ".join),
    }).reset_index()
    return order_trips(trips[columns])


TRIP_ORDER = ["leader", "start", "trip"]


def order_trips(trips: pd.DataFrame) -> pd.DataFrame:
    """A leader's trips together, in time order (unknown times last), then by name."""
    return trips.sort_values(TRIP_ORDER, na_position="last", kind="stable").reset_index(drop=True)


def span_days(trips: pd.DataFrame) -> np.ndarray:
    """Calendar days each trip covers (a day trip counts as one)."""
    days = (trips["end"].dt.floor("D") - trips["start"].dt.floor("D")).dt.days + 1
    return days.to_numpy()
