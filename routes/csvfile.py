"""Reading CSV files as spreadsheets write them: any common encoding, any common delimiter.

Excel writes UTF-8 with a BOM, cp1252 ("CSV (semicolon)") in many European locales, and
UTF-16 with tabs ("Unicode text"); LibreOffice adds its own choices. We sniff both the
encoding and the delimiter, and never fail on a single bad row.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

# Limits keep a hostile or accidental upload from exhausting memory; both can be raised by
# environment variables for archives bigger than a newsroom spreadsheet.
MAX_BYTES = int(os.environ.get("LEADER_ROUTES_MAX_BYTES", 50 * 1024 * 1024))
MAX_ROWS = int(os.environ.get("LEADER_ROUTES_MAX_ROWS", 250_000))
MAX_FIELD = 1 * 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")


class CsvLimitError(ValueError):
    """The file is larger than the configured limits; nothing was read."""


@dataclass
class CsvTable:
    name: str
    encoding: str
    delimiter: str
    header: list[str]
    rows: list[tuple[int, list[str]]]          # (row number as a spreadsheet shows it, cells)
    notes: list[str] = field(default_factory=list)


def read_bytes(source: str | Path | bytes | io.IOBase, name: str | None = None) -> tuple[bytes, str]:
    """The raw bytes of ``source`` and the name to show users."""
    if isinstance(source, (bytes, bytearray)):
        data, shown = bytes(source), name or "upload.csv"
    elif isinstance(source, (str, Path)):
        path = Path(source)
        if path.stat().st_size > MAX_BYTES:
            raise CsvLimitError(_too_big(path.name, path.stat().st_size))
        data, shown = path.read_bytes(), name or path.name
    else:
        data = source.read(MAX_BYTES + 1)
        shown = name or getattr(source, "name", "upload.csv")
        if len(data) > MAX_BYTES:   # the rest of a stream is never read, so its size is unknown
            raise CsvLimitError(_too_big(shown, None))
    if len(data) > MAX_BYTES:
        raise CsvLimitError(_too_big(shown, len(data)))
    return data, shown


def _too_big(name: str, size: int | None) -> str:
    what = "file is larger than" if size is None else f"file is {_size(size)}, above"
    return (f"{name}: {what} the limit of {_size(MAX_BYTES)} "
            "(set LEADER_ROUTES_MAX_BYTES to raise it)")


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count / 1e3:.1f} KB"


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # cp1252 is what Excel writes in Western Europe; five bytes are undefined in it, and
    # Latin-1 reads those instead of failing.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = len(sample) / 2
    return max(zeros_even, zeros_odd) > 0.4 * half and min(zeros_even, zeros_odd) < 0.05 * half


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the candidate that occurs most outside quotes."""
    header = _first_record(text)
    counts = {d: _count_unquoted(header, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _first_record(text: str) -> str:
    quoted, out = False, []
    for ch in text[:65536]:
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            if out:
                break
            continue
        out.append(ch)
    return "".join(out)


def _count_unquoted(line: str, delimiter: str) -> int:
    quoted, count = False, 0
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def read_table(source, name: str | None = None) -> CsvTable:
    """Parse ``source`` into a header and numbered rows; raises CsvLimitError only for limits."""
    data, shown = read_bytes(source, name)
    text, encoding = decode(data)
    notes = []
    if "\x00" in text:
        text = text.replace("\x00", "")
        notes.append("NUL characters were removed")
    delimiter = sniff_delimiter(text)
    # The whole file is already bounded by MAX_BYTES, so the csv module may read any field;
    # cells above MAX_FIELD are refused per row (routes.validation), with their row and column.
    # (With csv's own limit, an over-long quoted field made the reader resume mid-record
    # and shifted every later row number.)
    csv.field_size_limit(max(MAX_BYTES, MAX_FIELD) + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number += 1
            notes.append(f"row {number}: could not be read as CSV ({exc})")
            continue
        number += 1
        if not header:
            if _blank(cells):
                continue  # blank lines above the header
            header = [c.strip().lstrip("\ufeff") for c in cells]
            continue
        if _blank(cells):
            continue
        rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            raise CsvLimitError(f"{shown}: more than {MAX_ROWS:,} rows "
                                "(set LEADER_ROUTES_MAX_ROWS to raise the limit)")
    return CsvTable(shown, encoding, delimiter, header, rows, notes)


def _blank(cells: list[str]) -> bool:
    # One join instead of a generator per row: this runs for every row of a 100,000-row file.
    return not "".join(cells).strip()
