"""Where was everyone at a moment, from the time model (``routes.view.timing``).

A leader's time is a sequence of states: before the first leg, leg 1, the stay after it, leg 2, …,
after the last leg. A leg occupies (depart, arrive] and a stay (arrive, next depart], so at a known
instant exactly one state holds. With intervals for the bounds, a state is *possible* at T when
its start can be before T and its end can be at or after T; the answer says what the possible
states allow:

- one possible state: that state, certain (a stay between two trips is not recorded by the data,
  so "at" there is never certain, and a leader before their first or after their last leg is
  ``unknown``);
- a leg and the stay beside it (T falls in the one time that separates them): the likelier by the
  middle of that time's interval, not certain;
- more: ``between`` the first and last place they span, not certain.

A travelling leader is placed along the route only when both ends of the leg are known to the
minute; otherwise the position is null ("between" its ends). Display filters pick which leaders
are listed, never the answer: every leader's whole sequence is used.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from routes.geometry.position import DECIMALS, feature_latlngs
from routes.places.sphere import wrap_lon
from routes.view.timing import EARLIEST, LATEST, Timing, timing

# A leg and the stay beside it are told apart by the middle of the time between them only when
# that time is known to within a day and a half (a day-only date in any zone); a longer gap
# (an arrival never reported) leaves the leader "between".
GUESS_WITHIN = 36 * 3600 * 10**9
_DTYPES = {"lat": float, "lon": float, "certain": bool}
WHERE_COLUMNS = ["leader", "status", "place", "from", "to", "mode", "lat", "lon", "certain", "trip", "leg_id",
                 "where"]


@dataclass
class _Leader:
    """One leader's legs in order, as arrays and lists (cheap to index per moment)."""
    events_lo: np.ndarray       # depart₁, arrive₁, depart₂, … earliest bounds
    events_hi: np.ndarray
    legs: list[dict]
    first_known: int            # the earliest bound the data gives, and the latest
    last_known: int


class Whereabouts:
    """Where-was-everyone for one dataset: built once from all its legs and tracks."""

    def __init__(self, legs: pd.DataFrame, features=None, model: Timing | None = None):
        self.timing = model or timing(legs)
        self._lines = LegLines(features) if features is not None else None
        # Each leader's arrays are made the first time someone asks where they were.
        self._rows = self.timing.frame.groupby("leader", sort=True).indices
        self._columns = {c: self.timing.frame[c].to_numpy() for c in _LEADER_COLUMNS}
        self._leaders: dict[str, _Leader] = {}
        self._legs = legs
        self._journey_index: dict | None = None
        self._paces: dict = {}

    @property
    def _journeys(self) -> dict:
        if self._journey_index is None:
            self._journey_index = _exact_journeys(self._legs, self.timing)
        return self._journey_index

    def _leader(self, name: str) -> _Leader:
        if name not in self._leaders:
            self._leaders[name] = _leader(self._columns, self._rows[name])
        return self._leaders[name]

    def at(self, shown: pd.DataFrame, moment) -> pd.DataFrame:
        """One row per leader of ``shown`` (WHERE_COLUMNS), answered from all their legs."""
        now = _ns(moment)
        names = sorted(set(shown["leader"].unique()) & set(self._rows))
        rows = [self.where(name, now) for name in names]
        # Fixed dtypes, so that the same answers make equal frames whoever is listed.
        columns = {c: pd.Series([row[c] for row in rows], dtype=_DTYPES.get(c, object)) for c in WHERE_COLUMNS}
        return pd.DataFrame(columns)

    def where(self, leader: str, now: int) -> dict:
        person = self._leader(leader)
        prev_lo = np.concatenate([[EARLIEST], person.events_lo])
        next_hi = np.concatenate([person.events_hi, [LATEST]])
        possible = np.flatnonzero((prev_lo < now) & (now <= next_hi))
        if not person.first_known <= now <= person.last_known:
            return _row(leader, "unknown", certain=False)   # before or after everything the data says
        if len(possible) == 1:
            return self._state(leader, person, int(possible[0]), now, certain=True)
        if len(possible) == 2:
            lo, hi = person.events_lo[possible[0]], person.events_hi[possible[0]]
            if lo > EARLIEST and hi - lo <= GUESS_WITHIN:
                later = now > lo + (hi - lo) // 2
                return self._state(leader, person, int(possible[1 if later else 0]), now, certain=False)
        if not len(possible):
            return _row(leader, "unknown", certain=False)
        first, last = _span(person, int(possible[0])), _span(person, int(possible[-1]))
        leg = person.legs[min(max((int(possible[0]) - 1) // 2, 0), len(person.legs) - 1)]
        return _row(leader, "between", frm=first[0], to=last[1], trip=leg["trip"], certain=False,
                    where=f"somewhere between {first[0]} and {last[1]} (times not reported)")

    def _state(self, leader: str, person: _Leader, state: int, now: int, certain: bool) -> dict:
        legs = person.legs
        if state % 2:                                   # a leg
            leg = legs[(state - 1) // 2]
            lat, lon = self._position(leg, now) if certain else (None, None)
            where = f"travelling {leg['origin']} → {leg['destination']} by {leg['mode']}"
            return _row(leader, "travelling", frm=leg["origin"], to=leg["destination"], mode=leg["mode"],
                        lat=lat, lon=lon, certain=certain,
                        trip=leg["trip"], leg_id=leg["leg_id"], where=where)
        if state == 0 or state == 2 * len(legs):        # before the first leg, after the last
            return _row(leader, "unknown", certain=False)
        before, after = legs[state // 2 - 1], legs[state // 2]
        same_trip = before["trip"] == after["trip"]
        if not same_trip and before["destination"] != after["origin"]:
            return _row(leader, "unknown", frm=before["destination"], to=after["origin"], certain=False,
                        where=f"between trips: after {before['destination']}, before {after['origin']}")
        return _row(leader, "at", place=before["destination"], lat=before["lat"], lon=before["lon"],
                    certain=certain and same_trip, trip=before["trip"], leg_id=before["leg_id"],
                    where=f"at {before['destination']}" + ("" if same_trip else " (between trips)"))

    def _position(self, leg: dict, now: int) -> tuple[float | None, float | None]:
        """Along the leg at its pace (``pace``): null when the leg has none or no line."""
        pace = self.pace(leg["leg_id"], leg)
        line = self._lines.line(leg["leg_id"]) if self._lines is not None and pace else None
        if not pace or not line or not line[0]:
            return None, None
        from routes.geometry.position import position_along
        start, end = pace
        point = position_along(line[0], start, end, min(max(now / 1e6, start), end))
        return (None, None) if point is None else point

    def pace(self, leg_id: str, leg: dict | None = None) -> tuple[float, float] | None:
        """(from, until) ms between which a traveller on this leg moves along it at an even pace:
        its own ends when both are known to the minute; else, when its journey's are, the times
        an even pace over the whole journey enters and leaves this leg's part of the route
        (before and after, the traveller waits at its ends); else None."""
        if leg is not None and leg["exact"]:
            return leg["depart_ms"], leg["arrive_ms"]
        if leg_id not in self._paces:
            self._paces[leg_id] = self._journey_pace(leg_id)
        return self._paces[leg_id]

    def _journey_pace(self, leg_id: str) -> tuple[float, float] | None:
        if leg_id not in self._journeys or self._lines is None:
            return None
        leg_ids, start, end = self._journeys[leg_id]
        from routes.geometry.position import cumulative_km
        lengths = []
        for one in leg_ids:
            found = self._lines.line(one)
            if not found or not found[0]:
                return None
            lengths.append(float(cumulative_km(found[0])[-1]))
        total = sum(lengths) or 1.0
        before = sum(lengths[:leg_ids.index(leg_id)])
        share = (end - start) / total
        return start + before * share, start + (before + lengths[leg_ids.index(leg_id)]) * share


def _exact_journeys(legs: pd.DataFrame, model: Timing) -> dict[str, tuple[list[str], float, float]]:
    """leg_id -> (the journey's legs, its departure and arrival in ms) for every leg of a journey
    of several legs whose ends are both known to the minute."""
    from routes.view.journeys import journeys
    table = journeys(legs, model)
    found = {}
    for row in table[(table["duration_kind"] == "exact") & (table["legs"] > 1)].itertuples():
        span = (list(row.leg_ids), row.depart_lo.value / 1e6, row.arrive_lo.value / 1e6)
        found.update({leg_id: span for leg_id in row.leg_ids})
    return found


_LEADER_COLUMNS = ("leg_id", "trip", "origin", "destination", "mode", "destination_lat", "destination_lon",
                   "depart_lo", "depart_hi", "arrive_lo", "arrive_hi")


def _leader(columns: dict[str, np.ndarray], rows: np.ndarray) -> _Leader:
    """A leader's arrays from the model's columns at ``rows`` (their legs, in travel order)."""
    get = {name: values[rows] for name, values in columns.items()}
    lo = np.column_stack([get["depart_lo"], get["arrive_lo"]]).ravel().astype(np.int64)
    hi = np.column_stack([get["depart_hi"], get["arrive_hi"]]).ravel().astype(np.int64)
    exact = ((get["depart_lo"] == get["depart_hi"]) & (get["arrive_lo"] == get["arrive_hi"])
             & (get["depart_lo"] > EARLIEST) & (get["arrive_hi"] < LATEST))
    legs = [{"leg_id": leg_id, "trip": trip, "origin": origin, "destination": destination, "mode": mode,
             "lat": _coord(lat), "lon": _coord(lon), "exact": bool(is_exact), "depart_ms": depart / 1e6,
             "arrive_ms": arrive / 1e6}
            for leg_id, trip, origin, destination, mode, lat, lon, is_exact, depart, arrive in zip(
                get["leg_id"], get["trip"], get["origin"], get["destination"], get["mode"], get["destination_lat"],
                get["destination_lon"], exact, get["depart_lo"].tolist(), get["arrive_lo"].tolist())]
    finite_lo, finite_hi = lo[lo > EARLIEST], hi[hi < LATEST]
    first = int(finite_lo.min()) if len(finite_lo) else LATEST
    last = int(finite_hi.max()) if len(finite_hi) else EARLIEST
    return _Leader(lo, hi, legs, first, last)


def _span(person: _Leader, state: int) -> tuple[str, str]:
    """(where a state starts, where it ends) as place names."""
    legs = person.legs
    if state % 2:
        leg = legs[(state - 1) // 2]
        return leg["origin"], leg["destination"]
    if state == 0:
        return legs[0]["origin"], legs[0]["origin"]
    if state == 2 * len(legs):
        return legs[-1]["destination"], legs[-1]["destination"]
    before, after = legs[state // 2 - 1], legs[state // 2]
    # Between two trips nothing is recorded: the last place known is where the gap starts.
    return before["destination"], before["destination"] if before["trip"] != after["trip"] else after["origin"]


def _row(leader, status, place=None, frm=None, to=None, mode=None, lat=None, lon=None, certain=False, trip="",
         leg_id="", where="") -> dict:
    # a reported position: its longitude within ±180° (the map's lines run on past ±180°)
    lon = None if lon is None else float(wrap_lon(lon))
    return {"leader": leader, "status": status, "place": place, "from": frm, "to": to, "mode": mode,
            "lat": lat, "lon": lon, "certain": bool(certain), "trip": trip, "leg_id": leg_id,
            "where": where or ("unknown" if status == "unknown" else "")}


def _coord(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _ns(moment) -> int:
    stamp = pd.Timestamp(moment)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return int(stamp.value)


def possible_legs(model: Timing, moment) -> set[str]:
    """Every leg a leader may be on at ``moment`` (for checks: ``where`` names only these)."""
    now, frame = _ns(moment), model.frame
    mask = (frame["depart_lo"].to_numpy() < now) & (now <= frame["arrive_hi"].to_numpy())
    return set(frame["leg_id"].to_numpy()[mask].tolist())


def _ms_or_none(ns: int) -> float | None:
    return None if ns in (EARLIEST, LATEST) else ns / 1e6


def page_data(whereabouts: Whereabouts, leaders) -> list[dict]:
    """What the map needs to answer where-was-everyone as ``Whereabouts.where`` does, for these
    leaders: their legs in order with the bounds (ms, null when unbounded), the pace and the
    destination. leaders_where.js reads it; tests/test_map_when.py holds both to the same answers.

    Each leg is a row [leg id, trip, origin, destination, mode, departure from, departure until,
    arrival from, arrival until, pace from, pace until, lat, lon], its texts as indices into the
    leader's "strings"; the map sends the rows as columns packed by ROW_PACKING (LR.whenLegs
    writes the rows back). The ids, trip names and 13-digit times repeated on every leg were most
    of the map's data at the presidents' records."""
    out = []
    for name in sorted(set(leaders) & set(whereabouts._rows)):
        person = whereabouts._leader(name)
        strings: dict[str, int] = {}
        index = functools.partial(_string_index, strings)
        legs = []
        for i, leg in enumerate(person.legs):
            pace = whereabouts.pace(leg["leg_id"], leg)
            legs.append([index(leg["leg_id"]), index(leg["trip"]), index(leg["origin"]), index(leg["destination"]),
                         index(leg["mode"]),
                         _ms_or_none(int(person.events_lo[2 * i])), _ms_or_none(int(person.events_hi[2 * i])),
                         _ms_or_none(int(person.events_lo[2 * i + 1])),
                         _ms_or_none(int(person.events_hi[2 * i + 1])),
                         pace[0] if pace else None, pace[1] if pace else None, leg["lat"], leg["lon"]])
        out.append({"leader": name, "first": _ms_or_none(person.first_known),
                    "last": _ms_or_none(person.last_known), "strings": list(strings), "legs": legs})
    return out


# How the map packs each field of a page_data row (routes.mapview.packing.pack_rows):
# (decimals, as differences from the leg before)
ROW_PACKING = ((0, False),) * 5 + ((0, True),) * 6 + ((5, False),) * 2


def _string_index(strings: dict[str, int], text) -> int:
    """text's index in strings, added at the end when new."""
    return strings.setdefault("" if text is None else str(text), len(strings))


class LegLines:
    """Each placed leg's line ([(lat, lon), …] at 5 decimals) and timetable (depart_ms, arrive_ms),
    looked up by leg_id: straight from the columns of a TrackSet (no Feature dicts built), or
    from the Features of a plain FeatureCollection. The index is built on first use."""

    def __init__(self, features):
        self._features = features
        self._row: dict | None = None

    def line(self, leg_id: str) -> tuple[list, float | None, float | None] | None:
        if self._row is None:
            self._row = self._index()
        row = self._row.get(leg_id)
        if row is None:
            return None
        if isinstance(row, dict):   # a Feature
            props = row.get("properties") or {}
            return feature_latlngs(row), props.get("depart_ms"), props.get("arrive_ms")
        tracks = self._features
        start, end = tracks.offsets[row], tracks.offsets[row + 1]
        latlngs = [tuple(p) for p in np.round(tracks.points[start:end, ::-1], DECIMALS).tolist()]
        return latlngs, _ms(tracks.properties["depart_ms"].iat[row]), _ms(tracks.properties["arrive_ms"].iat[row])

    def _index(self) -> dict:
        if _is_columnar(self._features):
            ids = self._features.properties["leg_id"].tolist()
            placed = np.flatnonzero(np.diff(self._features.offsets) > 0).tolist()
            return {ids[row]: row for row in placed}
        return {f["properties"]["leg_id"]: f for f in self._features.get("features", []) if f.get("geometry")}


def _is_columnar(features) -> bool:
    """A TrackSet (routes.geometry.trackset) or anything stored like one."""
    return all(hasattr(features, name) for name in ("properties", "points", "offsets"))


def _ms(value) -> float | None:
    return None if pd.isna(value) else float(value)
