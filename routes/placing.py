"""Coordinates for every leg: each distinct place geocoded once, in the context of its trip.

Two passes. First every distinct (name, country) is looked up alone. Then the
ones that came back unsure are looked up again with the coordinates of their
neighbours in the trip (the other end of the leg, the legs before and after),
so "Pingxiang" between Nanning and Dong Dang lands in Guangxi.

Explicit coordinates in the input always win. A place that stays unresolved is
reported (file, rows, column, value, candidates); its legs stay in the data
with NaN coordinates, marked unplaced by the geometry stage.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from routes.geocode.place import Candidate, Place
from routes.problems import WARNING, Problem

SURE = 0.9          # first-pass results at least this confident are not revisited
WARN_BELOW = 0.75   # placed, but said to be ambiguous
_ENDS = (("origin", "origin_country", "origin_lat", "origin_lon"),
         ("destination", "destination_country", "destination_lat", "destination_lon"))

PLACE_COLUMNS = ["query", "country_hint", "name", "lat", "lon", "country", "kind", "source",
                 "confidence", "fuzzy", "alternatives", "rows"]


@dataclass
class PlacingResult:
    legs: pd.DataFrame
    places: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    via_points: dict[str, list[tuple[float, float]]] = field(default_factory=dict)


@dataclass
class _Legs:
    """The legs' columns as plain lists: reading cell by cell from pandas is far slower."""
    origins: list[tuple[str, str]]
    destinations: list[tuple[str, str]]
    vias: list[list[tuple[str, str]]]
    trips: list[tuple[str, str]]
    files: list[str]
    rows: list[int | None]
    leg_ids: list[str]

    def neighbours(self, i: int, key: tuple[str, str]) -> list[tuple[str, str]]:
        around = [self.origins[i], self.destinations[i], *self.vias[i]]
        for j in (i - 1, i + 1):   # the legs just before and after, in the same trip
            if 0 <= j < len(self.trips) and self.trips[j] == self.trips[i]:
                around += [self.origins[j], self.destinations[j]]
        return [k for k in around if k != key and k[0]]


# A use of a place: (leg position, column), column being origin, destination or via.
Use = tuple[int, str]


def place_legs(legs: pd.DataFrame, geocoder=None, progress=None) -> PlacingResult:
    if geocoder is None:
        from routes.geocode import Gazetteer
        geocoder = Gazetteer.default()
    legs = legs.reset_index(drop=True).copy()
    table = _read(legs)
    uses = _collect_uses(table)
    fixed = _explicit_points(legs, table)
    results = _geocode_all(geocoder, table, uses, fixed, progress)
    _fill(legs, table, results)
    return PlacingResult(legs=legs, places=_places_frame(table, uses, results),
                         problems=_problems(table, uses, results, fixed),
                         via_points=_via_points(table, results))


# -- reading the legs --------------------------------------------------------------

def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _vias(value) -> list[str]:
    return [v.strip() for v in _text(value).split(";") if v.strip()]


def _column(legs: pd.DataFrame, name: str) -> list[str]:
    if name not in legs:
        return [""] * len(legs)
    return [_text(v) for v in legs[name].tolist()]


def _read(legs: pd.DataFrame) -> _Legs:
    rows = legs["row"].tolist() if "row" in legs else [None] * len(legs)
    return _Legs(
        origins=list(zip(_column(legs, "origin"), _column(legs, "origin_country"))),
        destinations=list(zip(_column(legs, "destination"), _column(legs, "destination_country"))),
        vias=[[(v, "") for v in _vias(text)] for text in _column(legs, "via")],
        trips=list(zip(_column(legs, "leader"), _column(legs, "trip"))),
        files=_column(legs, "file"), rows=[_row_number(r) for r in rows], leg_ids=_column(legs, "leg_id"))


def _collect_uses(table: _Legs) -> dict[tuple[str, str], list[Use]]:
    uses: dict[tuple[str, str], list[Use]] = defaultdict(list)
    for i, (origin, destination, vias) in enumerate(zip(table.origins, table.destinations, table.vias)):
        for column, key in [("origin", origin), ("destination", destination)] + [("via", v) for v in vias]:
            if key[0]:
                uses[key].append((i, column))
    return uses


def _row_number(value) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def _explicit_points(legs: pd.DataFrame, table: _Legs) -> dict[tuple[str, str], tuple[float, float]]:
    """Coordinates written in the input, usable as context for other places."""
    points = {}
    for (_, _, lat, lon), keys in zip(_ENDS, (table.origins, table.destinations)):
        lats, lons = legs[lat].to_numpy(dtype=float), legs[lon].to_numpy(dtype=float)
        for i in np.flatnonzero(np.isfinite(lats) & np.isfinite(lons)):
            points[keys[i]] = (float(lats[i]), float(lons[i]))
    return points


# -- geocoding ---------------------------------------------------------------

def _resolve(geocoder, key: tuple[str, str], context) -> Place:
    name, country = key
    if hasattr(geocoder, "resolve"):
        return geocoder.resolve(name, country=country or None, context=context)
    # Any geopy geocoder works too: no confidence, so trust it when it answers.
    location = geocoder.geocode(name if not country else f"{name}, {country}")
    if location is None:
        return Place.unresolved(name)
    return Place(name, location.address, location.latitude, location.longitude, country, "city",
                 "online", 0.8)


def _geocode_all(geocoder, table: _Legs, uses, fixed, progress) -> dict[tuple[str, str], Place]:
    needed = [k for k, us in uses.items() if k not in fixed or any(c == "via" for _, c in us)]
    total = len(needed)
    results: dict[tuple[str, str], Place] = {}
    for done, key in enumerate(needed, start=1):
        results[key] = _resolve(geocoder, key, ())
        if progress:
            progress(done, total)
    known = dict(fixed)
    known.update({k: (p.lat, p.lon) for k, p in results.items() if p.resolved and p.confidence >= SURE})
    for key, place in list(results.items()):
        if place.resolved and place.confidence >= SURE:
            continue
        context = sorted({known[n] for i, _ in uses[key] for n in table.neighbours(i, key) if n in known})
        if context:
            second = _resolve(geocoder, key, context)
            if second.resolved or not place.resolved:
                results[key] = second
    return results


# -- writing the results ------------------------------------------------------------

def _fill(legs: pd.DataFrame, table: _Legs, results) -> None:
    """Geocoded coordinates where the input gave none (explicit coordinates win)."""
    placed = {k: (p.lat, p.lon) for k, p in results.items() if p.resolved}
    missing = (math.nan, math.nan)
    for (_, _, lat, lon), keys in zip(_ENDS, (table.origins, table.destinations)):
        found = np.array([placed.get(k, missing) for k in keys], dtype=float).reshape(-1, 2)
        lats, lons = legs[lat].to_numpy(dtype=float), legs[lon].to_numpy(dtype=float)
        empty = ~(np.isfinite(lats) & np.isfinite(lons))
        legs[lat] = np.where(empty, found[:, 0], lats)
        legs[lon] = np.where(empty, found[:, 1], lons)


def _via_points(table: _Legs, results) -> dict[str, list[tuple[float, float]]]:
    points: dict[str, list[tuple[float, float]]] = {}
    for leg_id, vias in zip(table.leg_ids, table.vias):
        found = [results.get(v) for v in vias]
        placed = [(p.lat, p.lon) for p in found if p is not None and p.resolved]
        if placed:
            points[leg_id] = placed
    return points


def _describe(candidates: list[Candidate]) -> str:
    shown = [f"{c.name} ({c.country}, {c.kind}, {c.source})" for c in candidates[:5]]
    return "; ".join(shown) if shown else "none"


def _places_frame(table: _Legs, uses, results) -> pd.DataFrame:
    records = []
    for key, place in results.items():
        records.append({
            "query": key[0], "country_hint": key[1], "name": place.name, "lat": place.lat,
            "lon": place.lon, "country": place.country, "kind": place.kind, "source": place.source,
            "confidence": place.confidence, "fuzzy": place.fuzzy,
            "alternatives": _describe(place.alternatives),
            "rows": sorted({table.rows[i] for i, _ in uses[key] if table.rows[i] is not None}),
        })
    return pd.DataFrame.from_records(records, columns=PLACE_COLUMNS)


def _problems(table: _Legs, uses, results, fixed=()) -> list[Problem]:
    problems = []
    for key, place in results.items():
        if place.resolved and place.confidence >= WARN_BELOW:
            continue
        by_column: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, column in uses[key]:
            if key in fixed and column != "via":
                continue   # its coordinates were given; only its use as a via place needed a lookup
            by_column[(table.files[i], column)].append(table.rows[i])
        for (file, column), rows in by_column.items():
            rows = sorted(r for r in rows if r is not None)
            problems.append(_problem(key, place, file, column, rows))
    return sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or ""))


def _problem(key, place: Place, file: str, column: str, rows: list[int]) -> Problem:
    also = f" (rows {', '.join(map(str, rows))})" if len(rows) > 1 else ""
    candidates = _describe(place.alternatives)
    if place.resolved:
        message = (f"ambiguous place: placed at {place.name} ({place.country}) with confidence "
                   f"{place.confidence:.2f}{also}; other candidates: {candidates}")
        code = "ambiguous"
    elif place.alternatives:
        message = (f"ambiguous place, left unplaced{also}; candidates considered: {candidates}. "
                   "Add a country, a region hint or coordinates")
        code = "ambiguous"
    else:
        message = (f"place not found offline, left unplaced{also}; candidates considered: none. "
                   "Add coordinates or check the spelling")
        code = "unplaced"
    return Problem(file=file or "", row=rows[0] if rows else None, column=column, value=key[0],
                   message=message, severity=WARNING, code=code)
