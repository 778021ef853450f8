"""A candidate found in the index or the curated list, as the gazetteer ranks it."""

from __future__ import annotations

from dataclasses import dataclass

from routes.places.place import Candidate


@dataclass
class Hit:
    pid: int
    name: str
    lat: float
    lon: float
    country: str
    admin1: str
    kind: str
    source: str
    population: int
    code: str
    quality: float
    fuzzy: bool = False
    score: float = 0.0

    @classmethod
    def of_row(cls, row, quality: float, fuzzy: bool = False) -> Hit:
        """A hit from an index row (pid, name, lat, lon, country, admin1, kind, source, population,
        code, …): the first ten columns, in that order."""
        return cls(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9],
                   quality, fuzzy)

    def candidate(self) -> Candidate:
        return Candidate(self.name, self.lat, self.lon, self.country, self.kind, self.source,
                         round(self.score, 3))


def dedupe(hits: list[Hit]) -> list[Hit]:
    best: dict[int, Hit] = {}
    for hit in hits:
        if hit.pid not in best or hit.quality > best[hit.pid].quality:
            best[hit.pid] = hit
    return list(best.values())


def fits(hit: Hit, country: str, admin1: str | None) -> bool:
    if hit.country != country:
        return False
    return admin1 is None or not hit.admin1 or hit.admin1 == admin1
