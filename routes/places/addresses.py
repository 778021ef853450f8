"""The gazetteer's lookups for the parts around a name: addresses, countries, areas, typos.

"Wuchang Railway Station, Wuhan, Hubei": the trailing city is where the station must be.
"Bermuda", "The Bahamas": a country or territory named as a place. "Cheju Island",
"Camau Province", "St. Mère-Église": the name without its area word, "Saint" for "St.".
"Kasame, Botswana": a misspelling, matched only among the places of the country given.
Mixed into ``Gazetteer``, whose index lookups (``_hits``, ``_near_keys``, ``_conn``) it uses.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import replace

from routes.places import context as ctx
from routes.places.countries import country_code, country_info
from routes.places.hints import Hints, inside
from routes.places.hit import Hit, dedupe, fits
from routes.places.index import ALTERNATE, BASE, PRIMARY
from routes.places.normalize import key
from routes.places.query import ParsedQuery

ADDRESS_KM = 40.0          # "NAME, CITY": the place lies this close to the city's point
AIRPORT_KM = 80.0          # "AIRPORT, CITY": airports lie farther out (Incheon, Seoul: 48 km)
REGION_KM = 400.0          # "NAME, REGION": this close to the region's point
APPROXIMATE = 0.55         # as the gazetteer's: the city, for want of the station asked for
COUNTRY_NAMED = 0.2        # ranking bonus of a country or territory named as a place
IN_COUNTRY_CUTOFF = 80     # rapidfuzz ratio for a typo, among the places of a country given
_AREA_WORDS = ("island", "isle", "islands", "province", "governorate", "prefecture", "county", "region",
               "bay", "city")
_SAINTS = ("saint", "sainte", "san", "santa", "sankt", "sint")
_ABBREVIATIONS = {"st": _SAINTS, "ste": ("sainte",), "s": _SAINTS, "ft": ("fort",), "mt": ("mount", "mont")}


class AddressLookups:
    """Mixed into Gazetteer, which provides the index connection, its lock and the lookups below."""
    _lock: threading.RLock
    _conn: sqlite3.Connection
    _hits: Callable[[str, tuple[int, ...], dict[int, float]], list[Hit]]
    _near_keys: Callable[..., list[tuple[str, float]]]

    def _countries_named(self, parsed: ParsedQuery) -> list[Hit]:
        """The query names a country or territory: a region hit at its capital (GeoNames'
        representative point for it), else at its most populous place."""
        if parsed.looks_like_code or len(parsed.name) <= 3 or parsed.kind:
            return []
        code = next(filter(None, map(country_code, _spellings(parsed.base))), None)
        if not code:
            return []
        info = country_info(code)
        seats = [h for h in self._hits(key(info.get("capital", "")), (PRIMARY, ALTERNATE),
                                       {PRIMARY: 1.0, ALTERNATE: 1.0})
                 if h.country == code and h.kind == "city"] or self._largest_place(code)
        if not seats:
            return []
        seat = max(seats, key=lambda h: h.population)
        # A country's own name outranks the towns named after it (Grenada, Montserrat, Malta),
        # by as much as a curated place; a given country or trip context still decides.
        return [Hit(-1_000_000 - seat.pid, info.get("name", code), seat.lat, seat.lon, code, "", "region",
                    "gazetteer", int(info.get("population") or 0), code, quality=1.0 + COUNTRY_NAMED)]

    def _largest_place(self, code: str) -> list[Hit]:
        with self._lock:
            row = self._conn.execute(
                "SELECT pid, name, lat, lon, country, admin1, kind, source, population, code FROM places "
                "WHERE kind = 'city' AND country = ? ORDER BY population DESC LIMIT 1", (code,)).fetchone()
        return [Hit.of_row(row, 1.0)] if row else []

    def _fallbacks(self, parsed: ParsedQuery) -> list[Hit]:
        # "Bagram, Afghanistan": no town of that name there, but its airbase is.
        hits = self._hits(parsed.full_key, (BASE,), {BASE: 0.9})
        words = parsed.base.split()
        if not hits and len(words) > 1 and words[-1] in _AREA_WORDS:
            hits = self._hits(key(" ".join(words[:-1])), (PRIMARY, ALTERNATE), {PRIMARY: 0.9, ALTERNATE: 0.9})
        # "St. Mère-Église", "Ft. Erie", "Mt. Hagen": abbreviations GeoNames writes out.
        for full in _ABBREVIATIONS.get(words[0], ()) if not hits and len(words) > 1 else ():
            hits = self._hits(key(" ".join([full, *words[1:]])), (PRIMARY, ALTERNATE),
                              {PRIMARY: 0.95, ALTERNATE: 0.95})
            if hits:
                break
        return hits

    def _fuzzy_within(self, parsed: ParsedQuery, countries, want_kind) -> list[Hit]:
        """A misspelling in a record whose country is known: the country leaves few candidates,
        so a looser match is safe; still marked fuzzy."""
        from rapidfuzz.distance import OSA

        wanted = parsed.base_key or parsed.full_key
        found = []
        for match, ratio in self._near_keys(wanted, IN_COUNTRY_CUTOFF):
            # A letter or two wrong, not another name that sounds alike (Al Jarādīyah is not
            # Al-Janadriyah): one edit, or two in a long name; a swap counts as one.
            if OSA.distance(wanted, match) > (2 if len(wanted) >= 13 else 1):
                continue
            for hit in self._hits(match, (PRIMARY, ALTERNATE), {PRIMARY: 1.0, ALTERNATE: 0.95}):
                if hit.country in countries and (want_kind is None or hit.kind in (want_kind, "city")):
                    found.append(replace(hit, quality=hit.quality * 0.8 * ratio / 100, fuzzy=True))
        return dedupe(found)

    def _address_points(self, hints: Hints) -> list[list[Hit]]:
        """For each city or region named after the place, its candidates, the likeliest first."""
        found = []
        for name in hints.places:
            kinds = ("region",) if name in hints.regions_only else ("city", "region")
            hits = [h for h in self._hits(key(name), (PRIMARY, ALTERNATE), {PRIMARY: 1.0, ALTERNATE: 0.96})
                    if h.kind in kinds and inside(h.country, hints.countries, h.admin1)]
            hits = apply_regions(hits, hints.regions)
            if hits:
                found.append(sorted(hits, key=lambda h: (-h.quality, -h.population)))
        return found

    def _in_address(self, hits: list[Hit], address: list[list[Hit]], want_kind) -> list[Hit]:
        """Candidates in the city the address names (any city of that name), else honest
        fallbacks: "Wuchang Railway Station, Wuhan" is Wuhan for want of the station, never the
        other Wuchang 56 km away; a place known by its own full name stays itself."""
        close = [h for h in hits if all(_near_any(h, options, want_kind) for options in address)]
        if want_kind in (None, "city", "region"):
            return close or hits
        if any(h.kind == want_kind for h in close):
            return close
        named = [h for h in hits if h.kind == want_kind and h.quality >= 0.9]
        if named:
            return named
        cities = [options[0] for options in address if options[0].kind == "city"]
        return [replace(cities[0], quality=APPROXIMATE)] if cities else close


def _spellings(base: str) -> list[str]:
    """The name, without a trailing area word, with "St." written out: "St. Martin Island" is
    Saint Martin."""
    words = base.split()
    if len(words) > 1 and words[-1] in _AREA_WORDS:
        words = words[:-1]
    found = [base, " ".join(words)]
    if len(words) > 1:
        found += [" ".join([full, *words[1:]]) for full in _ABBREVIATIONS.get(words[0], ())]
    return found


def _near_any(hit: Hit, options: list[Hit], want_kind) -> bool:
    for place in options:
        reach = REGION_KM if place.kind == "region" else AIRPORT_KM if want_kind == "airport" else ADDRESS_KM
        if ctx.haversine_km(hit.lat, hit.lon, place.lat, place.lon) <= reach:
            return True
    return False


def apply_regions(hits: list[Hit], regions: list[list[tuple[str, str | None]]]) -> list[Hit]:
    for options in regions:
        matching = [h for h in hits if any(fits(h, c, a) for c, a in options)]
        if matching:
            hits = matching
        else:
            # The region contradicts every candidate: keep them, trust them less.
            hits = [replace(h, quality=h.quality - 0.3) for h in hits]
    return hits
