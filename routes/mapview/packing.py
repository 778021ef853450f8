"""Number columns of the page packed as text, and unpacked by the page (LR.unpack).

At 100,000 legs the page's number columns (string-table indices, times, distances) were
two million JSON numbers: a fifth of a second to turn into Python lists and half a second
to write as JSON. Packed, each value is a varint of 5-bit groups in the polyline alphabet
(routes/mapview/polyline.py): 0 is null, any other code is zigzag(value) + 1. Times go as
minutes when every time in the column is on the minute, and columns whose values climb
(leg ids, times) as differences from the value before, within each group.

A packed column is {"packed": text, "unit": u, "divisor": d, "delta": 0|1, "bool": 0|1}:
value = code × u / d (exact: u is a whole number, d a power of ten, as the rounding was).
"""
from __future__ import annotations

import numpy as np

from routes.mapview.columns import NUMBER_FIELDS, TEXT_FIELDS
from routes.mapview.polyline import SWAP, read_varint

MAX_CODE = 2 ** 53                 # the page adds 5-bit groups as doubles: exact below this
MAX_GROUPS = 11                    # 5-bit groups enough for any code below MAX_CODE
CLIMBING = ("leg_id", "trip", "origin", "destination", "depart", "arrive", "depart_ms", "arrive_ms")
# column → (decimals, as differences): the page's text indices and numbers (columns.py) and its
# flags; the others (sources, lines) go as JSON lists
PACKED = {**{name: (0, name in CLIMBING) for name in TEXT_FIELDS},
          **{name: (digits, name in CLIMBING) for name, digits in NUMBER_FIELDS.items()},
          "approximate": (0, False), "source": (0, False), "depart_offset": (0, False),
          "arrive_offset": (0, False)}
_UNITS = (60_000, 1_000, 1)        # a minute, a second, a millisecond: the largest that fits


def pack(values: np.ndarray, starts: np.ndarray, decimals: int = 0,
         delta: bool = False) -> tuple[dict, np.ndarray] | None:
    """One column (NaN = null) cut into groups at `starts`: the packed column's fields
    (text for every group at once) and where each group's text ends; None when a value is
    too large for the page to unpack exactly (the column then goes as a JSON list)."""
    values = np.asarray(values)
    is_bool = values.dtype == bool
    numbers = values.astype(float)
    known = np.isfinite(numbers)
    divisor = 10 ** decimals
    scaled = np.round(numbers[known] * divisor)
    if len(scaled) and np.abs(scaled).max() >= MAX_CODE:
        return None
    whole = np.zeros(len(numbers), dtype=np.int64)
    whole[known] = scaled.astype(np.int64)
    unit = next(u for u in _UNITS if not (whole[known] % u).any()) if decimals == 0 and not is_bool else 1
    whole //= unit
    # |value| < 2^51, so a difference is below 2^52 and its code at most 2^53
    if known.any() and np.abs(whole[known]).max() >= MAX_CODE // 4:
        return None
    if delta:
        # each known value minus the known value before it in its group (the first: minus 0)
        group = np.searchsorted(starts, np.arange(len(whole)), side="right") - 1
        order = np.flatnonzero(known)
        previous = np.zeros(len(order), dtype=np.int64)
        same = group[order][1:] == group[order][:-1]
        previous[1:][same] = whole[order][:-1][same]
        whole[order] = whole[order] - previous
    codes = np.where(known, (whole << 1) ^ (whole >> 63), -1) + 1      # zigzag, +1; null → 0
    text, ends = _varints(codes)
    value_ends = np.append(starts[1:], len(codes)).astype(np.int64)
    group_ends = np.concatenate([[0], ends])[value_ends]
    return ({"packed": text, "unit": int(unit), "divisor": int(divisor), "delta": int(delta),
             "bool": int(is_bool)}, group_ends)


def _varints(codes: np.ndarray) -> tuple[str, np.ndarray]:
    """The codes (≥ 0) as varint text, and the text length up to each code."""
    used = np.ones(len(codes), dtype=np.int64)
    for k in range(1, MAX_GROUPS):
        used += codes >= (1 << (5 * k))
    owner = np.repeat(np.arange(len(codes)), used)
    ends = np.cumsum(used)
    group = np.arange(len(owner)) - (ends - used)[owner]
    chars = ((codes[owner] >> (5 * group)) & 0x1F) | ((group < used[owner] - 1).astype(np.int64) << 5)
    return (chars + 63).astype(np.uint8).tobytes().translate(SWAP).decode("ascii"), ends


def split(column: dict, group_ends: np.ndarray) -> list[dict]:
    """The packed column of every group: the same fields, each group's text."""
    starts = np.concatenate([[0], group_ends[:-1]]).tolist()
    return [dict(column, packed=column["packed"][a:b]) for a, b in zip(starts, group_ends.tolist())]


def unpack(column) -> list:
    """LR.unpack in Python (tests and checks): the values of a packed column."""
    if isinstance(column, list):
        return column
    out: list = []
    index, running, text = 0, 0, column["packed"]
    while index < len(text):
        result, index = read_varint(text, index)
        if result == 0:
            out.append(None)
            continue
        result -= 1
        value = -(result + 1) // 2 if result & 1 else result // 2
        if column["delta"]:
            running += value
            value = running
        number = value * column["unit"] / column["divisor"] if column["divisor"] != 1 else value * column["unit"]
        out.append(bool(number) if column["bool"] else number)
    return out


def pack_rows(rows: list[list], spec) -> list:
    """Rows of numbers (None = null) as one packed column per field, each packed by its
    (decimals, delta) in spec; a column too large to pack goes as a list."""
    out: list = []
    for k, (decimals, delta) in enumerate(spec):
        values = np.array([np.nan if row[k] is None else row[k] for row in rows], dtype=float)
        packed = pack(values, np.array([0], dtype=np.int64), decimals, delta)
        out.append(packed[0] if packed is not None else [row[k] for row in rows])
    return out
