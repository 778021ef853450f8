"""One model of when: every departure and arrival is an interval of UTC instants.

What was given: a time with a zone or offset means what it says; a time without one (a day-only
date, mostly) is local to its place (``routes.view.zones``), so "2019-02-26" at Noi Bai is
2019-02-25 17:00 to 2019-02-26 16:59:59 UTC. An unknown time is the whole of time.

What is derived: a leader's legs, in order (trips by their earliest known time, legs by seq), form
one sequence of events depart₁ ≤ arrive₁ ≤ depart₂ ≤ … No event can be earlier than any event
before it nor later than any after it, so the tightest bounds are a running maximum of the
earliest instants and a running minimum (from the end) of the latest. Given and derived bounds
are kept apart. Where a leader's given times contradict each other (a trip that overlaps the
next), the bounds are derived within each trip instead, and where even that contradicts, the
given interval is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from routes.view.zones import local_instant, local_window, place_zones

EARLIEST = np.iinfo(np.int64).min + 1    # "no earlier bound" (NaT is int64 min, kept apart)
LATEST = np.iinfo(np.int64).max          # "no later bound"
_HAS_ZONE = re.compile(r"(Z|[+-]\d{2}:\d{2}|\sUTC|\s[A-Za-z]+/[A-Za-z0-9_+\-/]+)$")
_FLOATING = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?)?$")
BOUNDS = ("depart_lo", "depart_hi", "arrive_lo", "arrive_hi")


def given_interval(text: str, utc_lo, utc_hi, zones: tuple[str, ...]) -> tuple[int, int]:
    """(earliest, latest) ns of one given time; ``utc_lo``/``utc_hi`` (ns) are the itinerary's
    reading of it (right whenever the text carries its zone)."""
    if not text:
        return EARLIEST, LATEST
    floating = None if _HAS_ZONE.search(text) else _FLOATING.match(text)
    if floating is None:
        return int(utc_lo), int(utc_hi)
    year, month, day, hour, minute, second = floating.groups()
    year, month = int(year), int(month)
    if day is None:
        return local_window(date(year, month, 1), date(year + month // 12, month % 12 + 1, 1), zones)
    first = date(year, month, int(day))
    if hour is None:
        return local_window(first, date.fromordinal(first.toordinal() + 1), zones)
    wall = datetime(year, month, first.day, int(hour), int(minute), int(second or 0))
    return local_instant(wall, zones)


@dataclass
class Timing:
    """Given and derived bounds of every leg, one row per leg in each leader's order.

    ``frame`` columns: leg_id, leader, trip, seq, origin, destination, mode, coordinates,
    ``given_*`` and derived ``depart_lo, depart_hi, arrive_lo, arrive_hi`` (int64 ns UTC,
    EARLIEST/LATEST where unbounded), and ``order`` (0, 1, … within each leader).
    """
    frame: pd.DataFrame


def timing(legs: pd.DataFrame) -> Timing:
    """The time model of a dataset's legs (placed or not: unplaced places widen their days)."""
    frame = legs[["leg_id", "leader", "trip", "seq", "origin", "destination", "mode", "origin_lat", "origin_lon",
                  "destination_lat", "destination_lon"]].copy()
    for end, place in (("depart", "origin"), ("arrive", "destination")):
        lo, hi = _given(legs, end, place)
        frame[f"given_{end}_lo"], frame[f"given_{end}_hi"] = lo, hi
    frame = _in_order(frame)
    _derive(frame)
    return Timing(frame.set_index("leg_id", drop=False))


def _given(legs: pd.DataFrame, end: str, place: str) -> tuple[np.ndarray, np.ndarray]:
    """Given bounds of one end of every leg, each distinct (text, place) worked out once."""
    texts = legs[end].tolist()
    lats, lons = legs[f"{place}_lat"].tolist(), legs[f"{place}_lon"].tolist()
    countries = legs[f"{place}_country"].tolist()
    starts = legs[f"{end}_utc"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    ends = legs[f"{end}_end_utc"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    lo, hi = np.empty(len(legs), np.int64), np.empty(len(legs), np.int64)
    known: dict = {}
    for i, text in enumerate(texts):
        key = (text, lats[i], lons[i], countries[i])
        found = known.get(key)
        if found is None:
            needs_zone = bool(text) and not _HAS_ZONE.search(text)
            zones = _zones(lats[i], lons[i], countries[i]) if needs_zone else ()
            found = known[key] = given_interval(text, starts[i], ends[i], zones)
        lo[i], hi[i] = found
    return lo, hi


def _zones(lat, lon, country) -> tuple[str, ...]:
    lat = None if lat is None or pd.isna(lat) else float(lat)
    lon = None if lon is None or pd.isna(lon) else float(lon)
    return place_zones(lat, lon, country or "")


def _in_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Each leader's legs in travel order: trips by their earliest known bound, then seq."""
    known = np.where(frame["given_depart_lo"] > EARLIEST, frame["given_depart_lo"],
                     np.where(frame["given_arrive_lo"] > EARLIEST, frame["given_arrive_lo"], LATEST))
    frame["_trip_start"] = pd.Series(known, index=frame.index).groupby(
        [frame["leader"], frame["trip"]]).transform("min")
    frame = frame.sort_values(["leader", "_trip_start", "trip", "seq"], kind="stable").drop(columns="_trip_start")
    frame = frame.reset_index(drop=True)
    frame["order"] = frame.groupby("leader").cumcount()
    return frame


def _derive(frame: pd.DataFrame) -> None:
    """Fill depart_lo … arrive_hi: by leader, else by trip, else as given."""
    lo = np.column_stack([frame["given_depart_lo"], frame["given_arrive_lo"]]).ravel()
    hi = np.column_stack([frame["given_depart_hi"], frame["given_arrive_hi"]]).ravel()
    leaders = np.repeat(frame["leader"].to_numpy(), 2)
    trips = np.repeat((frame["leader"] + "\x00" + frame["trip"]).to_numpy(), 2)
    by_leader = _propagate(lo, hi, leaders)
    by_trip = _propagate(lo, hi, trips)
    leader_ok = pd.Series(by_leader[0] <= by_leader[1]).groupby(leaders).transform("all").to_numpy()
    trip_ok = by_trip[0] <= by_trip[1]
    out_lo = np.where(leader_ok, by_leader[0], np.where(trip_ok, by_trip[0], lo))
    out_hi = np.where(leader_ok, by_leader[1], np.where(trip_ok, by_trip[1], hi))
    frame["depart_lo"], frame["arrive_lo"] = out_lo[0::2], out_lo[1::2]
    frame["depart_hi"], frame["arrive_hi"] = out_hi[0::2], out_hi[1::2]


def _propagate(lo: np.ndarray, hi: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Running max of lo forward and running min of hi backward, within each group (in order)."""
    key = pd.Series(groups)
    forward = pd.Series(lo).groupby(key, sort=False).cummax().to_numpy()
    backward = pd.Series(hi[::-1]).groupby(pd.Series(groups[::-1]), sort=False).cummin().to_numpy()[::-1]
    return forward, backward


def as_time(ns: int) -> pd.Timestamp:
    """A bound as a UTC Timestamp, NaT where unbounded."""
    return pd.NaT if ns in (EARLIEST, LATEST) else pd.Timestamp(int(ns), tz="UTC")
