"""Reading a CSV file whose quotes are broken, recovering the way spreadsheet programs do.

A quote that opens a cell and is never closed, or is closed only lines later by some other
stray quote, makes a CSV reader take every line up to the next quote into that one cell: rows
vanish without a word. Here a quoted cell may still span lines (notes typed with Alt+Enter),
unless a line it takes in has a record's delimiters, or it takes in a whole line and its record
comes out wider or narrower than the header while the line the quote opens on has the header's
width. Then its opening
quote is read as a plain character, the cell ends at the end of its line, and the lines after
it are read as rows. Each repair, and each quote
inside a cell that does not start with one, is noted with its row and the rows it affected.

On a file without such faults this gives exactly the csv module's cells (excel dialect, not
strict): tests/test_csv_quotes.py compares them on random well-formed files.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_QUOTED = re.compile(r'"([^"]*+(?:""[^"]*+)*+)"')   # possessive: an unclosed quote fails fast
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Inside a quoted cell, a lone CR in a file whose lines end in LF or CRLF is a character of
# the cell (a spreadsheet's), not a line the quote took in.
_LF_BREAK = re.compile(r"\r\n|\n")


@dataclass(frozen=True)
class QuoteNote:
    """One quote fault: the row (as a spreadsheet numbers records) and cell it is in."""

    row: int
    field: int       # position of the cell in its record
    value: str       # the cell as written on its line
    message: str
    in_header: bool = False


def holds_quote_faults(text: str, delimiter: str, cells) -> bool:
    """Whether a file read by a plain CSV reader may hide quote faults: an odd number of
    quotes, a cell (among ``cells``, an iterable of strings) holding a line break, or a quote
    with text on both sides (an escaped quote has a quote beside it). Cheap, so that the
    careful reading below runs only for such files."""
    if '"' not in text:
        return False
    if text.count('"') % 2 == 1 or any("\n" in c or "\r" in c for c in cells):
        return True
    plain = f"[^\"{re.escape(delimiter)}\r\n]"
    return re.search(plain + '"' + plain, text) is not None


def read_records(text: str, delimiter: str) -> tuple[list[list[str]], list[QuoteNote]]:
    """Every record of ``text`` (blank ones too, so that numbering stays a spreadsheet's) and
    a note per quote fault found."""
    reader = _Reader(text, delimiter)
    reader.run()
    return reader.records, reader.notes()


@dataclass
class _Fault:
    row: int
    field: int
    value: str
    kind: str                  # "unclosed", "swallow", "inside" or "after"
    start: int = 0             # text positions of the lines the quote would have taken in
    end: int = 0
    lines: int = 0


class _Reader:
    def __init__(self, text: str, delimiter: str):
        self.text, self.delimiter = text, delimiter
        self.plain = re.compile(rf"[^{re.escape(delimiter)}\r\n]*")
        self.records: list[list[str]] = []
        self.starts: list[int] = []      # text position where each record starts
        self.faults: list[_Fault] = []
        self.width: int | None = None    # the header's, once read
        self.header_row = 0
        self.breaks = _LF_BREAK if "\n" in text else _LINE_BREAK

    def run(self) -> None:
        pos = 0
        while pos < len(self.text):
            self.starts.append(pos)
            cells, pos = self._record(pos)
            self.records.append(cells)
            if self.width is None and "".join(cells).strip():
                self.width, self.header_row = len(cells), len(self.records)

    def _record(self, start: int) -> tuple[list[str], int]:
        """One record from ``start``; read again with a quote taken literally for as long as
        the record swallows lines that look like records."""
        literal: set[int] = set()
        while True:
            cells, pos, spans, faults = self._fields(start, literal)
            swallowing = next((span for span in spans if self._swallows(start, literal, cells, span)), None)
            if swallowing is None:
                self.faults += faults
                return cells, pos
            field, opened, closed = swallowing
            literal.add(opened)
            lines = len(self.breaks.findall(self.text, opened, closed))
            self.faults.append(_Fault(len(self.records) + 1, field, self._line_from(opened), "swallow",
                                      opened, closed, lines))

    def _fields(self, pos: int, literal: set[int]):
        """Cells up to the end of the record, the quoted cells spanning lines (field, open,
        close) and the faults seen."""
        text, row = self.text, len(self.records) + 1
        cells: list[str] = []
        spans, faults = [], []
        while True:
            field = len(cells)
            quoted, explained = None, pos in literal
            if pos < len(text) and text[pos] == '"' and not explained:
                quoted = _QUOTED.match(text, pos)
                if quoted is None:   # no quote after it at all: the rest of the file
                    faults.append(_Fault(row, field, self._line_from(pos), "unclosed", pos, len(text)))
                    explained = True
            if quoted is not None:
                inner = quoted.group(1)
                after = self._run(text, quoted.end())
                if after.group():   # the csv module keeps it as part of the cell
                    faults.append(_Fault(row, field, text[pos:after.end()], "after"))
                if self.breaks.search(inner):
                    spans.append((field, pos, quoted.end()))
                cells.append(inner.replace('""', '"') + after.group())
                pos = after.end()
            else:
                value = self._run(text, pos).group()
                if '"' in (value[1:] if explained else value):
                    faults.append(_Fault(row, field, value, "inside"))
                cells.append(value)
                pos += len(value)
            if pos >= len(text):
                return cells, pos, spans, faults
            if text[pos] == self.delimiter:
                pos += 1
                continue
            pos += 2 if text.startswith("\r\n", pos) else 1
            return cells, pos, spans, faults

    def _swallows(self, start: int, literal: set[int], cells: list[str], span) -> bool:
        """Whether a quoted cell spanning lines took in what are really records: a line inside
        it has a record's delimiters, or its record has not the header's width while the
        line it opens on, read with the quote as a plain character, has."""
        _, opened, closed = span
        # A header's width is not known yet: any delimiter on a later line gives it away.
        needed = 1 if self.width is None else max(2, self.width - 1)
        inside = self.breaks.split(self.text[opened:closed])[1:]
        if any(line.count(self.delimiter) >= needed for line in inside):
            return True
        # The widths below tell a swallow only when a whole line went into the cell: a quote
        # closed on the next line (a note on two lines) took in no line a reader could miss,
        # and a record of another width is then the row's own (garbage, or extra cells).
        if self.width is None or len(cells) == self.width or len(inside) < 2:
            return False
        return len(self._fields(start, literal | {opened})[0]) == self.width

    def _run(self, text: str, pos: int) -> re.Match[str]:
        """The unquoted run of text at ``pos`` (the pattern matches the empty run too)."""
        match = self.plain.match(text, pos)
        assert match is not None
        return match

    def _line_from(self, pos: int) -> str:
        return self._run(self.text, pos).group()

    def notes(self) -> list[QuoteNote]:
        return [QuoteNote(f.row, f.field, f.value, self._message(f), f.row == self.header_row)
                for f in self.faults]

    def _message(self, fault: _Fault) -> str:
        if fault.kind == "inside":
            return "a quote inside the cell (not at its start) was read as a plain character"
        if fault.kind == "after":
            return "text follows the cell's closing quote; it was kept as part of the cell"
        rows = self._rows_between(fault.start, fault.end)
        if fault.kind == "unclosed":
            said = "a quote opens this cell and is never closed; it was read as a plain character"
            if rows:
                were = "were read as rows" if rows.startswith("rows") else "was read as a row"
                said += f", and {rows} after it {were} instead of vanishing into this cell"
            return said
        return (f"a quote opens this cell and the next quote is {fault.lines} "
                f"line{'s' if fault.lines != 1 else ''} further down, which would have put {rows or 'them'} "
                "into this cell; the quote was read as a plain character and those lines as rows")

    def _rows_between(self, start: int, end: int) -> str:
        """The rows (numbered as read) starting after position ``start`` and before ``end``."""
        first = bisect.bisect_right(self.starts, start)
        last = bisect.bisect_left(self.starts, end) - 1
        if last < first:
            return ""
        if last == first:
            return f"row {first + 1}"
        return f"rows {first + 1}–{last + 1}"

