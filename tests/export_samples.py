"""Small Tracks FeatureCollections for the export tests, built to the contract in
docs/architecture.md. Coordinates are those of tests/fixtures/render_legs.csv (sources in
render_legs.sources.md); the Guam → Hickam leg keeps continuous longitudes (144.9 → 202.1)
the way the geometry stage hands them over."""
from __future__ import annotations

import itertools
import math

BEIJING_STATION = (116.42792, 39.902896)      # lon, lat
PYONGYANG_STATION = (125.73639, 39.00472)
ANDERSEN_AFB = (144.92444, 13.58111)
HICKAM = (-157.9225, 21.31861)


def line_between(start, end, steps: int = 24) -> list[list[float]]:
    """Points along the straight lon/lat segment, longitudes continuous (no ±360 jumps)."""
    lon0, lat0 = start
    lon1, lat1 = end
    lon1 -= 360.0 * round((lon1 - lon0) / 360.0)
    return [[lon0 + (lon1 - lon0) * i / steps, lat0 + (lat1 - lat0) * i / steps] for i in range(steps + 1)]


def feature(leader, trip, seq, mode, coords, origin, destination, *, depart_ms=None, arrive_ms=None,
            approximate=False, notes="", source="https://example.org/test"):
    return {"type": "Feature",
            "geometry": None if coords is None else {"type": "LineString", "coordinates": coords},
            "properties": {
                "leg_id": f"{leader}|{trip}|{seq}", "leader": leader, "trip": trip, "seq": seq, "mode": mode,
                "origin": origin, "destination": destination, "depart": "", "arrive": "",
                "depart_ms": depart_ms, "arrive_ms": arrive_ms, "depart_precision": "day",
                "arrive_precision": "day", "distance_km": None, "duration_h": None, "speed_kmh": None,
                "approximate": approximate, "corridor": "", "vehicle": "", "notes": notes, "source": source,
                "confidence": "high"}}


def kim_and_trump() -> dict:
    """Kim's Beijing round trip by train, and Trump's Guam → Hickam flight over the date line."""
    return {"type": "FeatureCollection", "features": [
        feature("Kim Jong Un", "2019-01 Beijing", 1, "train", line_between(PYONGYANG_STATION, BEIJING_STATION),
                "Pyongyang Station", "Beijing railway station", depart_ms=1546819200000, arrive_ms=1546905600000),
        feature("Kim Jong Un", "2019-01 Beijing", 2, "train", line_between(BEIJING_STATION, PYONGYANG_STATION),
                "Beijing railway station", "Pyongyang Station", depart_ms=1546992000000, arrive_ms=1547078400000),
        feature("Donald Trump", "2018-06 Singapore summit", 2, "flight", line_between(ANDERSEN_AFB, HICKAM),
                "Andersen Air Force Base", "Joint Base Pearl Harbor-Hickam", depart_ms=1528848000000),
    ]}


def rfc7946_problems(document) -> list[str]:
    """What in a parsed GeoJSON document breaks RFC 7946 (for the lines and points we write)."""
    problems = []
    if document.get("type") != "FeatureCollection":
        problems.append("top level is not a FeatureCollection")
    if "crs" in document:
        problems.append("has a crs member (RFC 7946 §4 removed it)")
    for index, feat in enumerate(document.get("features", [])):
        where = f"feature {index}"
        if feat.get("type") != "Feature":
            problems.append(f"{where}: type is not Feature")
        if "properties" not in feat or not isinstance(feat["properties"], (dict, type(None))):
            problems.append(f"{where}: properties missing or not an object")
        if "geometry" not in feat:
            problems.append(f"{where}: geometry member missing")
        elif feat["geometry"] is not None:
            problems += [f"{where}: {p}" for p in _geometry_problems(feat["geometry"])]
    return problems


def _geometry_problems(geometry) -> list[str]:
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Point":
        return _position_problems(coords)
    if kind == "LineString":
        lines = [coords]
    elif kind == "MultiLineString":
        lines = coords
    else:
        return [f"unexpected geometry type {kind!r}"]
    problems = []
    for line in lines:
        if not isinstance(line, list) or len(line) < 2:
            problems.append("a line with fewer than two positions")
            continue
        for position in line:
            problems += _position_problems(position)
        for a, b in itertools.pairwise(line):
            if abs(b[0] - a[0]) > 180:
                problems.append(f"segment jumps {a} → {b}: crosses the antimeridian without a split (§3.1.9)")
    return problems


def _position_problems(position) -> list[str]:
    if not isinstance(position, list) or len(position) not in (2, 3):
        return [f"position {position!r} is not [lon, lat]"]
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in position):
        return [f"position {position!r} has a non-number"]
    lon, lat = position[0], position[1]
    problems = []
    if not -180 <= lon <= 180:
        problems.append(f"longitude {lon} outside [-180, 180]")
    if not -90 <= lat <= 90:
        problems.append(f"latitude {lat} outside [-90, 90]")
    return problems
