"""Google's encoded polyline format, as the page decodes it, and the varint text it is made of.

A number is written as 5-bit groups, least significant first, each a character (group + 63;
0x20 set on every group but the last). Lines are points at 5 decimals, each the difference
from the point before (zigzag-coded so that small negative steps stay short). packing.py writes
the page's number columns with the same varints.

Three characters of the alphabet are swapped for ones that need no escaping in an inline
script: backslash → "!", backtick → "(", "{" → ")" (outside the alphabet, 63–126). Escaped,
they made lines 16 % longer and cost a pass over the page each.
"""
from __future__ import annotations

import numpy as np

SWAP = bytes.maketrans(b"\\`{", b"!()")          # for bytes.translate, when writing
UNSWAP = {ord("!"): 92, ord("("): 96, ord(")"): 123}   # character code → alphabet code, when reading


def _zigzag_chunks(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per value: its 5-bit chunks as characters (n, 7) and how many are used (n,)."""
    zigzag = np.where(values < 0, ~(values << 1), values << 1).astype(np.int64)
    used = np.ones(len(zigzag), dtype=np.int64)
    for k in range(1, 7):
        used += zigzag >= (1 << (5 * k))
    chunks = ((zigzag[:, None] >> (np.arange(7) * 5)) & 0x1F).astype(np.uint8)
    chunks |= (np.arange(7)[None, :] < (used[:, None] - 1)).astype(np.uint8) << 5
    chunks += 63
    return chunks, used


def encode_flat(points: np.ndarray, lengths: np.ndarray, decimals: int = 5) -> list[str]:
    """Lines stored flat (points (n, 2) [lat, lon], vertex count per line) encoded in
    Google's polyline format at `decimals` (5: ~5 bytes a point instead of ~20 in JSON).
    Vectorised: 350,000 points in a fraction of a second."""
    lengths = np.asarray(lengths, dtype=np.int64)
    if lengths.sum() == 0:
        return ["" for _ in lengths]
    scaled = np.round(np.asarray(points, dtype=float) * 10 ** decimals).astype(np.int64)
    deltas = np.diff(scaled, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[lengths > 0]
    deltas[starts] = scaled[starts]          # each line starts from (0, 0)
    chars, used = _zigzag_chunks(deltas.reshape(-1))
    keep = np.arange(7)[None, :] < used[:, None]
    flat = chars[keep].tobytes().translate(SWAP).decode("ascii")
    # characters up to the end of each line (a line without points ends where it starts)
    ends = np.concatenate([[0], np.cumsum(used.reshape(-1, 2).sum(axis=1))])[np.cumsum(lengths)]
    begins = np.concatenate([[0], ends[:-1]])
    return [flat[a:b] for a, b in zip(begins.tolist(), ends.tolist())]


def encode_polylines(lines: list) -> list[str]:
    """Many lines ([(lat, lon), …] each) at once."""
    lengths = np.array([len(line) for line in lines], dtype=np.int64)
    if lengths.sum() == 0:
        return ["" for _ in lines]
    points = np.concatenate([np.asarray(line, dtype=float).reshape(-1, 2) for line in lines if len(line)])
    return encode_flat(points, lengths)


def encode_polyline(latlngs) -> str:
    """One line in Google's encoded polyline format at 5 decimals."""
    return encode_polylines([latlngs])[0]


def read_varint(text: str, index: int) -> tuple[int, int]:
    """The number whose 5-bit groups start at ``index``, and the index after its last group."""
    result = shift = 0
    while True:
        code = ord(text[index])
        group = UNSWAP.get(code, code) - 63
        index += 1
        result |= (group & 0x1F) << shift
        shift += 5
        if group < 0x20:
            return result, index


def decode_polyline(encoded: str, decimals: int = 5) -> list[tuple[float, float]]:
    """Inverse of encode_polyline / encode_flat (used by tests and the benchmark)."""
    points, index, lat, lon = [], 0, 0, 0
    while index < len(encoded):
        values = []
        for _ in range(2):
            result, index = read_varint(encoded, index)
            values.append(~(result >> 1) if result & 1 else result >> 1)
        lat += values[0]
        lon += values[1]
        points.append((lat / 10 ** decimals, lon / 10 ** decimals))
    return points
