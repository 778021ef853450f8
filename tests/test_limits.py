"""Upload limits: too many bytes, too many rows or an over-long cell are refused with a clear,
located message, and reading never takes more than the limit into memory."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tracemalloc

import pytest

from routes.itinerary.itinerary import read_itinerary
from routes.reading import csvfile
from tests.conftest import ROOT

HEADER = b"leader,trip,origin,destination,depart,arrive,mode,notes\r\n"


def row(i: int, notes: bytes = b"n") -> bytes:
    return b"L%d,T%d,Pyongyang,Beijing,2019-01-01,2019-01-02,train,%s\r\n" % (i, i, notes)


class EndlessStream(io.RawIOBase):
    """A file object that never ends and counts what was taken from it."""

    def __init__(self):
        self.taken = 0
        self.name = "endless.csv"

    def readable(self):
        return True

    def read(self, size=-1):
        if size is None or size < 0:
            raise AssertionError("the reader asked for the whole of an endless stream")
        self.taken += size
        return (HEADER + row(1) * (size // len(row(1)) + 1))[:size]


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_BYTES", 64 * 1024)
    monkeypatch.setattr(csvfile, "MAX_ROWS", 100)


def only_limit_problem(itinerary) -> str:
    assert itinerary.legs.empty
    assert [(p.code, p.row, p.severity) for p in itinerary.problems] == [("limit", None, "error")]
    return itinerary.problems[0].message


def test_bytes_above_the_limit_are_refused_with_the_limit_and_how_to_raise_it(small_limits):
    data = HEADER + row(1, b"x" * (70 * 1024))
    message = only_limit_problem(read_itinerary(data, name="big.csv"))
    assert message.startswith("big.csv: file is 71.8 KB, above the limit of 65.5 KB")
    assert "LEADER_ROUTES_MAX_BYTES" in message


def test_a_file_on_disk_above_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_BYTES", 1024 * 1024)
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:      # sparse: 200 MB long, no disk used
        handle.write(HEADER)
        handle.truncate(200 * 1024 * 1024)
    tracemalloc.start()
    try:
        itinerary = read_itinerary(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "huge.csv: file is 209.7 MB" in only_limit_problem(itinerary)
    assert peak < 1024 * 1024


def test_a_stream_is_read_only_up_to_the_limit_plus_one_byte(small_limits):
    stream = EndlessStream()
    tracemalloc.start()
    try:
        itinerary = read_itinerary(stream, name="endless.csv")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert only_limit_problem(itinerary) == ("endless.csv: file is larger than the limit of 65.5 KB "
                                             "(set LEADER_ROUTES_MAX_BYTES to raise it)")
    assert stream.taken == csvfile.MAX_BYTES + 1
    assert peak < 8 * csvfile.MAX_BYTES


def test_a_file_exactly_at_the_byte_limit_is_read(small_limits):
    data = HEADER + row(1)
    data += b"#" * (csvfile.MAX_BYTES - len(data) - 2) + b"\r\n"   # a junk line fills it up
    assert len(data) == csvfile.MAX_BYTES
    itinerary = read_itinerary(data)
    assert itinerary.legs["leader"].tolist() == ["L1"]


def test_rows_above_the_limit_are_refused(small_limits):
    data = HEADER + b"".join(row(i) for i in range(csvfile.MAX_ROWS + 1))
    message = only_limit_problem(read_itinerary(data, name="long.csv"))
    assert message == "long.csv: more than 100 rows (set LEADER_ROUTES_MAX_ROWS to raise the limit)"


def test_rows_at_the_limit_are_all_kept(small_limits):
    data = HEADER + b"\r\n\r\n".join(row(i) for i in range(csvfile.MAX_ROWS))
    itinerary = read_itinerary(data)
    assert len(itinerary.legs) == csvfile.MAX_ROWS and itinerary.problems == []


def test_an_over_long_cell_is_an_error_on_its_row_and_column_and_later_rows_keep_their_numbers():
    too_long = b"x" * (csvfile.MAX_FIELD + 1)
    data = (HEADER + row(1) + row(2, too_long) + row(3)
            + row(4, b'"multi\nline ' + too_long + b'\nend"') + row(5))
    itinerary = read_itinerary(data, name="cells.csv")
    assert [(p.row, p.column, p.code, p.severity) for p in itinerary.problems] == [
        (3, "notes", "field", "error"), (5, "notes", "field", "error")]
    assert itinerary.legs["leader"].tolist() == ["L1", "L3", "L5"]
    assert itinerary.legs["row"].tolist() == [2, 4, 6]
    assert len(itinerary.problems[0].value) <= 80


@pytest.mark.parametrize("variable,value,data_rows,expected", [
    ("LEADER_ROUTES_MAX_BYTES", "2000", 40, "above the limit of 2.0 KB"),
    ("LEADER_ROUTES_MAX_ROWS", "5", 6, "more than 5 rows"),
])
def test_limits_are_set_by_environment_variables(tmp_path, variable, value, data_rows, expected):
    path = tmp_path / "trip.csv"
    path.write_bytes(HEADER + b"".join(row(i) for i in range(data_rows)))
    script = ("import json, sys; from routes.itinerary.itinerary import read_itinerary; "
              "it = read_itinerary(sys.argv[1]); "
              "print(json.dumps([(p.code, p.message) for p in it.problems]))")
    env = dict(os.environ, **{variable: value}, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", script, str(path)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    problems = json.loads(done.stdout)
    assert [code for code, _ in problems] == ["limit"]
    assert expected in problems[0][1] and variable in problems[0][1]
