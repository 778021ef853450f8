"""The two CSV shapes an itinerary can come in, and how a file's header maps onto them.

The same schema is written down for other tools in ``data/datapackage.json`` (a Frictionless
table schema); a test keeps the two in step.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

LEGS = "legs"
STOPS = "stops"

LEG_REQUIRED = ("leader", "trip", "origin", "destination", "depart", "arrive", "mode")
LEG_OPTIONAL = ("seq", "origin_country", "destination_country", "origin_lat", "origin_lon",
                "destination_lat", "destination_lon", "via", "vehicle", "notes", "source",
                "confidence")
STOP_REQUIRED = ("leader", "trip", "place", "arrive", "depart", "mode")
STOP_OPTIONAL = ("seq", "country", "lat", "lon", "notes", "source", "confidence", "vehicle")

COLUMNS = {LEGS: LEG_REQUIRED + LEG_OPTIONAL, STOPS: STOP_REQUIRED + STOP_OPTIONAL}
REQUIRED = {LEGS: LEG_REQUIRED, STOPS: STOP_REQUIRED}

# Header words people actually use, in English and the languages of our users.
HEADER_ALIASES = {
    "from": "origin", "fra": "origin", "von": "origin", "de": "origin", "start": "origin",
    "to": "destination", "til": "destination", "nach": "destination", "dest": "destination",
    "departure": "depart", "departs": "depart", "departed": "depart", "afgang": "depart",
    "abfahrt": "depart", "depart_time": "depart", "start_date": "depart",
    "arrival": "arrive", "arrives": "arrive", "arrived": "arrive", "ankomst": "arrive",
    "ankunft": "arrive", "arrive_time": "arrive", "end_date": "arrive",
    "transport": "mode", "by": "mode", "travel_mode": "mode", "transportmiddel": "mode",
    "verkehrsmittel": "mode", "person": "leader", "who": "leader", "leder": "leader",
    "trip_id": "trip", "journey": "trip", "rejse": "trip", "reise": "trip",
    "location": "place", "city": "place", "sted": "place", "ort": "place",
    "latitude": "lat", "longitude": "lon", "lng": "lon", "long": "lon",
    "order": "seq", "sequence": "seq", "sources": "source", "kilde": "source", "quelle": "source",
    "note": "notes", "remarks": "notes", "noter": "notes",
}


def header_key(name: str) -> str:
    """Normalise a header cell: case, accents, spaces and punctuation do not matter."""
    text = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


def canonical(name: str) -> str:
    key = header_key(name)
    return HEADER_ALIASES.get(key, key)


@dataclass
class ImportRecipe:
    """How to read a file whose header is not ours.

    ``columns`` maps their header → our column; ``defaults`` fills our columns the file lacks
    (and every such value is stated in the leg's notes, as an assumption); ``split_places``
    splits a cell naming several places ("London, Cornwall"); ``chain_trips`` groups a leader's
    consecutive records with touching dates into one trip when the file has no trip column;
    ``home`` adds assumed legs from and back to a home place.
    """

    columns: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    split_places: str | None = None
    chain_trips: bool = False
    home: str | None = None
    home_country: str | None = None
    place_hint_column: str | None = None   # appended to each place as a geocoding hint


# The Office of the Historian's "Travels Abroad" records (trip_id there is per record, not
# per journey; journeys are runs of records with touching dates).
US_HISTORIAN = ImportRecipe(
    columns={"trip_id": "", "who": "", "role": "", "country_id": "", "name": "leader", "locale": "place",
             "country": "country",
             "start_date": "arrive", "end_date": "depart", "remarks": "notes"},
    defaults={"mode": "unknown", "source": "US Department of State, Office of the Historian, "
              "Travels Abroad (https://history.state.gov/departmenthistory/travels)",
              "confidence": "medium"},
    split_places=",",
    chain_trips=True,
    home="Washington, D.C.",
    home_country="US",
    place_hint_column="country",
)

RECIPES = {"us-historian": US_HISTORIAN}


def detect_shape(columns: list[str]) -> str | None:
    """``legs`` or ``stops`` from canonical column names, or None when neither fits."""
    present = set(columns)
    if {"origin", "destination"} <= present:
        return LEGS
    if "place" in present:
        return STOPS
    return None


def missing_columns(shape: str, columns: list[str]) -> list[str]:
    present = set(columns)
    return [c for c in REQUIRED[shape] if c not in present]


def needs_mapping(header: list[str]) -> bool:
    """True when the header alone does not give a shape with all its required columns."""
    ours = [canonical(c) for c in header]
    shape = detect_shape(ours)
    return shape is None or bool([c for c in missing_columns(shape, ours) if c not in ("depart", "arrive", "trip")])


def suggest_recipe(header: list[str]) -> str | None:
    """The name of a known recipe whose columns this header has, if any."""
    keys = {header_key(c) for c in header}
    for name, recipe in RECIPES.items():
        wanted = {header_key(c) for c, ours in recipe.columns.items() if ours}
        if wanted <= keys:
            return name
    return None


def recipe_from_choices(choices: dict[str, str]) -> ImportRecipe:
    """A recipe from the app's mapping step: our column → their header ("" = not in the file)."""
    return ImportRecipe(columns={theirs: ours for ours, theirs in choices.items() if theirs})
