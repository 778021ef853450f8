"""The whole flow for one dataset: itinerary → places → tracks, computed once and reused.

The app caches ``prepare``'s result per dataset; the CLI calls it once per run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from routes.geometry.trackset import TrackSet, as_trackset
from routes.itinerary.itinerary import Itinerary, read_itinerary
from routes.itinerary.problems import Problem
from routes.view.derived import Derived

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
BUNDLED_LEGS = DATA / "legs.csv"
HISTORIAN = DATA / "us_state_dept"
# The bundled datasets by the name the app shows: (file, column mapping or None).
BUNDLED_SETS = {
    "Kim Jong Un and the leaders he met": (BUNDLED_LEGS, None),
    "US Presidents abroad, 1906–2024 (Office of the Historian)": (HISTORIAN / "president_travels.csv", "us-historian"),
    "US Secretaries of State abroad, 1866–2025 (Office of the Historian)":
        (HISTORIAN / "secretary_travels.csv", "us-historian"),
}
DEFAULT_SET = next(iter(BUNDLED_SETS))
# The bundled datasets as a link names them (stable: published links use them).
SET_SLUGS = dict(zip(("kim", "presidents", "secretaries"), BUNDLED_SETS))


def load_bundled(name: str = DEFAULT_SET) -> Itinerary:
    from routes.reading.schema import RECIPES

    path, recipe = BUNDLED_SETS[name]
    return read_itinerary(path, recipe=RECIPES[recipe] if recipe else None)


@dataclass
class Prepared:
    """A dataset ready to view: placed legs, their tracks and everything found wrong."""

    itinerary: Itinerary
    places: pd.DataFrame
    features: TrackSet
    measures: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    # what the views compute from this dataset, kept with it (routes/view/derived.py)
    derived: Derived = field(default_factory=Derived, init=False, repr=False, compare=False)

    @property
    def legs(self) -> pd.DataFrame:
        return self.itinerary.legs


def prepare(itinerary: Itinerary, geocoder=None, progress=None) -> Prepared:
    """Geocode every place once and trace every leg along its mode's path."""
    from routes.geometry.tracks import build_tracks
    from routes.places.placing import place_legs

    if geocoder is None:
        from routes.places import Gazetteer
        geocoder = Gazetteer.default()
    placing = place_legs(itinerary.legs, geocoder=geocoder, progress=progress)
    tracks = build_tracks(placing.legs, placing.via_points)
    measures = tracks.measures()
    legs = placing.legs.merge(measures, on="leg_id", how="left", suffixes=("", "_measured"))
    legs = _with_place_labels(legs, placing.places)
    placed = itinerary.with_legs(legs, _notices(geocoder) + list(placing.problems) + list(tracks.problems))
    return Prepared(placed, placing.places, tracks.features, measures, placed.problems)


def combine(parts: list[Prepared]) -> Prepared:
    """Several prepared datasets shown together (e.g. the bundled data plus a drafted story)."""
    if len(parts) == 1:
        return parts[0]
    itinerary = Itinerary.concat([p.itinerary for p in parts])
    features = TrackSet.concat([as_trackset(p.features) for p in parts])
    places = pd.concat([p.places for p in parts], ignore_index=True).drop_duplicates("query")
    measures = pd.concat([p.measures for p in parts], ignore_index=True)
    return Prepared(itinerary, places, features, measures, [q for p in parts for q in p.problems])


def _with_place_labels(legs: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """origin_label / destination_label: the place as a reader reads it (a code with its name)."""
    from routes.places.placenames import code_labels, labelled
    labels = code_labels(places)
    return legs.assign(origin_label=labelled(legs["origin"], labels),
                       destination_label=labelled(legs["destination"], labels))


def _notices(geocoder) -> list[Problem]:
    """What the geocoder had to say (online service down, index rebuilt …), for the quality panel."""
    return [Problem("geocoding", None, None, None, str(notice), "warning", "geocoder")
            for notice in dict.fromkeys(getattr(geocoder, "notices", []) or [])]
