"""The curated places of data/places.csv, held in memory (a few dozen rows).

Each row names its source; aliases are '|'-separated. Rows are looked up by
the same keys as the index (routes.places.index), so a curated alias and a
GeoNames alternate name compete on equal terms, and curated ones win ties.
"""

from __future__ import annotations

import csv
from pathlib import Path

from routes.places.index import ALTERNATE, BASE, PRIMARY
from routes.places.normalize import compact, key, normalize, split_kind
from routes.places.territory import SUBDIVISIONS

PLACES_CSV = Path(__file__).resolve().parents[2] / "data" / "places.csv"
# subdivision: an ISO 3166-2 code, given where a country constraint needs it (territory.SUBDIVISIONS)
COLUMNS = ("place_id", "name", "kind", "country", "lat", "lon", "aliases", "source", "notes", "subdivision")


def read_rows(path: Path = PLACES_CSV) -> list[dict[str, str]]:
    if not Path(path).exists():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(path: Path = PLACES_CSV) -> dict[str, list[tuple]]:
    """key -> rows shaped like the index's query result (pid negative)."""
    table: dict[str, list[tuple]] = {}
    for number, row in enumerate(read_rows(path), start=1):
        admin1 = SUBDIVISIONS[row["subdivision"]][1] if row.get("subdivision") else ""
        place = (-number, row["name"], float(row["lat"]), float(row["lon"]), row["country"], admin1,
                 row["kind"], "curated", 0, row["place_id"])
        names = [(row["name"], PRIMARY)] + [
            (alias.strip(), ALTERNATE) for alias in row.get("aliases", "").split("|") if alias.strip()]
        for text, how in names:
            _add(table, key(text), place, how)
            base, kind = split_kind(normalize(text))
            if kind:
                _add(table, compact(base), place, BASE)
    return table


def _add(table: dict[str, list[tuple]], k: str, place: tuple, how: int) -> None:
    if not k:
        return
    rows = table.setdefault(k, [])
    if place + (how,) not in rows:
        rows.append(place + (how,))
