"""`python -m routes render`: the app's exports, for newsroom scripts.

    python -m routes render FILE... --out PATH [--leader NAME]... [--year YYYY]...
        [--from DATE] [--to DATE] [--trip ID]... [--mode MODE]... [--basemap NAME]
        [--recipe NAME] [--title TEXT] [--scale 1|2]

The extension of --out picks the format: .html .png .svg .geojson .kml .csv.

Exit codes and what gets written:
  0  written. Warnings (rows kept, places approximate, ...) are printed to stderr
     as `FILE:ROW: COLUMN: message (got 'VALUE')`, like `validate`.
  1  nothing written: the input has errors (same lines as `validate`), or the
     filters leave no legs. An existing file at --out is left as it was.
  2  nothing written: bad command line (unknown extension, missing folder, file not found).
Output is written to a temporary file beside --out, then renamed over it.
Several --year values select legs touching any of those years (not the span between).
"""
from __future__ import annotations

import argparse
import functools
import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd

from routes.export.atomic import refusal, write_atomic
from routes.export.formats import BY_EXTENSION, Export
from routes.export.permalink import BASEMAPS
from routes.geometry.trackset import TrackSet
from routes.itinerary.modes import MODES
from routes.itinerary.problems import summary

# The formats `render` writes, by the output's extension (routes.export.formats has them all).
FORMATS = {extension: f.label for extension, f in BY_EXTENSION.items()}


@dataclass
class View:
    """What one render draws: the filtered legs, their features and stops, and all leaders' colours."""

    legs: pd.DataFrame
    features: TrackSet
    palette: dict[str, str]
    notes: list[str]      # lines for stderr, already formatted

    @functools.cached_property
    def stops(self) -> pd.DataFrame:
        from routes.itinerary.stops import stops_of
        return stops_of(self.legs)

    def map_stops(self) -> pd.DataFrame | None:
        """Stops for the HTML map: none above the size where the map leaves markers out."""
        from routes.mapview.payload import STOPS_MAX_LEGS
        return self.stops if len(self.legs) <= STOPS_MAX_LEGS else None


def register(subparsers) -> None:
    parser = subparsers.add_parser("render", help="write the view as HTML, PNG, SVG, GeoJSON, KML or CSV",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--out", required=True, metavar="PATH", help="output file; its extension picks the format")
    parser.add_argument("--leader", action="append", default=[], metavar="NAME")
    parser.add_argument("--year", action="append", default=[], type=_year, metavar="YYYY")
    parser.add_argument("--from", dest="start", type=_date, metavar="DATE", help="YYYY-MM-DD, inclusive")
    parser.add_argument("--to", dest="end", type=_date, metavar="DATE", help="YYYY-MM-DD, inclusive")
    parser.add_argument("--trip", action="append", default=[], metavar="ID")
    parser.add_argument("--mode", action="append", default=[], choices=MODES)
    parser.add_argument("--basemap", choices=BASEMAPS, default="offline")
    parser.add_argument("--title", help="title on the map (default: the leaders shown)")
    parser.add_argument("--scale", type=int, choices=(1, 2), default=1,
                        help="PNG/SVG size: 1 = 1200×800 px (web), 2 = 2400×1600 px (print)")
    from routes.itinerary.commandinput import add_recipe_option
    add_recipe_option(parser)
    parser.set_defaults(func=run_render)


def _year(text: str) -> int:
    if not (len(text) == 4 and text.isdigit()):
        raise argparse.ArgumentTypeError(f"expected a year YYYY, got {text!r}")
    return int(text)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def run_render(args) -> int:
    out = Path(args.out)
    fmt = out.suffix.lower()
    if (reason := refusal(out)) is not None:
        print(f"error: {reason}; nothing written", file=sys.stderr)
        return 2
    if fmt not in FORMATS:
        print(f"error: cannot tell the format from {out.name!r}: use one of "
              + ", ".join(FORMATS), file=sys.stderr)
        return 2
    from routes.itinerary.commandinput import load_files
    itinerary = load_files(args.files, args.recipe, args.sheet)
    for problem in itinerary.problems:
        print(problem.format(), file=sys.stderr)
    if itinerary.errors:
        print(summary(itinerary.problems, len(itinerary.legs)) + f"; nothing written to {out}", file=sys.stderr)
        return 1
    view = build_view(itinerary, args)
    for note in view.notes:
        print(note, file=sys.stderr)
    if view.legs.empty:
        print(f"error: no legs match the filters; nothing written to {out}", file=sys.stderr)
        return 1
    try:
        write_atomic(out, render_bytes(view, fmt, args))
    except OSError as exc:   # full disk, read-only folder, a link or folder put there meanwhile
        print(f"error: cannot write {out}: {exc.strerror or exc}; nothing written", file=sys.stderr)
        return 2
    print(f"wrote {out} ({FORMATS[fmt]}, {len(view.legs)} legs)", file=sys.stderr)
    return 0


def render_bytes(view: View, fmt: str, args) -> bytes:
    """The view in the format named by the extension `fmt` ('.png', ...)."""
    title = args.title or default_title(view.legs)
    export = Export(view.legs, view.features, title, palette=view.palette, basemap=args.basemap,
                    scale=args.scale)
    if fmt in (".png", ".svg"):
        if args.basemap != "offline":
            print("warning: images always use the offline basemap (no map tiles are downloaded)",
                  file=sys.stderr)
        export.stops, export.subtitle = view.stops, legs_date_range(view.legs)
    elif fmt == ".html":
        from routes.mapview.payload import prefetch_lines
        prefetch_lines(view.features)   # before folium's import (0.5 s), which the line encoding overlaps
        export.page_stops = view.map_stops()
    return BY_EXTENSION[fmt].write(export)


def default_title(legs: pd.DataFrame) -> str:
    from routes.export.snapshot import title_for  # the app's Share section titles its files the same way
    return title_for(legs)


def legs_date_range(legs: pd.DataFrame) -> str:
    """The subtitle: first departure to last arrival of the legs shown (UTC days)."""
    from routes.export.png import date_range_label
    times = pd.concat([legs["depart_utc"], legs["arrive_utc"]]).dropna()
    if times.empty:
        return ""
    return date_range_label(times.min().to_pydatetime(), times.max().to_pydatetime())


def build_view(itinerary, args) -> View:
    """Place and trace every leg (colours stay those of the whole data), then filter."""
    from routes.mapview.style import assign_colours
    legs, features, notes = placed_legs_and_features(itinerary)
    notes += unknown_names(legs, "leader", args.leader) + unknown_names(legs, "trip", args.trip)
    chosen = filtered(legs, args)
    from routes.export.snapshot import subset
    return View(chosen, subset(features, chosen["leg_id"]), assign_colours(legs["leader"]), notes)


def placed_legs_and_features(itinerary) -> tuple[pd.DataFrame, TrackSet, list[str]]:
    """Legs with coordinates and their tracks, from the pipeline the app uses too."""
    from routes.view.pipeline import prepare
    prepared = prepare(itinerary)
    already = set(itinerary.problems)
    # the same `FILE:ROW: COLUMN: message` lines as validate, for what placing/tracing found
    notes = [p.format() for p in prepared.problems if p not in already]
    return prepared.legs, prepared.features, notes


def filtered(legs: pd.DataFrame, args) -> pd.DataFrame:
    from routes.view.filters import Filters, apply_filters
    base = Filters(leaders=tuple(args.leader), start=args.start, end=args.end,
                   modes=tuple(args.mode), trips=tuple(args.trip))
    if not args.year:
        return apply_filters(legs, base)
    # a leg shown for any of the years given, not for the years between them
    hits = [apply_filters(legs, replace(base, years=(year, year))).index for year in args.year]
    return legs[legs.index.isin(functools.reduce(pd.Index.union, hits))]


def unknown_names(legs: pd.DataFrame, column: str, names: list[str]) -> list[str]:
    present = set(pd.unique(legs[column]).tolist())
    return [f"warning: no {column} named {name!r} in the data" for name in names if name not in present]
