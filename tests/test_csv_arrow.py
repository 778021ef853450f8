"""Arrow's CSV reader (the fast path) gives exactly what the csv module gives, or stands aside.

The csv module, record by record, is the reference: for random files of quotes, delimiters,
line breaks and whitespace, whenever ``arrow_columns`` answers, its header, row numbers and
cells must be the reference's.
"""
from __future__ import annotations

import csv
import io
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import routes.reading.csvfile as csvfile
from routes.itinerary.itinerary import read_itinerary
from routes.reading.csvarrow import arrow_columns
from routes.reading.csvfile import read_table

PIECES = ["a", "b", "Kim", " ", "  ", "é", "한", ",", ";", "\t", '"', '""', "\n", "\r", "\r\n", "\x0b", "\u2028"]


def reference(text: str, delimiter: str):
    """(header, [(row number, cells)]) as the csv module reads the text, blank records left out."""
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    numbered = [(n, r) for n, r in enumerate(records, start=1) if "".join(r).strip()]
    if not numbered:
        return None
    header = numbered[0][1]
    return header, [(n, r + [""] * (len(header) - len(r))) for n, r in numbered[1:]]


def fast(text: str, delimiter: str, width: int):
    got = arrow_columns(text, delimiter, width)
    if got is None:
        return None
    numbers, columns = got
    grid = [column.values() for column in columns]
    return [(int(n), [str(col[i]) for col in grid]) for i, n in enumerate(numbers)]


def check(text: str, delimiter: str) -> bool:
    """Whether Arrow answered; when it did, the answer is the reference's."""
    expected = reference(text, delimiter)
    first = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), None)
    if not first:
        return False
    got = fast(text, delimiter, len(first))
    if got is None:
        return False
    assert expected is not None and expected[0] == first, repr(text)
    assert got == expected[1], repr(text)
    return True


@settings(max_examples=600, deadline=None, database=None)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=60), delimiter=st.sampled_from([",", ";", "\t"]))
def test_random_text_reads_as_the_csv_module_reads_it(pieces, delimiter):
    check("".join(pieces), delimiter)


def random_grid(rng: random.Random, delimiter: str) -> str:
    """A rectangular file as spreadsheets write it: some cells quoted, some holding quotes,
    delimiters and line breaks, now and then a blank or whitespace-only record."""
    width = rng.randint(1, 6)
    out = io.StringIO()
    # Minimal quoting quotes a cell holding any character of the line terminator, so a cell
    # with a lone "\r" stays unquoted under "\n" endings: those files get every cell quoted.
    ending, quoting = rng.choice([("\r\n", csv.QUOTE_MINIMAL), ("\r\n", csv.QUOTE_ALL),
                                  ("\n", csv.QUOTE_ALL), ("\r", csv.QUOTE_ALL)])
    writer = csv.writer(out, delimiter=delimiter, lineterminator=ending, quoting=quoting)
    writer.writerow([f"h{i}" for i in range(width)])
    for _ in range(rng.randint(0, 40)):
        if rng.random() < 0.05:
            writer.writerow([" "] * width)
            continue
        writer.writerow(["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 4))) for _ in range(width)])
    return out.getvalue()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rectangular_files_take_the_fast_path_and_agree(seed):
    rng = random.Random(seed)
    files = [(random_grid(rng, d), d) for d in [",", ";", "\t"] * 100]
    # Every file written is rectangular with a header, so Arrow reads every one.
    assert all(check(text, d) for text, d in files)


@pytest.mark.slow
def test_a_large_file_with_line_breaks_in_quoted_cells_agrees():
    # Above a megabyte, where Arrow's reader would otherwise cut the file into blocks.
    rng = random.Random(7)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f"h{i}" for i in range(6)])
    while out.tell() < 2_000_000:
        writer.writerow(["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6))) for _ in range(6)])
    assert check(out.getvalue(), ",")


def test_ragged_files_and_blank_first_lines_go_to_the_csv_module():
    assert arrow_columns("a,b\n1,2,3\n4,5\n", ",", 2) is None
    assert arrow_columns("a,b\n1\n", ",", 2) is None
    assert arrow_columns(" , \na,b\n1,2\n", ",", 2) is None


def test_a_file_reads_the_same_with_and_without_arrow(monkeypatch):
    text = ("leader;trip;origin;destination;depart;arrive;mode;notes\r\n"
            'Kim Jong Un;t1;Pyongyang;Beijing;2019-01-07;2019-01-08;tog;"Sagde ""hej"";\r\nto linjer"\r\n'
            " ; ; ; ; ; ; ; \r\n"
            "Kim Jong Un;t1;Beijing;Pyongyang;2019-01-09;2019-01-10;train;\r\n")
    fast_table = read_table(text.encode("cp1252", errors="replace"), "x.csv")
    fast_itinerary = read_itinerary(text.encode("utf-8"), name="x.csv")
    monkeypatch.setattr(csvfile, "arrow_columns", lambda *args, **kwargs: None)
    slow_table = read_table(text.encode("cp1252", errors="replace"), "x.csv")
    slow_itinerary = read_itinerary(text.encode("utf-8"), name="x.csv")
    assert fast_table.records() == slow_table.records() == [
        (2, ["Kim Jong Un", "t1", "Pyongyang", "Beijing", "2019-01-07", "2019-01-08", "tog",
             'Sagde "hej";\r\nto linjer']),
        (4, ["Kim Jong Un", "t1", "Beijing", "Pyongyang", "2019-01-09", "2019-01-10", "train", ""])]
    assert fast_itinerary.legs.equals(slow_itinerary.legs)
    assert fast_itinerary.problems == slow_itinerary.problems
