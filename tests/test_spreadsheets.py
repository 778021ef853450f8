""".xlsx and .ods workbooks read into the table the CSV reader gives: first sheet or one chosen,
date cells and text dates, the row numbers the spreadsheet shows; through the library, the
command line and the app's uploader."""
from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, time

import pytest

from routes.itinerary.itinerary import read_itinerary
from routes.reading.csvfile import read_table
from routes.reading.spreadsheet import sheet_names
from tests.conftest import FIXTURES, ROOT
from tests.fixtures import make_spreadsheets

CSV = FIXTURES / "render_legs.csv"
COMPARED = ["leader", "trip", "seq", "origin", "destination", "depart", "arrive", "depart_precision",
            "arrive_precision", "depart_utc", "depart_end_utc", "arrive_utc", "arrive_end_utc", "mode",
            "source", "notes", "origin_lat", "origin_lon", "destination_lat", "destination_lon"]


def legs_of(itinerary, leader: str):
    legs = itinerary.legs[itinerary.legs["leader"] == leader]
    return legs[COMPARED].reset_index(drop=True)


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_a_workbook_reads_as_its_csv_does_with_the_sheets_row_numbers(suffix):
    path = FIXTURES / f"legs_workbook.{suffix}"
    from_csv = read_itinerary(CSV)
    first = read_itinerary(path)
    assert first.problems == [] and first.files == [path.name]
    # Sheet "Kim" has a blank row 3 between its two legs.
    assert first.legs["row"].tolist() == [2, 4]
    assert set(first.legs["file"]) == {path.name}
    assert legs_of(first, "Kim Jong Un").equals(legs_of(from_csv, "Kim Jong Un"))
    chosen = read_itinerary(path, sheet="Trump")
    assert chosen.problems == [] and chosen.legs["row"].tolist() == [2, 3]
    # Depart typed as a date cell, arrival with a UTC offset typed as text: both as in the CSV.
    assert legs_of(chosen, "Donald Trump").equals(legs_of(from_csv, "Donald Trump"))
    assert chosen.legs["arrive"].tolist()[0] == "2018-06-13T02:11+10:00"


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_the_committed_workbooks_are_what_the_script_writes(tmp_path, suffix):
    written = tmp_path / f"again.{suffix}"
    (make_spreadsheets.write_xlsx if suffix == "xlsx" else make_spreadsheets.write_ods)(written)
    committed = FIXTURES / f"legs_workbook.{suffix}"
    for sheet in ("Kim", "Trump"):
        assert read_table(written, sheet=sheet).records() == read_table(committed, sheet=sheet).records()
    assert sheet_names(written.read_bytes()) == sheet_names(committed.read_bytes()) == ["Kim", "Trump"]


def test_an_unknown_sheet_is_a_problem_naming_the_sheets_there_are():
    itinerary = read_itinerary(FIXTURES / "legs_workbook.xlsx", sheet="Putin")
    [problem] = itinerary.problems
    assert problem.code == "read" and problem.file == "legs_workbook.xlsx"
    assert "'Putin'" in problem.message and "'Kim', 'Trump'" in problem.message
    assert itinerary.legs.empty


def test_damaged_and_old_workbooks_are_problems_not_tracebacks():
    data = (FIXTURES / "legs_workbook.xlsx").read_bytes()
    [damaged] = read_itinerary(data[: len(data) // 2], name="half.xlsx").problems
    assert damaged.code == "read" and "cannot be opened" in damaged.message
    [old] = read_itinerary(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), name="old.xls").problems
    assert old.code == "read" and ".xls" in old.message


def cell_texts(path, sheet=None) -> list[list[str]]:
    table = read_table(path, sheet=sheet)
    return [table.header] + [cells for _, cells in table.records()]


def test_xlsx_cells_become_the_text_a_csv_export_holds(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["when", "what", "how many", "flag", "at"])
    rows = [(datetime(2019, 2, 23, 17, 0), "dd.mm.yyyy hh:mm"),   # a date-time cell
            (datetime(2019, 2, 23), "dd.mm.yyyy"),                # a date cell
            (datetime(2019, 2, 23), 'yyyy-mm-dd "at" hh:mm'),     # midnight, shown with a time
            (datetime(2019, 2, 23, 8, 22, 30), "dd/mm/yy"),       # a time kept though not shown
            (date(2019, 2, 23), "d mmm yyyy")]
    for value, shown in rows:
        sheet.append([value, "train", 3.0, True, time(8, 22)])
        sheet.cell(sheet.max_row, 1).number_format = shown
    sheet.append(["23.02.2019", "typed as text", 39.00472, False, None])
    path = tmp_path / "typed.xlsx"
    book.save(path)
    assert cell_texts(path) == [
        ["when", "what", "how many", "flag", "at"],
        ["2019-02-23T17:00", "train", "3", "TRUE", "08:22"],
        ["2019-02-23", "train", "3", "TRUE", "08:22"],
        ["2019-02-23T00:00", "train", "3", "TRUE", "08:22"],
        ["2019-02-23T08:22:30", "train", "3", "TRUE", "08:22"],
        ["2019-02-23", "train", "3", "TRUE", "08:22"],
        ["23.02.2019", "typed as text", "39.00472", "FALSE", ""]]


def test_ods_cells_become_the_text_a_csv_export_holds(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    def cell(text, **typed):
        element = TableCell(**typed)
        element.addElement(P(text=text))
        return element

    document = OpenDocumentSpreadsheet()
    for name in ("Empty first", "Legs"):
        table = Table(name=name)
        document.spreadsheet.addElement(table)
    header, row, skipped, covered = TableRow(), TableRow(), TableRow(numberrowsrepeated=3), TableRow()
    for text in ("when", "at", "km", "note"):
        header.addElement(cell(text, valuetype="string"))
    row.addElement(cell("23.02.19 17:00", valuetype="date", datevalue="2019-02-23T17:00:00"))
    row.addElement(cell("08:22", valuetype="time", timevalue="PT08H22M00S"))
    row.addElement(cell("1,300", valuetype="float", value="1300.5"))
    note = TableCell(valuetype="string")
    for line in ("two", "lines"):
        note.addElement(P(text=line))
    row.addElement(note)
    skipped.addElement(TableCell())
    covered.addElement(cell("2019-02-23", valuetype="date", datevalue="2019-02-23"))
    covered.addElement(TableCell(numbercolumnsrepeated=2))
    covered.addElement(cell("after a gap", valuetype="string"))
    table = document.spreadsheet.getElementsByType(Table)[1]
    for element in (header, row, skipped, covered):
        table.addElement(element)
    path = tmp_path / "typed.ods"
    document.save(str(path))
    assert sheet_names(path.read_bytes()) == ["Empty first", "Legs"]
    read = read_table(path, sheet="Legs")
    assert read.header == ["when", "at", "km", "note"]
    assert read.records() == [(2, ["2019-02-23T17:00", "08:22", "1300.5", "two\nlines"]),
                              (6, ["2019-02-23", "", "", "after a gap"])]


def test_kim_hanoi_workbook_from_a_newsroom(shared_dir):
    path = shared_dir / "data" / "uploads" / "kim_2019_hanoi.xlsx"
    itinerary = read_itinerary(path)
    assert itinerary.problems == []
    legs = itinerary.legs.sort_values("row")
    assert legs["row"].tolist() == [2, 3, 4, 5, 6]
    first = legs.iloc[0]
    # A date-time cell is read to the minute, a date cell as the whole day.
    assert (first["depart"], first["depart_precision"]) == ("2019-02-23T17:00", "minute")
    assert (first["arrive"], first["arrive_precision"]) == ("2019-02-23", "day")
    assert legs.iloc[1]["arrive"] == "2019-02-26T08:22"
    notes = read_itinerary(path, sheet="Notes")
    assert notes.legs.empty and [p.code for p in notes.problems] == ["columns"]


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "routes", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_the_command_line_reads_a_chosen_sheet(tmp_path):
    ods = FIXTURES / "legs_workbook.ods"
    checked = run_cli("validate", ods, "--sheet", "Trump")
    assert checked.returncode == 0, checked.stderr
    assert "0 errors, 0 warnings, 2 legs kept" in checked.stderr
    missing = run_cli("validate", ods, "--sheet", "Nope")
    assert missing.returncode == 1 and "no sheet named 'Nope'" in missing.stderr
    out = tmp_path / "trump.geojson"
    rendered = run_cli("render", FIXTURES / "legs_workbook.xlsx", "--sheet", "Trump", "--out", out)
    assert rendered.returncode == 0, rendered.stderr
    assert "Andersen Air Force Base" in out.read_text()


@pytest.mark.slow
def test_the_uploader_takes_a_workbook_and_offers_its_sheets():
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.run()
    data = (FIXTURES / "legs_workbook.xlsx").read_bytes()
    app.file_uploader(key="upload").set_value(("legs.xlsx", data, "application/octet-stream")).run()
    assert not app.exception, app.exception
    assert app.selectbox(key="sheet").options == ["Kim", "Trump"]
    legs = [d.value for d in app.dataframe if "Departs" in d.value.columns]
    assert len(legs) == 1 and set(legs[0]["Leader"]) == {"Kim Jong Un"} and len(legs[0]) == 2
    app.selectbox(key="sheet").set_value("Trump").run()
    assert not app.exception, app.exception
    legs = [d.value for d in app.dataframe if "Departs" in d.value.columns]
    assert set(legs[0]["Leader"]) == {"Donald Trump"} and len(legs[0]) == 2


def test_a_workbook_that_unpacks_far_beyond_its_size_is_refused(tmp_path, monkeypatch):
    import openpyxl

    from routes.reading import csvfile

    monkeypatch.setattr(csvfile, "MAX_BYTES", 64 * 1024)   # so 512 KB unpacked at most
    book = openpyxl.Workbook()
    book.active.append(["leader", "trip", "origin", "destination", "depart", "arrive", "mode"])
    for _ in range(30):
        book.active.append(["x" * 30_000])
    path = tmp_path / "bomb.xlsx"
    book.save(path)
    assert path.stat().st_size < 64 * 1024
    itinerary = read_itinerary(path)
    assert [(p.code, p.row) for p in itinerary.problems] == [("limit", None)]
    assert "unpacks to" in itinerary.problems[0].message and itinerary.legs.empty


def test_a_sheet_with_more_rows_than_the_limit_is_refused(tmp_path, monkeypatch):
    import openpyxl

    from routes.reading import csvfile

    monkeypatch.setattr(csvfile, "MAX_ROWS", 5)
    book = openpyxl.Workbook()
    book.active.append(["leader", "trip", "origin", "destination", "depart", "arrive", "mode"])
    for day in range(1, 8):
        book.active.append(["A", "t", "X", "Y", f"2019-01-0{day}", f"2019-01-0{day}", "car"])
    path = tmp_path / "long.xlsx"
    book.save(path)
    [problem] = read_itinerary(path).problems
    assert problem.code == "limit" and "more than 5 rows" in problem.message


def test_a_workbook_whose_sheet_is_damaged_is_a_problem(tmp_path):
    import zipfile

    source = FIXTURES / "legs_workbook.xlsx"
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(damaged, "w") as new:
        for member in old.infolist():
            data = old.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]   # cut off in the middle of the rows
            new.writestr(member, data)
    [problem] = read_itinerary(damaged).problems
    assert problem.code == "read" and "could not read sheet 'Kim'" in problem.message


def test_an_ods_cut_off_inside_its_rows_is_refused_not_read_in_part(tmp_path, capfd):
    import zipfile

    source = FIXTURES / "legs_workbook.ods"
    damaged = tmp_path / "damaged.ods"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(damaged, "w") as new:
        for member in old.infolist():
            data = old.read(member)
            if member.filename == "content.xml":   # the first sheet's second leg is lost
                data = data[: data.index(b"visit ran 7-10 January")]
            new.writestr(member, data)
    itinerary = read_itinerary(damaged)
    [problem] = itinerary.problems
    assert problem.code == "read" and "content.xml cannot be parsed" in problem.message
    assert itinerary.legs.empty
    assert "SAX" not in capfd.readouterr().out   # and nothing printed over a CLI's JSON


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_damaged_workbooks_never_raise_print_or_read_in_part(suffix, capfd):
    import io
    import random
    import zipfile

    rng = random.Random(11)
    source = zipfile.ZipFile(FIXTURES / f"legs_workbook.{suffix}")
    members = [(info, source.read(info)) for info in source.infolist()]
    for _ in range(60):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for info, data in members:
                if rng.random() < 0.5:   # a few bytes of some parts changed
                    data = bytearray(data)
                    for _ in range(rng.randint(1, 5)):
                        data[rng.randrange(len(data))] = rng.choice(b'<>"/= abc019.-T:')
                archive.writestr(info, bytes(data))
        itinerary = read_itinerary(out.getvalue(), name=f"damaged.{suffix}")
        # Either the workbook is refused as a whole, or both rows of its first sheet are a leg
        # or refused with a reason (a changed digit may renumber a row: r="4" → r="3").
        if not any(p.code in ("read", "columns") for p in itinerary.problems):
            accounted = set(itinerary.legs["row"]) | {p.row for p in itinerary.errors}
            assert len(accounted) >= 2, itinerary.problems
    assert capfd.readouterr().out == ""
