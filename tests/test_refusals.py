"""Refusals are cheap and clear: a file that cannot be an itinerary is refused from its first
kilobytes (empty, binary, an archive that is not a workbook), too many rows are refused while
the file is streamed, before rows are built, and the page says so for every refused file and
every link parameter it cannot honour."""
from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from routes.itinerary.itinerary import read_itinerary
from routes.reading import csvfile, intake
from routes.reading.csvfile import CsvRefusedError, read_header
from tests.conftest import ROOT

HEADER = b"leader,trip,origin,destination,depart,arrive,mode,notes\r\n"
ROW = b"Kim,T,Pyongyang,Beijing,2019-01-01,2019-01-02,train,n\r\n"


def _zip(**members: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/"), data)
    return out.getvalue()


REFUSED = {
    "empty.csv": (b"", "empty"),
    "blank.csv": (b"\xef\xbb\xbf \r\n\r\n", "empty"),
    "photo.csv": (b"\x89PNG\r\n\x1a\n" + bytes(2000), "PNG image"),
    "report.csv": (b"%PDF-1.7\n" + b"x" * 100, "PDF"),
    "old.csv": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ".xls"),
    "archive.csv": (_zip(**{"legs.csv": HEADER + ROW}), "zip archive"),
    "noise.csv": (bytes(range(1, 32)) * 40, "binary data"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_files_that_cannot_be_itineraries_are_refused_with_one_file_problem(name):
    data, reason = REFUSED[name]
    itinerary = read_itinerary(data, name=name)
    assert [(p.code, p.row, p.column) for p in itinerary.problems] == [("read", None, None)]
    assert reason in itinerary.problems[0].message and name in itinerary.problems[0].message
    with pytest.raises(CsvRefusedError, match=reason.replace(".", r"\.")):
        read_header(data, name)


def test_workbooks_are_zips_that_are_not_refused_as_archives():
    xlsx = _zip(**{"[Content_Types].xml": b"<Types/>", "xl__workbook.xml": b"<workbook/>"})
    ods = _zip(mimetype=intake.ODS_MIMETYPE, **{"content.xml": b"<office/>"})
    assert intake.spreadsheet_kind(xlsx) == "xlsx" and intake.spreadsheet_kind(ods) == "ods"
    assert intake.spreadsheet_kind(_zip(**{"a.csv": b"x"})) is None
    for data in (xlsx, ods):   # named for what they are, so the workbook reader can take them
        assert "workbook" in intake.refusal(data) and "zip archive" not in intake.refusal(data)


def test_text_files_with_stray_control_codes_are_read_not_refused():
    data = HEADER + b"".join(b"Kim,T%d,Pyongyang,Beijing,2019-01-01,2019-01-02,train,\x07\x1b\x00\x01\x02\r\n" % i
                             for i in range(5))
    assert intake.refusal(data) is None
    assert len(read_itinerary(data, name="stray.csv").legs) == 5
    assert intake.refusal("leader\ttrip\r\n".encode("utf-16")) is None   # UTF-16 is text


def test_nul_characters_are_reported_with_row_and_column():
    data = HEADER + ROW + b"Kim,T2,Pyong\x00yang,Beijing,2019-01-01,2019-01-02,train,n\x00\r\n"
    notes = [p.message for p in read_itinerary(data, name="nul.csv").problems]
    assert notes == ["NUL characters were removed at row 3, column 'origin'"]


def test_the_header_is_read_from_the_first_kilobytes_only(monkeypatch):
    data = b"Land;Name;Ank\xc3\xbcnft\r\n" + b"x;y;z\r\n" * 200_000      # 1.4 MB, UTF-8
    tracemalloc.start()
    header = read_header(data, "big.csv")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert header == ["Land", "Name", "Ankünft"]
    assert peak < 1_000_000, peak                                       # not the file's rows
    utf16 = "a\tb\tc\r\n".encode("utf-16") + "1\t2\t3\r\n".encode("utf-16-le") * 20_000
    assert read_header(utf16, "u.csv") == ["a", "b", "c"]


def test_too_many_rows_are_refused_while_streaming_before_rows_are_built(monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_ROWS", 1000)
    data = HEADER + ROW * 20_000
    built = []
    monkeypatch.setattr(csvfile, "_parse", lambda *a: built.append(1))
    tracemalloc.start()
    itinerary = read_itinerary(data, name="many.csv")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [p.code for p in itinerary.problems] == ["limit"] and not built
    assert peak < 6 * len(data), (peak, len(data))


# -- in the page -----------------------------------------------------------------------------

def _app(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="upload").set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("name", ["empty.csv", "photo.csv", "archive.csv", "noise.csv"])
def test_a_refused_upload_says_why_and_shows_no_other_data(name):
    at = _upload(_app(), name, REFUSED[name][0])
    errors = " ".join(e.value for e in at.error)
    assert REFUSED[name][1] in errors
    assert not at.dataframe and not at.info                    # no bundled journeys, no mapping step


def test_a_file_above_the_byte_limit_is_refused_in_the_page(monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_BYTES", 4096)
    at = _upload(_app(), "big.csv", HEADER + ROW * 200)
    assert "above the limit" in " ".join(e.value for e in at.error)
    assert not at.dataframe


def test_too_many_rows_are_refused_in_the_page(monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_ROWS", 50)
    at = _upload(_app(), "many.csv", HEADER + ROW * 60)
    assert "more than 50 rows" in " ".join(e.value for e in at.error)
    assert not at.dataframe


def test_link_parameters_the_page_cannot_honour_get_a_notice():
    at = _app(src="upload", t="1990-01-01T00:00Z")
    notices = " ".join(w.value for w in at.warning)
    assert "uploaded file" in notices and "outside the data" in notices
