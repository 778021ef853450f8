"""The offline gazetteer: names in any spelling or script → Place, with geopy's shape.

    gaz = Gazetteer.default()
    gaz.resolve("Pingxiang", context=[(22.82, 108.32), (21.95, 106.70)])   # Guangxi
    gaz.geocode("FNJ")                       # geopy.location.Location
    gaz.candidates("Washington")             # exact-name candidates, cheap

Ranking: how the name matched (code, primary or alternate name, name without a
kind word, fuzzy), the source (curated first), population, the kind asked
for, hints ("Moscow, US"), and distance to the trip's other places.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

from routes.places import context as ctx
from routes.places import curated
from routes.places.addresses import AddressLookups, apply_regions
from routes.places.cache import default_cache_dir, writable_dir
from routes.places.countries import country_name
from routes.places.hints import inside, read_hints
from routes.places.hit import Hit as _Hit
from routes.places.hit import dedupe as _dedupe
from routes.places.index import (
    ALTERNATE,
    BASE,
    CODE,
    DEFAULT_CITIES,
    PRIMARY,
    build,
    index_path,
    input_versions,
    open_existing,
)
from routes.places.normalize import key, normalize, split_kind
from routes.places.place import Candidate, Place
from routes.places.query import ParsedQuery, parse, whole

RESOLVED_AT = 0.5          # below this confidence a place is reported, not placed
FUZZY_CUTOFF = 88          # rapidfuzz ratio needed for a typo match
IN_COUNTRY_CUTOFF = 80     # the same, among the places of a country given
RIVAL_KM = 30.0            # candidates closer than this are the same place
APPROXIMATE = 0.55         # quality of "the city, for want of the station/airport asked for"
NAMED_AFTER_KM = 60.0      # an airport named after a place lies this close to it
SEPARATED = 0.12           # a lead this large gives full confidence (see _place)
CORE_BONUS = 0.3           # a place in the very country named, over one in its dependencies
_MAX_ALTERNATIVES = 5


_SELECT = ("SELECT p.pid, p.name, p.lat, p.lon, p.country, p.admin1, p.kind, p.source, "
           "p.population, p.code, n.how FROM names n JOIN places p ON p.pid = n.pid WHERE n.k = ?")


class Gazetteer(AddressLookups):
    """Offline place lookup over the SQLite index (built on first use)."""

    _default: Gazetteer | None = None
    _default_lock = threading.Lock()

    def __init__(self, cache_dir: str | Path | None = None, cities: str = DEFAULT_CITIES,
                 places_csv: str | Path = curated.PLACES_CSV):
        self.notices: list[str] = []
        self._cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self._cities, self._places_csv = cities, Path(places_csv)
        self._lock = threading.RLock()
        self._memo: dict[str, list[Candidate]] = {}
        self._rows_of_key: dict[str, list[tuple]] = {}
        self._near: dict[tuple[str, float], list[tuple[str, float]]] = {}
        self._curated = curated.load(self._places_csv)
        self._conn = self._connect()

    @classmethod
    def default(cls) -> Gazetteer:
        """One shared instance per process."""
        with cls._default_lock:
            if cls._default is None:
                cls._default = cls()
            return cls._default

    # -- index ---------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        versions = input_versions(self._cities)
        conn = open_existing(index_path(self._cache_dir, self._cities), versions)
        if conn is not None:
            return conn
        directory = writable_dir(self._cache_dir, self.notices)
        if directory is not None and directory != self._cache_dir:
            conn = open_existing(index_path(directory, self._cities), versions)
            if conn is not None:
                return conn
        path = index_path(directory, self._cities) if directory is not None else None
        self.notices.append(f"built the place index at {path or 'memory'}")
        return build(path, versions)

    def _rows(self, k: str) -> list[tuple]:
        if not k:
            return []
        return self._curated.get(k, []) + self._indexed(k)

    def _indexed(self, k: str) -> list[tuple]:
        with self._lock:
            cached = self._rows_of_key.get(k)
            if cached is not None:
                return cached
            try:
                rows = self._conn.execute(_SELECT, (k,)).fetchall()
            except sqlite3.DatabaseError:
                # Damaged on disk since we opened it: build again, once.
                self.notices.append("the place index was unreadable and has been rebuilt")
                index_path(self._cache_dir, self._cities).unlink(missing_ok=True)
                self._conn = self._connect()
                rows = self._conn.execute(_SELECT, (k,)).fetchall()
            # Read-only once built, so a key's rows never change; a dataset asks many keys again.
            if len(self._rows_of_key) > 100_000:
                self._rows_of_key.clear()
                self._near.clear()
            self._rows_of_key[k] = rows
            return rows

    def _hits(self, k: str, hows: tuple[int, ...], quality: dict[int, float]) -> list[_Hit]:
        return [_Hit.of_row(row, quality[row[10]]) for row in self._rows(k) if row[10] in hows]

    # -- public API ------------------------------------------------------
    def candidates(self, name: str) -> list[Candidate]:
        """Places whose name or alternate name is exactly ``name`` (normalised), best first."""
        k = key(name)
        cached = self._memo.get(k)
        if cached is not None:
            return cached
        hits = _dedupe(self._hits(k, (PRIMARY, ALTERNATE), {PRIMARY: 1.0, ALTERNATE: 0.96}))
        for hit in hits:
            hit.score = _score(hit, None, ctx.Neighbours([]))
        result = [h.candidate() for h in sorted(hits, key=lambda h: -h.score)]
        if len(self._memo) > 50_000:
            self._memo.clear()
        self._memo[k] = result
        return result

    def resolve(self, query, *, country=None, kind=None, context=()) -> Place:
        """See routes.places.protocol.Resolver: the best place, unresolved when nothing fits."""
        text = "" if query is None else str(query).strip()
        if not text:
            return Place.unresolved(text)
        given = parse(text)
        hints = read_hints(given.hints, country, self._capital_admin1, given.bracketed)
        parsed, hits = self._match(text, kind, hints.countries)
        want_kind = kind or parsed.kind
        if want_kind in (None, "region"):
            hits = _dedupe(hits + self._countries_named(parsed))
        within = [h for h in hits if inside(h.country, hints.countries, h.admin1)]
        outside = [h for h in hits if not inside(h.country, hints.countries, h.admin1)]
        if not within and not want_kind:
            within = [h for h in self._fallbacks(parsed) if inside(h.country, hints.countries, h.admin1)]
        if not within and hints.countries:
            within = self._fuzzy_within(parsed, hints.countries, want_kind)
        address = self._address_points(hints)
        if address:
            within = self._in_address(within, address, want_kind)
        within = apply_regions(within, hints.regions)
        near = ctx.Neighbours(ctx.clean_points(context) + [(a[0].lat, a[0].lon) for a in address])
        for hit in within + outside:
            # The country named itself before its dependencies (Cádiz, Spain: not Cadiz in the
            # Philippines, once Spanish).
            hit.score = _score(hit, want_kind, near) + (CORE_BONUS if hit.country in hints.core else 0.0)
        if not within and outside:
            # A country was given and nothing of that name lies in it: say so, with what was seen.
            ranked = sorted(outside, key=lambda h: -h.score)
            return Place.unresolved(text, [h.candidate() for h in ranked[:_MAX_ALTERNATIVES]])
        ranked = ctx.nearest_namesake_first(sorted(within, key=lambda h: -h.score), near, SEPARATED, RIVAL_KM)
        return _place(text, ranked)

    def geocode(self, query, *, exactly_one: bool = True, country=None, kind=None, context=(),
                timeout=None):
        """geopy-style: a Location (or a list of them, the best first, unless ``exactly_one``),
        None / [] when not found. Options by keyword only, as geopy's; ``timeout`` is accepted
        for geopy's callers and unused (nothing is fetched). An unknown option is a TypeError."""
        from geopy.location import Location

        place = self.resolve(query, country=country, kind=kind, context=context)
        if not place.resolved:
            return None if exactly_one else []
        address = f"{place.name}, {country_name(place.country)}" if place.country else place.name
        best = Location(address, (place.lat, place.lon), place.to_dict())
        if exactly_one:
            return best
        others = [Location(f"{c.name}, {country_name(c.country)}", (c.lat, c.lon), c.to_dict())
                  for c in place.alternatives]
        return [best, *others]

    # -- matching --------------------------------------------------------
    def _match(self, text: str, kind: str | None, countries) -> tuple[ParsedQuery, list[_Hit]]:
        parsed = parse(text)
        if parsed.hints:
            # "Washington, D.C." may be a name in its own right (an exact name only).
            joined = whole(text)
            if self._hits(joined.full_key, (PRIMARY, ALTERNATE), {PRIMARY: 1.0, ALTERNATE: 0.96}):
                return joined, self._gather(joined, kind, ())
            hits = self._gather(joined, kind, ())
            if any(h.source == "curated" and h.quality >= 0.9 for h in hits):
                return joined, [h for h in hits if h.source == "curated"]
        return parsed, self._gather(parsed, kind, sorted(countries or ()))

    def _gather(self, parsed: ParsedQuery, kind: str | None, countries) -> list[_Hit]:
        want = kind or parsed.kind
        exact = self._hits(parsed.full_key, (PRIMARY, ALTERNATE), {PRIMARY: 1.0, ALTERNATE: 0.96})
        if parsed.looks_like_code and want in (None, "airport"):
            coded = self._hits(parsed.name.lower(), (CODE,), {CODE: 1.0})
            if coded:
                # Codes first; only a curated alias ("JSA") outranks them.
                return _dedupe(coded + [h for h in exact if h.source == "curated"])
        if not want:
            # "Joint Base Andrews", "Noi Bai": a name that lacks its kind word.
            bare = exact or self._hits(parsed.full_key, (BASE,), {BASE: 0.95})
            return _dedupe(bare) or self._fuzzy(parsed.full_key)
        if exact and kind is None and not any(h.kind == want for h in exact):
            # The "kind word" belongs to the name itself (공동경비구역 ends in 역).
            return _dedupe(exact)
        return self._gather_kind(parsed, want, exact, countries)

    def _gather_kind(self, parsed: ParsedQuery, want: str, exact: list[_Hit], countries) -> list[_Hit]:
        if any(h.kind == want for h in exact):
            # "Seoul Air Base" is a name of its own; "Seoul" airports are not rivals.
            return _dedupe([h for h in exact if h.kind == want])
        quality = {PRIMARY: 0.97, ALTERNATE: 0.95, BASE: 0.95}
        pool = exact + self._hits(parsed.base_key, (PRIMARY, ALTERNATE, BASE), quality)
        if not any(h.kind == want for h in pool) and parsed.lean_key != parsed.base_key:
            pool += self._hits(parsed.lean_key, (PRIMARY, ALTERNATE, BASE), quality)
        if not any(h.kind == want for h in pool) and want == "airport":
            pool += self._airport_words(parsed) + self._airports_like(parsed, countries)
        if not any(h.kind == want for h in pool) and want == "airport":
            pool += self._airports_serving(pool) or self._airports_named_after(pool)
        of_kind = [h for h in pool if h.kind == want]
        if of_kind:
            return _dedupe(of_kind)
        # Nothing of that kind: the place itself, honestly marked as approximate.
        approximate = [replace(h, quality=APPROXIMATE) for h in pool if h.kind == "city"]
        if not approximate and want == "station":
            approximate = self._station_city(parsed)
        return _dedupe(approximate) or self._fuzzy(parsed.base_key, kind=want)

    def _station_city(self, parsed: ParsedQuery) -> list[_Hit]:
        # "Lyon Part-Dieu station", "Napoli Centrale": no such station is known
        # offline, but its name starts with the city's. Longest prefix first.
        words = parsed.base.split()
        for n in range(len(words) - 1, 0, -1):
            hits = self._hits(key(" ".join(words[:n])), (PRIMARY, ALTERNATE), {PRIMARY: 1.0, ALTERNATE: 1.0})
            cities = [replace(h, quality=APPROXIMATE) for h in hits if h.kind == "city"]
            if cities:
                return cities
        return []

    def _airport_words(self, parsed: ParsedQuery) -> list[_Hit]:
        # "Pyongyang Sunan International Airport": try each word as a served city
        # or name, then keep airports whose full name shares most of the words.
        found: dict[int, _Hit] = {}
        for word in parsed.base.split():
            if len(word) >= 4:
                for hit in self._hits(key(word), (PRIMARY, BASE), {PRIMARY: 0.9, BASE: 0.9}):
                    if hit.kind == "airport":
                        found[hit.pid] = hit
        from rapidfuzz import fuzz

        out = []
        for hit in found.values():
            ratio = fuzz.token_set_ratio(parsed.base, key_words(hit.name))
            if ratio >= 70:
                out.append(replace(hit, quality=0.9 * ratio / 100))
        return out

    def _airports_serving(self, pool: list[_Hit]) -> list[_Hit]:
        # "Frankfurt Airport": airportsdata says it serves "Frankfurt am Main",
        # GeoNames' name for the city the query named. Biggest cities first.
        cities = sorted((h for h in pool if h.kind == "city"), key=lambda h: -h.population)[:3]
        # Only cities of the same order as the biggest: Frankfurt am Main, not Frankfort, KY.
        cities = [c for c in cities if c.population * 5 >= cities[0].population] if cities else []
        found = []
        for city in cities:
            for hit in self._hits(key(city.name), (BASE,), {BASE: 0.85}):
                if hit.kind == "airport" and hit.country == city.country:
                    found.append(hit)
        return found

    def _airports_named_after(self, pool: list[_Hit]) -> list[_Hit]:
        # "김포국제공항", "上海浦东国际机场": airportsdata has no names in these scripts,
        # but GeoNames knows the place (Gimpo, Pudong). An airport of that country,
        # with an IATA code, near it and carrying its Latin name is the one meant.
        found = []
        for city in sorted((h for h in pool if h.kind == "city"), key=lambda h: -h.population)[:3]:
            words = {w for w in key_words(city.name).split() if len(w) >= 4}
            if not words:
                continue
            with self._lock:
                rows = self._conn.execute(
                    "SELECT pid, name, lat, lon, country, admin1, kind, source, population, code "
                    "FROM places WHERE kind = 'airport' AND country = ?", (city.country,)).fetchall()
            for row in rows:
                near = ctx.haversine_km(city.lat, city.lon, row[2], row[3]) <= NAMED_AFTER_KM
                if near and len(row[9]) == 3 and words & set(key_words(row[1]).split()):
                    found.append(_Hit.of_row(row, 0.85))
        return found

    def _airports_like(self, parsed: ParsedQuery, countries) -> list[_Hit]:
        # Known country: compare the name with each of its airports
        # ("King Khalid International Airport" ~ "King Khaled International Airport").
        if not countries or not parsed.base:
            return []
        full = normalize(parsed.name)
        marks = ",".join("?" * len(countries))
        with self._lock:
            rows = self._conn.execute(
                "SELECT pid, name, lat, lon, country, admin1, kind, source, population, code "
                f"FROM places WHERE kind = 'airport' AND country IN ({marks})", list(countries)).fetchall()
        from rapidfuzz import fuzz  # imported on demand: it costs start-up time

        out = []
        for row in rows:
            # Whole names and names without kind words both count, so "Air Base"
            # and "International Airport" still tell two airports apart. Sorted
            # tokens: a query that merely contains a name ("... Richelieu") fails.
            ratio = (fuzz.token_sort_ratio(full, normalize(row[1]))
                     + fuzz.token_sort_ratio(parsed.base, key_words(row[1]))) / 2
            if ratio >= 85:
                out.append(_Hit.of_row(row, 0.85 * ratio / 100, fuzzy=ratio < 100))
        return out

    def _fuzzy(self, k: str, kind: str | None = None) -> list[_Hit]:
        hits = []
        for match, ratio in self._near_keys(k):
            for hit in self._hits(match, (PRIMARY, ALTERNATE), {PRIMARY: 1.0, ALTERNATE: 0.95}):
                if kind is None or hit.kind in (kind, "city"):
                    hits.append(replace(hit, quality=hit.quality * 0.8 * ratio / 100, fuzzy=True))
        return _dedupe(hits)

    def _near_keys(self, k: str, cutoff: float = FUZZY_CUTOFF) -> list[tuple[str, float]]:
        """Index keys a typo or two from ``k``, best first (remembered: the second pass asks again)."""
        if len(k) < 4:
            return []
        with self._lock:
            if (k, cutoff) not in self._near:
                rows = self._conn.execute(
                    "SELECT DISTINCT k FROM names WHERE k >= ? AND k < ? AND how IN (0, 1) "
                    "AND length(k) BETWEEN ? AND ?",
                    (k[:2], k[:2] + "\U0010ffff", len(k) - 2, len(k) + 2)).fetchall()
                from rapidfuzz import fuzz, process

                limit = 3 if cutoff >= FUZZY_CUTOFF else 12
                best = process.extract(k, [r[0] for r in rows], scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
                self._near[(k, cutoff)] = [(match, ratio) for match, ratio, _ in best]
            return self._near[(k, cutoff)]

    def _capital_admin1(self, country: str, city: str) -> str | None:
        rows = [h for h in self._hits(key(city), (PRIMARY,), {PRIMARY: 1.0})
                if h.country == country and h.kind == "city"]
        return max(rows, key=lambda h: h.population).admin1 if rows else None


def key_words(name: str) -> str:
    return split_kind(normalize(name))[0]


def _score(hit: _Hit, want_kind: str | None, near: ctx.Neighbours) -> float:
    score = hit.quality + 0.35 * min(1.0, math.log10(hit.population + 1) / 7)
    if hit.source == "curated" and hit.quality >= 0.9:
        score += 0.4            # written here, with a source, for exactly this name
    if want_kind is None and hit.kind == "city":
        score += 0.03
    if want_kind and hit.kind == want_kind:
        score += 0.05
    return score - near.penalty(hit.lat, hit.lon)


def _one_region(a: _Hit, b: _Hit) -> bool:
    """A region and its namesake in the same country (Hawaii the state, the county, the island;
    Bali the province and its city) answer the query together, not as rivals."""
    return a.country == b.country and "region" in (a.kind, b.kind)


def _place(query: str, ranked: list[_Hit]) -> Place:
    if not ranked:
        return Place.unresolved(query)
    best = ranked[0]
    rivals = [h for h in ranked[1:] if ctx.haversine_km(best.lat, best.lon, h.lat, h.lon) > RIVAL_KM
              and not _one_region(best, h)]
    separation = best.score - rivals[0].score if rivals else 1.0
    confidence = min(1.0, best.quality) * min(1.0, 0.35 + separation / SEPARATED)
    if best.fuzzy:
        confidence *= 0.85
    alternatives = [h.candidate() for h in ranked[1:1 + _MAX_ALTERNATIVES]]
    confidence = round(max(0.0, confidence), 3)
    if confidence < RESOLVED_AT:
        return Place.unresolved(query, [best.candidate(), *alternatives])
    return Place(query=query, name=best.name, lat=best.lat, lon=best.lon, country=best.country,
                 kind=best.kind, source=best.source, confidence=confidence, fuzzy=best.fuzzy,
                 alternatives=alternatives)
