"""Files as Excel and LibreOffice save them: the bytes are built the way those programs write
them (encoding, BOM, delimiter, line ending, quoting, decimal comma), not with Python's csv."""
from __future__ import annotations

import codecs
import math

import pytest

from routes.itinerary.itinerary import read_itinerary

HEADER = ["leader", "trip", "origin", "destination", "depart", "arrive", "mode",
          "origin_lat", "origin_lon", "destination_lat", "destination_lon", "notes"]
# Fictional test rows (not facts: leaders, times and numbers are made up); every value only
# needs to survive the trip through the file, to the last digit.
ROWS = [
    ["Leader A", "Visit 1", "Pjöngjang", "Dandong", "07.01.2019", "07.01.2019", "Zug",
     "39.0392", "125.7625", "40.1242", "124.3942", "Abfahrt; \"Sonderzug\""],
    ["Leader A", "Visit 1", "Dandong", "Beijing", "2019-01-07", "2019-01-08T10:55+08:00",
     "train", "40.1242", "124.3942", "39.9042", "116.4074", "Line one\nline two, with a comma"],
    ["Leader B", "Visit 2", "Seongnam", "Pjöngjang", "2018-09-18T08:55+09:00",
     "2018-09-18T10:09+09:00", "fly", "37.4449", "127.1389", "39.0392", "125.7625", "Ærø – Ålborg € ‰"],
]


def quoted(cell: str, delimiter: str) -> str:
    """Excel quotes a cell holding the delimiter, a quote or a line break, doubling quotes."""
    if any(ch in cell for ch in (delimiter, '"', "\n", "\r")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def saved(delimiter: str, decimal_comma: bool = False, line_end: str = "\r\n") -> str:
    lines = []
    for cells in [HEADER] + ROWS:
        if decimal_comma:
            cells = [c.replace(".", ",") if _is_number(c) else c for c in cells]
        lines.append(delimiter.join(quoted(c, delimiter) for c in cells))
    return line_end.join(lines) + line_end


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


DIALECTS = {
    # Excel "Unicode Text (*.txt)": UTF-16 LE with BOM, tabs, CRLF.
    "excel unicode text": lambda: codecs.BOM_UTF16_LE + saved("\t").encode("utf-16-le"),
    # Excel "CSV (semicolon)" in a Danish/German locale: cp1252, ';', decimal comma.
    "excel cp1252 semicolon decimal comma": lambda: saved(";", decimal_comma=True).encode("cp1252"),
    # Excel "CSV UTF-8 (comma delimited)": BOM, ',', CRLF.
    "excel csv utf-8": lambda: codecs.BOM_UTF8 + saved(",").encode("utf-8"),
    # LibreOffice default: UTF-8 without BOM, ',', LF.
    "libreoffice utf-8 lf": lambda: saved(",", line_end="\n").encode("utf-8"),
    # LibreOffice with a European locale: ';', decimal comma, UTF-8, LF.
    "libreoffice semicolon decimal comma": lambda: saved(";", True, "\n").encode("utf-8"),
    # LibreOffice "Unicode" (UTF-16) with tabs: BOM, LF.
    "libreoffice utf-16 tab": lambda: codecs.BOM_UTF16_LE + saved("\t", line_end="\n").encode("utf-16-le"),
    # Excel on a Mac, old "CSV (Macintosh)": Mac Roman is not sniffed, but CR line ends are.
    "cr line ends": lambda: saved(",", line_end="\r").encode("utf-8"),
    # Big-endian UTF-16 with BOM (rare, written by some Java tools).
    "utf-16 be tab": lambda: codecs.BOM_UTF16_BE + saved("\t").encode("utf-16-be"),
}


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_every_cell_survives_the_dialect(dialect):
    itinerary = read_itinerary(DIALECTS[dialect](), name="saved.csv")
    assert itinerary.problems == []
    legs = itinerary.legs
    assert legs["origin"].tolist() == ["Pjöngjang", "Dandong", "Seongnam"]
    assert legs["mode"].tolist() == ["train", "train", "flight"]
    assert legs["notes"].tolist() == [row[11] for row in ROWS]
    assert legs["row"].tolist() == [2, 3, 4]       # a cell with a line break is still one row
    for column, index in (("origin_lat", 7), ("origin_lon", 8), ("destination_lat", 9), ("destination_lon", 10)):
        assert all(math.isclose(got, float(row[index])) for got, row in zip(legs[column], ROWS)), column
    assert legs["depart"].tolist() == ["2019-01-07", "2019-01-07", "2018-09-18T08:55+09:00"]


def test_decimal_comma_with_comma_delimiter_needs_quotes_and_is_read_when_quoted():
    text = saved(",", decimal_comma=True)      # quoted() wraps "39,0392" because it holds ','
    legs = read_itinerary(text.encode("utf-8")).legs
    assert legs["origin_lat"].tolist() == [39.0392, 40.1242, 37.4449]


def test_thousands_separator_is_not_silently_misread():
    text = saved(";").replace("39.0392", "1.039,2", 1)
    itinerary = read_itinerary(text.encode("utf-8"), name="t.csv")
    coord = [p for p in itinerary.problems if p.code == "coord"]
    assert [(p.row, p.column, p.value) for p in coord] == [(2, "origin_lat", "1.039,2")]
    assert math.isnan(itinerary.legs.loc[0, "origin_lat"])
