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

import numpy as np

from routes.reading.cells import Cells
from routes.reading.collector import gc_paused
from routes.reading.csvarrow import arrow_columns
from routes.reading.csvquotes import QuoteNote, holds_quote_faults, read_records
from routes.reading.intake import HEAD_BYTES, refusal
from routes.reading.refusal import MAX_BYTES, CsvLimitError, CsvRefusedError

# Limits keep a hostile or accidental upload from exhausting memory; both can be raised by
# environment variables for archives bigger than a newsroom spreadsheet.
MAX_ROWS = int(os.environ.get("LEADER_ROUTES_MAX_ROWS", 250_000))
MAX_FIELD = 1 * 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")


@dataclass
class CsvTable:
    """A file's header and its non-blank records after it, column by column."""

    name: str
    encoding: str
    delimiter: str
    header: list[str]
    numbers: np.ndarray                  # per record kept: its row number as a spreadsheet shows it
    columns: list[Cells]                 # per header cell: the cells as written (short rows end in "")
    extra: dict[int, list[str]] = field(default_factory=dict)   # position → cells beyond the header
    notes: list[str] = field(default_factory=list)
    quote_notes: list[QuoteNote] = field(default_factory=list)   # quote faults, row by row

    def __len__(self) -> int:
        return len(self.numbers)

    def records(self) -> list[tuple[int, list[str]]]:
        """Record by record, (row number, cells): short rows padded, long rows whole."""
        grid = [column.values() for column in self.columns]
        return [(int(number), [str(col[i]) for col in grid] + self.extra.get(i, []))
                for i, number in enumerate(self.numbers)]


def read_bytes(source: str | Path | bytes | io.IOBase, name: str | None = None) -> tuple[bytes, str]:
    """The raw bytes of ``source`` and the name to show users."""
    if isinstance(source, (bytes, bytearray)):
        data, shown = bytes(source), name or "upload.csv"
    elif isinstance(source, (str, Path)):
        path = Path(source)
        if path.stat().st_size > MAX_BYTES:
            raise CsvLimitError(too_big(path.name, path.stat().st_size))
        data, shown = path.read_bytes(), name or path.name
    else:
        data = source.read(MAX_BYTES + 1)
        shown = name or getattr(source, "name", None) or "upload.csv"
        if len(data) > MAX_BYTES:   # the rest of a stream is never read, so its size is unknown
            raise CsvLimitError(too_big(shown, None))
    if len(data) > MAX_BYTES:
        raise CsvLimitError(too_big(shown, len(data)))
    return data, shown


def too_big(name: str, size: int | None) -> str:
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
    quoted, out = False, list[str]()
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


def read_table(source, name: str | None = None, sheet: str | None = None) -> CsvTable:
    """Parse ``source`` into a header and numbered rows; raises CsvLimitError only for limits
    (and SpreadsheetError for a workbook that cannot be read). An .xlsx or .ods workbook is
    read from its first sheet, or from ``sheet``."""
    data, shown = read_bytes(source, name)
    from routes.reading.spreadsheet import DamagedWorkbookError, SpreadsheetError, spreadsheet_kind
    try:
        kind = spreadsheet_kind(data)
    except DamagedWorkbookError:
        raise
    except SpreadsheetError:
        kind = None   # an archive or an old Office file: refused just below, with its reason
    if kind is not None:   # a workbook is a zip: read it before the refusal of other archives
        return _sheet_table(data, kind, shown, sheet)
    if (reason := refusal(data)) is not None:
        raise CsvRefusedError(f"{shown}: {reason}")
    text, encoding = decode(data)
    del data   # the text is all we need from here on: half the memory at 50 MB
    notes = []
    delimiter = sniff_delimiter(text)
    if "\x00" in text:
        notes.extend(nul_notes(text, delimiter))
        text = text.replace("\x00", "")
    _refuse_too_many_rows(text, delimiter, shown)
    header, numbers, columns, extra = _parse(text, delimiter, notes)
    quote_notes: list[QuoteNote] = []
    if holds_quote_faults(text, delimiter, _all_cells(header, columns, extra)):
        # A stray quote can take later rows into one cell; read it again the careful way.
        records, quote_notes = read_records(text, delimiter)
        header, rows = _numbered_rows(records)
        del records
        numbers, columns, extra = _columns_of(rows, len(header))
    if len(numbers) > MAX_ROWS:
        raise CsvLimitError(_too_many_rows(shown))
    return CsvTable(shown, encoding, delimiter, header, numbers, columns, extra, notes, quote_notes)


def _sheet_table(data: bytes, kind: str, shown: str, sheet: str | None) -> CsvTable:
    from routes.reading.spreadsheet import sheet_records
    sheet, records = sheet_records(data, kind, sheet, MAX_ROWS, MAX_BYTES)
    header, rows = _numbered_rows(records)
    numbers, columns, extra = _columns_of(rows, len(header))
    return CsvTable(shown, kind, "", header, numbers, columns, extra)


def _all_cells(header: list[str], columns: list[Cells], extra: dict[int, list[str]]):
    """Every distinct cell of a table read: the header's, each column's, the ragged ones."""
    yield from header
    for column in columns:
        yield from column.uniques
    for cells in extra.values():
        yield from cells


def read_header(source, name: str | None = None) -> list[str]:
    """The header of ``source``, from its first kilobytes only (the column mapping step needs
    nothing more); raises CsvRefusedError for a file that cannot be an itinerary."""
    data, shown = read_bytes(source, name)
    if (reason := refusal(data)) is not None:
        raise CsvRefusedError(f"{shown}: {reason}")
    head = data[:HEAD_BYTES]
    cut = head.rfind(b"\n")
    if len(data) > HEAD_BYTES and cut > 0:   # end on a line break, so no character is cut in two
        utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(head)
        head = data[:cut + 1 + (utf16 and (cut + 1) % 2)]   # UTF-16-LE: the break's second byte
    text = decode(head)[0].replace("\x00", "")
    first = _first_cells(text, sniff_delimiter(text))
    return _header(first) if first else []


def _too_many_rows(shown: str) -> str:
    return f"{shown}: more than {MAX_ROWS:,} rows (set LEADER_ROUTES_MAX_ROWS to raise the limit)"


def _refuse_too_many_rows(text: str, delimiter: str, shown: str) -> None:
    """Refuse a file of more than MAX_ROWS records before parsing it into rows: line breaks are
    counted first (one C pass); only a file with more breaks than the limit is streamed
    through the csv module, keeping no row, up to the first record beyond the limit."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")   # a CRLF is one break
    if breaks <= MAX_ROWS:   # records ≤ breaks + 1, and the header is one of them
        return
    records = 0
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if cells and not _blank(cells):
                records += 1
                if records > MAX_ROWS + 1:   # the header is not a row
                    raise CsvLimitError(_too_many_rows(shown))
    except csv.Error:
        return   # the parser notes unreadable records and counts rows itself


MAX_NUL_PLACES = 5


def nul_notes(text: str, delimiter: str) -> list[str]:
    """Where NUL characters are, as 'row R, column C' (lines counted as rows: a cell spanning
    lines shifts the count), the first few of them, and how many there were."""
    header = _first_cells(text.replace("\x00", ""), delimiter) or []
    places: list[str] = []
    position, lines = text.find("\x00"), 0
    while position >= 0:
        lines += 1
        if len(places) < MAX_NUL_PLACES:
            line_start = text.rfind("\n", 0, position) + 1
            column = text.count(delimiter, line_start, position)
            name = header[column].strip().replace("\x00", "") if column < len(header) else f"#{column + 1}"
            places.append(f"row {text.count(chr(10), 0, line_start) + 1}, column {name!r}")
        next_line = text.find("\n", position)
        position = text.find("\x00", next_line + 1) if next_line >= 0 else -1
    more = f" and {lines - len(places)} more rows" if lines > len(places) else ""
    return [f"NUL characters were removed at {'; '.join(places)}{more}"]


def _parse(text: str, delimiter: str, notes: list[str]):
    """Header, row numbers, columns and ragged cells: through Arrow's reader when the file is
    rectangular (every real export), else record by record through the csv module."""
    # The whole file is already bounded by MAX_BYTES, so the csv module may read any field;
    # cells above MAX_FIELD are refused per row (routes.itinerary.validation), with their row and column.
    # (With csv's own limit, an over-long quoted field made the reader resume mid-record
    # and shifted every later row number.)
    csv.field_size_limit(max(MAX_BYTES, MAX_FIELD) + 1)
    first = _first_cells(text, delimiter)
    if first and not _blank(first):
        fast = arrow_columns(text, delimiter, len(first))
        if fast is not None:
            numbers, columns = fast
            return _header(first), numbers, columns, {}
    with gc_paused():
        try:
            # One C call for the whole file; a record the csv module refuses is rare, and
            # only then is the file read again record by record to note it and go on.
            records: list[list[str] | None] = list(csv.reader(_lines(text), delimiter=delimiter))
        except csv.Error:
            records = _records_one_by_one(text, delimiter, notes)
        del text
        header, rows = _numbered_rows(records)
        del records
        numbers, columns, extra = _columns_of(rows, len(header))
    return header, numbers, columns, extra


def _first_cells(text: str, delimiter: str, prefix: int = 65536) -> list[str] | None:
    """The first record, read from the start of the text only (splitting 100,000 lines to
    read one cost a tenth of a second): complete once a second record has begun."""
    try:
        while True:
            records = csv.reader(io.StringIO(text[:prefix], newline=""), delimiter=delimiter)
            first = next(records, None)
            if prefix >= len(text) or next(records, None) is not None:
                return first
            prefix *= 4
    except csv.Error:
        return None


# Line breaks str.splitlines knows but a CSV file does not (the csv module keeps them in cells).
_OTHER_BREAKS = ("\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _lines(text: str):
    """The text's lines as ``io.StringIO(text, newline="")`` yields them (ends kept).

    StringIO holds a copy of the text at 4 bytes a character (75 MB for an 18 MB file);
    splitlines gives the same lines when the text has no other kind of line break.
    """
    if any(mark in text for mark in _OTHER_BREAKS):
        return io.StringIO(text, newline="")
    return iter(text.splitlines(keepends=True))


def _records_one_by_one(text: str, delimiter: str, notes: list[str]) -> list[list[str] | None]:
    """Every record, None where the csv module could not read one (and a note saying so)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str] | None] = []
    while True:
        try:
            records.append(next(reader))
        except StopIteration:
            return records
        except csv.Error as exc:
            notes.append(f"row {len(records) + 1}: could not be read as CSV ({exc})")
            records.append(None)


def _numbered_rows(records: list) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (first non-blank record) and the non-blank records after it, numbered as a
    spreadsheet shows them (every record counts, blank or unreadable)."""
    start = next((i for i, cells in enumerate(records) if cells is not None and not _blank(cells)), None)
    if start is None:
        return [], []
    # One comprehension for every row of a 100,000-row file; a row whose first cell has text
    # is not blank, and only the others need the join.
    rows = [(number, cells) for number, cells in enumerate(records[start + 1:], start=start + 2)
            if cells and (cells[0].strip() or "".join(cells).strip())]
    return _header(records[start]), rows


def _header(cells: list[str]) -> list[str]:
    return [c.strip().lstrip("\ufeff") for c in cells]


def _columns_of(rows: list, width: int) -> tuple[np.ndarray, list[Cells], dict[int, list[str]]]:
    """Rows → one Cells per header column; short rows end in empty cells, extra cells aside."""
    numbers = np.fromiter((n for n, _ in rows), dtype=np.int64, count=len(rows))
    cells = [c for _, c in rows]
    rows.clear()   # the caller's list, handed over: its cells are freed column by column below
    extra = {}
    for i, row in enumerate(cells):
        if len(row) != width:
            if len(row) > width:
                extra[i] = row[width:]
            cells[i] = row[:width] + [""] * (width - len(row))
    # One C pass turns the rows into a grid; each column of it is then a strided view.
    grid = np.array(cells, dtype=object) if cells else np.empty((0, width), dtype=object)
    del cells
    columns = [Cells.of(grid[:, index], strip=False) for index in range(width)]
    return numbers, columns, extra


def _blank(cells: list[str]) -> bool:
    return not "".join(cells).strip()


