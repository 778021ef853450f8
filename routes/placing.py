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
class _Use:
    """One appearance of a place name in the legs."""
    row_index: int
    column: str          # origin, destination or via
    file: str
    row: int | None
    leg_id: str
    neighbours: list[tuple[str, str]]   # keys of places around it in the trip


def place_legs(legs: pd.DataFrame, geocoder=None, progress=None) -> PlacingResult:
    if geocoder is None:
        from routes.geocode import Gazetteer
        geocoder = Gazetteer.default()
    legs = legs.copy()
    uses = _collect_uses(legs)
    fixed = _explicit_points(legs)
    results = _geocode_all(geocoder, uses, fixed, progress)
    _fill(legs, uses, results)
    return PlacingResult(legs=legs, places=_places_frame(uses, results),
                         problems=_problems(uses, results),
                         via_points=_via_points(legs, uses, results))


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


def _collect_uses(legs: pd.DataFrame) -> dict[tuple[str, str], list[_Use]]:
    uses: dict[tuple[str, str], list[_Use]] = defaultdict(list)
    ordered = legs.reset_index(drop=True)
    trip_keys = [(_text(r.get("leader")), _text(r.get("trip"))) for _, r in ordered.iterrows()]
    for i, row in ordered.iterrows():
        origin = (_text(row.get("origin")), _text(row.get("origin_country")))
        destination = (_text(row.get("destination")), _text(row.get("destination_country")))
        vias = [(v, "") for v in _vias(row.get("via"))]
        around = [origin, destination, *vias]
        for j in (i - 1, i + 1):   # the legs just before and after, in the same trip
            if 0 <= j < len(ordered) and trip_keys[j] == trip_keys[i]:
                other = ordered.iloc[j]
                around += [(_text(other.get("origin")), _text(other.get("origin_country"))),
                           (_text(other.get("destination")), _text(other.get("destination_country")))]
        for column, key in [("origin", origin), ("destination", destination)] + [("via", v) for v in vias]:
            if not key[0]:
                continue
            neighbours = [k for k in around if k != key and k[0]]
            uses[key].append(_Use(i, column, _text(row.get("file")), _row_number(row.get("row")),
                                  _text(row.get("leg_id")), neighbours))
    return uses


def _row_number(value) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def _explicit_points(legs: pd.DataFrame) -> dict[tuple[str, str], tuple[float, float]]:
    """Coordinates written in the input, usable as context for other places."""
    points = {}
    for _, row in legs.iterrows():
        for name, country, lat, lon in _ENDS:
            la, lo = _number(row.get(lat)), _number(row.get(lon))
            if la is not None and lo is not None:
                points[(_text(row.get(name)), _text(row.get(country)))] = (la, lo)
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


def _geocode_all(geocoder, uses, fixed, progress) -> dict[tuple[str, str], Place]:
    needed = [k for k, us in uses.items() if k not in fixed or any(u.column == "via" for u in us)]
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
        context = sorted({known[n] for u in uses[key] for n in u.neighbours if n in known})
        if context:
            second = _resolve(geocoder, key, context)
            if second.resolved or not place.resolved:
                results[key] = second
    return results


# -- writing the results ------------------------------------------------------------

def _fill(legs: pd.DataFrame, uses, results) -> None:
    for key, appearances in uses.items():
        place = results.get(key)
        if place is None or not place.resolved:
            continue
        for use in appearances:
            if use.column == "via":
                continue
            lat_col, lon_col = f"{use.column}_lat", f"{use.column}_lon"
            index = legs.index[use.row_index]
            if _number(legs.at[index, lat_col]) is None or _number(legs.at[index, lon_col]) is None:
                legs.at[index, lat_col] = place.lat
                legs.at[index, lon_col] = place.lon


def _via_points(legs: pd.DataFrame, uses, results) -> dict[str, list[tuple[float, float]]]:
    points: dict[str, list[tuple[float, float]]] = {}
    for _, row in legs.iterrows():
        leg_id = _text(row.get("leg_id"))
        found = [results.get((v, "")) for v in _vias(row.get("via"))]
        placed = [(p.lat, p.lon) for p in found if p is not None and p.resolved]
        if placed:
            points[leg_id] = placed
    return points


def _describe(candidates: list[Candidate]) -> str:
    shown = [f"{c.name} ({c.country}, {c.kind}, {c.source})" for c in candidates[:5]]
    return "; ".join(shown) if shown else "none"


def _places_frame(uses, results) -> pd.DataFrame:
    records = []
    for key, place in results.items():
        records.append({
            "query": key[0], "country_hint": key[1], "name": place.name, "lat": place.lat,
            "lon": place.lon, "country": place.country, "kind": place.kind, "source": place.source,
            "confidence": place.confidence, "fuzzy": place.fuzzy,
            "alternatives": _describe(place.alternatives),
            "rows": sorted({u.row for u in uses[key] if u.row is not None}),
        })
    return pd.DataFrame.from_records(records, columns=PLACE_COLUMNS)


def _problems(uses, results) -> list[Problem]:
    problems = []
    for key, place in results.items():
        if place.resolved and place.confidence >= WARN_BELOW:
            continue
        by_column: dict[tuple[str, str], list[int]] = defaultdict(list)
        for use in uses[key]:
            by_column[(use.file, use.column)].append(use.row)
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
