"""Property-based fuzzing of read_itinerary: no traceback ever, every problem located, every
valid row kept with the values it was written with.

Example counts: tests/fuzz_csv_strategies.py (profile "ci" here, "long" in bench/fuzz.py;
choose with LEADER_ROUTES_FUZZ_PROFILE).
"""
from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given

from routes.itinerary.itinerary import read_itinerary
from routes.itinerary.problems import ERROR, WARNING
from routes.itinerary.validation import CONFIDENCE_WORDS
from tests.fuzz_csv_strategies import Generated, fuzz_settings, itinerary_files, mixed_encoding_files, raw_files

pytestmark = pytest.mark.slow

NAME = "fuzz.csv"
# Problems about the whole file carry no row; those about the header are on row 1.
FILE_CODES = {"limit", "read", "csv"}
HEADER_CODES = {"columns", "column"}
# Problems about one cell must name its column.
CELL_CODES = {"missing", "mode", "date", "order", "coord", "seq", "overlap"}
# Problems whose value is the cell's content, exactly.
VALUE_CODES = {"mode", "date", "coord", "seq"}

EXAMPLES = {"structured": 0, "raw": 0, "mixed": 0}   # counted for bench/fuzz.py


def check_problems_are_located(itinerary, rows: int | None = None, header=None) -> None:
    # After a broken quote the lines it would have swallowed are read as rows of their own (the
    # quote warning names them), so the file may hold more rows than were generated.
    recovered = any(p.code == "quote" for p in itinerary.problems)
    for problem in itinerary.problems:
        assert problem.file == NAME, problem
        assert problem.severity in (ERROR, WARNING), problem
        assert problem.message and "\n" not in problem.format(), problem
        if problem.code in FILE_CODES:
            assert problem.row is None, problem
            continue
        assert isinstance(problem.row, int), problem
        if problem.code in HEADER_CODES:
            assert problem.row == 1, problem
            continue
        if problem.code == "quote":   # a quote fault may be in the header, which names no column
            assert problem.row >= 1 and (problem.column is None or problem.column in (header or [problem.column]))
            continue
        assert problem.row >= 2, problem
        if rows is not None and not recovered:
            assert problem.row <= rows + 1, problem
        if problem.code in CELL_CODES:
            assert problem.column, problem
            if header is not None:
                assert problem.column in header, problem


def check_legs_contract(legs: pd.DataFrame) -> None:
    for column in ("leader", "trip", "origin", "destination", "notes", "source", "mode"):
        assert legs[column].map(lambda v: isinstance(v, str)).all(), column
    assert str(legs["depart_utc"].dtype).startswith("datetime64") and "UTC" in str(legs["depart_utc"].dtype)
    assert (legs["leader"] != "").all() and (legs["origin"] != "").all()


def check_valid_rows_kept(generated: Generated, legs: pd.DataFrame) -> None:
    by_row = {int(r): leg for r, leg in zip(legs["row"], legs.to_dict("records"))}
    for row, want in generated.expected.items():
        assert row in by_row, f"valid row {row} was dropped"
        leg = by_row[row]
        for column in ("leader", "trip", "origin", "destination", "via", "vehicle", "notes",
                       "source", "mode", "depart_precision", "arrive_precision"):
            assert leg[column] == want[column], (row, column, leg[column], want[column])
        assert leg["confidence"] == CONFIDENCE_WORDS.get(want["confidence"].casefold(), want["confidence"])
        for column, value in want["coords"].items():
            assert math.isclose(leg[column], value, abs_tol=1e-9), (row, column)
        for column in ("depart", "arrive"):
            instant = pd.Timestamp(want[f"{column}_at"], tz="UTC")
            if want[f"{column}_precision"] in ("minute", "second"):
                assert leg[f"{column}_utc"] == instant, (row, column)
            else:   # a day or month is a window around the instant
                assert leg[f"{column}_utc"] <= instant <= leg[f"{column}_end_utc"], (row, column)


def check_cell_values(generated: Generated, itinerary) -> None:
    for problem in itinerary.problems:
        if problem.code in VALUE_CODES:
            assert problem.value == generated.cell(problem.row, problem.column), problem


@given(generated=itinerary_files())
@fuzz_settings("structured")
def test_valid_rows_survive_any_garbage_encoding_and_dialect(generated):
    EXAMPLES["structured"] += 1
    itinerary = read_itinerary(generated.data, name=NAME)
    check_problems_are_located(itinerary, len(generated.records), generated.header)
    check_cell_values(generated, itinerary)
    check_legs_contract(itinerary.legs)
    check_valid_rows_kept(generated, itinerary.legs)


@given(generated=mixed_encoding_files())
@fuzz_settings("mixed")
def test_ascii_rows_survive_mixed_encodings(generated):
    EXAMPLES["mixed"] += 1
    itinerary = read_itinerary(generated.data, name=NAME)
    check_problems_are_located(itinerary, len(generated.records), generated.header)
    check_valid_rows_kept(generated, itinerary.legs)


@given(data=raw_files())
@fuzz_settings("raw")
def test_random_bytes_never_raise_and_problems_are_located(data):
    EXAMPLES["raw"] += 1
    itinerary = read_itinerary(data, name=NAME)
    check_problems_are_located(itinerary)
    check_legs_contract(itinerary.legs)
    assert (itinerary.legs["row"] >= 2).all()


# Found by the fuzzer: dates outside what a datetime64[ns] column holds (1677-09-21 to
# 2262-04-11). The full parser (routes/itinerary/when.py) refuses them as row errors.
OUT_OF_RANGE_FULL_PARSER = ["31.12.9999", "9999-01-01T23:59 Asia/Pyongyang", "9999-12", "1600/1/1"]
# ISO dates in canonical form take the bulk path in routes/itinerary/validation.py (_times), which
# hands years it cannot hold to the full parser.
OUT_OF_RANGE_BULK = ["9999-12-31", "0001-01-01", "0000-01-01", "2262-04-12", "1677-09-21T00:00Z",
                     "0001-01-01T00:00+14:00", "9999-12-31T23:59-14:00"]


def _one_bad_date(text: str) -> bytes:
    return ("leader,trip,origin,destination,depart,arrive,mode\n"
            f"A,T,X,Y,{text},,train\nB,T,X,Y,2019-01-01,2019-01-02,train\n").encode()


@pytest.mark.parametrize("text", OUT_OF_RANGE_FULL_PARSER)
def test_dates_outside_the_supported_years_are_row_errors(text):
    itinerary = read_itinerary(_one_bad_date(text), name=NAME)
    assert [(p.row, p.column, p.code) for p in itinerary.errors] == [(2, "depart", "date")]
    assert itinerary.legs["leader"].tolist() == ["B"]


@pytest.mark.parametrize("text", OUT_OF_RANGE_BULK)
def test_canonical_dates_outside_the_supported_years_are_row_errors(text):
    itinerary = read_itinerary(_one_bad_date(text), name=NAME)
    assert [(p.row, p.column, p.code) for p in itinerary.errors] == [(2, "depart", "date")]
