"""From stops to legs, and the checks that need a whole trip: order, overlap, duplicates."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

import numpy as np
import pandas as pd

from routes.itinerary.modes import UNKNOWN
from routes.itinerary.problems import WARNING, Problem
from routes.itinerary.sidetrips import arrives_before_departing, fold_side_trips, stated_mode, states_onward_travel

ONE_DAY = pd.Timedelta(days=1)
# Parts of a place name that follow a comma but name no place of their own: "Mexico, D.F.",
# "Martinique, West Indies" (the island group it lies in, not a stop).
_QUALIFIER = re.compile(r"^(D\.\s?F\.?|D\.\s?C\.?|(British |French |Dutch |Danish )?West Indies)$", re.IGNORECASE)
_TIME_KEYS = ("", "_precision", "_utc", "_end_utc")


def stop_records(frame: pd.DataFrame, recipe) -> list[dict]:
    """Parsed stop rows as records (None for unknown), split where one cell names several places."""
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    if not recipe.split_places:
        return records
    out: list[dict] = []
    for record in records:
        out += _split(record, recipe.split_places) if recipe.split_places in record["place"] else [record]
    return out


def _split(record: dict, separator: str) -> list[dict]:
    names: list[str] = []
    for name in (n.strip() for n in record["place"].split(separator)):
        if names and _QUALIFIER.match(name):
            names[-1] += f"{separator} {name}"     # "Mexico, D.F." is one place
        elif name:
            names.append(name)
    parts = []
    for i, name in enumerate(names):
        part = dict(record, place=name)
        if i > 0:
            part.update(arrive="", arrive_precision="", arrive_utc=None, arrive_end_utc=None)
        if i < len(names) - 1:
            part.update(depart="", depart_precision="", depart_utc=None, depart_end_utc=None)
        note = f"one of {len(names)} places in this record, in the order listed"
        part["notes"] = "; ".join(t for t in (record["notes"], note) if t)
        parts.append(part)
    return parts


def chain_stops(stops: list[dict], ctx) -> tuple[list[dict], list[Problem]]:
    """Legs between consecutive stops of each trip (the leg's mode is how the next stop was reached)."""
    problems: list[Problem] = []
    if ctx.recipe.chain_trips:
        _assign_trips(stops)
    legs = []
    # A file with no mode column at all (the recipe says so): one warning for the file, not one per leg.
    file_has_no_modes = ctx.recipe.defaults.get("mode") == UNKNOWN
    for (_leader, trip), group in _groups(stops).items():
        group = _ordered(group)
        if ctx.recipe.chain_trips:
            group = fold_side_trips(group)
        group = _merge_repeats(group)
        if ctx.recipe.home:
            group = [_home_stop(group[0], ctx.recipe, first=True)] + group + \
                    [_home_stop(group[-1], ctx.recipe, first=False)]
        if len(group) < 2:
            only = group[0]
            problems.append(Problem(ctx.file, only["row"], ctx.shown("trip"), trip,
                                    "trip has a single stop, so there is no leg to draw",
                                    WARNING, "single"))
            continue
        for a, b in itertools.pairwise(group):
            leg = _leg(a, b)
            if ctx.recipe.chain_trips:
                leg["mode"] = stated_mode(a, b) or leg["mode"]
            legs.append(leg)
            if leg["mode"] == UNKNOWN and not b.get("assumed") and not file_has_no_modes:
                problems.append(Problem(ctx.file, b["row"], ctx.shown("mode"), "",
                                        f"how {b['place']} was reached (from {a['place']}) is not reported; "
                                        "the leg is kept, drawn and counted with mode unknown", WARNING, "mode"))
    unknown = sum(leg["mode"] == UNKNOWN for leg in legs)
    if file_has_no_modes and unknown:
        problems.append(Problem(ctx.file, None, "mode", None,
                                f"the file gives no travel mode: {unknown} of {len(legs)} legs are kept, drawn and "
                                "counted with mode unknown (the others' modes are stated in their remarks)",
                                WARNING, "mode"))
    return legs, problems


def _merge_repeats(group: list[dict]) -> list[dict]:
    """Consecutive records of the same place are one stay (archives list each event apart)."""
    merged: list[dict] = []
    for stop in group:
        last = merged[-1] if merged else None
        if last is not None and last["place"] == stop["place"] and last["country"] == stop["country"]:
            for key in _TIME_KEYS:
                if stop["depart" + key] is not None and stop["depart" + key] != "":
                    last["depart" + key] = stop["depart" + key]
            if stop["notes"] and stop["notes"] not in last["notes"]:
                last["notes"] = "; ".join(t for t in (last["notes"], stop["notes"]) if t)
            continue
        merged.append(dict(stop))
    return merged


def _assign_trips(stops: list[dict]) -> None:
    # Records of one journey are consecutive with touching dates (a day's gap at most).
    last: dict[str, tuple[str, pd.Timestamp | None]] = {}
    going_on: set[str] = set()
    for stop in stops:
        if stop["trip"]:
            continue
        leader = stop["leader"]
        trip, end = last.get(leader, ("", None))
        start = stop["arrive_utc"]
        onward = stop["leader"] in going_on
        if not trip or (start is not None and end is not None and start > end + ONE_DAY and not onward):
            day = stop["arrive"][:10] or stop["depart"][:10] or "undated"
            trip = f"{day} {stop['country'] or stop['place']}"
        stop["trip"] = trip
        # A record inside an earlier one's dates (a side trip) does not end the journey early.
        ends = [t for t in (stop["depart_end_utc"], stop["arrive_end_utc"], end) if t is not None]
        last[leader] = (trip, max(ends) if ends else None)
        # "Traveled by sea from Athens to Tunis": days at sea, the journey goes on.
        going_on.discard(leader)
        if states_onward_travel(stop["notes"]):
            going_on.add(leader)


def _groups(records: list[dict]) -> dict[tuple[str, str], list[dict]]:
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for record in records:
        groups[(record["leader"], record["trip"])].append(record)
    return groups


def _ordered(group: list[dict]) -> list[dict]:
    if all(r.get("seq_given") is not None for r in group):
        return sorted(group, key=lambda r: r["seq_given"])
    return group


def _home_stop(near: dict, recipe, first: bool) -> dict:
    stop = dict(near, place=recipe.home, country=recipe.home_country or "", lat=None, lon=None,
                notes=f"assumed: the trip {'starts from' if first else 'ends at'} {recipe.home}",
                confidence="low", seq_given=None, assumed=True)
    # Leaving home on the day of the first arrival, home again on the day of the last departure.
    for key in _TIME_KEYS:
        stop["depart" + key] = near["arrive" + key] if first else None
        stop["arrive" + key] = near["depart" + key] if not first else None
    if first:
        stop["depart_precision"] = near["arrive_precision"] and "day"
        stop["depart"] = near["arrive"][:10]
    else:
        stop["arrive_precision"] = near["depart_precision"] and "day"
        stop["arrive"] = near["depart"][:10]
        stop["mode"] = near["mode"]
    return stop


def _leg(a: dict, b: dict) -> dict:
    leg = {"leader": b["leader"], "trip": b["trip"], "origin": a["place"], "destination": b["place"],
           "origin_country": a["country"], "destination_country": b["country"],
           "origin_lat": a["lat"], "origin_lon": a["lon"], "destination_lat": b["lat"],
           "destination_lon": b["lon"], "via": "", "mode": b["mode"], "vehicle": b["vehicle"],
           "notes": b["notes"], "source": b["source"] or a["source"], "confidence": b["confidence"],
           "file": b["file"], "row": b["row"], "seq_given": None}
    for key in _TIME_KEYS:
        leg["depart" + key] = a["depart" + key]
        leg["arrive" + key] = b["arrive" + key]
    home = a if a.get("assumed") else b if b.get("assumed") else None
    if home is not None:
        leg["confidence"] = "low"
        leg["notes"] = home["notes"] if home is b else "; ".join(t for t in (home["notes"], b["notes"]) if t)
    if arrives_before_departing(leg):
        # Records that overlap: the departure is not known, the arrival is (never a leg
        # that arrives before it leaves).
        for key in _TIME_KEYS:
            leg["depart" + key] = None
        leg["notes"] = "; ".join(t for t in (leg["notes"], "departure unknown: the records overlap") if t)
    leg["depart"] = leg["depart"] or ""
    leg["arrive"] = leg["arrive"] or ""
    leg["depart_precision"] = leg["depart_precision"] or ""
    leg["arrive_precision"] = leg["arrive_precision"] or ""
    return leg


def order_legs(legs: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Number legs within trips, drop exact duplicates, and warn where a leg starts too early.

    ``seq_given`` is the file's own numbering as float, NaN when absent.
    """
    if legs.empty:
        return legs.assign(seq=pd.Series(dtype="int64"), leg_id=pd.Series(dtype=object)), []
    legs = legs.reset_index(drop=True)
    # Trips numbered in order of first appearance: one grouping, then plain numpy per trip.
    group_order = legs.groupby([legs["leader"], legs["trip"]], sort=False).ngroup().to_numpy()
    size = np.bincount(group_order)[group_order]
    given = np.bincount(group_order, weights=legs["seq_given"].notna().to_numpy())[group_order]
    position = pd.Series(group_order).groupby(group_order, sort=False).cumcount().to_numpy() + 1
    # A trip numbered in full keeps its numbers; otherwise file order decides.
    legs["seq"] = np.where(given == size, legs["seq_given"].fillna(0), position).astype(np.int64)
    legs = legs.assign(_group=group_order).sort_values(["_group", "seq"], kind="stable")
    problems: list[Problem] = []
    timed = legs["depart"].ne("") | legs["arrive"].ne("")
    # Without any time two identical legs can both be real (shuttle diplomacy).
    duplicate = legs.duplicated(["leader", "trip", "origin", "destination", "depart", "arrive", "mode"]) & timed
    for leg in legs[duplicate].itertuples():
        problems.append(Problem(leg.file, int(leg.row), None, f"{leg.origin} → {leg.destination}",
                                "duplicate of an earlier row; the copy is ignored", WARNING, "duplicate"))
    legs = legs[~duplicate]
    previous_arrive = legs.groupby("_group", sort=False)["arrive_utc"].shift(1)
    previous_text = legs.groupby("_group", sort=False)["arrive"].shift(1)
    early = (legs["depart_end_utc"] < previous_arrive).fillna(False)
    for leg, before in zip(legs[early].itertuples(), previous_text[early]):
        problems.append(Problem(leg.file, int(leg.row), "depart", leg.depart,
                                f"starts before the previous leg ends ({before})", WARNING, "overlap"))
    legs = legs.drop(columns="_group")
    legs["leg_id"] = legs["leader"] + "|" + legs["trip"] + "|" + legs["seq"].astype(str)
    return legs.reset_index(drop=True), sorted(problems, key=lambda p: p.row or 0)
