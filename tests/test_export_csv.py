import csv
import io
import re

import pandas as pd
import pytest

from routes.export.csvout import frame_csv, legs_csv, neutralise, places_csv
from routes.itinerary.itinerary import read_itinerary
from routes.places.place import Candidate, Place

HOSTILE = [
    ("notes", '=HYPERLINK("http://example.invalid","click")'),
    ("vehicle", "+1+2"),
    ("origin", "@SUM(A1:A2)"),
    ("trip", "-2+3"),
    ("destination", "\t=1"),
]


def _rows(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def hostile_legs(tmp_path):
    path = tmp_path / "hostile.csv"
    path.write_text(
        "leader,trip,origin,destination,depart,arrive,mode,vehicle,notes,origin_lat,origin_lon,"
        "destination_lat,destination_lon\n"
        'Kim Jong Un,-2+3,@SUM(A1:A2),"\t=1",2019-01-07,2019-01-08,train,+1+2,'
        '"=HYPERLINK(""http://example.invalid"",""click"")",39.00472,125.73639,-33.9,-157.9225\n',
        encoding="utf-8")
    itinerary = read_itinerary(path)
    assert len(itinerary.legs) == 1, [p.format() for p in itinerary.problems]
    return itinerary.legs


def test_formula_cells_get_a_leading_quote(hostile_legs):
    row = _rows(legs_csv(hostile_legs))[0]
    for column, _ in HOSTILE:
        assert row[column].startswith("'"), (column, row[column])
    assert row["notes"] == "'" + HOSTILE[0][1]


def test_numbers_in_numeric_columns_stay_numbers(hostile_legs):
    row = _rows(legs_csv(hostile_legs))[0]
    assert row["destination_lat"] == "-33.9"
    assert float(row["destination_lon"]) == pytest.approx(-157.9225)
    assert row["seq"] == "1"


def test_columns_follow_the_contract_and_internal_ones_are_dropped(hostile_legs):
    header = next(csv.reader(io.StringIO(legs_csv(hostile_legs).decode("utf-8-sig"))))
    assert header[:4] == ["leg_id", "leader", "trip", "seq"]
    assert "depart_end_utc" not in header and "arrive_end_utc" not in header
    assert set(hostile_legs.columns) - {"depart_end_utc", "arrive_end_utc"} <= set(header)


def test_times_are_iso_utc_and_missing_values_empty(hostile_legs):
    row = _rows(legs_csv(hostile_legs))[0]
    assert row["depart_utc"] == "2019-01-07T00:00:00Z"
    assert row["via"] == "" and row["confidence"] == ""


def test_neutralise_leaves_ordinary_text_alone():
    assert neutralise("Pyongyang") == "Pyongyang"
    assert neutralise("평양역") == "평양역"
    assert neutralise("a=b") == "a=b"
    assert neutralise("\r=cmd") == "'\r'=cmd"   # the line break may end a row for a reader
    assert neutralise("2019-01-07; Hanoi") == "2019-01-07; Hanoi"


def test_text_with_separators_quotes_and_newlines_survives_a_round_trip():
    frame = pd.DataFrame({"notes": ['said "hi", left;\nnext day', "Москва, 北京"], "n": [1.5, -2.0]})
    rows = _rows(frame_csv(frame))
    assert [r["notes"] for r in rows] == list(frame["notes"])
    assert [float(r["n"]) for r in rows] == [1.5, -2.0]


def test_places_csv_from_place_objects():
    places = [Place("Sunan", "Pyongyang Sunan International Airport", 39.22, 125.67, "KP", "airport",
                    "airport", 0.9, alternatives=[Candidate("x", 1.0, 2.0, "CN", "city", "gazetteer")]),
              Place.unresolved("=cmd()")]
    rows = _rows(places_csv(places))
    assert rows[0]["name"] == "Pyongyang Sunan International Airport"
    assert rows[0]["alternatives"] == "1"
    assert rows[1]["query"] == "'=cmd()" and rows[1]["lat"] == ""


def test_places_csv_from_a_dataframe_keeps_negative_longitudes_numeric():
    frame = pd.DataFrame({"query": ["Hickam"], "name": ["Joint Base Pearl Harbor-Hickam"],
                          "lat": [21.31861], "lon": [-157.9225], "country": ["US"]})
    row = _rows(places_csv(frame))[0]
    assert row["lon"] == "-157.9225" and row["country"] == "US"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BY_DELIMITER = [";=cmd|' /C calc'!A0;", "x\t=1+1", "a|=HYPERLINK(\"http://e.invalid\")", 'q"=1+1',
                "Seoul; -2 °C;+3", "a,=1", "line\n=2", "b;@SUM(1)"]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_no_cell_is_a_formula_whatever_delimiter_the_spreadsheet_splits_on(delimiter):
    frame = pd.DataFrame({"text": BY_DELIMITER, "lat": [-33.9] * len(BY_DELIMITER),
                          "other": [f"{p} #{n}" for n, p in enumerate(BY_DELIMITER)]})
    data = frame_csv(frame).decode("utf-8-sig")
    # csv.reader honours quotes as Excel, LibreOffice and Sheets do, with any delimiter
    for row in csv.reader(io.StringIO(data, newline=""), delimiter=delimiter):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS) or _is_number(cell), (delimiter, cell, data)
    if delimiter == ",":   # the comma reading gives every cell back whole, with the quotes added
        back = pd.read_csv(io.StringIO(data), dtype={"text": str})["text"].tolist()
        assert [unneutralised(cell) for cell in back] == BY_DELIMITER


def unneutralised(cell: str) -> str:
    """The cell without the quotes the export put before formula starts."""
    cell = re.sub("([,;\t|\"\r\n][ \t]*)'(?=[=+\\-@])", r"\1", cell)
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell
