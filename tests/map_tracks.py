"""Tracks FeatureCollections for the map tests, following docs/architecture.md exactly.

Real trips are read from the project's own sourced data (data/legs.csv, data/places.csv);
geometry is the geodesic between the two places (routes.geometry.geodesic), which is
what the tracks stage draws when no railway line is known. Synthetic collections (for
scale tests and the benchmark) reuse the real places and label themselves synthetic.
"""
from __future__ import annotations

import csv
import random
from datetime import UTC, datetime
from pathlib import Path

from routes.geometry.geodesic import geodesic_path

ROOT = Path(__file__).resolve().parent.parent
PROPERTY_NAMES = ("leg_id", "leader", "trip", "seq", "mode", "origin", "destination", "depart",
                  "arrive", "depart_ms", "arrive_ms", "depart_precision", "arrive_precision",
                  "distance_km", "duration_h", "speed_kmh", "approximate", "corridor", "vehicle",
                  "notes", "source", "confidence")


def places() -> dict[str, tuple[float, float]]:
    with open(ROOT / "data" / "places.csv", encoding="utf-8", newline="") as handle:
        return {row["name"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(handle)}


def time_ms(text: str, end_of_day: bool) -> tuple[int | None, str]:
    """(epoch ms, precision) the way the itinerary stage stores times (contract)."""
    if not text:
        return None, ""
    if len(text) == 10:
        moment = datetime.fromisoformat(text).replace(tzinfo=UTC)
        if end_of_day:
            moment = moment.replace(hour=23, minute=59, second=59)
        return int(moment.timestamp() * 1000), "day"
    moment = datetime.fromisoformat(text)
    precision = "second" if text.count(":") >= 3 or (text.count(":") == 2 and "+" not in text
                                                      and "-" not in text[10:]) else "minute"
    return int(moment.timestamp() * 1000), precision


def feature(props: dict, origin: tuple[float, float] | None, destination: tuple[float, float] | None) -> dict:
    """One contract feature; measures computed from geometry and times."""
    properties = {name: props.get(name, "") for name in PROPERTY_NAMES}
    depart_ms, depart_precision = time_ms(props.get("depart", ""), end_of_day=False)
    arrive_ms, arrive_precision = time_ms(props.get("arrive", ""), end_of_day=True)
    geometry, km = None, None
    if origin and destination:
        coords, km = geodesic_path(origin[0], origin[1], destination[0], destination[1])
        geometry = {"type": "LineString", "coordinates": coords}
    hours = (arrive_ms - depart_ms) / 3.6e6 if None not in (depart_ms, arrive_ms) else None
    properties.update(
        seq=int(props.get("seq") or 0), leg_id=f"{props['leader']}|{props['trip']}|{props.get('seq')}",
        depart_ms=depart_ms, arrive_ms=arrive_ms, depart_precision=depart_precision,
        arrive_precision=arrive_precision, distance_km=km, duration_h=hours,
        speed_kmh=(km / hours) if km and hours else None,
        approximate=bool(props.get("approximate", True)), corridor=props.get("corridor", ""),
    )
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def project_trip(leader: str, trip: str) -> dict:
    """A trip from data/legs.csv as tracks; legs whose places are not in places.csv get
    geometry null (as unplaced legs do)."""
    known = places()
    with open(ROOT / "data" / "legs.csv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["leader"] == leader and r["trip"] == trip]
    features = [feature(dict(row, approximate=True), known.get(row["origin"]), known.get(row["destination"]))
                for row in rows]
    return {"type": "FeatureCollection", "features": features}


def hanoi_train() -> dict:
    """Kim Jong Un's 2019 Hanoi summit journey (armoured train, sourced in data/legs.csv)."""
    return project_trip("Kim Jong Un", "2019-02 Hanoi summit")


def with_text(collection: dict, text: str, fields=("leader", "trip", "origin", "destination",
                                                    "vehicle", "notes", "source", "confidence",
                                                    "corridor", "depart", "arrive", "mode")) -> dict:
    """A copy with `text` put into every text field (for injection tests)."""
    features = []
    for f in collection["features"]:
        props = dict(f["properties"])
        for name in fields:
            props[name] = text
        features.append({"type": "Feature", "geometry": f["geometry"], "properties": props})
    return {"type": "FeatureCollection", "features": features}


def synthetic(n_legs: int, seed: int = 1, legs_per_trip: int = 10) -> dict:
    """SYNTHETIC legs between the project's real places, with geodesic geometry and
    made-up times (for scale tests and the benchmark only, never shown as facts)."""
    rng = random.Random(seed)
    coordinates = list(places().items())
    modes = ("train", "flight", "car", "ship", "helicopter")
    features = []
    start = int(datetime(2020, 1, 1, tzinfo=UTC).timestamp() * 1000)
    for i in range(n_legs):
        (a_name, a), (b_name, b) = rng.sample(coordinates, 2)
        depart = start + i * 3_600_000
        props = {"leader": f"Synthetic leader {i % 7}", "trip": f"Synthetic trip {i // legs_per_trip}",
                 "seq": i % legs_per_trip + 1, "mode": modes[i % len(modes)], "origin": a_name,
                 "destination": b_name, "vehicle": "synthetic", "notes": "synthetic benchmark leg",
                 "source": "synthetic", "confidence": "low", "approximate": i % 3 == 0}
        f = feature(props, a, b)
        hours = 2 + i % 40
        f["properties"].update(depart_ms=depart, arrive_ms=depart + hours * 3_600_000,
                               depart_precision="minute", arrive_precision="minute",
                               duration_h=hours, leg_id=f"synthetic|{i}")
        features.append(f)
    return {"type": "FeatureCollection", "features": features}
