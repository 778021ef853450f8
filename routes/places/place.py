"""What a lookup answers: a Place, with the Candidates that were considered."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

KINDS = ("city", "station", "airport", "venue", "border", "region")
SOURCES = ("override", "curated", "airport", "gazetteer", "region", "online")


@dataclass(frozen=True)
class Candidate:
    name: str
    lat: float
    lon: float
    country: str
    kind: str
    source: str
    score: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Place:
    query: str
    name: str
    lat: float | None
    lon: float | None
    country: str
    kind: str
    source: str
    confidence: float
    fuzzy: bool = False
    alternatives: list[Candidate] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None

    def to_dict(self) -> dict:
        out = asdict(self)
        out["alternatives"] = [c.to_dict() for c in self.alternatives]
        return out

    @classmethod
    def unresolved(cls, query: str, alternatives: list[Candidate] | None = None) -> Place:
        return cls(query=query, name="", lat=None, lon=None, country="", kind="",
                   source="", confidence=0.0, fuzzy=False, alternatives=list(alternatives or []))
