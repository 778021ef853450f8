"""The view in the URL: a link that restores what the reader was looking at.

Everything in a query string is hostile: a parameter that is unknown, too long, out
of range or names a leader not in the data is ignored with a notice for the reader,
never an exception. Only parameters that differ from the default view are written,
so links stay short.

Parameter names (short, readable, stable; changing them breaks published links):
  src=upload         data source (default: bundled)
  set=presidents     which bundled dataset (kim, presidents, secretaries; default: kim)
  leader=NAME        repeated, one per leader
  year=2018 | year=2018-2019
  from=YYYY-MM-DD, to=YYYY-MM-DD
  mode=train         repeated
  trip=ID            repeated
  t=2019-01-08T12:00:00Z   timeline moment (UTC)
  map=osm            basemap
  c=LAT,LON          map centre (5 decimals ≈ 1 m)
  z=ZOOM             map zoom
  s=statistics       the open section of the page (default: legs)
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from routes.itinerary.modes import MODES
from routes.mapview.basemap import BASEMAPS

SOURCES = ("bundled", "upload")
DATASETS = ("kim", "presidents", "secretaries")   # routes.view.pipeline.SET_SLUGS
SECTIONS = ("legs", "statistics", "compare", "share", "draft")
YEAR_RANGE = (1900, 2100)
ZOOM_RANGE = (-3.0, 20.0)   # below 0: the whole world fitted on a phone-sized map
MAX_VALUE_CHARS = 200     # longer than any leader, trip or date anyone types
MAX_VALUES = 50           # repeated parameters kept at most
MAX_NOTICE_CHARS = 40     # how much of a hostile value a notice quotes
CENTRE_DECIMALS = 5
ZOOM_DECIMALS = 2

KNOWN = ("src", "set", "leader", "year", "from", "to", "mode", "trip", "t", "map", "c", "z", "s")
LABELS = {"src": "data source", "set": "bundled dataset", "year": "year", "from": "'from' date", "to": "'to' date",
          "t": "timeline time", "map": "basemap", "c": "map centre", "z": "zoom", "s": "section"}


@dataclass(frozen=True)
class ViewState:
    source: str = "bundled"
    dataset: str = DATASETS[0]
    leaders: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    start: date | None = None
    end: date | None = None
    modes: tuple[str, ...] = ()
    trips: tuple[str, ...] = ()
    moment: datetime | None = None          # timezone-aware; kept in UTC
    basemap: str = "offline"
    center: tuple[float, float] | None = None   # (lat, lon)
    zoom: float | None = None
    section: str = SECTIONS[0]

    def __post_init__(self):
        # Normalise once, here, so what a link can carry is exactly what the state holds
        # (this is what makes from_query(to_query(s)) == s hold).
        set_ = object.__setattr__
        set_(self, "leaders", tuple(self.leaders))
        set_(self, "modes", tuple(self.modes))
        set_(self, "trips", tuple(self.trips))
        if self.years is not None:
            low, high = int(self.years[0]), int(self.years[1])
            set_(self, "years", (min(low, high), max(low, high)))
        if self.moment is not None:
            moment = self.moment if self.moment.tzinfo else self.moment.replace(tzinfo=UTC)
            set_(self, "moment", moment.astimezone(UTC))
        if self.center is not None:
            lat, lon = self.center
            lon = (float(lon) + 180.0) % 360.0 - 180.0   # a panned Leaflet map reports 400°
            set_(self, "center", (round(float(lat), CENTRE_DECIMALS), round(lon, CENTRE_DECIMALS)))
        if self.zoom is not None:
            set_(self, "zoom", round(float(self.zoom), ZOOM_DECIMALS))


DEFAULT = ViewState()


def to_query(state: ViewState) -> dict[str, str | list[str]]:
    """Query parameters for `st.query_params` (lists become repeated parameters)."""
    query: dict[str, str | list[str]] = {}
    if state.source != DEFAULT.source:
        query["src"] = state.source
    if state.dataset != DEFAULT.dataset:
        query["set"] = state.dataset
    for key, values in (("leader", state.leaders), ("mode", state.modes), ("trip", state.trips)):
        if values:
            query[key] = list(values)
    if state.years is not None:
        low, high = state.years
        query["year"] = str(low) if low == high else f"{low}-{high}"
    if state.start is not None:
        query["from"] = state.start.isoformat()
    if state.end is not None:
        query["to"] = state.end.isoformat()
    if state.moment is not None:
        query["t"] = state.moment.isoformat().replace("+00:00", "Z")
    if state.basemap != DEFAULT.basemap:
        query["map"] = state.basemap
    if state.center is not None:
        query["c"] = f"{_number(state.center[0])},{_number(state.center[1])}"
    if state.zoom is not None:
        query["z"] = _number(state.zoom)
    if state.section != DEFAULT.section:
        query["s"] = state.section
    return query


def from_query(params, *, allowed_leaders: Iterable[str],
               allowed_trips: Iterable[str] | None = None) -> tuple[ViewState, list[str]]:
    """The view a link describes, and notices about what in it was ignored.

    params: a mapping of name → str or list of str, or `st.query_params` itself
    (its `get_all` is used so repeated parameters are not lost).
    allowed_leaders: the leaders of the current data; others are ignored.
    allowed_trips: the trips of the current data, or None to accept any well-formed id.
    """
    values, notices = _values(params)
    reader = _Reader(values, notices)
    state = ViewState(
        source=reader.choice("src", SOURCES, DEFAULT.source, "data source"),
        dataset=reader.choice("set", DATASETS, DEFAULT.dataset, "bundled dataset"),
        leaders=reader.members("leader", allowed_leaders, "leader"),
        years=reader.years(),
        start=reader.day("from"),
        end=reader.day("to"),
        modes=reader.members("mode", MODES, "mode", "expected one of " + ", ".join(MODES)),
        trips=reader.members("trip", allowed_trips, "trip"),
        moment=reader.moment(),
        basemap=reader.choice("map", BASEMAPS, DEFAULT.basemap, "basemap"),
        center=reader.center(),
        zoom=reader.zoom(),
        section=reader.choice("s", SECTIONS, DEFAULT.section, "section"),
    )
    if state.start and state.end and state.start > state.end:
        notices.append("'from' was after 'to'; the two dates were swapped")
        state = replace(state, start=state.end, end=state.start)
    return state, notices


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _shown(text: str) -> str:
    """A hostile value, made short and printable for a notice."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return repr(text if len(text) <= MAX_NOTICE_CHARS else text[:MAX_NOTICE_CHARS] + "…")


def _values(params) -> tuple[dict[str, list[str]], list[str]]:
    """Every known parameter's values as a list of strings; unknown ones noted."""
    notices: list[str] = []
    try:
        keys = list(params.keys()) if hasattr(params, "keys") else []
    except Exception:   # an odd object must not break the page
        return {}, ["the link's parameters could not be read; showing the default view"]
    values: dict[str, list[str]] = {}
    unknown = []
    for key in keys:
        name = str(key)
        if name not in KNOWN:
            unknown.append(name)
            continue
        raw = params.get_all(key) if hasattr(params, "get_all") else params[key]
        items = raw if isinstance(raw, (list, tuple)) else [raw]
        values[name] = [str(item) for item in items if item is not None]
    if unknown:
        shown = ", ".join(_shown(name) for name in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        notices.append(f"ignored unknown link parameters: {shown}")
    return values, notices


@dataclass
class _Reader:
    """Reads one parameter at a time, each failure becoming a notice."""

    values: dict[str, list[str]]
    notices: list[str] = field(default_factory=list)

    def one(self, key: str) -> str | None:
        items = self.values.get(key) or []
        if not items:
            return None
        if len(items) > 1:
            self.notices.append(f"{LABELS.get(key, key)} ('{key}') was given {len(items)} times; used the first")
        text = items[0].strip()
        if len(text) > MAX_VALUE_CHARS:
            self.notices.append(f"ignored {LABELS.get(key, key)} ('{key}'): longer than {MAX_VALUE_CHARS} characters")
            return None
        return text or None

    def choice(self, key: str, allowed: tuple[str, ...], default: str, what: str) -> str:
        text = self.one(key)
        if text is None:
            return default
        if text.lower() in allowed:
            return text.lower()
        self.notices.append(f"ignored {what} {_shown(text)}: expected one of {', '.join(allowed)}")
        return default

    def members(self, key: str, allowed: Iterable[str] | None, what: str,
                reason: str = "not in this data") -> tuple[str, ...]:
        items = list(self.values.get(key) or [])
        if len(items) > MAX_VALUES:
            self.notices.append(f"only the first {MAX_VALUES} '{key}' values were used")
            items = items[:MAX_VALUES]
        exact = None if allowed is None else set(allowed)
        folded = None if exact is None else {_fold(a): a for a in sorted(exact, reverse=True)}
        kept: list[str] = []
        for text in items:
            if not text.strip() or len(text) > MAX_VALUE_CHARS:
                self.notices.append(f"ignored an empty or over-long {what}")
                continue
            # exact spelling first; a hand-typed "kim jong un" still finds "Kim Jong Un"
            name = text if exact is None or folded is None or text in exact else folded.get(_fold(text))
            if name is None:
                self.notices.append(f"ignored {what} {_shown(text)}: {reason}")
            elif name not in kept:
                kept.append(name)
        return tuple(kept)

    def years(self) -> tuple[int, int] | None:
        text = self.one("year")
        if text is None:
            return None
        parts = text.split("-") if text.count("-") == 1 else [text]
        if not all(p.strip().isascii() and p.strip().isdigit() and len(p.strip()) == 4 for p in parts):
            self.notices.append(f"ignored year {_shown(text)}: expected YYYY or YYYY-YYYY")
            return None
        low, high = int(parts[0]), int(parts[-1])
        if not all(YEAR_RANGE[0] <= y <= YEAR_RANGE[1] for y in (low, high)):
            self.notices.append(f"ignored year {_shown(text)}: outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")
            return None
        return (min(low, high), max(low, high))

    def day(self, key: str) -> date | None:
        text = self.one(key)
        if text is None:
            return None
        try:
            day = date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            day = None
        if day is None or not YEAR_RANGE[0] <= day.year <= YEAR_RANGE[1]:
            self.notices.append(f"ignored '{key}' {_shown(text)}: expected a date YYYY-MM-DD")
            return None
        return day

    def moment(self) -> datetime | None:
        text = self.one("t")
        if text is None:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is None or not YEAR_RANGE[0] <= moment.year <= YEAR_RANGE[1]:
            self.notices.append(f"ignored timeline time {_shown(text)}: expected e.g. 2019-01-08T12:00Z")
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def center(self) -> tuple[float, float] | None:
        text = self.one("c")
        if text is None:
            return None
        numbers = _floats(text.split(","))
        if numbers is None or len(numbers) != 2 or not -90 <= numbers[0] <= 90 or abs(numbers[1]) > 1080:
            self.notices.append(f"ignored map centre {_shown(text)}: expected LAT,LON")
            return None
        return numbers[0], numbers[1]

    def zoom(self) -> float | None:
        text = self.one("z")
        if text is None:
            return None
        numbers = _floats([text])
        if numbers is None or not ZOOM_RANGE[0] <= numbers[0] <= ZOOM_RANGE[1]:
            self.notices.append(f"ignored zoom {_shown(text)}: expected {ZOOM_RANGE[0]:g}–{ZOOM_RANGE[1]:g}")
            return None
        return numbers[0]


def _fold(text: str) -> str:
    return " ".join(str(text).casefold().split())


def _floats(parts: list[str]) -> list[float] | None:
    try:
        numbers = [float(p) for p in parts if len(p) <= 30]
    except ValueError:
        return None
    if len(numbers) != len(parts) or not all(math.isfinite(n) for n in numbers):
        return None
    return numbers

