"""Legs as columns: the vectorised half of turning tracks into page data.

10,000 legs go through here in well under a second: lines (a TrackSet's flat vertex
array) are thinned and encoded together, repeated strings (sources, vehicles, places) stored
once in a string table that the page looks indices up in.
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from routes.mapview.escape import split_sources
from routes.mapview.timeline import encode_flat

TEXT_FIELDS = ("leg_id", "mode", "origin", "destination", "depart", "arrive", "depart_precision",
               "arrive_precision", "corridor", "vehicle", "notes", "confidence")
FEW_DISTINCT = 64           # text fields with at most this many values are indexed first
NUMBER_FIELDS = {"seq": 0, "depart_ms": 0, "arrive_ms": 0, "distance_km": 1, "duration_h": 2,
                 "speed_kmh": 1}


class StringTable:
    """Each distinct string once; columns hold indices into `strings`."""

    def __init__(self):
        self.strings: list[str] = []
        self._index: dict[str, int] = {}

    def index(self, text: str) -> int:
        found = self._index.get(text)
        if found is None:
            found = self._index[text] = len(self.strings)
            self.strings.append(text)
        return found

    def codes(self, values: pd.Series) -> np.ndarray:
        local_codes, uniques = pd.factorize(values, use_na_sentinel=False)
        lookup = np.array(self.indices(np.asarray(uniques, dtype=object).tolist()), dtype=np.int64)
        return lookup[local_codes] if len(lookup) else np.zeros(0, dtype=np.int64)

    def indices(self, texts: list[str]) -> list[int]:
        """index() of each text; inlined because 100,000 leg ids make the call itself the cost."""
        known, strings, out = self._index, self.strings, []
        for text in texts:
            found = known.get(text)
            if found is None:
                found = known[text] = len(strings)
                strings.append(text)
            out.append(found)
        return out


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
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        position = np.arange(len(points)) - np.repeat(starts, lengths)
        last = np.repeat(lengths, lengths) - 1
        interior = (position > 0) & (position < last) & (position % 2 == 1)
        index = np.flatnonzero(interior)
        a, b, c = points[index - 1], points[index], points[index + 1]
        chord = c - a
        length = np.hypot(chord[:, 0], chord[:, 1])
        cross = np.abs(chord[:, 0] * (b - a)[:, 1] - chord[:, 1] * (b - a)[:, 0])
        distance = np.where(length > 0, cross / np.maximum(length, 1e-12), np.hypot(*(b - a).T))
        drop = np.zeros(len(points), dtype=bool)
        drop[index[distance < tolerance_deg]] = True
        if not drop.any():
            break
        points, line_of = points[~drop], line_of[~drop]
        lengths = np.bincount(line_of, minlength=len(lengths)).astype(np.int64)
    return points, lengths


def _numbers(series: pd.Series, digits: int) -> list:
    values = pd.to_numeric(series, errors="coerce").astype(float).round(digits)
    finite = np.isfinite(values.to_numpy())
    if digits == 0:
        out = values.to_numpy().astype(object)
        out[finite] = values.to_numpy()[finite].astype(np.int64)
    else:
        out = values.to_numpy().astype(object)
    out[~finite] = None
    return out.tolist()


def text_values(series: pd.Series) -> pd.Series:
    """The column as str values, "" where missing."""
    if pd.api.types.is_string_dtype(series.dtype) and not pd.api.types.is_object_dtype(series.dtype):
        return series.fillna("")    # already text: the conversions below cost 20 ms a column
    return series.astype(object).where(series.notna(), "").astype(str)


def leg_columns(frame: pd.DataFrame, lines: list[str], table: StringTable) -> dict[str, list]:
    """Every field the page needs, as one list per field (text as string-table indices)."""
    texts = {}
    for name in TEXT_FIELDS:
        values = text_values(frame[name]) if name in frame else pd.Series([""] * len(frame))
        texts[name] = values.str.lower() if name == "mode" else values
    # Fields with few distinct values (mode, precision, confidence) go into the table
    # first, so the indices repeated on every leg are one digit, not five: at 10,000 legs
    # that saves half a megabyte of page.
    distinct = {name: values.nunique() for name, values in texts.items()}
    by_distinct = sorted(TEXT_FIELDS, key=lambda name: distinct[name])
    columns: dict[str, list] = {}
    for name in [n for n in by_distinct if distinct[n] <= FEW_DISTINCT]:
        columns[name] = table.codes(texts[name]).tolist()
    source_codes = _source_codes(frame, table)
    for name in [n for n in by_distinct if distinct[n] > FEW_DISTINCT]:
        columns[name] = table.codes(texts[name]).tolist()
    columns = {name: columns[name] for name in TEXT_FIELDS}
    for name, digits in NUMBER_FIELDS.items():
        columns[name] = _numbers(frame[name], digits) if name in frame else [None] * len(frame)
    approximate = frame["approximate"] if "approximate" in frame else pd.Series([False] * len(frame))
    columns["approximate"] = [bool(v) and v == v for v in approximate.tolist()]
    columns["sources"] = source_codes
    columns["line"] = [line or None for line in lines]
    return columns


def _source_codes(frame: pd.DataFrame, table: StringTable) -> list[list[int]]:
    """Each leg's sources as string-table indices; each distinct source text split once."""
    if "source" not in frame:
        return [[] for _ in range(len(frame))]
    local, uniques = pd.factorize(frame["source"], use_na_sentinel=False)
    per_text = [table.indices(split_sources(v if isinstance(v, str) else ""))
                for v in np.asarray(uniques, dtype=object).tolist()]
    # legs with the same source text share one list: the page only reads it
    return [per_text[code] for code in local.tolist()]


def encode_lines(points: np.ndarray, lengths: np.ndarray) -> list[str]:
    return encode_flat(points, lengths)
