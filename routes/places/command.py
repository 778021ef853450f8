"""`python -m routes geocode [--json] [--context PLACE]... [--country C] [--online] QUERY...`

One line per query. With --json, one JSON object per line with the keys
query, name, lat, lon, country, kind, source, confidence, fuzzy, alternatives
(lat/lon null when unresolved). --context names neighbouring places, as a
trip would; they are looked up first and their coordinates steer the choice.
"""

from __future__ import annotations

import argparse
import json
import sys

from routes.places.place import Place


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("geocode", help="place names to coordinates, offline",
                                   description=__doc__.split("\n\n")[1])
    parser.add_argument("queries", nargs="+", metavar="QUERY", help="place names, codes or 'Name, Country'")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--context", action="append", default=[], metavar="PLACE",
                        help="a neighbouring place of the trip (repeatable)")
    parser.add_argument("--country", help="country name or ISO code for every query")
    parser.add_argument("--kind", choices=["city", "station", "airport", "venue", "border", "region"])
    parser.add_argument("--online", metavar="URL", nargs="?", const="nominatim",
                        help="also ask Nominatim (or a Nominatim/Photon server at URL); off by default")
    parser.set_defaults(func=run)
    return parser


def run(args, out=None) -> int:
    out = out or sys.stdout
    geocoder = _geocoder(args.online)
    points = []
    for name in args.context:
        place = geocoder.resolve(name)
        if place.resolved:
            points.append((place.lat, place.lon))
    failures = 0
    for query in args.queries:
        place = geocoder.resolve(query, country=args.country, kind=args.kind, context=points)
        failures += not place.resolved
        print(_json(place) if args.json else _line(place), file=out)
    for notice in getattr(geocoder, "notices", []):
        print(f"note: {notice}", file=sys.stderr)
    return 1 if failures else 0


def _geocoder(online: str | None):
    from routes.places.gazetteer import Gazetteer

    offline = Gazetteer.default()
    if not online:
        return offline
    from routes.places.online import OnlineGeocoder

    return OnlineGeocoder.from_setting(online, offline=offline)


def _json(place: Place) -> str:
    record = {
        "query": place.query, "name": place.name or None, "lat": place.lat, "lon": place.lon,
        "country": place.country or None, "kind": place.kind or None, "source": place.source or None,
        "confidence": place.confidence, "fuzzy": place.fuzzy,
        "alternatives": [c.to_dict() for c in place.alternatives],
    }
    return json.dumps(record, ensure_ascii=False)


def _line(place: Place) -> str:
    if not place.resolved:
        options = ", ".join(f"{c.name} ({c.country})" for c in place.alternatives[:3]) or "no candidates"
        return f"{place.query}\tUNRESOLVED\t{options}"
    flag = " fuzzy" if place.fuzzy else ""
    return (f"{place.query}\t{place.lat:.5f},{place.lon:.5f}\t{place.name} ({place.country}) "
            f"{place.kind}, {place.source}, confidence {place.confidence:.2f}{flag}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m routes.places.command")
    commands = parser.add_subparsers(dest="command", required=True)
    register(commands)
    args = parser.parse_args(["geocode", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
