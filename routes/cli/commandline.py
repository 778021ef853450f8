"""``python -m routes``: the library's command line, for newsroom scripts and CI jobs."""

from __future__ import annotations

import argparse
import importlib
import json
import sys

from routes.cli.terminal import visible_output
from routes.itinerary.commandinput import add_recipe_option, load_files
from routes.itinerary.problems import summary

# Each command lives beside the concept it serves and registers itself here.
COMMAND_MODULES = ("routes.places.command", "routes.export.command", "routes.draft.command",
                   "routes.view.command")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m routes",
                                     description="Leader Routes: itineraries of political leaders on a map.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check itinerary files (CSV, .xlsx, .ods)")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    add_recipe_option(validate)
    validate.set_defaults(func=run_validate)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # that part of the library is not installed in this checkout
            raise
        module.register(commands)
    return parser


def run_validate(args) -> int:
    itinerary = load_files(args.files, args.recipe, args.sheet)
    if args.format == "json":
        print(json.dumps({"problems": [p.to_dict() for p in itinerary.problems],
                          "legs": len(itinerary.legs),
                          "errors": len(itinerary.errors), "warnings": len(itinerary.warnings)},
                         ensure_ascii=False, indent=2))
    else:
        for problem in itinerary.problems:
            print(problem.format(), file=sys.stderr)
        print(summary(itinerary.problems, len(itinerary.legs)), file=sys.stderr)
    return 1 if itinerary.problems else 0


def main(argv: list[str] | None = None) -> int:
    with visible_output():   # no cell, file name or argument can drive the terminal
        args = build_parser().parse_args(argv)
        try:
            return int(args.func(args) or 0)
        except FileNotFoundError as exc:
            print(f"error: {exc.filename}: no such file", file=sys.stderr)
            return 2
