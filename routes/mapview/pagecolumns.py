"""The page columns of a whole dataset, computed once and sliced for every view.

The app redraws the routes on every filter change. Encoding lines and looking strings
up costs tens of microseconds a leg in pandas overhead, so at 10,000 legs a rebuild per
change would cost most of a second. Instead the columns of every leg of the dataset are
built once per simplification level and kept on the dataset's TrackSet; a view takes
its rows and gets a compact string table holding only the strings those rows use.
"""
from __future__ import annotations

import itertools
import threading
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from routes.geometry.position import DECIMALS
from routes.geometry.trackset import TrackSet
from routes.mapview.columns import TEXT_FIELDS, StringTable, encode_lines, leg_columns, line_decimals, thin

SOURCES = "sources"   # the column of lists of string indices
LINE = "line"         # the column of encoded lines, which comes last (PageColumns.lines)


def _every(rows, count: int) -> bool:
    """Whether rows are every leg, in order."""
    rows = np.asarray(rows)
    return len(rows) == count and bool((rows == np.arange(count)).all())


class PageColumns:
    """Every leg's page columns (numpy arrays) and the string table they index.

    The lines come last: they are encoded on the second core, `view` leaves them out and
    `lines` waits for them, so a caller does all its other work before waiting. One table
    serves every session showing the dataset: `columns` never changes once built.
    """

    def __init__(self, columns: dict[str, np.ndarray], strings: list[str], lines: Future, forget=None):
        self.columns = columns
        self.strings = strings
        self.legs = len(next(iter(columns.values()))) if columns else 0
        self._pending, self._forget = lines, forget
        self._lines: np.ndarray | None = None

    @classmethod
    def of(cls, tracks: TrackSet, tolerance_deg: float | None) -> PageColumns:
        """The table of `tracks` with lines thinned to tolerance_deg (None: as traced), cached."""
        cache = tracks.derived.page_columns
        found = cache.get(tolerance_deg)
        if found is None:
            # one build per dataset and tolerance, however many sessions ask at once
            with tracks.derived.lock:
                found = cache.get(tolerance_deg)
                if found is None:
                    found = cache[tolerance_deg] = cls._build(
                        tracks, tolerance_deg, forget=lambda: cache.pop(tolerance_deg, None))
        return found

    @classmethod
    def _build(cls, tracks: TrackSet, tolerance_deg: float | None, forget=None) -> PageColumns:
        lines = start_lines(tracks, tolerance_deg)
        assert lines is not None   # built only when the page columns lack this tolerance
        with _LOCK:   # the page columns keep the lines from here on
            tracks.derived.pending_lines.pop(tolerance_deg, None)
        table = StringTable()
        columns = leg_columns(tracks.properties, table)
        return cls({name: _array(name, values) for name, values in columns.items()}, table.strings, lines, forget)

    def lines(self, rows: np.ndarray) -> np.ndarray:
        """The encoded line of each of these rows (None where nothing is drawn)."""
        if self._lines is None:
            try:
                encoded = self._pending.result()
            except BaseException:
                if self._forget:   # not kept: the next view builds the table again
                    self._forget()
                raise
            self._lines = _array(LINE, encoded)
        return self._lines if _every(rows, self.legs) else self._lines[np.asarray(rows, dtype=np.int64)]

    def view(self, rows: np.ndarray) -> tuple[dict[str, np.ndarray], list[str]]:
        """Columns of these rows but the lines (numpy arrays, text re-indexed) and the strings
        they use."""
        rows = np.asarray(rows, dtype=np.int64)
        columns = dict(self.columns)
        if _every(rows, self.legs):
            # every leg in order (the CLI, an unfiltered app): the columns as built
            return columns, list(self.strings)
        taken = {name: values[rows] for name, values in columns.items()}
        texts = [name for name in TEXT_FIELDS if name in taken]
        sources = taken[SOURCES].tolist() if SOURCES in taken else []
        flat_sources = np.fromiter(itertools.chain.from_iterable(sources), dtype=np.int64)
        used = np.unique(np.concatenate([taken[name] for name in texts] + [flat_sources]))
        remap = np.full(len(self.strings), -1, dtype=np.int64)
        remap[used] = np.arange(len(used))
        out = {name: (remap[values] if name in texts else values) for name, values in taken.items()
               if name != SOURCES}
        if SOURCES in taken:
            out[SOURCES] = _array(SOURCES, _split(remap[flat_sources].tolist(), [len(s) for s in sources]))
        return {name: out[name] for name in taken}, [self.strings[i] for i in used.tolist()]


# The lines are numpy work, which runs outside the interpreter lock: on a second core
# they cost nothing while the text columns (Python) are built, or folium is imported.
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="page-lines")
_LOCK = threading.Lock()


def start_lines(tracks: TrackSet, tolerance_deg: float | None) -> Future | None:
    """The encoded lines of `tracks` at this tolerance, being computed on the second core
    (started now unless already started); None when its page columns already hold them."""
    if tolerance_deg in tracks.derived.page_columns:
        return None
    with _LOCK:
        pending = tracks.derived.pending_lines
        if tolerance_deg not in pending:
            pending[tolerance_deg] = _POOL.submit(_encoded_lines, tracks, tolerance_deg)
        return pending[tolerance_deg]


def _encoded_lines(tracks: TrackSet, tolerance_deg: float | None) -> list[str | None]:
    points, lengths = np.round(tracks.latlon(), DECIMALS), tracks.lengths
    if tolerance_deg is not None:
        points, lengths = thin(points, lengths, tolerance_deg)
    return [line or None for line in encode_lines(points, lengths, line_decimals(tolerance_deg))]


def _array(name: str, values) -> np.ndarray:
    if name in TEXT_FIELDS:
        return np.asarray(values, dtype=np.int64)
    if isinstance(values, np.ndarray):
        return values
    # fromiter keeps list elements (a leg's sources) as objects instead of a 2-D array
    return np.fromiter(values, dtype=object, count=len(values))


def _split(flat: list, counts: list[int]) -> list[list]:
    out, start = [], 0
    for count in counts:
        out.append(flat[start:start + count])
        start += count
    return out
