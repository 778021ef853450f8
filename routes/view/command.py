"""`python -m routes where` and `python -m routes journeys`: the time model's answers for scripts.

    python -m routes where FILE... --at ISO_TIME [--leader NAME]... [--json]
    python -m routes journeys FILE... [--leader NAME]... [--year YYYY]... [--json]

`where` answers from all of each leader's legs (see routes.view.whereabouts): status `at`,
`travelling`, `between` or `unknown`; `lat`/`lon` the best position or null. `journeys` lists
runs of consecutive legs by one mode, with `duration_kind` `exact`, `at_least` or `unknown`.
Rows with errors are left out and reported on stderr as `validate` does. Exit 2 on a bad
command line (a time that is not ISO, a file not found).
"""

from __future__ import annotations

import argparse
import json
import math
import sys

import numpy as np
import pandas as pd

WHERE_FIELDS = ("leader", "status", "place", "from", "to", "mode", "lat", "lon", "certain")
JOURNEY_FIELDS = ("leader", "trip", "mode", "from", "to", "depart", "arrive", "distance_km", "duration_h",
                  "duration_kind")


def register(subparsers) -> None:
    from routes.itinerary.commandinput import add_recipe_option

    where = subparsers.add_parser("where", help="where each leader was at a moment",
                                  description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where.add_argument("files", nargs="+", metavar="FILE")
    where.add_argument("--at", required=True, type=_moment, metavar="ISO_TIME",
                       help="e.g. 2019-02-26T00:00Z (a time without zone is UTC)")
    where.add_argument("--leader", action="append", default=[], metavar="NAME")
    where.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_recipe_option(where)
    where.set_defaults(func=run_where)

    journeys = subparsers.add_parser("journeys", help="journeys (legs in a row by one mode) and their durations",
                                     description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    journeys.add_argument("files", nargs="+", metavar="FILE")
    journeys.add_argument("--leader", action="append", default=[], metavar="NAME")
    journeys.add_argument("--year", action="append", default=[], type=int, metavar="YYYY",
                          help="journeys departing (at the earliest) in that year")
    journeys.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_recipe_option(journeys)
    journeys.set_defaults(func=run_journeys)


def _moment(text: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(f"expected an ISO time like 2019-02-26T00:00Z, got {text!r}") from None
    if pd.isna(stamp):
        raise argparse.ArgumentTypeError(f"expected an ISO time like 2019-02-26T00:00Z, got {text!r}")
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _prepared(args):
    from routes.itinerary.commandinput import load_files
    from routes.view.pipeline import prepare

    itinerary = load_files(args.files, args.recipe)
    for problem in itinerary.errors:
        print(problem.format(), file=sys.stderr)
    return prepare(itinerary)


def _unknown_leaders(legs: pd.DataFrame, names: list[str]) -> bool:
    missing = sorted(set(names) - set(legs["leader"]))
    for name in missing:
        print(f"error: no leader {name!r} in the data", file=sys.stderr)
    return bool(missing)


def run_where(args) -> int:
    from routes.view.whereabouts import Whereabouts

    prepared = _prepared(args)
    legs = prepared.legs
    if _unknown_leaders(legs, args.leader):
        return 1
    shown = legs[legs["leader"].isin(args.leader)] if args.leader else legs
    found = Whereabouts(legs, prepared.features).at(shown, args.at)
    rows = [{field: _plain(row[field]) for field in WHERE_FIELDS} for row in found.to_dict("records")]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row, text in zip(rows, found["where"]):
            sure = "" if row["certain"] else " (not certain)"
            print(f"{row['leader']}: {text}{sure}")
    return 0


def run_journeys(args) -> int:
    from routes.view.journeys import journeys
    from routes.view.timing import timing

    prepared = _prepared(args)
    legs = prepared.legs
    if _unknown_leaders(legs, args.leader):
        return 1
    table = journeys(legs, timing(legs))
    if args.leader:
        table = table[table["leader"].isin(args.leader)]
    if args.year:
        start = table["depart_lo"].fillna(table["arrive_lo"])
        table = table[start.dt.year.isin(args.year)]
    rows = [{field: _plain(row[field]) for field in JOURNEY_FIELDS} for row in table.to_dict("records")]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        from routes.view.journeys import shown_duration
        for row in rows:
            km = "unknown km" if row["distance_km"] is None else f"{row['distance_km']:,.0f} km"
            print(f"{row['leader']} · {row['trip']} · {row['from']} → {row['to']} by {row['mode']}: "
                  f"{km}, {shown_duration(row['duration_h'], row['duration_kind'])}")
    return 0


def _plain(value):
    """JSON-ready: NaN and missing as null, numpy numbers as Python ones."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value
