"""Journeys: runs of consecutive legs by the same mode (Pyongyang → Dandong → Dong Dang by train).

A journey's duration comes from its known ends, in the time model (``routes.timing``): the
derived departure of its first leg and arrival of its last, so inner stops known only by the day
do not matter. Both ends known to the instant: ``exact``; else, when the latest departure is
still before the earliest arrival, ``at_least`` that long; else ``unknown``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from routes.timing import EARLIEST, LATEST, Timing, as_time

JOURNEY_COLUMNS = ["leader", "trip", "mode", "from", "to", "depart", "arrive", "distance_km", "duration_h",
                   "duration_kind", "legs", "leg_ids", "depart_lo", "depart_hi", "arrive_lo", "arrive_hi"]
_HOUR_NS = 3600 * 10**9
# A halt of a few hours (a border crossing, a change of engines) is part of a journey; a stay of
# six hours or more (a night, a visit) ends it.
STAY_ENDS_JOURNEY = 6 * _HOUR_NS


def journeys(legs: pd.DataFrame, model: Timing) -> pd.DataFrame:
    """One row per journey of ``legs`` (JOURNEY_COLUMNS), in each leader's travel order.

    ``legs`` carries the given texts and distances; ``model`` the order and the bounds."""
    frame = model.frame[model.frame["leg_id"].isin(set(legs["leg_id"]))]
    if frame.empty:
        return pd.DataFrame(columns=JOURNEY_COLUMNS)
    given = legs.drop_duplicates("leg_id").set_index("leg_id")
    texts = given.reindex(frame["leg_id"])
    distance = texts["distance_km"] if "distance_km" in texts else pd.Series(np.nan, index=texts.index)
    frame = frame.assign(depart_text=texts["depart"].to_numpy(), arrive_text=texts["arrive"].to_numpy(),
                         km=distance.to_numpy(dtype=float))
    number = _journey_numbers(frame)
    rows = [_journey(group) for _, group in frame.groupby(number, sort=False)]
    return pd.DataFrame(rows, columns=JOURNEY_COLUMNS)


def _journey_numbers(frame: pd.DataFrame) -> np.ndarray:
    """A new journey starts at a new leader, trip or mode, where a leg does not leave from where
    the previous one arrived, or after a stay known to have lasted STAY_ENDS_JOURNEY or more."""
    previous = frame.shift(1)
    stayed = frame["depart_lo"].to_numpy(dtype=float) - previous["arrive_hi"].to_numpy(dtype=float)
    starts = ((frame["leader"] != previous["leader"]) | (frame["trip"] != previous["trip"])
              | (frame["mode"] != previous["mode"]) | (frame["origin"] != previous["destination"])
              | (frame["order"] != previous["order"] + 1) | (stayed >= STAY_ENDS_JOURNEY))
    return np.cumsum(starts.to_numpy())


def _journey(group: pd.DataFrame) -> dict:
    first, last = group.iloc[0], group.iloc[-1]
    dep_lo, dep_hi, arr_lo, arr_hi = (int(first["depart_lo"]), int(first["depart_hi"]), int(last["arrive_lo"]),
                                      int(last["arrive_hi"]))
    hours, kind = duration(dep_lo, dep_hi, arr_lo, arr_hi)
    km = group["km"]
    return {"leader": first["leader"], "trip": first["trip"], "mode": first["mode"], "from": first["origin"],
            "to": last["destination"], "depart": first["depart_text"], "arrive": last["arrive_text"],
            "distance_km": float(km.sum()) if km.notna().all() else None, "duration_h": hours,
            "duration_kind": kind, "legs": len(group), "leg_ids": list(group["leg_id"]),
            "depart_lo": as_time(dep_lo), "depart_hi": as_time(dep_hi), "arrive_lo": as_time(arr_lo),
            "arrive_hi": as_time(arr_hi)}


def duration(dep_lo: int, dep_hi: int, arr_lo: int, arr_hi: int) -> tuple[float | None, str]:
    """(hours, kind) between a departure and an arrival interval."""
    if dep_hi == LATEST or arr_lo == EARLIEST:
        return None, "unknown"
    if dep_lo == dep_hi and arr_lo == arr_hi:
        return (arr_lo - dep_lo) / _HOUR_NS, "exact"
    if arr_lo - dep_hi >= _HOUR_NS // 60:   # a lower bound under a minute says nothing
        return (arr_lo - dep_hi) / _HOUR_NS, "at_least"
    return None, "unknown"


def hours_by_year(table: pd.DataFrame) -> pd.DataFrame:
    """Hours travelled per leader and year of departure, from journeys: the sum of what is
    known, and whether some part was not (then the sum is a lower bound)."""
    columns = ["leader", "year", "hours", "hours_at_least"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    start = table["depart_lo"].fillna(table["arrive_lo"]).fillna(table["depart_hi"]).fillna(table["arrive_hi"])
    frame = table.assign(year=start.dt.year.astype("Int64"), known=table["duration_h"].astype(float),
                         partial=table["duration_kind"] != "exact")
    grouped = frame.groupby(["leader", "year"], dropna=False)
    out = pd.DataFrame({"hours": grouped["known"].sum(min_count=1), "hours_at_least": grouped["partial"].any()})
    return out.reset_index()[columns]


def shown_duration(hours, kind: str) -> str:
    """Human text of a duration: '65.4 h', 'at least 49.0 h' or 'unknown'."""
    if kind == "unknown" or hours is None or pd.isna(hours):
        return "unknown"
    return f"{'at least ' if kind == 'at_least' else ''}{hours:.1f} h"
