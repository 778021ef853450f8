"""Archive records read faithfully: side trips, overlapping dates, modes stated in the remarks.

The Office of the Historian lists a journey as records of one country visit each. A record
whose dates lie strictly inside an earlier record's dates is a side trip made during that
visit (Wilson's audience with the Pope on 4 January 1919, inside his 1-6 January Italy
record), not a new journey after it: it goes between the visit's first place and the rest,
and a one-place visit is returned to afterwards. No leg arrives before it departs. The
travel mode is unknown unless a record's remarks state it ("Traveled by sea from Athens to
Tunis").
"""

from __future__ import annotations

import re

from routes.itinerary.modes import parse_mode

# "traveled by sea from X to Y": the word is read by the mode table (modes.parse_mode), so
# a mode added there is understood here too.
_STATED = re.compile(r"travell?ed by (\w+) from ([^.;]+?) to ([^.;,]+)", re.IGNORECASE)
_TIMES = ("", "_precision", "_utc", "_end_utc")


def fold_side_trips(group: list[dict]) -> list[dict]:
    """The trip's stops with each side-trip record moved inside the record it lies within."""
    kept: list[list[dict]] = []
    for record in _records(group):
        parent = kept[-1] if kept else None
        if parent is not None and _strictly_within(record, parent):
            _insert(parent, record)
        else:
            kept.append(record)
    return [stop for record in kept for stop in record]


def _records(group: list[dict]) -> list[list[dict]]:
    """Runs of stops split from one record (they share file and row)."""
    runs: list[list[dict]] = []
    for stop in group:
        if runs and (runs[-1][0]["file"], runs[-1][0]["row"]) == (stop["file"], stop["row"]):
            runs[-1].append(stop)
        else:
            runs.append([stop])
    return runs


def _span(record: list[dict]):
    start = record[0]["arrive_utc"]
    end = record[-1]["depart_end_utc"] or record[-1]["arrive_end_utc"]
    return start, end


def _strictly_within(record: list[dict], parent: list[dict]) -> bool:
    (start, end), (p_start, p_end) = _span(record), _span(parent)
    if None in (start, end, p_start, p_end):
        return False
    # A one-day record on the visit's first or last day is the next stop, not a side trip.
    return p_start < start and end < p_end


def _insert(parent: list[dict], side: list[dict]) -> None:
    note = f"side trip during the visit of row {parent[0]['row']}"
    places = {stop["place"] for stop in parent}
    new = [dict(stop, notes=_join(stop["notes"], note)) for stop in side if stop["place"] not in places]
    for stop in side:
        if stop["place"] in places:
            # Another event at a place of the visit (the record's own place list has it).
            same = next(p for p in parent if p["place"] == stop["place"])
            same["notes"] = _join(same["notes"], f"also: {stop['notes']}" if stop["notes"] else "")
    if not new:
        return
    first = parent[0]
    if len(parent) == 1:
        back = dict(first, notes=_join(first["notes"], "back from the side trip"))
        _clear(back, "arrive")
        _clear(first, "depart")
        parent[:] = [first, *new, back]
    else:
        parent[1:1] = new


def _clear(stop: dict, which: str) -> None:
    for key in _TIMES:
        stop[which + key] = "" if key in ("", "_precision") else None


def arrives_before_departing(leg: dict) -> bool:
    depart, arrive = leg.get("depart_utc"), leg.get("arrive_end_utc")
    return depart is not None and arrive is not None and arrive < depart


def stated_mode(origin: dict, destination: dict) -> str | None:
    """The mode a record's remarks give for the leg from its place to the next one."""
    for match in _STATED.finditer(origin.get("notes") or ""):
        word, start, end = match.groups()
        mode = parse_mode(word)
        if mode and _same(origin["place"], start) and _same(destination["place"], end):
            return mode
    return None


def states_onward_travel(notes: str | None) -> bool:
    return any(parse_mode(match.group(1)) for match in _STATED.finditer(notes or ""))


def _same(place: str, text: str) -> bool:
    return place.strip().casefold() in text.strip().casefold()


def _join(*texts: str) -> str:
    return "; ".join(t for t in texts if t)
