"""Reading a rectangular CSV file with Arrow's parser: every column dictionary-encoded in C++.

Arrow's CSV state machine is the csv module's (excel dialect, not strict): a quote opens a
quoted field only at the start of a field, "" inside quotes is one quote, a quoted field may
hold line breaks, and text after a closing quote continues the field. So for a file whose
every record has the header's width, both give the same cells (tests/test_csv_arrow.py
compares them on random files), Arrow in a tenth of the time at 100,000 rows and without a
Python string per cell. Anything else (a ragged row, a first line that is not the header) is
left to the csv module, which reads it record by record and reports each row.
"""
from __future__ import annotations

import numpy as np

from routes.reading.cells import Cells


def arrow_columns(text: str, delimiter: str, width: int) -> tuple[np.ndarray, list[Cells]] | None:
    """Row numbers and one Cells per column for the non-blank records after the first one
    (the header), or None when Arrow cannot read the file as the csv module would."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:   # pandas runs without it; the csv module then reads every file
        return None
    text_type = pa.dictionary(pa.int32(), pa.string())
    try:
        data = text.encode("utf-8")
        # One block for the whole file: where Arrow splits a file into blocks, a line break
        # inside a quoted cell near a block's end came out differently from the csv module's
        # reading (found by tests/test_csv_arrow.py). One block parses 18 MB in 0.2 s.
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, block_size=len(data) + 1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True,
                                             escape_char=False, newlines_in_values=True,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": text_type for i in range(width)}, null_values=[],
                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowException, UnicodeEncodeError):   # a ragged row: "Expected 7 columns, got 8"
        return None
    if table.num_columns != width or table.num_rows == 0:
        return None
    columns = [cells for i in range(width) if (cells := _cells(table.column(i))) is not None]
    if len(columns) < width:
        return None
    keep = np.zeros(table.num_rows, dtype=bool)
    for column in columns:   # a record is kept when any cell has more than whitespace
        keep |= column.spread([bool(u.strip()) for u in column.uniques], bool)
    if not keep[0]:
        return None
    keep[0] = False          # the header
    numbers = np.flatnonzero(keep).astype(np.int64) + 1
    return numbers, [column.take(keep).compact() for column in columns]


def _cells(column) -> Cells | None:
    """A dictionary-encoded column as Cells: one dictionary for all of Arrow's blocks."""
    if column.null_count:
        return None
    column = column.unify_dictionaries()
    chunks = [chunk for chunk in column.chunks if len(chunk)]
    codes = np.concatenate([chunk.indices.to_numpy() for chunk in chunks]).astype(np.intp)
    uniques = chunks[0].dictionary.to_numpy(zero_copy_only=False).astype(object)
    return Cells(codes, uniques)
