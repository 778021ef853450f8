"""Legs as columns: the vectorised half of turning tracks into page data.

10,000 legs go through here in well under a second: lines (a TrackSet's flat vertex
array) are thinned and encoded together, repeated strings (sources, vehicles, places) stored
once in a string table that the page looks indices up in.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from routes.mapview.escape import split_sources
from routes.mapview.polyline import encode_flat

TEXT_FIELDS = ("leg_id", "trip", "mode", "origin", "destination", "depart", "arrive", "depart_precision",
               "arrive_precision", "corridor", "vehicle", "notes", "confidence", "depart_zone", "arrive_zone")
# A time's text, when the page can write it again from its instant: "<side>_offset" (minutes
# from UTC of the local time written) and "<side>_zone" (what follows it: "+09:00", "Z", "")
TIME_SIDES = ("depart", "arrive")
_ISO_UNITS = {"month": "M", "day": "D", "minute": "m", "second": "s"}   # numpy's datetime_as_string units
_ISO_LOCAL = r"^(\d{4}-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?)?)(.*)$"
FEW_DISTINCT = 64           # text fields with at most this many values are indexed first
NUMBER_FIELDS = {"seq": 0, "depart_ms": 0, "arrive_ms": 0, "distance_km": 1, "duration_h": 2,
                 "speed_kmh": 1}


class StringTable:
    """Each distinct string once, in order of first use; columns hold indices into `strings`.

    Strings are added a batch at a time (`add`), each batch a field's distinct values; the
    indices are settled in one hash pass over every batch (`settle`), since 100,000 leg ids
    looked up one by one in a dict cost a third of a second.
    """

    def __init__(self):
        self.strings: list[str] = []
        self._batches: list[np.ndarray] = []
        self._codes: list[np.ndarray] = []

    def add(self, texts) -> int:
        """Queue a batch of texts; returns its number, for `indices` once settled."""
        self._batches.append(np.asarray(texts, dtype=object).reshape(-1))
        return len(self._batches) - 1

    def settle(self) -> None:
        sizes = [len(batch) for batch in self._batches]
        everything = np.concatenate(self._batches) if self._batches else np.zeros(0, dtype=object)
        codes, uniques = pd.factorize(everything)      # first appearance first, as a dict would
        self.strings = np.asarray(uniques, dtype=object).tolist()
        ends = np.cumsum(sizes)
        self._codes = [codes[end - size:end].astype(np.int64) for size, end in zip(sizes, ends)]
        self._batches = []

    def indices(self, batch: int) -> np.ndarray:
        return self._codes[batch]


def thin(points: np.ndarray, lengths: np.ndarray, tolerance_deg: float, passes: int = 4):
    """Drop vertices that lie within tolerance_deg of the chord joining their neighbours.

    Vectorised over all lines at once; each pass removes at most every other vertex
    (so a removed vertex's neighbours stay), hence the error stays under
    passes × tolerance. Smooth geodesic arcs shrink several times; corners stay.
    """
    points, lengths = np.asarray(points, dtype=float), np.asarray(lengths, dtype=np.int64)
    line_of = np.repeat(np.arange(len(lengths)), lengths)
    for _ in range(passes):
        if len(points) < 3:
            break
        # odd positions within their line, except a line's last vertex
        position = np.arange(len(points)) - (np.cumsum(lengths) - lengths)[line_of]
        candidate = (position & 1).astype(bool)
        candidate[:-1] &= line_of[:-1] == line_of[1:]
        candidate[-1] = False
        index = np.flatnonzero(candidate)
        a, b, c = points[index - 1], points[index], points[index + 1]
        chord, ab = c - a, b - a
        length = np.hypot(chord[:, 0], chord[:, 1])
        cross = np.abs(chord[:, 0] * ab[:, 1] - chord[:, 1] * ab[:, 0])
        distance = np.where(length > 0, cross / np.maximum(length, 1e-12), np.hypot(ab[:, 0], ab[:, 1]))
        dropped = index[distance < tolerance_deg]
        if not len(dropped):
            break
        keep = np.ones(len(points), dtype=bool)
        keep[dropped] = False
        points, line_of = points[keep], line_of[keep]
        lengths = np.bincount(line_of, minlength=len(lengths)).astype(np.int64)
    return points, lengths


def _numbers(series: pd.Series, digits: int) -> np.ndarray:
    """The column rounded as the page shows it, NaN where unknown."""
    values = pd.to_numeric(series, errors="coerce").astype(float).round(digits).to_numpy(copy=True)
    values[~np.isfinite(values)] = np.nan
    return values


def text_values(series: pd.Series) -> pd.Series:
    """The column as str values, "" where missing."""
    if pd.api.types.is_string_dtype(series.dtype) and not pd.api.types.is_object_dtype(series.dtype):
        return series.fillna("")    # already text: the conversions below cost 20 ms a column
    return series.astype(object).where(series.notna(), "").astype(str)


def composed_leg_ids(frame: pd.DataFrame) -> bool:
    """Whether every leg id is "leader|trip|seq", as the itinerary makes them: the page then
    composes them (at 10,000 legs the ids were 400 KB of the page's 2.3 MB of data)."""
    if "leg_id" not in frame or not len(frame):
        return True
    if not {"leader", "trip", "seq"} <= set(frame.columns):
        return False
    seq = pd.to_numeric(frame["seq"], errors="coerce")
    if seq.isna().any() or (seq % 1 != 0).any():
        return False
    composed = text_values(frame["leader"]) + "|" + text_values(frame["trip"]) + "|" + seq.astype("int64").astype(str)
    return bool((composed.to_numpy() == text_values(frame["leg_id"]).to_numpy()).all())


def written_times(frame: pd.DataFrame, side: str) -> tuple[np.ndarray, pd.Series] | None:
    """(offset minutes, zone text) from which the page writes every `side` time's text again
    (LR.timeText: the instant plus the offset, cut at the precision, then the zone), or None
    when some text would not come out the same: the texts then go as they are. At 10,000 legs
    the times' texts were 190 KB of the page."""
    if not {side, f"{side}_ms", f"{side}_precision"} <= set(frame.columns):
        return None
    texts = text_values(frame[side])
    parts = texts.str.extract(_ISO_LOCAL)
    known = texts != ""
    if parts[0][known].isna().any():
        return None
    local = pd.to_datetime(parts[0].where(known), format="ISO8601", errors="coerce", utc=True)
    milliseconds = pd.to_numeric(frame[f"{side}_ms"], errors="coerce").to_numpy(dtype=float)
    local_ms = local.dt.tz_localize(None).to_numpy(dtype="datetime64[ms]").astype("int64").astype(float)
    local_ms[~known.to_numpy()] = np.nan
    offset = (local_ms - milliseconds) / 60_000
    offset[~known.to_numpy()] = np.nan
    if (np.isnan(offset) != ~known.to_numpy()).any() or (offset[known.to_numpy()] % 1 != 0).any():
        return None
    zones = parts[1].fillna("").where(known, "")
    written = _written(milliseconds, offset, text_values(frame[f"{side}_precision"]))
    if written is None or not (written + zones.to_numpy(dtype=object) == texts.to_numpy(dtype=object)).all():
        return None
    return offset, zones


def _written(milliseconds: np.ndarray, offset: np.ndarray, precision: pd.Series) -> np.ndarray | None:
    """What LR.timeText writes before the zone: the local time at its precision ("" unknown)."""
    out = np.full(len(milliseconds), "", dtype=object)
    local = np.where(np.isnan(offset), 0, milliseconds + np.nan_to_num(offset) * 60_000)
    for name, unit in _ISO_UNITS.items():
        rows = (precision.to_numpy(dtype=object) == name) & ~np.isnan(offset)
        if rows.any():
            stamps = local[rows].astype("int64").astype("datetime64[ms]")
            out[rows] = np.datetime_as_string(stamps, unit=unit).astype(object)  # type: ignore[call-overload]
    if (~np.isnan(offset) & (out == "")).any():     # a precision the page does not know
        return None
    return out


def leg_columns(frame: pd.DataFrame, table: StringTable) -> dict:
    """Every field the page needs but the lines, one column per field: text as string-table
    indices, numbers as floats (NaN where unknown), sources as lists of indices. The leg ids
    and the times' texts are left out when the page can write them again (composed_leg_ids,
    written_times)."""
    times = {side: written_times(frame, side) for side in TIME_SIDES}
    frame = frame.assign(**{f"{side}_zone": found[1] for side, found in times.items() if found is not None})
    skipped = {"leg_id"} if composed_leg_ids(frame) else set()
    skipped |= {side if found is not None else f"{side}_zone" for side, found in times.items()}
    fields = [name for name in TEXT_FIELDS if name not in skipped]
    texts = {}
    for name in fields:
        values = text_values(frame[name]) if name in frame else pd.Series([""] * len(frame))
        codes, uniques = pd.factorize(values.str.lower() if name == "mode" else values, use_na_sentinel=False)
        texts[name] = (codes, uniques)
    # Fields with few distinct values (mode, precision, confidence) go into the table
    # first, so the indices repeated on every leg are one digit, not five: at 10,000 legs
    # that saves half a megabyte of page.
    by_distinct = sorted(fields, key=lambda name: len(texts[name][1]))
    few = [name for name in by_distinct if len(texts[name][1]) <= FEW_DISTINCT]
    batches = {name: table.add(texts[name][1]) for name in few}
    sources = _SourceBatch(frame, table)
    batches.update({name: table.add(texts[name][1]) for name in by_distinct if name not in batches})
    table.settle()
    columns: dict[str, np.ndarray | list] = {}
    for name in fields:
        codes, _ = texts[name]
        columns[name] = table.indices(batches[name])[codes]
    for name, digits in NUMBER_FIELDS.items():
        columns[name] = _numbers(frame[name], digits) if name in frame else np.full(len(frame), np.nan)
    approximate = frame["approximate"] if "approximate" in frame else pd.Series([False] * len(frame))
    columns["approximate"] = np.array([bool(v) and v == v for v in approximate.tolist()], dtype=bool)
    columns["sources"] = sources.codes(table)
    for side, found in times.items():
        if found is not None:
            columns[f"{side}_offset"] = found[0]
    return columns


class _SourceBatch:
    """Each leg's sources as string-table indices; each distinct source text split once."""

    def __init__(self, frame: pd.DataFrame, table: StringTable):
        texts = frame["source"] if "source" in frame else pd.Series([""] * len(frame))
        self.local, uniques = pd.factorize(texts, use_na_sentinel=False)
        self.parts = [split_sources(v if isinstance(v, str) else "")
                      for v in np.asarray(uniques, dtype=object).tolist()]
        self.batch = table.add([part for parts in self.parts for part in parts])

    def codes(self, table: StringTable) -> list[list[int]]:
        flat, start, per_text = table.indices(self.batch).tolist(), 0, []
        for parts in self.parts:
            per_text.append(flat[start:start + len(parts)])
            start += len(parts)
        # legs with the same source text share one list: the page only reads it
        return [per_text[code] for code in self.local.tolist()]


def line_decimals(tolerance_deg: float | None) -> int:
    """Decimals of the page's lines: 5 (a metre) as traced; 4 (11 m) once thinned to a
    tolerance of kilometres, where a fifth decimal only costs bytes (a sixth of the lines at
    10,000 legs)."""
    return 5 if tolerance_deg is None else 4


def encode_lines(points: np.ndarray, lengths: np.ndarray, decimals: int = 5) -> list[str]:
    return encode_flat(points, lengths, decimals)
