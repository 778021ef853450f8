"""A draft joins the session's data: into the leader's trip on the same dates, not beside it.

The seed story's Beijing stop of 8-9 January 2019 belongs to Kim Jong Un's "2019-01 Beijing"
trip when the data already has it; adding it as a trip of its own would draw the journey twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from routes.places.sphere import distance_km as haversine_km

# Trips that end the day before the draft starts, or start the day after it ends, still touch it.
SLACK = timedelta(days=1)


@dataclass(frozen=True)
class TripMatch:
    trip: str
    start: date
    end: date


def _day(value) -> date | None:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None


def _span(values) -> tuple[date, date] | None:
    days = [d for d in (_day(v) for v in values) if d is not None]
    return (min(days), max(days)) if days else None


def overlapping_trips(draft: pd.DataFrame, legs: pd.DataFrame) -> list[TripMatch]:
    """The draft leader's trips in ``legs`` whose dates overlap the draft's (within a day)."""
    if draft.empty or legs is None or legs.empty:
        return []
    leader = str(draft["leader"].iloc[0])
    span = _span(list(draft["arrive"]) + list(draft["depart"]))
    if not leader or span is None:
        return []
    found = []
    for trip, rows in legs[legs["leader"] == leader].groupby("trip", sort=False):
        trip_span = _span(list(rows["depart"]) + list(rows["arrive"]))
        if trip_span and trip_span[0] - SLACK <= span[1] and span[0] <= trip_span[1] + SLACK:
            found.append(TripMatch(str(trip), *trip_span))
    return sorted(found, key=lambda m: m.start)


def join_trip(draft: pd.DataFrame, trip: str, legs: pd.DataFrame) -> pd.DataFrame:
    """The draft's rows as part of ``trip``: named after it, without the stops it already has
    (a place within ``SAME_PLACE_KM``, or of the same name, reached or left on the same day)."""
    rows = legs[legs["trip"] == trip]
    known = [(_norm(r.destination), r.destination_lat, r.destination_lon, _day(r.arrive))
             for r in rows.itertuples()]
    known += [(_norm(r.origin), r.origin_lat, r.origin_lon, _day(r.depart)) for r in rows.itertuples()]
    keep = [not any(_same_stop(stop, k) for k in known) for stop in draft.itertuples()]
    joined = draft[keep].copy()
    joined["trip"] = trip
    return joined


SAME_PLACE_KM = 25.0


def _norm(name) -> str:
    return str(name or "").casefold().replace(" station", "").strip()


def _same_stop(stop, known) -> bool:
    name, lat, lon, day = known
    if day is None or day not in (_day(stop.arrive), _day(stop.depart)):
        return False
    if _norm(stop.place) == name:
        return True
    if pd.isna(lat) or pd.isna(lon) or pd.isna(stop.lat) or pd.isna(stop.lon):
        return False
    return haversine_km(float(lat), float(lon), float(stop.lat), float(stop.lon)) <= SAME_PLACE_KM


def keep_apart(draft: pd.DataFrame, legs: pd.DataFrame | None) -> pd.DataFrame:
    """The draft as a trip of its own: renamed when the leader has a trip of that name already."""
    if legs is None or legs.empty or draft.empty:
        return draft
    taken = set(legs.loc[legs["leader"] == draft["leader"].iloc[0], "trip"].astype(str))
    renamed = draft.copy()
    renamed["trip"] = [f"{t} (draft)" if t in taken else t for t in renamed["trip"].astype(str)]
    return renamed


def stops_bounds(draft: pd.DataFrame) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the draft's placed stops, or None."""
    points = draft[["lat", "lon"]].dropna()
    if points.empty:
        return None
    return [[float(points["lat"].min()), float(points["lon"].min())],
            [float(points["lat"].max()), float(points["lon"].max())]]
