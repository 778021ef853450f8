"""The CSV fuzz properties for the spreadsheet reader: the structured files of
tests/fuzz_csv_strategies.py (valid rows among garbage) written as .xlsx workbooks, every
cell a text cell as a user types it, then read: no traceback, every problem located, every
valid row kept on its sheet row with the values it was written with.

Runs only where the spreadsheet reader (routes/reading/spreadsheet.py) is part of the checkout;
bench/fuzz.py runs it at its "long" count ("workbook") then too.
"""
from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings

from routes.itinerary.itinerary import read_itinerary
from tests import fuzz_csv_strategies as strategies
from tests.test_fuzz_csv import (
    check_cell_values,
    check_legs_contract,
    check_problems_are_located,
    check_valid_rows_kept,
)

pytestmark = pytest.mark.slow

pytest.importorskip("routes.reading.spreadsheet",
                    reason="no spreadsheet reader (routes/reading/spreadsheet.py) in this checkout")
openpyxl = pytest.importorskip("openpyxl")

NAME = "fuzz.csv"   # the name the shared checks expect on every problem
CI_EXAMPLES, LONG_EXAMPLES = 60, 1500
for _profile, _count in (("ci", CI_EXAMPLES), ("long", LONG_EXAMPLES)):
    settings.register_profile(f"fuzz-{_profile}-workbook", max_examples=_count,
                              **{**strategies._COMMON})
EXAMPLES = {"workbook": 0}
# XML 1.0 has no place for these; a spreadsheet cannot hold them either.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """What an XML cell holds of ``text``: forbidden characters gone, line ends as LF (XML's
    end-of-line normalisation; openpyxl writes a CR as it is)."""
    return _NOT_IN_XML.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def as_workbook(generated: strategies.Generated) -> tuple[bytes, strategies.Generated]:
    """The file as an .xlsx of text cells, and what it holds (cells XML cannot carry removed)."""
    book = openpyxl.Workbook()
    sheet = book.active
    header = [_xml_text(c) for c in generated.header]
    records = [[_xml_text(c) for c in cells] for cells in generated.records]
    for row, cells in enumerate([header, *records], start=1):
        for column, text in enumerate(cells, start=1):
            cell = sheet.cell(row=row, column=column, value=text)
            cell.data_type = "s"   # typed text, even "=1+1": never a formula
    out = io.BytesIO()
    book.save(out)
    expected = {row: {key: _xml_text(value).strip() if isinstance(value, str) else value
                      for key, value in values.items()} for row, values in generated.expected.items()}
    return out.getvalue(), replace(generated, header=header, records=records, expected=expected)


@given(generated=strategies.itinerary_files(encodings=("utf-8",)))
@strategies.fuzz_settings("workbook")
def test_valid_rows_survive_in_a_workbook(generated):
    EXAMPLES["workbook"] += 1
    data, held = as_workbook(generated)
    itinerary = read_itinerary(data, name=NAME)
    check_problems_are_located(itinerary, len(held.records), held.header)
    check_cell_values(held, itinerary)
    check_legs_contract(itinerary.legs)
    check_valid_rows_kept(held, itinerary.legs)
