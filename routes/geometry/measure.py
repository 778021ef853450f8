"""Per-leg measures (length, duration, average speed) and the speeds that cannot be.

Duration is only given when both times are known to the minute: a day-only date spans
24 hours, so any speed from it would be invented precision.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

# Averages above a mode's limit are not what the mode can do: the times, places or mode are wrong.
from routes.itinerary.modes import MAX_AVERAGE_KMH, MIN_FLIGHT_KM
from routes.itinerary.problems import WARNING, Problem

EXACT_PRECISIONS = ("minute", "second")


def durations_h(legs: pd.DataFrame) -> np.ndarray:
    """Hours between departure and arrival where both are known to the minute, else NaN."""
    exact = (legs["depart_precision"].isin(EXACT_PRECISIONS)
             & legs["arrive_precision"].isin(EXACT_PRECISIONS)).to_numpy()
    depart = pd.to_datetime(legs["depart_utc"], utc=True)
    arrive = pd.to_datetime(legs["arrive_utc"], utc=True)
    hours = ((arrive - depart).dt.total_seconds() / 3600.0).to_numpy(dtype=float, na_value=np.nan)
    return np.where(exact, hours, np.nan)


def speeds_kmh(distance_km: np.ndarray, duration_h: np.ndarray) -> np.ndarray:
    """Average speed where the duration is known and positive, else NaN."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(duration_h > 0, distance_km / duration_h, np.nan)


def speed_problems(legs: pd.DataFrame, distance_km: np.ndarray, duration_h: np.ndarray,
                   speed_kmh: np.ndarray) -> list[Problem]:
    """Warnings for impossible legs: too fast for the mode, too short to fly, time reversed."""
    problems = []
    # A time given as a day is a range: the leg is impossible only when the latest
    # possible arrival comes before the earliest possible departure.
    # datetime64 rather than Timestamp objects: 100,000 of those cost half a second
    depart = _utc64(legs["depart_utc"])
    arrive_column = "arrive_end_utc" if "arrive_end_utc" in legs else "arrive_utc"
    arrive = _utc64(legs[arrive_column])
    # look at the few suspicious legs only; 10,000 rows of Python would cost a second
    limits = legs["mode"].map(MAX_AVERAGE_KMH).to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        suspicious = ((speed_kmh > limits)
                      | ((legs["mode"] == "flight").to_numpy() & (distance_km < MIN_FLIGHT_KM))
                      | (~pd.isna(depart) & ~pd.isna(arrive) & (arrive < depart)))
    picked = np.flatnonzero(suspicious)
    columns = ["mode", "depart", "arrive", "file", "row"]
    for i, leg in zip(picked, legs.iloc[picked][columns].itertuples(index=False)):
        problems.extend(_leg_problems(leg, distance_km[i], duration_h[i], speed_kmh[i],
                                      depart[i], arrive[i]))
    return problems


def _utc64(times: pd.Series) -> np.ndarray:
    """UTC instants as naive datetime64[ns] (NaT where unknown)."""
    return pd.to_datetime(times, utc=True).dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")


def _leg_problems(leg, km: float, hours: float, kmh: float, depart, arrive) -> list[Problem]:
    found = []
    limit = MAX_AVERAGE_KMH.get(leg.mode)
    if limit is not None and math.isfinite(kmh) and kmh > limit:
        found.append(_problem(leg, "arrive", leg.arrive,
                              f"a {leg.mode} averaging {kmh:,.0f} km/h over {km:,.0f} km is faster "
                              f"than {limit:,.0f} km/h: check the times, the places or the mode"))
    if leg.mode == "flight" and math.isfinite(km) and km < MIN_FLIGHT_KM:
        found.append(_problem(leg, "mode", leg.mode,
                              f"a flight of {km:,.1f} km is shorter than {MIN_FLIGHT_KM:,.0f} km: "
                              "check the places or the mode"))
    if not pd.isna(depart) and not pd.isna(arrive) and arrive < depart:
        found.append(_problem(leg, "arrive", leg.arrive,
                              f"arrival is before departure ({leg.depart}): check the dates"))
    return found


def _problem(leg, column: str, value: str, message: str) -> Problem:
    row = int(leg.row) if leg.row is not None and not pd.isna(leg.row) else None
    return Problem(file=str(leg.file), row=row, column=column, value=str(value),
                   message=message, severity=WARNING, code="speed")
