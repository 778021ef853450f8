"""Stop markers: where a trip stopped and for how long, as the page draws them.

Stops come from the itinerary (``Itinerary.stops`` rows, or dicts with the same keys),
or are derived from a trip's legs when none are given. ``StopMarkers`` converts a whole
dataset's stops once, so each filter change only picks the markers of the legs shown.
"""
from __future__ import annotations

import math

import pandas as pd

from routes.mapview import style
from routes.places.sphere import whole_turns

STOP_KEYS = ("leader", "trip", "place", "name", "stop", "lat", "lon", "arrive", "depart", "arrive_precision",
             "depart_precision", "arrive_ms", "hours", "time_spent_h")
LEG_KEYS = ("seq", "origin", "destination", "depart", "arrive", "depart_precision", "arrive_precision",
            "depart_ms", "arrive_ms")


class StopMarkers:
    """Every given stop's marker, its (leader, trip) and the legs arriving and leaving."""

    def __init__(self, records):
        if hasattr(records, "columns"):
            frame = records
            records = _records(frame, STOP_KEYS + ("leg_in", "leg_out"))
        self._stops = [(key, stop, record.get("leg_in"), record.get("leg_out"))
                       for record in records or [] for key, stop in [_marker(record)] if stop is not None]

    def grouped(self, leg_ids=None, line_ends=None) -> dict[tuple[str, str], list[dict]]:
        """Markers by (leader, trip); only stops where one of leg_ids arrives or leaves, if given.
        line_ends: leg_id → (first, last) longitude of its drawn line; a stop is then moved by
        whole turns to where the line arriving (else leaving) is drawn, as lines of a trip
        run on past ±180° (routes.geometry.tracks.trip_turns)."""
        wanted = None if leg_ids is None else {str(leg_id) for leg_id in leg_ids}
        grouped: dict[tuple[str, str], list[dict]] = {}
        for key, stop, leg_in, leg_out in self._stops:
            if wanted is None or leg_in in wanted or leg_out in wanted:
                grouped.setdefault(key, []).append(_near_line(stop, leg_in, leg_out, line_ends or {}))
        return grouped


def _near_line(stop: dict, leg_in, leg_out, line_ends: dict) -> dict:
    if leg_in in line_ends:
        reference = line_ends[leg_in][1]
    elif leg_out in line_ends:
        reference = line_ends[leg_out][0]
    else:
        return stop
    turns = float(whole_turns(stop["lon"], reference))
    return {**stop, "lon": stop["lon"] + turns} if turns else stop


def stops_from_records(records) -> dict[tuple[str, str], list[dict]]:
    """Stops given by the caller (Itinerary.stops rows or dicts), grouped by (leader, trip).

    Recognised keys: leader, trip, place|name|stop, lat, lon, arrive, depart,
    arrive_precision, depart_precision, arrive_ms, hours|time_spent_h.
    """
    return StopMarkers(records).grouped()


def _marker(record: dict) -> tuple[tuple[str, str], dict | None]:
    key = (cell_text(record.get("leader")), cell_text(record.get("trip")))
    lat, lon = _number(record.get("lat"), 5), _number(record.get("lon"), 5)
    if lat is None or lon is None:
        return key, None
    hours = _number(record.get("hours", record.get("time_spent_h")), 2)
    name = record.get("place") or record.get("name") or record.get("stop")
    return key, _stop(name, (lat, lon), cell_text(record.get("arrive")), cell_text(record.get("arrive_precision")),
                      hours, cell_text(record.get("depart")), cell_text(record.get("depart_precision")),
                      _ms(record.get("arrive_ms")))


def leg_records(frame: pd.DataFrame) -> list[dict]:
    """The fields derive_stops reads, one dict per leg."""
    return _records(frame, LEG_KEYS)


def _records(frame: pd.DataFrame, keys: tuple[str, ...]) -> list[dict]:
    """Rows as dicts of the keys present, built column-wise (DataFrame.to_dict converts
    every cell of every column one by one, ten times slower on string columns)."""
    present = [key for key in keys if key in frame]
    columns = [frame[key].astype(object).tolist() for key in present]
    return [dict(zip(present, values)) for values in zip(*columns)] if present else [{} for _ in range(len(frame))]


def cell_text(value) -> str:
    """A record's value as the page shows it: empty for a missing one."""
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


def derive_stops(legs: list[tuple[dict, tuple | None, tuple | None]]) -> list[dict]:
    """Stops of one trip from its legs (props, first point, last point) in order: each
    destination with the time until the next leg leaves (hours), plus the first origin."""
    stops = []
    ordered = sorted(legs, key=lambda leg: (_number(leg[0].get("seq"), 0) or 0))
    if ordered and ordered[0][1]:
        props, first, _ = ordered[0]
        stops.append(_stop(props.get("origin"), first, "", "", None, cell_text(props.get("depart")),
                           cell_text(props.get("depart_precision")), _ms(props.get("depart_ms"))))
    for index, (props, _, last) in enumerate(ordered):
        if not last:
            continue
        following = ordered[index + 1][0] if index + 1 < len(ordered) else {}
        arrive_ms, leave_ms = _ms(props.get("arrive_ms")), _ms(following.get("depart_ms"))
        hours = (leave_ms - arrive_ms) / 3.6e6 if None not in (arrive_ms, leave_ms) else None
        stops.append(_stop(props.get("destination"), last, cell_text(props.get("arrive")),
                           cell_text(props.get("arrive_precision")), hours, cell_text(following.get("depart")),
                           cell_text(following.get("depart_precision")), arrive_ms))
    return stops


def _stop(name, latlng, arrive, arrive_precision, hours, depart, depart_precision, arrive_ms) -> dict:
    hours = hours if hours is None or hours >= 0 else None
    return {"name": cell_text(name), "lat": latlng[0], "lon": latlng[1], "arrive": arrive,
            "arrive_precision": arrive_precision, "depart": depart, "depart_precision": depart_precision,
            "hours": None if hours is None else round(hours, 2), "radius": style.stop_radius(hours),
            "arrive_ms": arrive_ms}


