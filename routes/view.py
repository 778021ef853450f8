"""What the user is looking at: filters over legs, and where everyone was at a moment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Filters:
    leaders: tuple[str, ...] = ()          # empty means all
    years: tuple[int, int] | None = None   # inclusive
    start: date | None = None              # inclusive
    end: date | None = None                # inclusive
    modes: tuple[str, ...] = ()
    trips: tuple[str, ...] = ()


def leg_years(legs: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """First and last calendar year each leg touches (by its known times)."""
    start = legs["depart_utc"].fillna(legs["arrive_utc"])
    end = legs["arrive_end_utc"].fillna(legs["depart_end_utc"])
    return start.dt.year, end.dt.year


def apply_filters(legs: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The legs that pass every filter; a leg counts for a period when it overlaps it."""
    mask = np.ones(len(legs), dtype=bool)
    if filters.leaders:
        mask &= legs["leader"].isin(filters.leaders).to_numpy()
    if filters.modes:
        mask &= legs["mode"].isin(filters.modes).to_numpy()
    if filters.trips:
        mask &= legs["trip"].isin(filters.trips).to_numpy()
    start = legs["depart_utc"].fillna(legs["arrive_utc"])
    end = legs["arrive_end_utc"].fillna(legs["depart_end_utc"])
    if filters.years:
        low, high = filters.years
        mask &= ((end.dt.year >= low) & (start.dt.year <= high)).fillna(False).to_numpy()
    if filters.start:
        mask &= (end >= pd.Timestamp(filters.start, tz="UTC")).fillna(False).to_numpy()
    if filters.end:
        limit = pd.Timestamp(filters.end, tz="UTC") + pd.Timedelta(days=1)
        mask &= (start < limit).fillna(False).to_numpy()
    return legs[mask]


def year_bounds(legs: pd.DataFrame) -> tuple[int, int]:
    first, last = leg_years(legs)
    years = pd.concat([first, last]).dropna()
    if years.empty:
        return (date.today().year, date.today().year)
    return int(years.min()), int(years.max())
