"""Broken quotes never lose rows: each fault is reported at its row, and the rows after it
are read as rows (tests/fixtures/quote_*.csv are files as they come out of hand edits)."""
from __future__ import annotations

import csv
import io
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routes.itinerary.itinerary import read_itinerary
from routes.itinerary.problems import WARNING
from routes.reading.csvfile import read_table
from routes.reading.csvquotes import read_records
from tests.conftest import FIXTURES

PIECES = ["a", "Kim", " ", "é", ",", ";", "\t", '"', '""', "\n", "\r", "\r\n", "\u2028"]


def csv_module(text: str, delimiter: str) -> list[list[str]]:
    """Every record as the csv module reads it; an empty line is one empty cell, as here."""
    return [r or [""] for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def quote_problems(itinerary):
    return [p for p in itinerary.problems if p.code == "quote"]


def test_an_unclosed_quote_keeps_every_row_and_says_which_rows_it_would_have_taken():
    # Row 4 opens a quote in its origin cell and never closes it: a plain reader keeps rows
    # 2 and 3 and puts rows 5-10 into that cell.
    path = FIXTURES / "quote_unclosed.csv"
    assert len(csv_module(path.read_bytes().decode(), ",")) == 4
    itinerary = read_itinerary(path)
    assert sorted(itinerary.legs["row"].tolist()) == list(range(2, 11))
    assert not itinerary.errors
    [problem] = quote_problems(itinerary)
    assert (problem.file, problem.row, problem.column, problem.severity) == \
        ("quote_unclosed.csv", 4, "origin", WARNING)
    assert problem.value == '"Nanning'
    assert "never closed" in problem.message and "rows 5–10" in problem.message
    row4 = itinerary.legs.set_index("row").loc[4]
    assert (row4["destination"], row4["mode"]) == ("Pingxiang", "train")


def test_a_quote_closed_lines_later_gives_back_the_rows_between():
    # Row 3 opens a quote in its notes; the next quote opens row 7's notes, so a plain reader
    # reads rows 4-6 and half of row 7 as one note.
    path = FIXTURES / "quote_swallow.csv"
    assert len(csv_module(path.read_bytes().decode(), ",")) == 4
    itinerary = read_itinerary(path)
    assert sorted(itinerary.legs["row"].tolist()) == list(range(2, 9))
    first, second = quote_problems(itinerary)
    assert (first.row, first.column, first.value) == (3, "notes", '"armoured train')
    assert "4 lines further down" in first.message and "rows 4–7" in first.message
    assert (second.row, second.column) == (7, "notes")
    assert "never closed" in second.message and "row 8 after it was read as a row" in second.message


def test_quotes_inside_cells_are_kept_as_written_and_reported():
    path = FIXTURES / "quote_inside.csv"
    table = read_table(path)
    # The cells are the csv module's (and a spreadsheet's); only the warnings are new.
    assert [cells for _, cells in table.records()] == csv_module(path.read_bytes().decode(), ";")[1:]
    itinerary = read_itinerary(path)
    assert len(itinerary.legs) == 3
    inside, after = quote_problems(itinerary)
    assert (inside.row, inside.column, inside.value) == (2, "notes", 'a 5" screen in the carriage')
    assert "not at its start" in inside.message
    assert (after.row, after.value) == (3, '"Russky Island" summit venue')
    assert "closing quote" in after.message


def test_a_note_on_two_lines_is_one_cell_and_no_fault():
    text = ("leader,trip,origin,destination,depart,arrive,mode,notes\r\n"
            'Kim Jong Un,k1,Pyongyang,Beijing,2019-01-07,2019-01-08,train,"left at dusk,\r\n'
            'arrived ""late"", by train"\r\n'
            "Kim Jong Un,k1,Beijing,Pyongyang,2019-01-09,2019-01-10,train,\r\n")
    itinerary = read_itinerary(text.encode(), name="notes.csv")
    assert itinerary.problems == []
    assert itinerary.legs["notes"].tolist()[0] == 'left at dusk,\r\narrived "late", by train'
    assert itinerary.legs["row"].tolist() == [2, 3]


def test_a_broken_header_quote_is_reported_without_a_column():
    text = 'leader,trip,"origin,destination,depart,arrive,mode\nKim Jong Un,k1,A,B,2019-01-01,2019-01-02,train\n'
    itinerary = read_itinerary(text.encode(), name="head.csv")
    [problem] = quote_problems(itinerary)
    assert (problem.row, problem.column) == (1, None)
    assert len(itinerary.legs) == 1


def well_formed(rng: random.Random, delimiter: str) -> str:
    """A file as spreadsheets write it; multi-line cells hold no more than one delimiter a line."""
    width = rng.randint(3, 7)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=rng.choice(["\r\n", "\n"]),
                        quoting=rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    writer.writerow([f"h{i}" for i in range(width)])
    for _ in range(rng.randint(0, 30)):
        cells = ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 5))) for _ in range(width)]
        cells = [c.replace("\r", "\n") if c.count(delimiter) < 2 else c.replace("\r", "").replace("\n", "")
                 for c in cells]
        writer.writerow(cells)
    return out.getvalue()


@pytest.mark.parametrize("seed", [1, 2])
def test_well_formed_files_read_exactly_as_the_csv_module_reads_them(seed):
    rng = random.Random(seed)
    for delimiter in [",", ";", "\t"] * 60:
        text = well_formed(rng, delimiter)
        records, notes = read_records(text, delimiter)
        assert notes == [], repr(text)
        assert records == csv_module(text, delimiter), repr(text)


@settings(max_examples=500, deadline=None, database=None)
@given(pieces=st.lists(st.sampled_from(PIECES + ["h,h,h\n"]), max_size=60),
       delimiter=st.sampled_from([",", ";"]))
def test_whenever_the_reading_differs_from_the_csv_module_it_says_so(pieces, delimiter):
    text = "".join(pieces)
    records, notes = read_records(text, delimiter)
    if not notes:
        assert records == csv_module(text, delimiter)
    # Nothing is lost either way: every character but quotes, delimiters and line ends is
    # in exactly one cell.
    kept = "".join("".join(r) for r in records)
    for ch in set(text) - {'"', "\r", "\n", delimiter}:
        assert kept.count(ch) == text.count(ch), repr(text)


def test_a_lone_carriage_return_inside_a_quoted_cell_is_part_of_the_cell():
    # found by the fuzz test: a CRLF file whose wider-than-the-header row holds a quoted
    # "0<CR>" was taken for a broken quote, and the rows after it were numbered one too far
    header = "leader,trip,origin,destination,depart,arrive,mode"
    text = (f"{header}\r\nL1,T1,O1,D1,2019-01-01,2019-01-02,train\r\n"
            ',,,,,,"0\r",\r\nL3,T3,O3,D3,2019-01-03,2019-01-04,flight\r\n')
    records, notes = read_records(text, ",")
    assert records == list(csv.reader(io.StringIO(text, newline="")))
    assert records[2][6] == "0\r" and records[3][0] == "L3"
    assert not notes


def test_a_quoted_cell_closed_at_the_start_of_the_next_line_takes_no_row():
    # found by the fuzz test: the cell's closing quote opens the next line, so no row is lost;
    # read as the csv module reads it, even though the line read with the quote as a plain
    # character happens to have the header's width
    header = "leader|trip|origin|destination|depart|arrive|mode|notes"
    text = f'{header}\r\n||||"|||\n"\r\nL3|T3|O3|D3|2019-01-03|2019-01-04|flight|\r\n'
    records, _notes = read_records(text, "|")
    assert records == list(csv.reader(io.StringIO(text, newline=""), delimiter="|"))
    assert records[2][0] == "L3"


def test_a_quoted_cell_closed_on_the_next_line_of_a_wide_row_is_the_rows_own():
    # found by the fuzz test: a row wider than the header whose quoted cell holds a line break;
    # no whole line went into the cell, so it is read as the csv module reads it
    header = "leader,trip,origin,destination,depart,arrive,mode,notes"
    text = f'{header}\r\n,,,,,,,"\n0",\r\nL3,T3,O3,D3,2019-01-03,2019-01-04,flight,\r\n'
    records, _ = read_records(text, ",")
    assert records == list(csv.reader(io.StringIO(text, newline="")))
    assert records[2][0] == "L3"
