"""Tracks GeoJSON → the compact data the page's script draws (groups of legs, stops).

One data block per group (a trip, or a leader when there are many trips), each field
a column, text as indices into one string table, geometry as encoded polylines at 5
decimals (see columns.py).
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from routes.geometry.position import DECIMALS
from routes.geometry.trackset import TrackSet, as_trackset
from routes.mapview import style
from routes.mapview.columns import line_decimals, text_values
from routes.mapview.markers import StopMarkers, cell_text, derive_stops, leg_records
from routes.mapview.packing import PACKED, pack, split
from routes.mapview.pagecolumns import PageColumns, start_lines

MAX_TRIP_LAYERS = 40        # above this the layer control lists leaders only
STOPS_MAX_LEGS = 3000       # above this derived stops and mode patterns are left out: at that
                            # density they are clutter, and dashed lines cost seconds to draw
THIN_DEG = 0.05             # above STOPS_MAX_LEGS legs, lines lose vertices within ~5 km …
LARGE_LEGS = 20_000         # … and above this within ~20 km: a world view of 20,000+ legs
SIMPLIFY_DEG = 0.2


@dataclass
class Group:
    key: str
    leader: str
    trip: str | None
    colour: str
    selected: bool | None
    mark: str = "circle"      # the leader's second cue (style.assign_marks)
    columns: dict = field(default_factory=dict)
    stops: list = field(default_factory=list)

    def as_data(self, packed: dict | None = None) -> dict:
        """The group as JSON data: columns as lists, or those in `packed` as given."""
        packed = packed or {}
        columns = {name: packed[name] if name in packed else _listed(values)
                   for name, values in self.columns.items()}
        return {"key": self.key, "leader": self.leader, "trip": self.trip or "",
                "colour": self.colour, "mark": self.mark, "selected": self.selected,
                "columns": columns, "stops": stop_columns(self.stops)}


def stop_columns(stops: list[dict]) -> dict | list:
    """A group's stops as the page reads them (LR.stopRows): {"columns": {key: [value, …]}},
    each key once instead of once a stop (a third of the stops' weight at the presidents'
    records); no stops: []."""
    if not stops:
        return []
    keys = list(dict.fromkeys(key for stop in stops for key in stop))
    return {"columns": {key: [stop.get(key) for stop in stops] for key in keys}}


def _listed(values) -> list:
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        return [None if v != v else v for v in values.tolist()]   # NaN is not JSON
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def page_data(groups: list[Group]) -> list[dict]:
    """Every group as the page reads it, number columns packed (routes/mapview/packing.py)
    for all groups at once."""
    if not groups:
        return []
    counts = [len(next(iter(g.columns.values()), ())) for g in groups]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    groups = _one_source_each(groups)
    packed: dict[str, list[dict]] = {}
    for name, (decimals, delta) in PACKED.items():
        if all(name in g.columns for g in groups):
            whole = np.concatenate([np.asarray(g.columns[name]) for g in groups])
            done = pack(whole, starts, decimals, delta)
            if done is not None:
                packed[name] = split(*done)
    return [g.as_data({name: parts[i] for name, parts in packed.items()}) for i, g in enumerate(groups)]


def _one_source_each(groups: list[Group]) -> list[Group]:
    """When no leg cites more than one source, "sources" (a JSON list per leg) goes as a
    number column "source" (NaN where none), which packs: 50 KB less at 10,000 legs."""
    if not all("sources" in g.columns for g in groups):
        return groups
    if any(len(cited) > 1 for g in groups for cited in g.columns["sources"]):
        return groups
    return [replace(g, columns={("source" if name == "sources" else name):
                                (_first_sources(values) if name == "sources" else values)
                                for name, values in g.columns.items()})
            for g in groups]


def _first_sources(cited: list) -> np.ndarray:
    return np.asarray([sources[0] if len(sources) else np.nan for sources in cited], dtype=float)


def is_selected(props: dict, selected_trip) -> bool | None:
    """True/False against the selection, None when nothing is selected.

    selected_trip is a trip name, or a (leader, trip) pair when trip names repeat.
    """
    if selected_trip in (None, ""):
        return None
    if isinstance(selected_trip, (tuple, list)):
        return (cell_text(props.get("leader")), cell_text(props.get("trip"))) == tuple(map(str, selected_trip))
    return cell_text(props.get("trip")) == str(selected_trip)


def selected_rows(frame: pd.DataFrame, selected_trip) -> np.ndarray:
    """is_selected for every row of a properties frame at once (all False when nothing is selected)."""
    n = len(frame)
    if selected_trip in (None, ""):
        return np.zeros(n, dtype=bool)
    trips = _texts(frame, "trip", n)
    if isinstance(selected_trip, (tuple, list)):
        leader, trip = map(str, selected_trip)
        return (_texts(frame, "leader", n) == leader) & (trips == trip)
    return trips == str(selected_trip)


def _line_ends(points: np.ndarray, lengths: np.ndarray) -> list[tuple[tuple | None, tuple | None]]:
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    firsts = points[np.minimum(starts, max(len(points) - 1, 0))].tolist() if len(points) else []
    lasts = points[np.maximum(starts + lengths - 1, 0)].tolist() if len(points) else []
    return [((tuple(firsts[i]), tuple(lasts[i])) if length else (None, None))
            for i, length in enumerate(lengths.tolist())]


def _given_stops(stops, tracks: TrackSet) -> dict[tuple[str, str], list[dict]]:
    if isinstance(stops, StopMarkers):   # a whole dataset's markers: those of the legs drawn
        return stops.grouped(tracks.leg_id_list(), _line_ends_lon(tracks))
    return StopMarkers(stops).grouped(None, _line_ends_lon(tracks))


def _line_ends_lon(tracks: TrackSet) -> dict[str, tuple[float, float]]:
    """leg_id → (first, last) longitude of its drawn line, for the legs drawn."""
    ends = _line_ends(tracks.latlon(), tracks.lengths)
    return {leg_id: (first[1], last[1]) for leg_id, (first, last) in zip(tracks.leg_id_list(), ends)
            if first is not None and last is not None}


def _trip_members(tracks: TrackSet) -> OrderedDict[tuple[str, str], np.ndarray]:
    """Row positions of each (leader, trip), in order of first appearance."""
    root, rows = tracks.origin()
    codes, keys = _trip_codes(root)
    codes = codes[rows]
    present = pd.unique(codes)          # in order of first appearance
    order = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[order], present)
    ends = np.searchsorted(codes[order], present, side="right")
    return OrderedDict((keys[code], order[start:end])
                       for code, start, end in zip(present.tolist(), starts.tolist(), ends.tolist()))


def _trip_codes(root: TrackSet) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """A code per leg for its (leader, trip), computed once per dataset."""
    cached = root.derived.trip_codes
    if cached is None:
        n = len(root.properties)
        leader, leaders = _factorized(root.properties, "leader", n)
        trip, trips = _factorized(root.properties, "trip", n)
        # one number per (leader, trip) pair, numbered again in order of first appearance
        width = max(len(trips), 1)
        codes, pairs = pd.factorize(leader.astype(np.int64) * width + trip, use_na_sentinel=False)
        leaders, trips = [str(v) for v in leaders.tolist()], [str(v) for v in trips.tolist()]
        keys = [(leaders[p // width], trips[p % width]) for p in pairs.tolist()]
        # stored in one step: another session may read it meanwhile
        cached = root.derived.trip_codes = (np.asarray(codes, dtype=np.int64), keys)
    return cached


def _factorized(frame: pd.DataFrame, name: str, n: int):
    if name not in frame:
        return np.zeros(n, dtype=np.int64), np.array([""], dtype=object)
    return pd.factorize(text_values(frame[name]), use_na_sentinel=False)


def _texts(frame: pd.DataFrame, name: str, n: int) -> np.ndarray:
    if name not in frame:
        return np.full(n, "", dtype=object)
    return text_values(frame[name]).to_numpy(dtype=object)


def page_tolerance(legs: int) -> float | None:
    """How far the page's lines may stray from the traced ones (degrees), for this many legs."""
    return None if legs <= STOPS_MAX_LEGS else SIMPLIFY_DEG if legs > LARGE_LEGS else THIN_DEG


def prefetch_lines(features) -> None:
    """Start encoding the lines build_groups will need on the second core, so that the
    caller's work until then (importing folium, the base map) overlaps it."""
    tracks = as_trackset(features)
    root, _ = tracks.origin()
    start_lines(root, page_tolerance(len(tracks.properties)))


def build_groups(features, *, stops=None, selected_trip=None, palette=None,
                 per_trip: bool | None = None) -> tuple[list[Group], dict]:
    """Groups of legs for the page, plus facts about them (bounds, modes, notices,
    the string table under facts["strings"]).

    features: a TrackSet, or a FeatureCollection / list of Features as dicts.
    """
    tracks = as_trackset(features)
    frame, n = tracks.properties, len(tracks.properties)
    bounds = tracks.bounds()
    large = n > LARGE_LEGS
    # above STOPS_MAX_LEGS no stops at all, given or derived: thousands of markers are
    # clutter, and cost seconds in the browser
    detailed = n <= STOPS_MAX_LEGS
    root, rows = tracks.origin()
    page = PageColumns.of(root, page_tolerance(n))
    columns, strings = page.view(rows)
    trips = _trip_members(tracks)
    if per_trip is None:
        per_trip = len(trips) <= MAX_TRIP_LAYERS
    given_stops = _given_stops(stops, tracks) if stops is not None and detailed else None
    records, ends = None, None
    if detailed and given_stops is None:
        records = leg_records(frame)
        ends = _line_ends(np.round(tracks.latlon(), DECIMALS), tracks.lengths)
    groups: OrderedDict[str, tuple[Group, list[np.ndarray]]] = OrderedDict()
    marks = style.assign_marks(palette or {})
    for (leader, trip), indices in trips.items():
        key = f"{leader}\x1f{trip}" if per_trip else leader
        if key not in groups:
            groups[key] = (Group(key, leader, trip if per_trip else None,
                                 style.leader_colour(leader, palette), None,
                                 marks.get(leader, style.MARKS[0])), [])
        group, members = groups[key]
        members.append(indices)
        selected = is_selected({"leader": leader, "trip": trip}, selected_trip)
        group.selected = True if selected or group.selected else selected
        if given_stops is not None:
            group.stops.extend(given_stops.get((leader, trip), []))
        elif records is not None and ends is not None:
            group.stops.extend(derive_stops([(records[i], *ends[i]) for i in indices.tolist()]))
    facts = _facts(frame, tracks.lengths, bounds, per_trip, large, stops_left_out=not detailed)
    facts["strings"] = strings
    facts["line_scale"] = 10 ** line_decimals(page_tolerance(n))
    # the lines last: they may still be being encoded on the second core
    _split_columns(columns, groups.values(), lines=lambda: page.lines(rows))
    return [group for group, _ in groups.values()], facts


def _split_columns(columns: dict[str, np.ndarray], groups, lines=None) -> None:
    """Each group's slice of every column, and of `lines()` last: one reordering per
    column instead of a Python pass per group and column (200 leaders × 20 columns ×
    100,000 legs would cost seconds)."""
    groups = list(groups)
    if not groups:
        return
    order = np.concatenate([np.concatenate(members) for _, members in groups])
    arranged = {name: values[order] for name, values in columns.items()}
    if lines is not None:
        arranged["line"] = lines()[order]
    start = 0
    for group, members in groups:
        end = start + sum(len(m) for m in members)
        group.columns = {name: values[start:end] for name, values in arranged.items()}
        start = end


def legend_of(features, palette: dict[str, str] | None = None) -> tuple[OrderedDict, list[str]]:
    """(leader → colour, modes) as build_groups' groups and facts will list them, known
    before the groups are built (so the base map can be made while lines are encoded)."""
    tracks = as_trackset(features)
    leaders = OrderedDict()
    for leader, _ in _trip_members(tracks):
        if leader not in leaders:
            leaders[leader] = style.leader_colour(leader, palette)
    return leaders, modes_of(tracks.properties)


def modes_of(frame: pd.DataFrame) -> list[str]:
    """The modes present, in the legend's order."""
    order = list(style.MODE_STYLES)
    # unique first: set() over a string column walks it one Python object at a time
    present = ({str(m).lower() for m in pd.unique(frame["mode"].dropna())} - {""}) if "mode" in frame else set()
    return sorted(present, key=lambda m: order.index(m) if m in order else len(order))


def _facts(frame: pd.DataFrame, lengths: np.ndarray, bounds, per_trip: bool, large: bool,
           stops_left_out: bool) -> dict:
    modes = modes_of(frame)
    notices = []
    if large:
        notices.append(f"{len(frame):,} legs: lines simplified (to ~{SIMPLIFY_DEG * 4:g}°) to keep the map fast.")
    if stops_left_out:
        notices.append(f"{len(frame):,} legs: plain lines without stop markers or mode patterns, "
                       f"simplified (to ~{THIN_DEG * 4:g}°); filter to see them in full.")
    unplaced = int((lengths == 0).sum())
    if unplaced:
        notices.append(f"{unplaced} leg(s) not drawn: places not located.")
    approximate = bool(frame["approximate"].fillna(False).astype(bool).any()) if "approximate" in frame else False
    return {"bounds": bounds, "modes": modes, "legs": len(frame), "per_trip": per_trip,
            "patterns": len(frame) <= STOPS_MAX_LEGS,
            "large": large, "approximate": approximate, "notices": notices}
