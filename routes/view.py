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


def positions_at(legs: pd.DataFrame, stops: pd.DataFrame, features: dict, moment: pd.Timestamp) -> pd.DataFrame:
    """Where each leader of ``legs`` was at ``moment``: on a leg (interpolated along its path) or at a stop.

    Day-only times count as the whole day, so a leader can be "at" a stop and "on" a leg the
    same day; a leg in motion wins. Leaders with nothing known at that moment are left out.
    """
    from routes.mapview.timeline import position_at

    columns = ["leader", "status", "where", "lat", "lon", "trip", "leg_id"]
    moment = pd.Timestamp(moment)
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment.tz_convert("UTC")
    by_id = {f["properties"]["leg_id"]: f for f in features.get("features", []) if f.get("geometry")}
    rows: dict[str, dict] = {}
    moving = legs[(legs["depart_utc"] <= moment) & (legs["arrive_end_utc"] >= moment)]
    for leg in moving.itertuples():
        feature = by_id.get(leg.leg_id)
        point = position_at(feature, moment.value / 1e6) if feature else None
        if point is None:
            continue
        rows[leg.leader] = {"leader": leg.leader, "status": f"on the {leg.mode}",
                            "where": f"{leg.origin} → {leg.destination}", "lat": point[0], "lon": point[1],
                            "trip": leg.trip, "leg_id": leg.leg_id}
    shown = stops[stops["leader"].isin(legs["leader"].unique()) & stops["trip"].isin(legs["trip"].unique())]
    arrive = shown["arrive_utc"].dt.floor("D")
    depart_day_end = shown["depart_utc"].dt.floor("D") + pd.Timedelta(days=1)
    staying = shown[(arrive <= moment) & (depart_day_end > moment)]
    for stop in staying.itertuples():
        if stop.leader in rows:
            continue
        rows[stop.leader] = {"leader": stop.leader, "status": "at", "where": stop.place, "lat": stop.lat,
                             "lon": stop.lon, "trip": stop.trip, "leg_id": stop.leg_in}
    return pd.DataFrame(list(rows.values()), columns=columns)


def time_bounds(legs: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    start = legs["depart_utc"].min()
    end = legs["arrive_end_utc"].max()
    if pd.isna(start) or pd.isna(end):
        return None
    return start, end


def nearest_leg(features: dict, lat: float, lon: float, leg_ids=None, max_km: float = 200.0) -> str | None:
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
