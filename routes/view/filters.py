"""What the user is looking at: filters over legs (where everyone was at a moment is
``routes.view.whereabouts``, re-exported here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

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
    undated: bool = True                   # keep legs of no known time when a period is chosen

    @property
    def has_period(self) -> bool:
        return bool(self.years or self.start or self.end)


def _utc_values(times: pd.Series) -> np.ndarray:
    """UTC instants as numpy datetime64 (NaT kept): cheap to compare, unlike Timestamps."""
    if isinstance(times.dtype, pd.DatetimeTZDtype):
        return times.to_numpy(dtype="datetime64[ns]")   # aware -> naive UTC, without Timestamps
    return pd.to_datetime(times).to_numpy(dtype="datetime64[ns]")


def _spans(legs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Earliest and latest instant of each leg (by its known times), NaT when unknown."""
    depart, arrive = _utc_values(legs["depart_utc"]), _utc_values(legs["arrive_utc"])
    depart_end, arrive_end = _utc_values(legs["depart_end_utc"]), _utc_values(legs["arrive_end_utc"])
    return np.where(np.isnat(depart), arrive, depart), np.where(np.isnat(arrive_end), depart_end, arrive_end)


def _years(instants: np.ndarray) -> np.ndarray:
    """Calendar year of each instant, NaN for NaT."""
    years = instants.astype("datetime64[Y]").astype(np.int64) + 1970.0
    years[np.isnat(instants)] = np.nan
    return years


def leg_years(legs: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """First and last calendar year each leg touches (by its known times)."""
    start, end = _spans(legs)
    return pd.Series(_years(start), index=legs.index), pd.Series(_years(end), index=legs.index)


def apply_filters(legs: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The legs that pass every filter; a leg counts for a period when it overlaps it (a leg
    without times of its own by its trip's times; one of no known time as ``filters.undated``)."""
    return select(legs, filters).legs


def dated_spans(legs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each leg's span by its own times, else by its trip's known times (a leg of a trip lies
    within it); NaT for a leg whose trip has no known time at all."""
    start, end = _spans(legs)
    missing = np.isnat(start) & np.isnat(end)
    if missing.any():
        trip = legs.groupby(["leader", "trip"], sort=False).ngroup().to_numpy()
        frame = pd.DataFrame({"trip": trip, "start": start, "end": end})
        grouped = frame.groupby("trip")
        start = np.where(missing, grouped["start"].transform("min").to_numpy(), start)
        end = np.where(missing, grouped["end"].transform("max").to_numpy(), end)
    return start, end


def undated_mask(legs: pd.DataFrame) -> np.ndarray:
    """Legs with no known time, neither their own nor their trip's."""
    start, _ = dated_spans(legs)
    return np.isnat(start)


def left_out_undated(legs: pd.DataFrame, filters: Filters) -> int:
    """How many legs the period filter leaves out only because their time is unknown."""
    if not filters.has_period or filters.undated:
        return 0
    others = Filters(leaders=filters.leaders, modes=filters.modes, trips=filters.trips)
    return int((undated_mask(legs) & _chosen(legs, others)).sum())


def _chosen(legs: pd.DataFrame, filters: Filters) -> np.ndarray:
    mask = np.ones(len(legs), dtype=bool)
    if filters.leaders:
        mask &= legs["leader"].isin(filters.leaders).to_numpy()
    if filters.modes:
        mask &= legs["mode"].isin(filters.modes).to_numpy()
    if filters.trips:
        mask &= legs["trip"].isin(filters.trips).to_numpy()
    if filters.has_period:
        mask &= _in_period(legs, filters)
    return mask


def _in_period(legs: pd.DataFrame, filters: Filters) -> np.ndarray:
    start, end = dated_spans(legs)
    mask = np.ones(len(legs), dtype=bool)
    if filters.years:
        low, high = filters.years
        mask &= (_years(end) >= low) & (_years(start) <= high)
    if filters.start:
        mask &= end >= np.datetime64(filters.start, "ns")
    if filters.end:
        mask &= start < np.datetime64(filters.end, "ns") + np.timedelta64(1, "D")
    # NaT compares False: a leg of no known time is in no period unless the user keeps them.
    return mask | (np.isnat(start) & filters.undated)


@dataclass(frozen=True, eq=False)
class Selection:
    """The legs the filters keep from one dataset, as a value: the dataset's frame, the row
    positions kept and the legs themselves, and the dataset object (a ``Prepared``) whose
    ``derived`` holds what was computed once for all its legs. A panel slices that by
    ``positions`` instead of recomputing it for the legs shown."""
    source: pd.DataFrame
    positions: np.ndarray
    legs: pd.DataFrame
    dataset: Any = None


def select(legs: pd.DataFrame, filters: Filters, dataset: Any = None) -> Selection:
    """The legs that match every filter, with where they came from (``dataset``: the
    object they belong to, when they are a ``Prepared``'s legs)."""
    mask = _chosen(legs, filters)
    return Selection(legs, np.flatnonzero(mask), legs[mask], dataset)


def legs_of(view: pd.DataFrame | Selection) -> pd.DataFrame:
    """The legs of a selection, or the frame itself."""
    return view.legs if isinstance(view, Selection) else view


def filtered_from(view: pd.DataFrame | Selection) -> tuple[pd.DataFrame, np.ndarray] | None:
    """(the whole frame, row positions in it) when ``view`` is a Selection, else None: a
    plain frame is a dataset of its own."""
    return (view.source, view.positions) if isinstance(view, Selection) else None


def year_bounds(legs: pd.DataFrame) -> tuple[int, int]:
    start, end = _spans(legs)
    years = np.concatenate([_years(start), _years(end)])
    years = years[~np.isnan(years)]
    if not len(years):
        return (date.today().year, date.today().year)
    return int(years.min()), int(years.max())


@dataclass(frozen=True)
class FilterChoices:
    """What the filter widgets offer for one dataset: its leaders, years and trips."""
    leaders: tuple[str, ...]
    years: tuple[int, int]
    trips_by_leader: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def trips(self, leaders=()) -> list[str]:
        """Sorted trips of these leaders (of everyone when none are given)."""
        chosen = leaders or self.leaders
        return sorted({trip for leader in chosen for trip in self.trips_by_leader.get(leader, ())})


def trip_options(legs: pd.DataFrame, filters: Filters) -> list[str]:
    """Sorted trips that keep a leg under every filter but the trip filter itself."""
    others = Filters(leaders=filters.leaders, years=filters.years, start=filters.start,
                     end=filters.end, modes=filters.modes, undated=filters.undated)
    return sorted(set(legs["trip"].to_numpy()[_chosen(legs, others)].tolist()))


def filter_choices(legs: pd.DataFrame) -> FilterChoices:
    pairs = legs[["leader", "trip"]].drop_duplicates()
    by_leader = {leader: tuple(group["trip"]) for leader, group in pairs.groupby("leader", sort=True)}
    return FilterChoices(tuple(sorted(legs["leader"].unique())), year_bounds(legs), by_leader)


def __getattr__(name):
    # Whereabouts lives in routes.view.whereabouts (imported when asked: it needs no view).
    if name == "Whereabouts":
        from routes.view.whereabouts import Whereabouts
        return Whereabouts
    raise AttributeError(name)


def positions_at(legs: pd.DataFrame, stops: pd.DataFrame, features, moment) -> pd.DataFrame:
    """Where each leader of ``legs`` was at ``moment``, answered from these legs (``stops`` is
    no longer needed). See routes.view.whereabouts.Whereabouts, which an app keeps per dataset."""
    from routes.view.whereabouts import Whereabouts
    return Whereabouts(legs, features).at(legs, moment)


def time_bounds(legs: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    start = legs["depart_utc"].min()
    end = legs["arrive_end_utc"].max()
    if pd.isna(start) or pd.isna(end):
        return None
    return start, end


def nearest_leg(features: Mapping, lat: float, lon: float, leg_ids=None, max_km: float = 200.0) -> str | None:
    """The leg whose drawn path passes closest to a clicked point (within ``max_km``)."""
    best, best_km = None, max_km
    cos_lat = np.cos(np.radians(lat))
    for feature in features.get("features", []):
        props, geometry = feature.get("properties") or {}, feature.get("geometry")
        if not geometry or (leg_ids is not None and props.get("leg_id") not in leg_ids):
            continue
        coords = np.asarray(geometry["coordinates"], dtype=float)
        if coords.ndim != 2 or not len(coords):
            continue
        # Equirectangular distance is plenty to tell which line a click landed on.
        dlon = (coords[:, 0] - lon + 180.0) % 360.0 - 180.0
        km = 111.195 * np.hypot(dlon * cos_lat, coords[:, 1] - lat).min()
        if km < best_km:
            best, best_km = props.get("leg_id"), km
    return best


def fit_view(bounds, width_px: int = 760, height_px: int = 560, padding_px: int = 30) -> tuple[list[float], int]:
    """Centre and Web-Mercator zoom that show ``bounds`` ([[south, west], [north, east]]) in a map of that size."""
    (south, west), (north, east) = bounds
    centre = [(south + north) / 2.0, (west + east) / 2.0]

    def mercator_y(lat: float) -> float:
        lat = np.radians(np.clip(lat, -85.0, 85.0))
        return np.log(np.tan(np.pi / 4 + lat / 2)) / (2 * np.pi)

    span_x = max((east - west) / 360.0, 1e-9)
    span_y = max(abs(mercator_y(north) - mercator_y(south)), 1e-9)
    usable_w, usable_h = max(width_px - 2 * padding_px, 1), max(height_px - 2 * padding_px, 1)
    # At zoom z the world is 256 * 2**z pixels wide.
    zoom = np.floor(np.log2(min(usable_w / (256 * span_x), usable_h / (256 * span_y))))
    return centre, int(np.clip(zoom, 1, 12))
