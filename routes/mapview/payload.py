"""Tracks GeoJSON → the compact data the page's script draws (groups of legs, stops).

One data block per group (a trip, or a leader when there are many trips), each field
a column, text as indices into one string table, geometry as encoded polylines at 5
decimals (see columns.py).
"""
from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from routes.geometry.trackset import as_trackset
from routes.mapview import style
from routes.mapview.pagecolumns import PageColumns
from routes.mapview.timeline import DECIMALS

MAX_TRIP_LAYERS = 40        # above this the layer control lists leaders only
STOPS_MAX_LEGS = 3000       # above this derived stops and mode patterns are left out: at that
                            # density they are clutter, and dashed lines cost seconds to draw
THIN_DEG = 0.05             # above STOPS_MAX_LEGS legs, lines lose vertices within ~5 km …
LARGE_LEGS = 20_000         # … and above this within ~10 km
SIMPLIFY_DEG = 0.1


@dataclass
class Group:
    key: str
    leader: str
    trip: str | None
    colour: str
    selected: bool | None
    columns: dict = field(default_factory=dict)
    stops: list = field(default_factory=list)

    def as_data(self) -> dict:
        return {"key": self.key, "leader": self.leader, "trip": self.trip or "",
                "colour": self.colour, "selected": self.selected,
                "columns": self.columns, "stops": self.stops}


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _number(value, digits: int = 1):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number, digits) if math.isfinite(number) else None


def _ms(value):
    number = _number(value, 0)
    return int(number) if number is not None else None


def is_selected(props: dict, selected_trip) -> bool | None:
    """True/False against the selection, None when nothing is selected.

    selected_trip is a trip name, or a (leader, trip) pair when trip names repeat.
    """
    if selected_trip in (None, ""):
        return None
    if isinstance(selected_trip, (tuple, list)):
        return (_text(props.get("leader")), _text(props.get("trip"))) == tuple(map(str, selected_trip))
    return _text(props.get("trip")) == str(selected_trip)


def selected_rows(frame: pd.DataFrame, selected_trip) -> np.ndarray:
    """is_selected for every row of a properties frame at once (all False when nothing is selected)."""
    n = len(frame)
    if selected_trip in (None, ""):
        return np.zeros(n, dtype=bool)
    trips = _texts(frame, "trip", n)
    if isinstance(selected_trip, (tuple, list)):
        leader, trip = map(str, selected_trip)
        return (_texts(frame, "leader", n) == leader) & (trips == trip)
    return trips == str(selected_trip)


def derive_stops(legs: list[tuple[dict, tuple | None, tuple | None]]) -> list[dict]:
    """Stops of one trip from its legs (props, first point, last point) in order: each
    destination with the time until the next leg leaves (hours), plus the first origin."""
    stops = []
    ordered = sorted(legs, key=lambda leg: (_number(leg[0].get("seq"), 0) or 0))
    if ordered and ordered[0][1]:
        props, first, _ = ordered[0]
        stops.append(_stop(props.get("origin"), first, "", "", None, _text(props.get("depart")),
                           _text(props.get("depart_precision")), _ms(props.get("depart_ms"))))
    for index, (props, _, last) in enumerate(ordered):
        if not last:
            continue
        following = ordered[index + 1][0] if index + 1 < len(ordered) else {}
        arrive_ms, leave_ms = _ms(props.get("arrive_ms")), _ms(following.get("depart_ms"))
        hours = (leave_ms - arrive_ms) / 3.6e6 if None not in (arrive_ms, leave_ms) else None
        stops.append(_stop(props.get("destination"), last, _text(props.get("arrive")),
                           _text(props.get("arrive_precision")), hours, _text(following.get("depart")),
                           _text(following.get("depart_precision")), arrive_ms))
    return stops


def _stop(name, latlng, arrive, arrive_precision, hours, depart, depart_precision, arrive_ms) -> dict:
    hours = hours if hours is None or hours >= 0 else None
    return {"name": _text(name), "lat": latlng[0], "lon": latlng[1], "arrive": arrive,
            "arrive_precision": arrive_precision, "depart": depart, "depart_precision": depart_precision,
            "hours": None if hours is None else round(hours, 2), "radius": style.stop_radius(hours),
            "arrive_ms": arrive_ms}


STOP_KEYS = ("leader", "trip", "place", "name", "stop", "lat", "lon", "arrive", "depart", "arrive_precision",
             "depart_precision", "arrive_ms", "hours", "time_spent_h")
LEG_KEYS = ("seq", "origin", "destination", "depart", "arrive", "depart_precision", "arrive_precision",
            "depart_ms", "arrive_ms")


def _records(frame: pd.DataFrame, keys: tuple[str, ...]) -> list[dict]:
    """Rows as dicts of the keys present, built column-wise (DataFrame.to_dict converts
    every cell of every column one by one, ten times slower on string columns)."""
    present = [key for key in keys if key in frame]
    columns = [frame[key].astype(object).tolist() for key in present]
    return [dict(zip(present, values)) for values in zip(*columns)] if present else [{} for _ in range(len(frame))]


def stops_from_records(records) -> dict[tuple[str, str], list[dict]]:
    """Stops given by the caller (Itinerary.stops rows or dicts), grouped by (leader, trip).

    Recognised keys: leader, trip, place|name|stop, lat, lon, arrive, depart,
    arrive_precision, depart_precision, arrive_ms, hours|time_spent_h.
    """
    if hasattr(records, "columns"):
        records = _records(records, STOP_KEYS)
    grouped: dict[tuple[str, str], list[dict]] = {}
    for record in records or []:
        lat, lon = _number(record.get("lat"), 5), _number(record.get("lon"), 5)
        if lat is None or lon is None:
            continue
        hours = _number(record.get("hours", record.get("time_spent_h")), 2)
        name = record.get("place") or record.get("name") or record.get("stop")
        stop = _stop(name, (lat, lon), _text(record.get("arrive")), _text(record.get("arrive_precision")),
                     hours, _text(record.get("depart")), _text(record.get("depart_precision")),
                     _ms(record.get("arrive_ms")))
        grouped.setdefault((_text(record.get("leader")), _text(record.get("trip"))), []).append(stop)
    return grouped


def _line_ends(points: np.ndarray, lengths: np.ndarray) -> list[tuple[tuple | None, tuple | None]]:
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    firsts = points[np.minimum(starts, max(len(points) - 1, 0))].tolist() if len(points) else []
    lasts = points[np.maximum(starts + lengths - 1, 0)].tolist() if len(points) else []
    return [((tuple(firsts[i]), tuple(lasts[i])) if length else (None, None))
            for i, length in enumerate(lengths.tolist())]


def _trip_members(frame: pd.DataFrame) -> OrderedDict[tuple[str, str], np.ndarray]:
    """Row positions of each (leader, trip), in order of first appearance."""
    n = len(frame)
    leaders = _texts(frame, "leader", n)
    trips = _texts(frame, "trip", n)
    codes, uniques = pd.factorize(pd.Series(leaders + "\x1f" + trips), use_na_sentinel=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    return OrderedDict((tuple(key.split("\x1f", 1)), order[bounds[k]:bounds[k + 1]])
                       for k, key in enumerate(uniques))


def _texts(frame: pd.DataFrame, name: str, n: int) -> np.ndarray:
    if name not in frame:
        return np.full(n, "", dtype=object)
    column = frame[name]
    return column.astype(object).where(column.notna(), "").astype(str).to_numpy(dtype=object)


def build_groups(features, *, stops=None, selected_trip=None, palette=None,
                 per_trip: bool | None = None) -> tuple[list[Group], dict]:
    """Groups of legs for the page, plus facts about them (bounds, modes, notices,
    the string table under facts["strings"]).

    features: a TrackSet, or a FeatureCollection / list of Features as dicts.
    """
    tracks = as_trackset(features)
    frame, n = tracks.properties, len(tracks.properties)
    bounds = tracks.bounds()
    large = n > LARGE_LEGS
    # above STOPS_MAX_LEGS no stops at all, given or derived: thousands of markers are
    # clutter, and cost seconds in the browser
    detailed = n <= STOPS_MAX_LEGS
    ends = _line_ends(np.round(tracks.latlon(), DECIMALS), tracks.lengths) if detailed else None
    root, rows = tracks.origin()
    page = PageColumns.of(root, None if detailed else SIMPLIFY_DEG if large else THIN_DEG)
    columns, strings = page.view(rows)
    trips = _trip_members(frame)
    if per_trip is None:
        per_trip = len(trips) <= MAX_TRIP_LAYERS
    given_stops = stops_from_records(stops) if stops is not None and detailed else None
    records = _records(frame, LEG_KEYS) if detailed and given_stops is None else None
    groups: OrderedDict[str, tuple[Group, list[np.ndarray]]] = OrderedDict()
    for (leader, trip), indices in trips.items():
        key = f"{leader}\x1f{trip}" if per_trip else leader
        if key not in groups:
            groups[key] = (Group(key, leader, trip if per_trip else None,
                                 style.leader_colour(leader, palette), None), [])
        group, members = groups[key]
        members.append(indices)
        selected = is_selected({"leader": leader, "trip": trip}, selected_trip)
        group.selected = True if selected or group.selected else selected
        if given_stops is not None:
            group.stops.extend(given_stops.get((leader, trip), []))
        elif records is not None:
            group.stops.extend(derive_stops([(records[i], *ends[i]) for i in indices.tolist()]))
    _split_columns(columns, groups.values())
    facts = _facts(frame, tracks.lengths, bounds, per_trip, large, stops_left_out=not detailed)
    facts["strings"] = strings
    return [group for group, _ in groups.values()], facts


def _split_columns(columns: dict[str, list], groups) -> None:
    """Each group's slice of every column: one reordering per column instead of a Python
    pass per group and column (200 leaders × 20 columns × 100,000 legs would cost seconds)."""
    groups = list(groups)
    if not groups:
        return
    order = np.concatenate([np.concatenate(members) for _, members in groups])
    arranged = {name: _object_array(values)[order].tolist() for name, values in columns.items()}
    start = 0
    for group, members in groups:
        end = start + sum(len(m) for m in members)
        group.columns = {name: values[start:end] for name, values in arranged.items()}
        start = end


def _object_array(values: list) -> np.ndarray:
    # fromiter keeps list elements (a leg's sources) as objects instead of a 2-D array
    return np.fromiter(values, dtype=object, count=len(values))


def _facts(frame: pd.DataFrame, lengths: np.ndarray, bounds, per_trip: bool, large: bool,
           stops_left_out: bool) -> dict:
    order = list(style.MODE_STYLES)
    present = set(frame["mode"].dropna().astype(str).str.lower()) - {""} if "mode" in frame else set()
    modes = sorted(present, key=lambda m: order.index(m) if m in order else len(order))
    notices = []
    if large:
        notices.append(f"{len(frame):,} legs: lines simplified (to ~{SIMPLIFY_DEG * 4:g}°) to keep the map fast.")
    if stops_left_out:
        notices.append(f"{len(frame):,} legs: plain lines without stop markers or mode patterns, "
                       f"simplified (to ~{THIN_DEG * 4:g}°); filter to see them in full.")
    unplaced = int((lengths == 0).sum())
    if unplaced:
        notices.append(f"{unplaced} leg(s) not drawn: places not located.")
    approximate = bool(frame["approximate"].fillna(False).astype(bool).any()) if "approximate" in frame else False
    return {"bounds": bounds, "modes": modes, "legs": len(frame), "per_trip": per_trip,
            "patterns": len(frame) <= STOPS_MAX_LEGS,
            "large": large, "approximate": approximate, "notices": notices}
