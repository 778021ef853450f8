"""Reading column by column (each distinct value parsed once, bulk date parsing, the one-call
CSV read) gives what reading cell by cell gives: the per-cell parsers are the reference."""

from __future__ import annotations

import csv
import io
import random

import numpy as np
import pandas as pd
import pytest

import routes.reading.csvfile as csvfile
from routes.itinerary.itinerary import read_itinerary
from routes.itinerary.when import NAT, parse_distinct, parse_when
from routes.reading.csvfile import read_table
from tests.fuzz_csv_strategies import ODD_DATES

# Our own ISO forms (the bulk path) next to everything else the full parser handles or refuses.
TEXTS = ODD_DATES + [
    "2019-01-07", "2019-01-07T17:00", "2019-01-07T17:00:05", "2019-01-07T17:00Z", "2019-01-07T17:00:05Z",
    "2019-01-07T17:00+09:00", "2019-01-07T17:00-00:00", "2019-01-07T17:00+14:00", "2019-01-07T17:00+14:59",
    "2019-01-07T17:00+15:00", "2019-01-07T17:00-23:59", "2019-01-07T17:00+05:60", "2019-01-07T17:00:60Z",
    "2019-01-07T24:00", "2019-02-29", "2020-02-29", "1677-12-31", "1678-01-01", "1678-01-01T00:00+01:00",
    "2261-12-31", "2261-12-31T23:59-01:00", "2262-01-01", "2019-01", "7.1.2019", "07.01.2019 17:00",
    "2019/1/7", "2019-01-07T17:00 Asia/Pyongyang", "2019-01-07 17:00", "2019-1-7", "0999-01-01",
]


def one_by_one(text: str) -> tuple:
    try:
        when = parse_when(text)
    except ValueError as exc:
        return ("", "", NAT, NAT, str(exc))
    return (when.text, when.precision, when.start_ns, when.end_ns, None)


def test_bulk_dates_agree_with_parse_when_text_by_text():
    texts = [t for t in TEXTS if t]
    parsed = parse_distinct(texts)
    for i, text in enumerate(texts):
        got = (parsed.text[i], parsed.precision[i], int(parsed.start[i]), int(parsed.end[i]), parsed.error[i])
        assert got == one_by_one(text), text


def test_offsets_beyond_fourteen_hours_are_refused_in_a_file():
    rows = "\n".join(["leader,trip,origin,destination,depart,arrive,mode",
                      "A,t,X,Y,2019-01-07T17:00+15:00,2019-01-07T20:00+09:00,car",
                      "A,t,Y,Z,2019-01-08T17:00+14:00,2019-01-08T20:00+09:00,car"]) + "\n"
    itinerary = read_itinerary(rows.encode(), name="offsets.csv")
    assert [(p.row, p.column, p.code) for p in itinerary.errors] == [(2, "depart", "date")]
    assert itinerary.legs["depart"].tolist() == ["2019-01-08T17:00+14:00"]


def test_every_row_of_a_repetitive_file_matches_its_own_cells():
    # Repeated values with and without padding: the distinct-value shortcut must still give
    # each row exactly its own cell's meaning.
    rng = random.Random(3)
    dates = [t for t in TEXTS if t] + [" 2019-01-07 ", "2019-01-07 "]
    modes = ["train", " train", "Tog", "plane", "boat", "zeppelin", ""]
    numbers = ["39.0", " 39.0", "39,0", "\u221245.5", "91", "x", ""]
    lines = [["leader", "trip", "origin", "destination", "depart", "arrive", "mode", "origin_lat", "origin_lon"]]
    for i in range(400):
        lines.append([rng.choice(["Kim", " Kim ", "Xi"]), f"t{i}", "P", "Q", rng.choice(dates),
                      rng.choice(dates), rng.choice(modes), rng.choice(numbers), "125.7"])
    out = io.StringIO()
    csv.writer(out).writerows(lines)
    itinerary = read_itinerary(out.getvalue().encode(), name="repeats.csv")
    legs = itinerary.legs.set_index("row")
    dropped = {p.row for p in itinerary.errors}
    for number, cells in enumerate(lines[1:], start=2):
        if number in dropped:
            continue
        leg = legs.loc[number]
        assert leg["leader"] == cells[0].strip()
        depart = one_by_one(cells[4].strip()) if cells[4].strip() else ("", "", NAT, NAT, None)
        assert (leg["depart"], leg["depart_precision"]) == depart[:2], cells[4]
        start = pd.NaT if depart[2] == NAT else pd.Timestamp(depart[2], tz="UTC")
        assert leg["depart_utc"] is pd.NaT if start is pd.NaT else leg["depart_utc"] == start
    bad_dates = [p for p in itinerary.errors if p.code == "date"]
    assert bad_dates and all(p.message == one_by_one(p.value)[4] for p in bad_dates)


def reference_rows(text: str) -> list[tuple[int, list[str]]]:
    """Records as the csv module reads them from io.StringIO, numbered, blank ones skipped,
    short ones ending in empty cells up to the header's width."""
    records = [(n, r) for n, r in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
               if "".join(r).strip()]
    width = len(records[0][1])
    return [(n, r + [""] * (width - len(r))) for n, r in records[1:]]


@pytest.mark.parametrize("line_end", ["\r\n", "\n", "\r"])
@pytest.mark.parametrize("inside", ["", "\u2028", "\x1c", "\x0b", "\x85", "a\r\nb", "a\nb", "a\rb"])
def test_lines_split_as_the_csv_module_splits_them(line_end, inside):
    text = line_end.join(["a,b,c", f'1,"x{inside}y",3', "", " , ,", f"4,5{inside},6", "7,8,9"]) + line_end
    table = read_table(text.encode("utf-8"), "lines.csv")
    assert table.header == ["a", "b", "c"]
    assert table.records() == reference_rows(text)


def test_a_record_the_csv_module_refuses_is_noted_and_reading_goes_on(monkeypatch):
    # A field above csv's own limit is the one error left once NULs are removed; the reader
    # sets that limit above the file size, so hold it at 10 characters for this file.
    real_limit = csv.field_size_limit
    before = real_limit()
    monkeypatch.setattr(csvfile.csv, "field_size_limit", lambda _limit: real_limit(10))
    monkeypatch.setattr(csvfile, "arrow_columns", lambda *args, **kwargs: None)   # the csv module's path
    text = "a,b\n1,2\n3,xxxxxxxxxxxxxxxxxxxx\n5,6\n"
    try:
        table = read_table(text.encode(), "limit.csv")
    finally:
        real_limit(before)       # the limit is the process's: the tests after this one read real files
    assert table.records() == [(2, ["1", "2"]), (4, ["5", "6"])]
    assert len(table.notes) == 1 and table.notes[0].startswith("row 3: could not be read as CSV")


def test_the_garbage_collector_is_running_again_after_a_read():
    import gc

    read_table(b"a,b\n1,2\n", "gc.csv")
    assert gc.isenabled()
    gc.disable()
    try:
        read_table(b"a,b\n1,2\n", "gc.csv")
        assert not gc.isenabled()   # a caller that paused it keeps it paused
    finally:
        gc.enable()


def test_huge_and_ragged_rows_are_reported_in_row_order(monkeypatch):
    import routes.itinerary.validation as validation

    monkeypatch.setattr(validation, "MAX_FIELD", 10)
    text = "leader,trip,origin,destination,depart,arrive,mode\n" \
           "A,t,P,Q,2019-01-07,2019-01-07,car,extra\n" \
           "A,t,PPPPPPPPPPP,QQQQQQQQQQQ,2019-01-07,2019-01-07,car\n" \
           "A,t,P,Q,2019-01-07,2019-01-08,car\n"
    itinerary = read_itinerary(text.encode(), name="rows.csv")
    assert [(p.row, p.column, p.code) for p in itinerary.problems] == [(2, None, "ragged"), (3, "origin", "field")]
    assert itinerary.legs["row"].tolist() == [2, 4]
    assert np.array_equal(itinerary.legs["seq"].to_numpy(), [1, 2])
