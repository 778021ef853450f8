"""docs/scaling.md, checked where a laptop can check it: an organisation's own Nominatim
or Photon server reached through geopy (here a stand-in HTTP server on loopback that
speaks each server's real response format), and several stateless app replicas
sharing one geocoding cache directory, so each name goes over the wire once."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from routes.places import Gazetteer
from routes.places.online import OnlineGeocoder

UNKNOWN = "Kumsusan Palace of the Sunn"      # misspelt venue: not in the offline data
ANSWER = {"lat": 39.0698, "lon": 125.7926, "name": "Kumsusan Palace of the Sun"}


class _Server(BaseHTTPRequestHandler):
    """Answers /search (Nominatim, format=json) and /api (Photon GeoJSON); records paths."""

    seen: ClassVar[list[str]] = []

    def do_GET(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        type(self).seen.append(f"{url.path}?q={query.get('q', [''])[0]}")
        if url.path.endswith("/search"):
            body = [{"lat": str(ANSWER["lat"]), "lon": str(ANSWER["lon"]), "display_name": ANSWER["name"],
                     "place_id": 1, "osm_type": "way", "class": "tourism", "type": "attraction"}]
        elif url.path.endswith("/api"):
            body = {"type": "FeatureCollection", "features": [{
                "type": "Feature", "geometry": {"type": "Point", "coordinates": [ANSWER["lon"], ANSWER["lat"]]},
                "properties": {"name": ANSWER["name"], "country": "North Korea", "osm_key": "tourism"}}]}
        else:
            self.send_error(404)
            return
        payload = json.dumps(body).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Server.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Server.seen
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def offline():
    return Gazetteer.default()


@pytest.mark.parametrize("path, endpoint", [("", "/search"), ("/photon", "/api")])
def test_own_server_through_geopy_over_http(server, offline, tmp_path, path, endpoint):
    base, seen = server
    # "photon" in the setting picks geopy's Photon client; anything else is Nominatim.
    setting = base + path
    geocoder = OnlineGeocoder.from_setting(setting, offline, cache_dir=tmp_path, min_delay_seconds=0)
    place = geocoder.resolve(UNKNOWN)
    assert place.resolved and place.source == "online"
    assert (place.lat, place.lon) == pytest.approx((ANSWER["lat"], ANSWER["lon"]))
    assert [s.split("?")[0] for s in seen] == [path + endpoint]
    assert UNKNOWN in seen[0]


def test_replicas_sharing_the_cache_directory_ask_once(server, offline, tmp_path):
    base, seen = server
    shared = tmp_path / "shared-cache"        # a volume every replica mounts
    replicas = [OnlineGeocoder.from_setting(base, offline, cache_dir=shared, min_delay_seconds=0)
                for _ in range(3)]
    answers = [replica.resolve(UNKNOWN) for replica in replicas]
    assert len(seen) == 1, seen
    assert {(a.lat, a.lon) for a in answers} == {(ANSWER["lat"], ANSWER["lon"])}
    # a replica started later (new process, same volume) still does not ask
    late = OnlineGeocoder.from_setting(base, offline, cache_dir=shared, min_delay_seconds=0)
    assert late.resolve(UNKNOWN).source == "online" and len(seen) == 1


def test_confident_offline_names_never_reach_the_server(server, offline, tmp_path):
    base, seen = server
    geocoder = OnlineGeocoder.from_setting(base, offline, cache_dir=tmp_path, min_delay_seconds=0)
    assert geocoder.resolve("Vladivostok").source != "online"
    assert seen == []
