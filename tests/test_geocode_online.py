"""The opt-in online path, with fake geopy geocoders: no network is ever touched."""

from __future__ import annotations

import pytest
from geopy.exc import GeocoderRateLimited, GeocoderTimedOut, GeocoderUnavailable
from geopy.location import Location

from routes.places import Gazetteer
from routes.places.online import OnlineGeocoder
from tests.fakes import FakeGeocoder

UNKNOWN = "Kumsusan Palace of the Sunn"   # not in the offline data


Fake = FakeGeocoder


@pytest.fixture(scope="module")
def offline():
    return Gazetteer.default()


def online(offline, fake, tmp_path):
    return OnlineGeocoder(offline, fake, cache_dir=tmp_path, min_delay_seconds=0)


def test_answer_is_used_and_cached_so_each_name_is_asked_once(offline, tmp_path):
    fake = Fake(Location("Kumsusan, Pyongyang", (39.0691, 125.7883), {}))
    geocoder = online(offline, fake, tmp_path)
    first = geocoder.resolve(UNKNOWN)
    second = geocoder.resolve(UNKNOWN)
    assert first.resolved and first.source == "online"
    assert (first.lat, first.lon) == (second.lat, second.lon) == (39.0691, 125.7883)
    assert len(fake.calls) == 1
    # A new process (new wrapper, same cache directory) does not ask again either.
    again = online(offline, Fake(error=AssertionError("must not be called")), tmp_path)
    assert again.resolve(UNKNOWN).lat == 39.0691


def test_confident_offline_answers_are_not_sent(offline, tmp_path):
    fake = Fake(Location("Elsewhere", (0.0, 0.0), {}))
    place = online(offline, fake, tmp_path).resolve("Pyongyang Station")
    assert place.source == "curated" and fake.calls == []


@pytest.mark.parametrize("error", [
    GeocoderTimedOut("timed out"),
    GeocoderRateLimited("429 Too Many Requests", retry_after=30),
    GeocoderUnavailable("network is down"),
    OSError("network access blocked"),
])
def test_failures_fall_back_offline_with_a_notice_and_are_not_cached(offline, tmp_path, error):
    fake = Fake(error=error)
    geocoder = online(offline, fake, tmp_path)
    place = geocoder.resolve("Vladivostock")          # offline: fuzzy, below the ask threshold
    assert place.resolved and place.source == "gazetteer"
    assert any("unavailable" in n for n in geocoder.notices)
    geocoder.resolve("Vladivostock")
    assert len(fake.calls) == 2                          # a failure is asked again later


@pytest.mark.parametrize("garbage", [
    "not a location",
    Location("Nowhere", (0, 0), {}).__class__.__new__(Location),   # no coordinates at all
    type("Bad", (), {"latitude": "north", "longitude": 5, "address": "x"})(),
    type("Bad", (), {"latitude": 123.0, "longitude": 5.0, "address": "x"})(),
])
def test_malformed_answers_are_ignored(offline, tmp_path, garbage):
    geocoder = online(offline, Fake(garbage), tmp_path)
    place = geocoder.resolve(UNKNOWN)
    assert not place.resolved
    assert any("malformed" in n for n in geocoder.notices)
    known, _ = geocoder.cache.get(geocoder.key(UNKNOWN))
    assert not known


def test_not_found_online_is_remembered(offline, tmp_path):
    fake = Fake(None)
    geocoder = online(offline, fake, tmp_path)
    assert not geocoder.resolve(UNKNOWN).resolved
    assert not geocoder.resolve(UNKNOWN).resolved
    assert len(fake.calls) == 1


def test_damaged_answer_cache_is_replaced(offline, tmp_path):
    (tmp_path / "online-answers.sqlite").write_bytes(b"garbage" * 100)
    geocoder = online(offline, Fake(Location("K", (39.0, 125.7), {})), tmp_path)
    assert geocoder.resolve(UNKNOWN).lat == 39.0


def test_settings_build_real_geopy_geocoders_with_our_user_agent(offline, tmp_path):
    public = OnlineGeocoder.from_setting("nominatim", offline, cache_dir=tmp_path)
    own = OnlineGeocoder.from_setting("https://photon.example.org", offline, cache_dir=tmp_path)
    assert "leader-routes/" in public._ask.func.__self__.headers["User-Agent"]
    assert type(own._ask.func.__self__).__name__ == "Photon"


def test_geopy_shape_of_the_wrapper(offline, tmp_path):
    geocoder = online(offline, Fake(None), tmp_path)
    location = geocoder.geocode("FNJ")
    assert location.raw["kind"] == "airport"
    assert geocoder.geocode("Qxzvyrtplk Bnmwq") is None


def _server(cls, answer_lat: float, calls: list, **settings):
    """A real geopy geocoder whose network call is replaced by an answer (and counted)."""
    service = cls(user_agent="test", **settings)

    def geocode(query, exactly_one=True, timeout=None, **_kwargs):
        calls.append((settings.get("domain"), query))
        return Location("answer", (answer_lat, 125.0), {})

    service.geocode = geocode
    return service


def test_answers_are_cached_per_server_and_settings(offline, tmp_path):
    from geopy.geocoders import Nominatim, Photon

    calls: list = []
    servers = [_server(Nominatim, 10.0, calls, domain="a.example"),
               _server(Nominatim, 20.0, calls, domain="b.example"),
               _server(Nominatim, 30.0, calls, domain="a.example", scheme="http"),
               _server(Photon, 40.0, calls, domain="a.example"),
               _server(Nominatim, 50.0, calls, domain="a.example/other")]
    lats = [online(offline, server, tmp_path).resolve(UNKNOWN).lat for server in servers]
    assert lats == [10.0, 20.0, 30.0, 40.0, 50.0]       # no server got another's answer
    assert len(calls) == len(servers)
    # the cache on disk still serves each server its own answer, without asking again
    again = [online(offline, server, tmp_path).resolve(UNKNOWN).lat for server in reversed(servers)]
    assert again == lats[::-1] and len(calls) == len(servers)
    keys = {online(offline, server, tmp_path).key(UNKNOWN) for server in servers}
    assert len(keys) == len(servers)
