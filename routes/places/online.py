"""Online geocoding, opt-in: Nominatim or an organisation's own Nominatim/Photon server.

The offline gazetteer answers first. Only places it is unsure about are sent,
through geopy's RateLimiter (the public Nominatim allows one request a second
and wants a real user agent), and every answer, including "not found", is kept
in a SQLite cache so each name is asked once of each server. The cache key names the
server and its settings (service, scheme, host, path, language): an answer from one
server is never served for another. Timeouts, HTTP 429, a network
that is down or an answer that makes no sense leave the offline result in
place and add a notice; the cache keeps what it had.
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter

from routes import __version__
from routes.places.cache import default_cache_dir, writable_dir
from routes.places.place import Candidate, Place

USER_AGENT = f"leader-routes/{__version__} (+https://github.com/leader-routes; newsroom map tool)"
ONLINE_CONFIDENCE = 0.8


class AnswerCache:
    """Persistent answers: query key -> {lat, lon, address} or None (known miss)."""

    def __init__(self, path: Path | None):
        self._lock = threading.Lock()
        self.path = path
        self._conn = self._open(path)

    @staticmethod
    def _open(path: Path | None) -> sqlite3.Connection:
        target = str(path) if path is not None else ":memory:"
        try:
            conn = sqlite3.connect(target, check_same_thread=False)
            conn.execute("CREATE TABLE IF NOT EXISTS answers (k TEXT PRIMARY KEY, v TEXT, at REAL)")
            conn.execute("SELECT count(*) FROM answers").fetchone()
            return conn
        except sqlite3.DatabaseError:
            # A damaged cache is only a cache: start a fresh one beside it.
            if path is not None:
                Path(path).replace(Path(path).with_suffix(".damaged"))
                return AnswerCache._open(path)
            raise

    def get(self, key: str):
        """(True, answer) when known, (False, None) when never asked."""
        with self._lock:
            row = self._conn.execute("SELECT v FROM answers WHERE k = ?", (key,)).fetchone()
        return (True, json.loads(row[0])) if row else (False, None)

    def put(self, key: str, answer: dict | None) -> None:
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                               (key, json.dumps(answer, ensure_ascii=False), time.time()))
            self._conn.commit()


class OnlineGeocoder:
    """Offline + online with the gazetteer's resolve()/geocode() signatures."""

    def __init__(self, offline, online, cache_dir: Path | None = None, min_delay_seconds: float = 1.0,
                 ask_below: float = 0.9, timeout: float = 10.0):
        self.offline = offline
        self.notices: list[str] = []
        self.ask_below = ask_below
        self.timeout = timeout
        # Errors are handled here (fall back offline), so the limiter must not retry or swallow.
        self._ask = RateLimiter(online.geocode, min_delay_seconds=min_delay_seconds, max_retries=0,
                                swallow_exceptions=False)
        directory = writable_dir(Path(cache_dir) if cache_dir else default_cache_dir(), self.notices)
        self.cache = AnswerCache(directory / "online-answers.sqlite" if directory else None)
        self.server = server_key(online)

    @classmethod
    def from_setting(cls, setting: str, offline, **options) -> OnlineGeocoder:
        """'nominatim' for the public server, or the URL of an own Nominatim/Photon server."""
        from geopy.geocoders import Nominatim, Photon

        if setting in ("", "nominatim"):
            return cls(offline, Nominatim(user_agent=USER_AGENT), **options)
        url = urlparse(setting if "://" in setting else f"https://{setting}")
        domain = url.netloc + url.path.rstrip("/")
        if "photon" in setting.lower():
            service = Photon(domain=domain, scheme=url.scheme, user_agent=USER_AGENT)
        else:
            service = Nominatim(domain=domain, scheme=url.scheme, user_agent=USER_AGENT)
        return cls(offline, service, **options)

    def resolve(self, query, *, country=None, kind=None, context=()) -> Place:
        """See routes.places.protocol.Resolver: the offline answer unless it is weak and the
        server (asked once per text, cached) knows better; a failing server is noted, not raised."""
        place = self.offline.resolve(query, country=country, kind=kind, context=context)
        if place.resolved and place.confidence >= self.ask_below:
            return place
        answer = self._answer(str(query).strip(), country)
        if answer is None:
            return place
        alternatives = ([Candidate(place.name, place.lat, place.lon, place.country, place.kind,
                                   place.source, place.confidence)] if place.resolved else [])
        return Place(query=str(query), name=answer["address"], lat=answer["lat"], lon=answer["lon"],
                     country=place.country if place.resolved else "", kind=kind or "city",
                     source="online", confidence=ONLINE_CONFIDENCE, fuzzy=False,
                     alternatives=alternatives + list(place.alternatives))

    def key(self, text: str) -> str:
        """The cache key of a request text sent to this geocoder's server."""
        return f"{self.server}\x1f{text.casefold()}"

    def geocode(self, query, *, exactly_one: bool = True, country=None, kind=None, context=(),
                timeout=None):
        """As Gazetteer.geocode; ``timeout`` is unused (the geocoder's own timeout applies)."""
        from geopy.location import Location

        place = self.resolve(query, country=country, kind=kind, context=context)
        if not place.resolved:
            return None if exactly_one else []
        location = Location(place.name, (place.lat, place.lon), place.to_dict())
        return location if exactly_one else [location]

    def _answer(self, query: str, country) -> dict | None:
        text = f"{query}, {country}" if country else query
        key = self.key(text)
        known, answer = self.cache.get(key)
        if known:
            return answer
        try:
            location = self._ask(text, exactly_one=True, timeout=self.timeout)
        except (GeopyError, OSError, ValueError, TypeError) as exc:
            self.notices.append(f"online geocoder unavailable for {query!r} ({type(exc).__name__}); "
                                "kept the offline result")
            return None
        if location is None:
            self.cache.put(key, None)
            return None
        answer = _checked(location)
        if answer is None:
            self.notices.append(f"online geocoder gave a malformed answer for {query!r}; kept the offline result")
            return None
        self.cache.put(key, answer)
        return answer


# What of a geopy geocoder decides its answers; credentials (api_key) are left out of the key.
SERVER_SETTINGS = ("scheme", "domain", "api", "language", "country_bias", "view_box", "bounded")


def server_key(service) -> str:
    """The server an answer comes from and the settings that shape it, as one string."""
    settings = {name: getattr(service, name) for name in SERVER_SETTINGS if hasattr(service, name)}
    settings["service"] = f"{type(service).__module__}.{type(service).__qualname__}"
    return json.dumps(settings, sort_keys=True, default=str)


def _checked(location) -> dict | None:
    """{lat, lon, address} from a geopy Location, or None if it is not one."""
    try:
        lat, lon = float(location.latitude), float(location.longitude)
        address = str(location.address or "")
    except (AttributeError, TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return {"lat": lat, "lon": lon, "address": address}
