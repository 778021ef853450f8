"""A Nominatim stand-in on loopback: a real HTTP server that answers as told (up, 429, slow, garbage)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class FakeNominatim:
    """``with FakeNominatim(behaviour, answers) as server:`` — ``server.url`` to point the app at,
    ``server.queries`` the place names it was asked."""

    def __init__(self, behaviour: str = "up", answers: dict[str, tuple[float, float]] | None = None,
                 delay_s: float = 3.0):
        self.behaviour, self.answers, self.delay_s = behaviour, answers or {}, delay_s
        self.queries: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeNominatim:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):   # keep test output clean
                pass

            def do_GET(self):
                query = parse_qs(urlparse(self.path).query).get("q", [""])[0]
                fake.queries.append(query)
                if fake.behaviour == "429":
                    return self._send(429, b'{"error": "Too Many Requests"}')
                if fake.behaviour == "slow":
                    time.sleep(fake.delay_s)
                if fake.behaviour == "garbage":
                    return self._send(200, b"<html>\x00\xff not json")
                hit = next((latlon for name, latlon in fake.answers.items() if name.casefold() in query.casefold()),
                           None)
                body = [] if hit is None else [{"lat": str(hit[0]), "lon": str(hit[1]), "display_name": query,
                                                "place_id": 1, "osm_type": "node"}]
                self._send(200, json.dumps(body).encode())

            def _send(self, status: int, body: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):   # the client gave up (timeout)
                    pass

        return Handler
