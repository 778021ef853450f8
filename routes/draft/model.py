"""The draft itinerary a story yields, as JSON and as rows in the project's stops shape."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

# The stops shape of the CSV format (#2), in the order the app's table shows it.
STOPS_COLUMNS = ("leader", "trip", "place", "arrive", "depart", "mode", "country", "lat", "lon",
                 "notes", "source", "confidence")


@dataclass
class DraftStop:
    place: str
    lat: float | None
    lon: float | None
    country: str
    arrive: str          # ISO date or ""
    depart: str
    mode: str            # train, flight, car, ship … or ""
    confidence: str      # high, medium, low
    evidence: str        # the sentence it came from
    written: str = ""    # the place as the story writes it ("Beijings", "Пекине")

    def to_dict(self) -> dict:
        return {"place": self.place, "lat": _number(self.lat), "lon": _number(self.lon),
                "arrive": self.arrive, "depart": self.depart, "mode": self.mode,
                "confidence": self.confidence, "evidence": self.evidence}


@dataclass
class Background:
    place: str
    evidence: str

    def to_dict(self) -> dict:
        return {"place": self.place, "evidence": self.evidence}


@dataclass
class Draft:
    leader: str
    story_date: date | None
    language: str
    stops: list[DraftStop] = field(default_factory=list)
    background: list[Background] = field(default_factory=list)
    source: str = ""

    def to_dict(self) -> dict:
        return {"leader": self.leader, "stops": [s.to_dict() for s in self.stops],
                "background": [b.to_dict() for b in self.background]}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def trip_name(self) -> str:
        first = next((s.arrive or s.depart for s in self.stops if s.arrive or s.depart), "")
        when = first[:7] or (self.story_date.isoformat()[:7] if self.story_date else "")
        places = " – ".join(dict.fromkeys(s.place for s in self.stops))
        return f"{when} {places}".strip() or "news draft"

    def to_stops_frame(self, trip: str | None = None) -> pd.DataFrame:
        """One row per proposed stop, in the stops shape, ready for the app's table or CSV."""
        trip = trip or self.trip_name()
        rows = [{"leader": self.leader, "trip": trip, "place": s.place, "arrive": s.arrive,
                 "depart": s.depart, "mode": s.mode, "country": s.country,
                 "lat": _float(s.lat), "lon": _float(s.lon),
                 "notes": f"draft from news; evidence: {s.evidence}",
                 "source": self.source, "confidence": s.confidence} for s in self.stops]
        frame = pd.DataFrame(rows, columns=list(STOPS_COLUMNS))
        return frame.astype({"lat": "float64", "lon": "float64"})

    def to_csv(self) -> str:
        from routes.export.csvout import frame_csv  # formula-safe: the file is opened in spreadsheets
        return frame_csv(self.to_stops_frame()).decode("utf-8-sig")


def _number(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(float(value), 6)


def _float(value) -> float:
    return float("nan") if value is None else float(value)
