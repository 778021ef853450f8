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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from routes.itinerary.problems import WARNING, Problem
from routes.places.place import Candidate, Place
from routes.places.protocol import GeopyGeocoder, Resolver

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
    """The legs' places as key numbers: one per distinct (name, country), numbered in order of
    first use (origin, destination, then via places, leg by leg); -1 where a leg names no place.

    Columns are read once each, as whole arrays: reading cell by cell from pandas is far slower.
    """
    keys: list[tuple[str, str]]            # key number → (name, country)
    origin: np.ndarray                     # key number per leg
    destination: np.ndarray
    vias: dict[int, list[int]]             # leg position → its via places' keys (legs with vias only)
    same_trip_as_next: np.ndarray          # leg i and leg i + 1 belong to one trip
    files: np.ndarray
    rows: list[int | None]
    leg_ids: dict[int, str]                # leg position → leg_id (legs with vias only)

    def __post_init__(self):
        self._at = {end: _positions_by_key(codes, len(self.keys))
                    for end, codes in (("origin", self.origin), ("destination", self.destination))}
        self._via_uses: dict[int, list[int]] = defaultdict(list)
        for i, keys in self.vias.items():
            for key in keys:
                self._via_uses[key].append(i)

    def uses(self, key: int) -> dict[str, np.ndarray]:
        """Leg positions naming ``key``, per column (origin, destination, via)."""
        found = {end: positions(key) for end, positions in self._at.items()}
        found["via"] = np.array(self._via_uses.get(key, ()), dtype=np.intp)
        return found

    def used_as_via(self, key: int) -> bool:
        return key in self._via_uses

    def rows_by_key(self) -> dict[int, list[int]]:
        """Every key's row numbers, ascending and distinct (one sort for all keys)."""
        via_keys = [k for keys in self.vias.values() for k in keys]
        via_legs = [i for i, keys in self.vias.items() for _ in keys]
        keys = np.concatenate([self.origin, self.destination, np.array(via_keys, dtype=np.intp)])
        legs = np.concatenate([np.arange(len(self.origin))] * 2 + [np.array(via_legs, dtype=np.intp)])
        known = np.array([r is not None for r in self.rows], dtype=bool)[legs]
        rows = np.array([0 if r is None else r for r in self.rows], dtype=np.int64)[legs]
        used = (keys >= 0) & known
        keys, rows = keys[used], rows[used]
        order = np.lexsort((rows, keys))                # by key, then row
        keys, rows = keys[order], rows[order]
        first = np.ones(len(keys), dtype=bool)          # a (key, row) pair's first copy
        first[1:] = (keys[1:] != keys[:-1]) | (rows[1:] != rows[:-1])
        keys, rows = keys[first], rows[first]
        bounds = np.searchsorted(keys, np.arange(len(self.keys) + 1))
        numbers = rows.tolist()
        return {k: numbers[bounds[k]:bounds[k + 1]] for k in range(len(self.keys))}

    def neighbours(self, key: int) -> np.ndarray:
        """Keys around every use of ``key``: the other places of its legs and of the legs just
        before and after it in the same trip."""
        at = np.unique(np.concatenate(list(self.uses(key).values())))
        before = at[at > 0]
        before = before[self.same_trip_as_next[before - 1]] - 1
        after = at[at < len(self.origin) - 1]
        after = after[self.same_trip_as_next[after]] + 1
        around = [self.origin[at], self.destination[at], self.origin[before], self.destination[before],
                  self.origin[after], self.destination[after]]
        around += [np.array(self.vias[i], dtype=np.intp) for i in at.tolist() if i in self.vias]
        found = np.unique(np.concatenate(around))
        return found[(found >= 0) & (found != key)]


def _positions_by_key(codes: np.ndarray, count: int):
    """key → the positions holding it, ascending (one stable sort instead of a scan per key)."""
    order = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[order], np.arange(count + 1))
    return lambda key: order[starts[key]:starts[key + 1]]


def place_legs(legs: pd.DataFrame, geocoder=None, progress=None) -> PlacingResult:
    if geocoder is None:
        from routes.places import Gazetteer
        geocoder = Gazetteer.default()
    legs = legs.reset_index(drop=True).copy()
    table = _read(legs)
    fixed = _explicit_points(legs, table)
    results = _geocode_all(geocoder, table, fixed, progress)
    _fill(legs, table, results, fixed)
    return PlacingResult(legs=legs, places=_places_frame(table, results),
                         problems=_problems(table, results, fixed) + _shared_points(legs),
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


def _objects(items: list) -> np.ndarray:
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _column(legs: pd.DataFrame, name: str) -> np.ndarray:
    """The column as stripped text, "" for missing values; each distinct value read once."""
    if name not in legs:
        return np.full(len(legs), "", dtype=object)
    try:
        codes, uniques = pd.factorize(legs[name])
    except TypeError:   # unhashable cells: read them one by one
        return _objects([_text(v) for v in legs[name].tolist()])
    # to_numpy: iterating a pyarrow-backed array value by value costs 5 µs a value.
    texts = _objects([_text(u) for u in np.asarray(uniques, dtype=object).tolist()] + [""])
    return texts[codes]    # code -1 (missing) picks the trailing ""


def _read(legs: pd.DataFrame) -> _Legs:
    count = len(legs)
    via_texts = _column(legs, "via")
    via_lists = {i: _vias(via_texts[i]) for i in np.flatnonzero(via_texts != "").tolist()}
    via_legs = np.array([i for i, names in via_lists.items() for _ in names], dtype=np.intp)
    via_slots = np.array([2 + k for names in via_lists.values() for k in range(len(names))], dtype=np.intp)
    via_names = _objects([n for names in via_lists.values() for n in names])
    # Every use of a place: origins, destinations, then via places; (leg, slot) is the order of use.
    names = np.concatenate([_column(legs, "origin"), _column(legs, "destination"), via_names])
    countries = np.concatenate([_column(legs, "origin_country"), _column(legs, "destination_country"),
                                np.full(len(via_names), "", dtype=object)])
    use_leg = np.concatenate([np.arange(count), np.arange(count), via_legs]).astype(np.intp)
    use_slot = np.concatenate([np.zeros(count, np.intp), np.ones(count, np.intp), via_slots])
    keys, use_key = _number_keys(names, countries, np.lexsort((use_slot, use_leg)))
    vias: dict[int, list[int]] = defaultdict(list)
    for i, key in zip(via_legs.tolist(), use_key[2 * count:].tolist()):
        vias[i].append(key)
    trips = _pair_codes(_column(legs, "leader"), _column(legs, "trip"))
    return _Legs(keys=keys, origin=use_key[:count], destination=use_key[count:2 * count], vias=dict(vias),
                 same_trip_as_next=trips[:-1] == trips[1:], files=_column(legs, "file"),
                 rows=_rows(legs), leg_ids=_leg_ids(legs, list(vias)))


def _leg_ids(legs: pd.DataFrame, positions: list[int]) -> dict[int, str]:
    if "leg_id" not in legs:
        return {i: "" for i in positions}
    return {i: _text(v) for i, v in zip(positions, legs["leg_id"].iloc[positions].tolist())}


def _pair_codes(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One int64 per (first, second) value pair: equal pairs, equal numbers."""
    a, b = pd.factorize(first)[0].astype(np.int64), pd.factorize(second)[0].astype(np.int64)
    return a * (int(b.max(initial=0)) + 1) + b


def _number_keys(names, countries, use_order) -> tuple[list[tuple[str, str]], np.ndarray]:
    """Number each distinct (name, country) in order of first use; -1 for uses without a name."""
    pairs = _pair_codes(names, countries)
    named = names != ""
    ordered = use_order[named[use_order]]
    first_pairs, first_at = np.unique(pairs[ordered], return_index=True)
    by_first_use = np.argsort(first_at, kind="stable")
    representative = ordered[first_at[by_first_use]]
    keys = list(zip(names[representative].tolist(), countries[representative].tolist()))
    number = np.empty(len(first_pairs), dtype=np.intp)
    number[by_first_use] = np.arange(len(first_pairs))
    use_key = np.full(len(names), -1, dtype=np.intp)
    use_key[named] = number[np.searchsorted(first_pairs, pairs[named])]
    return keys, use_key


def _rows(legs: pd.DataFrame) -> list[int | None]:
    if "row" not in legs:
        return [None] * len(legs)
    if pd.api.types.is_integer_dtype(legs["row"].dtype):
        return legs["row"].astype(np.int64).tolist()
    return [_row_number(r) for r in legs["row"].tolist()]


def _row_number(value) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def _explicit_points(legs: pd.DataFrame, table: _Legs) -> dict[int, tuple[float, float]]:
    """Coordinates written in the input, usable as context for other places (the last given wins)."""
    points: dict[int, tuple[float, float]] = {}
    for (_, _, lat, lon), keys in zip(_ENDS, (table.origin, table.destination)):
        lats, lons = legs[lat].to_numpy(dtype=float), legs[lon].to_numpy(dtype=float)
        at = np.flatnonzero(np.isfinite(lats) & np.isfinite(lons) & (keys >= 0))
        points.update(zip(keys[at].tolist(), zip(lats[at].tolist(), lons[at].tolist())))
    return points


# -- geocoding ---------------------------------------------------------------

def place_resolver(geocoder: Resolver | GeopyGeocoder) -> Callable[[tuple[str, str], Any], Place]:
    """(name, country), context → Place, for either kind of geocoder (routes.places.protocol)."""
    if isinstance(geocoder, Resolver):
        def resolve(key: tuple[str, str], context) -> Place:
            name, country = key
            return geocoder.resolve(name, country=country or None, context=context)
        return resolve

    def ask(key: tuple[str, str], context) -> Place:
        # A geopy geocoder: no confidence, so trust it when it answers.
        name, country = key
        location = geocoder.geocode(name if not country else f"{name}, {country}")
        if location is None:
            return Place.unresolved(name)
        return Place(name, location.address, location.latitude, location.longitude, country, "city",
                     "online", 0.8)
    return ask


def _geocode_all(geocoder, table: _Legs, fixed, progress) -> dict[int, Place]:
    resolve = place_resolver(geocoder)
    needed = [k for k in range(len(table.keys)) if k not in fixed or table.used_as_via(k)]
    total = len(needed)
    results: dict[int, Place] = {}
    for done, key in enumerate(needed, start=1):
        results[key] = resolve(table.keys[key], ())
        if progress:
            progress(done, total)
    known = dict(fixed)
    known.update({k: (p.lat, p.lon) for k, p in results.items() if p.resolved and p.confidence >= SURE})
    for key, place in list(results.items()):
        if place.resolved and place.confidence >= SURE:
            continue
        context = sorted({known[n] for n in table.neighbours(key).tolist() if n in known})
        if context:
            second = resolve(table.keys[key], context)
            if second.resolved or not place.resolved:
                results[key] = second
    return results


# -- writing the results ------------------------------------------------------------

def _fill(legs: pd.DataFrame, table: _Legs, results, fixed: dict[int, tuple[float, float]]) -> None:
    """Geocoded coordinates where the input gave none (explicit coordinates win)."""
    # One slot per key plus a last NaN slot, which key -1 (no place named) picks.
    found = np.full((len(table.keys) + 1, 2), np.nan)
    for key, place in results.items():
        if place.resolved:
            found[key] = (place.lat, place.lon)
    # A place given with coordinates in one row is not looked up: rows naming it without
    # coordinates take the ones the file gives (the last given, as for context).
    for key, point in fixed.items():
        if not np.isfinite(found[key]).all():
            found[key] = point
    for (_, _, lat, lon), keys in zip(_ENDS, (table.origin, table.destination)):
        lats, lons = legs[lat].to_numpy(dtype=float), legs[lon].to_numpy(dtype=float)
        empty = ~(np.isfinite(lats) & np.isfinite(lons))
        legs[lat] = np.where(empty, found[keys, 0], lats)
        legs[lon] = np.where(empty, found[keys, 1], lons)


def _via_points(table: _Legs, results) -> dict[str, list[tuple[float, float]]]:
    points: dict[str, list[tuple[float, float]]] = {}
    for i, vias in table.vias.items():
        found = [results.get(v) for v in vias]
        placed = [(p.lat, p.lon) for p in found if p is not None and p.resolved]
        if placed:
            points[table.leg_ids[i]] = placed
    return points


def _describe(candidates: list[Candidate]) -> str:
    shown = [f"{c.name} ({c.country}, {c.kind}, {c.source})" for c in candidates[:5]]
    return "; ".join(shown) if shown else "none"


def _places_frame(table: _Legs, results) -> pd.DataFrame:
    rows = table.rows_by_key()
    records = []
    for key, place in results.items():
        name, hint = table.keys[key]
        records.append({
            "query": name, "country_hint": hint, "name": place.name, "lat": place.lat,
            "lon": place.lon, "country": place.country, "kind": place.kind, "source": place.source,
            "confidence": place.confidence, "fuzzy": place.fuzzy,
            "alternatives": _describe(place.alternatives), "rows": rows[key],
        })
    return pd.DataFrame.from_records(records, columns=PLACE_COLUMNS)


def _problems(table: _Legs, results, fixed=()) -> list[Problem]:
    """One warning per place left unplaced or unsure, naming every row that uses it."""
    problems = []
    for key, place in results.items():
        if place.resolved and place.confidence >= WARN_BELOW:
            continue
        by_file: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for column, positions in table.uses(key).items():
            if key in fixed and column != "via":
                continue   # its coordinates were given; only its use as a via place needed a lookup
            for i in positions.tolist():
                by_file[table.files[i]][column].append(table.rows[i])
        for file, columns in by_file.items():
            uses = sum(len(rows) for rows in columns.values())
            named = [c for c in ("origin", "destination", "via") if c in columns]
            rows = sorted({r for c in named for r in columns[c] if r is not None})
            problems.append(_problem(table.keys[key], place, file, ", ".join(named), rows, uses))
    # (file, row, column) differ between one place's problems, so ties keep the places' order.
    return sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or ""))


def _problem(key, place: Place, file: str, column: str, rows: list[int], uses: int = 1) -> Problem:
    also = _uses(uses, rows)
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


def _uses(uses: int, rows: list[int]) -> str:
    if uses <= 1 and len(rows) <= 1:
        return ""
    shown = ", ".join(map(str, rows[:12])) + (f" and {len(rows) - 12} more" if len(rows) > 12 else "")
    return f" ({uses} leg ends, rows {shown})"


def _shared_points(legs: pd.DataFrame) -> list[Problem]:
    """A leg between two differently named places placed at one coordinate has no length and no
    line: the places are distinct, so one of the coordinates is wrong (or both are a stand-in)."""
    same = ((legs["origin_lat"] == legs["destination_lat"]) & (legs["origin_lon"] == legs["destination_lon"])
            & (legs["origin"].str.strip().str.casefold() != legs["destination"].str.strip().str.casefold()))
    problems = []
    for leg in legs[same].itertuples():
        problems.append(Problem(
            leg.file or "", int(leg.row) if leg.row else None, "origin, destination",
            f"{leg.origin} → {leg.destination}",
            f"two places share one coordinate ({leg.origin_lat:.5f}, {leg.origin_lon:.5f}), so this leg "
            "has no length and no line; give one of them its own coordinates", WARNING, "same-point"))
    return problems
