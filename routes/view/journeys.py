"""Journeys: runs of consecutive legs by the same mode (Pyongyang → Dandong → Dong Dang by train).

A journey's duration comes from its known ends, in the time model (``routes.view.timing``): the
derived departure of its first leg and arrival of its last, so inner stops known only by the day
do not matter. Both ends known to the instant: ``exact``; else, when the latest departure is
still before the earliest arrival, ``at_least`` that long; else ``unknown``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from routes.view.timing import EARLIEST, LATEST, Timing

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
    # Journeys are runs of rows in travel order: each is a slice from its first row to its last.
    starts = np.flatnonzero(np.diff(number, prepend=0))
    ends = np.append(starts[1:], len(frame)) - 1
    first, last = frame.iloc[starts].reset_index(drop=True), frame.iloc[ends].reset_index(drop=True)
    hours, kinds = durations(first["depart_lo"].to_numpy(), first["depart_hi"].to_numpy(),
                             last["arrive_lo"].to_numpy(), last["arrive_hi"].to_numpy())
    km_values = frame["km"].to_numpy(dtype=float)
    km = np.add.reduceat(np.nan_to_num(km_values), starts)
    complete = np.add.reduceat(np.isnan(km_values).astype(np.int64), starts) == 0
    out = pd.DataFrame({
        "leader": first["leader"], "trip": first["trip"], "mode": first["mode"], "from": first["origin"],
        "to": last["destination"], "depart": first["depart_text"], "arrive": last["arrive_text"],
        "distance_km": pd.Series(np.where(complete, km, np.array(None)), dtype=object), "duration_h": hours,
        "duration_kind": kinds, "legs": ends - starts + 1,
        "leg_ids": [list(ids) for ids in np.split(frame["leg_id"].to_numpy(), starts[1:])],
        "depart_lo": _times(first["depart_lo"]), "depart_hi": _times(first["depart_hi"]),
        "arrive_lo": _times(last["arrive_lo"]), "arrive_hi": _times(last["arrive_hi"])})
    return out[JOURNEY_COLUMNS]


def _times(bounds: pd.Series) -> pd.Series:
    """Bounds as UTC times, NaT where unbounded."""
    values = bounds.to_numpy(dtype=np.int64)
    unbounded = (values == EARLIEST) | (values == LATEST)
    return pd.Series(pd.DatetimeIndex(np.where(unbounded, np.iinfo(np.int64).min, values).view("M8[ns]"))
                     .tz_localize("UTC"), index=bounds.index)


def _journey_numbers(frame: pd.DataFrame) -> np.ndarray:
    """A new journey starts at a new leader, trip or mode, where a leg does not leave from where
    the previous one arrived, or after a stay known to have lasted STAY_ENDS_JOURNEY or more."""
    previous = frame.shift(1)
    stayed = frame["depart_lo"].to_numpy(dtype=float) - previous["arrive_hi"].to_numpy(dtype=float)
    starts = ((frame["leader"] != previous["leader"]) | (frame["trip"] != previous["trip"])
              | (frame["mode"] != previous["mode"]) | (frame["origin"] != previous["destination"])
              | (frame["order"] != previous["order"] + 1) | (stayed >= STAY_ENDS_JOURNEY))
    return np.cumsum(starts.to_numpy())


def duration(dep_lo: int, dep_hi: int, arr_lo: int, arr_hi: int) -> tuple[float | None, str]:
    """(hours, kind) between a departure and an arrival interval."""
    if dep_hi == LATEST or arr_lo == EARLIEST:
        return None, "unknown"
    if dep_lo == dep_hi and arr_lo == arr_hi:
        return (arr_lo - dep_lo) / _HOUR_NS, "exact"
    if arr_lo - dep_hi >= _HOUR_NS // 60:   # a lower bound under a minute says nothing
        return (arr_lo - dep_hi) / _HOUR_NS, "at_least"
    return None, "unknown"


def durations(dep_lo, dep_hi, arr_lo, arr_hi) -> tuple[np.ndarray, np.ndarray]:
    """``duration`` over arrays: (hours with NaN where unknown, kinds)."""
    pairs = [duration(*ends) for ends in zip(dep_lo.tolist(), dep_hi.tolist(), arr_lo.tolist(), arr_hi.tolist())]
    hours = np.array([np.nan if h is None else h for h, _ in pairs], dtype=float)
    return hours, np.array([k for _, k in pairs], dtype=object)


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
