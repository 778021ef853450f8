"""What every command of ``python -m routes`` reads its itineraries with: the --recipe and
--sheet options and the files they describe. Apart from routes/cli/commandline.py, which loads the
commands, so that a command never imports the command line that loads it."""
from __future__ import annotations

import argparse

from routes.itinerary.itinerary import Itinerary, read_itinerary
from routes.reading.schema import RECIPES


def add_recipe_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--recipe", choices=sorted(RECIPES),
                        help="read files in a known foreign layout (e.g. us-historian)")
    parser.add_argument("--sheet", metavar="NAME",
                        help="the sheet of an .xlsx or .ods workbook to read (default: the first)")


def load_files(files: list[str], recipe_name: str | None = None, sheet: str | None = None) -> Itinerary:
    recipe = RECIPES.get(recipe_name) if recipe_name else None
    return Itinerary.concat([read_itinerary(path, recipe=recipe, sheet=sheet) for path in files])
