"""The itinerary model: both shapes, every encoding and delimiter, located problems."""

from __future__ import annotations

import codecs

import pandas as pd
import pytest

from routes.itinerary.itinerary import read_itinerary
from routes.reading.schema import ImportRecipe
from tests.conftest import FIXTURES

HEADER = ["leader", "trip", "origin", "destination", "depart", "arrive", "mode", "notes"]
ROWS = [
    ["Kim Jong Un", "2019-01 Beijing", "Pjöngjang", "Dandong", "2019-01-07", "2019-01-07", "tog", "Afgang"],
    ["Kim Jong Un", "2019-01 Beijing", "Dandong", "Beijing", "2019-01-07", "2019-01-08T10:55+08:00", "train",
     "Ankomst"],
]


def write_csv(path, rows, delimiter=",", encoding="utf-8", bom=b""):
    lines = [delimiter.join(HEADER)] + [delimiter.join(r) for r in rows]
    path.write_bytes(bom + ("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("cp1252", b""), ("latin-1", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-le", b""),
])
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_every_encoding_and_delimiter(tmp_path, encoding, bom, delimiter):
    path = write_csv(tmp_path / "trip.csv", ROWS, delimiter, encoding, bom)
    itinerary = read_itinerary(path)
    assert itinerary.problems == []
    assert itinerary.legs["origin"].tolist() == ["Pjöngjang", "Dandong"]
    assert itinerary.legs["mode"].tolist() == ["train", "train"]


def test_day_only_dates_keep_their_precision(tmp_path):
    legs = read_itinerary(write_csv(tmp_path / "t.csv", ROWS)).legs
    first, second = legs.iloc[0], legs.iloc[1]
    assert first["depart"] == "2019-01-07" and first["depart_precision"] == "day"
    assert first["arrive_end_utc"] == pd.Timestamp("2019-01-07 23:59:59", tz="UTC")
    assert second["arrive"] == "2019-01-08T10:55+08:00" and second["arrive_precision"] == "minute"
    assert second["arrive_utc"] == pd.Timestamp("2019-01-08 02:55", tz="UTC")


def test_broken_file_reports_exactly_its_problems_and_keeps_good_rows():
    itinerary = read_itinerary(FIXTURES / "broken_cp1252_semicolon.csv")
    found = {(p.row, p.column, p.code) for p in itinerary.errors}
    assert found == {(4, "depart", "date"), (5, "mode", "mode"), (6, "leader", "missing")}
    assert [p.value for p in sorted(itinerary.errors, key=lambda p: p.row)] == ["9. januar", "svævebane", ""]
    assert itinerary.legs["row"].tolist() == [2, 3, 7]
    assert itinerary.legs.loc[0, "notes"] == "Afgang fra Pjöngjang"
    assert "Møde" in itinerary.legs.loc[2, "notes"]


def test_problem_format_names_file_row_column_and_value():
    itinerary = read_itinerary(FIXTURES / "broken_cp1252_semicolon.csv")
    lines = [p.format() for p in itinerary.errors]
    assert "broken_cp1252_semicolon.csv:5: mode: unknown mode; expected one of train, flight" in lines[1]
    assert lines[1].endswith("(got 'svævebane')")


def test_arrival_before_departure_is_an_error(tmp_path):
    rows = [ROWS[0][:4] + ["2019-01-08", "2019-01-07", "train", ""]]
    itinerary = read_itinerary(write_csv(tmp_path / "t.csv", rows))
    assert [(p.row, p.column, p.code) for p in itinerary.errors] == [(2, "arrive", "order")]
    assert itinerary.legs.empty


def test_leg_starting_before_previous_ends_is_a_warning(tmp_path):
    rows = [ROWS[0][:4] + ["2019-01-07T10:00", "2019-01-07T18:00", "train", ""],
            ROWS[1][:4] + ["2019-01-07T12:00", "2019-01-08T10:00", "train", ""]]
    itinerary = read_itinerary(write_csv(tmp_path / "t.csv", rows))
    assert [(p.row, p.column, p.code, p.severity) for p in itinerary.problems] == [(3, "depart", "overlap", "warning")]
    assert len(itinerary.legs) == 2


def test_same_day_dates_do_not_overlap(tmp_path):
    rows = [ROWS[0][:4] + ["2019-01-07", "2019-01-07", "train", ""],
            ROWS[1][:4] + ["2019-01-07", "2019-01-08", "train", ""]]
    assert read_itinerary(write_csv(tmp_path / "t.csv", rows)).problems == []


def test_duplicate_rows_are_reported_once_and_dropped(tmp_path):
    itinerary = read_itinerary(write_csv(tmp_path / "t.csv", ROWS + [ROWS[1]]))
    assert [(p.row, p.code) for p in itinerary.problems] == [(4, "duplicate")]
    assert len(itinerary.legs) == 2


def test_coordinates_out_of_range_are_reported_and_dropped(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("leader;trip;origin;destination;depart;arrive;mode;origin_lat;origin_lon\n"
                    "Kim Jong Un;t;Pyongyang;Dandong;;;train;39,0194;125,7547\n"
                    "Kim Jong Un;t;Dandong;Beijing;;;train;95;124,39\n", encoding="utf-8")
    itinerary = read_itinerary(path)
    assert [(p.row, p.column, p.code) for p in itinerary.problems] == [(3, "origin_lat", "coord")]
    assert itinerary.legs["origin_lat"].iloc[0] == pytest.approx(39.0194)
    assert pd.isna(itinerary.legs["origin_lat"].iloc[1])
    assert itinerary.legs["origin_lon"].iloc[1] == pytest.approx(124.39)


def test_missing_required_column_is_reported_at_the_header(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("leader,trip,origin,destination,depart,arrive\nKim,t,A,B,,\n")
    itinerary = read_itinerary(path)
    assert [(p.row, p.column, p.code) for p in itinerary.errors] == [(1, "mode", "column")]


def test_unrecognised_header_says_what_was_expected(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("foo,bar\n1,2\n")
    problem = read_itinerary(path).errors[0]
    assert problem.code == "columns" and "expected legs columns" in problem.message


def test_stops_shape_chains_into_legs():
    itinerary = read_itinerary(FIXTURES / "stops_small.csv")
    legs = itinerary.legs
    assert itinerary.problems == []
    assert list(zip(legs["origin"], legs["destination"])) == [
        ("Pyongyang Station", "Dandong Station"), ("Dandong Station", "Beijing Station"),
        ("Beijing Station", "Pyongyang Station")]
    assert legs["depart"].tolist() == ["2019-01-07", "2019-01-07", "2019-01-09"]
    assert legs["arrive"].tolist() == ["2019-01-07", "2019-01-08", "2019-01-10"]
    assert legs["row"].tolist() == [3, 4, 5]     # the row of the stop each leg arrives at
    assert legs["destination_country"].tolist() == ["CN", "CN", "KP"]


def test_stops_and_trips_are_derived_from_legs():
    itinerary = read_itinerary(FIXTURES / "stops_small.csv")
    stops = itinerary.stops
    assert stops["place"].tolist() == ["Pyongyang Station", "Dandong Station", "Beijing Station", "Pyongyang Station"]
    beijing = stops.iloc[2]
    assert (beijing["arrive"], beijing["depart"]) == ("2019-01-08", "2019-01-09")
    assert beijing["hours"] == pytest.approx(24.0)
    trips = itinerary.trips()
    assert trips.loc[0, "legs"] == 3 and trips.loc[0, "start"].day == 7 and trips.loc[0, "end"].day == 10


def test_header_aliases_and_column_mapping(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("Leder;Rejse;Fra;Til;Afgang;Ankomst;Transportmiddel\n"
                    "Kim Jong Un;2019-01 Beijing;Pyongyang;Beijing;2019-01-07;2019-01-08;tog\n", encoding="utf-8")
    assert read_itinerary(path).legs["destination"].tolist() == ["Beijing"]
    custom = tmp_path / "c.csv"
    custom.write_text("wer,was,a,b,t1,t2,wie\nKim,x,P,B,2019-01-07,2019-01-08,Zug\n")
    recipe = ImportRecipe(columns={"wer": "leader", "was": "trip", "a": "origin", "b": "destination",
                                   "t1": "depart", "t2": "arrive", "wie": "mode"})
    legs = read_itinerary(custom, recipe=recipe).legs
    assert legs.loc[0, ["leader", "origin", "mode"]].tolist() == ["Kim", "P", "train"]


def test_ragged_rows_keep_their_cells_and_warn(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("leader,trip,origin,destination,depart,arrive,mode\n"
                    "Kim,t,A,B,2019-01-07,2019-01-07,train,EXTRA\n"
                    "Kim,t,B,C,2019-01-08\n")
    itinerary = read_itinerary(path)
    assert [(p.row, p.code, p.severity) for p in itinerary.problems] == [(2, "ragged", "warning"),
                                                                        (3, "mode", "warning")]
    # the short row's mode was not given: kept as unknown, not dropped
    assert itinerary.legs["destination"].tolist() == ["B", "C"]
    assert itinerary.legs["mode"].tolist() == ["train", "unknown"]
