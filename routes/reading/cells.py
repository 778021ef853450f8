"""A text column as its distinct values and, per row, which one it holds.

The CSV reader hands every column over in this form, and validation checks and parses each
distinct value once instead of once per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


class Cells:
    """A text column as its distinct values and, per row, which one it holds (the reader's
    columns are as written; validation works on `stripped()` ones).

    Files repeat themselves (leaders, modes, places, dates), so every check and parser runs
    once per distinct value and is spread back to the rows with one numpy take.
    """

    __slots__ = ("codes", "uniques")

    def __init__(self, codes: np.ndarray, uniques: np.ndarray):
        self.codes, self.uniques = codes, uniques

    @classmethod
    def of(cls, raw, strip: bool = True) -> Cells:
        codes, uniques = pd.factorize(raw if isinstance(raw, np.ndarray) else _object_array(raw))
        cells = cls(codes, uniques)
        return cells.stripped() if strip else cells

    def stripped(self) -> Cells:
        stripped = _object_array([u.strip() for u in self.uniques])
        if not len(stripped) or (stripped == self.uniques).all():
            return Cells(self.codes, stripped)
        merged, stripped = pd.factorize(stripped)   # " a" and "a" are one value now
        return Cells(merged[self.codes], stripped)

    def longer_than(self, limit: int) -> list[int]:
        """Rows holding a value of more than ``limit`` characters."""
        if not len(self.uniques) or max(map(len, self.uniques)) <= limit:
            return []
        long = [i for i, u in enumerate(self.uniques) if len(u) > limit]
        return np.flatnonzero(np.isin(self.codes, long)).tolist()

    @classmethod
    def constant(cls, count: int, value: str = "") -> Cells:
        return cls(np.zeros(count, dtype=np.intp), np.array([value], dtype=object))

    def __getitem__(self, i: int) -> str:
        return self.uniques[self.codes[i]]

    def values(self) -> np.ndarray:
        return self.uniques[self.codes]

    def eq(self, text: str) -> np.ndarray:
        return (self.uniques == text).astype(bool)[self.codes]

    def spread(self, results: list, dtype) -> np.ndarray:
        """One result per distinct value (in ``uniques`` order) → one per row."""
        out = np.empty(len(self.uniques), dtype=dtype)
        out[:] = results
        return out[self.codes]

    def with_uniques(self, uniques) -> Cells:
        return Cells(self.codes, _object_array(uniques))

    def take(self, mask: np.ndarray) -> Cells:
        return Cells(self.codes[mask], self.uniques)

    def compact(self) -> Cells:
        """The same column without the distinct values no row holds any more."""
        used = np.bincount(self.codes, minlength=len(self.uniques)) > 0
        if used.all():
            return self
        renumber = np.cumsum(used) - 1
        return Cells(renumber[self.codes], self.uniques[used])

    def text_array(self):
        """The column as pandas text (the dtype the legs table uses), built in C from the
        distinct values instead of one Python string per row."""
        if _TEXT_DTYPE.storage == "pyarrow":
            import pyarrow as pa

            dictionary = pa.array(self.uniques, type=pa.large_string()) if len(self.uniques) else \
                pa.array([], type=pa.large_string())
            indices = pa.array(self.codes.astype(np.int32, copy=False))
            return pd.array(pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.large_string()),
                            dtype=_TEXT_DTYPE)
        return pd.array(self.values(), dtype=_TEXT_DTYPE)


# The dtype ``astype(str)`` gives a text column (pyarrow-backed when pyarrow is installed).
_TEXT_DTYPE = pd.Series([""], dtype=object).astype(str).dtype


def _object_array(items) -> np.ndarray:
    # np.array would turn a list of tuples or of equal-length strings into something else.
    out = np.empty(len(items), dtype=object)
    out[:] = list(items)
    return out
