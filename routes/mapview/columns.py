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

TEXT_FIELDS = ("leg_id", "mode", "origin", "destination", "depart", "arrive", "depart_precision",
               "arrive_precision", "corridor", "vehicle", "notes", "confidence")
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


def leg_columns(frame: pd.DataFrame, table: StringTable) -> dict:
    """Every field the page needs but the lines, one column per field: text as string-table
    indices, numbers as floats (NaN where unknown), sources as lists of indices."""
    texts = {}
    for name in TEXT_FIELDS:
        values = text_values(frame[name]) if name in frame else pd.Series([""] * len(frame))
        codes, uniques = pd.factorize(values.str.lower() if name == "mode" else values, use_na_sentinel=False)
        texts[name] = (codes, uniques)
    # Fields with few distinct values (mode, precision, confidence) go into the table
    # first, so the indices repeated on every leg are one digit, not five: at 10,000 legs
    # that saves half a megabyte of page.
    by_distinct = sorted(TEXT_FIELDS, key=lambda name: len(texts[name][1]))
    few = [name for name in by_distinct if len(texts[name][1]) <= FEW_DISTINCT]
    batches = {name: table.add(texts[name][1]) for name in few}
    sources = _SourceBatch(frame, table)
    batches.update({name: table.add(texts[name][1]) for name in by_distinct if name not in batches})
    table.settle()
    columns: dict[str, np.ndarray | list] = {}
    for name in TEXT_FIELDS:
        codes, _ = texts[name]
        columns[name] = table.indices(batches[name])[codes]
    for name, digits in NUMBER_FIELDS.items():
        columns[name] = _numbers(frame[name], digits) if name in frame else np.full(len(frame), np.nan)
    approximate = frame["approximate"] if "approximate" in frame else pd.Series([False] * len(frame))
    columns["approximate"] = np.array([bool(v) and v == v for v in approximate.tolist()], dtype=bool)
    columns["sources"] = sources.codes(table)
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


def encode_lines(points: np.ndarray, lengths: np.ndarray) -> list[str]:
    return encode_flat(points, lengths)
