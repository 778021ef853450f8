"""Which stops the static map marks, and which of them get a name without clutter."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_LABELS = 30
MIN_LABEL_GAP_PX = 42   # at 1x; two labels closer than this would overprint


@dataclass(frozen=True)
class Stop:
    name: str
    lon: float
    lat: float
    hours: float | None = None
    visits: int = 1


def stops_from_frame(stops) -> list[Stop]:
    """Itinerary.stops rows (DataFrame or dicts with place/lat/lon/hours) merged by place."""
    frame = stops if isinstance(stops, pd.DataFrame) else pd.DataFrame(list(stops))
    if frame.empty or not {"lat", "lon"} <= set(frame.columns):
        return []
    names = frame["place"] if "place" in frame else frame.get("name", pd.Series([""] * len(frame)))
    hours = frame["hours"] if "hours" in frame else pd.Series([np.nan] * len(frame))
    raw = [Stop(str(n or ""), float(lon), float(lat), None if h != h else float(h))
           for n, lon, lat, h in zip(names, frame["lon"], frame["lat"], pd.to_numeric(hours, errors="coerce"))
           if lon == lon and lat == lat]
    return _merged(raw)


def stops_from_lines(lines) -> list[Stop]:
    """Without a stops table: each leg's two ends, named after its origin and destination."""
    raw = []
    for props, line in lines:
        raw.append(Stop(str(props.get("origin", "") or ""), float(line[0, 0]), float(line[0, 1])))
        raw.append(Stop(str(props.get("destination", "") or ""), float(line[-1, 0]), float(line[-1, 1])))
    return _merged(raw)


def _merged(raw: list[Stop]) -> list[Stop]:
    """One stop per place (same name, ~1 km apart at most): visits counted, hours summed."""
    merged: dict[tuple, Stop] = {}
    for stop in raw:
        key = (stop.name, round(stop.lon % 360.0, 2), round(stop.lat, 2))
        if key in merged:
            old = merged[key]
            hours = None if old.hours is None and stop.hours is None else (old.hours or 0) + (stop.hours or 0)
            merged[key] = Stop(old.name, old.lon, old.lat, hours, old.visits + 1)
        else:
            merged[key] = stop
    return list(merged.values())


def choose_labels(stops: list[Stop], frame) -> list[Stop]:
    """The most visited / longest stops first, skipping any too close to one already named."""
    ranked = sorted((s for s in stops if s.name), key=lambda s: (-s.visits, -(s.hours or 0), s.name))
    chosen: list[Stop] = []
    taken: list[tuple[float, float]] = []
    gap = MIN_LABEL_GAP_PX * frame.width_px / 1200.0
    for stop in ranked:
        column, row = frame.pixel(stop.lon, stop.lat)
        if all((column - c) ** 2 + (row - r) ** 2 >= gap ** 2 for c, r in taken):
            chosen.append(stop)
            taken.append((column, row))
        if len(chosen) >= MAX_LABELS:
            break
    return chosen
