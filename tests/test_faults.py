"""Faults seen from the whole flow (prepare), not one module: an online geocoder that is down,
slow, rate-limited or talking nonsense leaves the offline result, keeps every leg and keeps
the answers cached before. (Module-level fault tests: tests/test_geocode_online.py,
tests/test_geocode_index.py, tests/test_map_build.py for missing map assets.)"""
from __future__ import annotations

import math

import pytest
from geopy.exc import GeocoderRateLimited, GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable
from geopy.location import Location

from routes.itinerary.itinerary import read_itinerary
from routes.places import Gazetteer
from routes.places.online import OnlineGeocoder
from routes.view.pipeline import prepare
from tests.fakes import FakeGeocoder

# A made-up place no offline source knows, and a position for the fake server to give it.
UNKNOWN = "Xq Test Halt Nowhere"
ANSWER = Location("Xq Test Halt", (41.25, 129.5), {})
CSV = ("leader,trip,origin,destination,depart,arrive,mode,destination_lat,destination_lon\n"
       f"Leader A,Visit 1,{UNKNOWN},Beijing,2019-01-07,2019-01-08,train,39.9,116.4\n"
       f"Leader A,Visit 1,Beijing,{UNKNOWN},2019-01-09,2019-01-10,train,,\n").encode()


Server = FakeGeocoder


@pytest.fixture(scope="module")
def offline():
    return Gazetteer.default()


def run(offline, server, cache_dir):
    geocoder = OnlineGeocoder(offline, server, cache_dir=cache_dir, min_delay_seconds=0)
    return prepare(read_itinerary(CSV, name="trip.csv"), geocoder=geocoder), geocoder


FAILURES = [GeocoderUnavailable("down"), GeocoderTimedOut("slow"), GeocoderRateLimited("429", retry_after=60),
            GeocoderServiceError("HTTP 500"), OSError("network unreachable"), ValueError("bad JSON")]


@pytest.mark.parametrize("error", FAILURES, ids=lambda e: type(e).__name__)
def test_a_failing_server_leaves_the_offline_result_and_every_leg(offline, tmp_path, error):
    server = Server(error=error)
    prepared, geocoder = run(offline, server, tmp_path)
    assert server.calls                                    # it was asked, and failed
    assert len(prepared.legs) == 2
    assert math.isnan(prepared.legs.loc[0, "origin_lat"])  # unplaced offline, not invented
    assert prepared.legs.loc[0, "destination_lat"] == 39.9
    assert any(p.code == "unplaced" and p.value == UNKNOWN for p in prepared.problems)
    assert any("unavailable" in n for n in geocoder.notices)


@pytest.mark.parametrize("garbage", ["not a location", type("Bad", (), {"latitude": float("nan"),
                                                                          "longitude": 1.0, "address": ""})()])
def test_garbage_answers_leave_the_offline_result(offline, tmp_path, garbage):
    prepared, geocoder = run(offline, Server(answer=garbage), tmp_path)
    assert math.isnan(prepared.legs.loc[0, "origin_lat"])
    assert any("malformed" in n for n in geocoder.notices)


def test_the_cache_keeps_its_answers_when_the_server_later_fails(offline, tmp_path):
    first, _ = run(offline, Server(answer=ANSWER), tmp_path)
    assert (first.legs.loc[0, "origin_lat"], first.legs.loc[0, "origin_lon"]) == (41.25, 129.5)
    down = Server(error=GeocoderUnavailable("down"))
    second, geocoder = run(offline, down, tmp_path)
    assert down.calls == []                                # answered from the cache
    assert (second.legs.loc[0, "origin_lat"], second.legs.loc[1, "destination_lon"]) == (41.25, 129.5)
    assert geocoder.notices == []


def test_the_reader_is_told_when_the_online_geocoder_failed(offline, tmp_path):
    prepared, _ = run(offline, Server(error=GeocoderUnavailable("down")), tmp_path)
    assert any("online geocoder" in p.message for p in prepared.problems)
