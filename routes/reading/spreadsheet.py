"""Itineraries kept in spreadsheets: .xlsx (openpyxl) and .ods (odfpy) read into the table the
CSV reader gives, so that validation, numbering and messages are the same.

One sheet is read, the first unless one is named. Each cell becomes the text a CSV export of
it would hold: a date cell its ISO date, a date-time cell (a date with a time, or a format that
shows one) its ISO date and time, a number its shortest exact form, text as typed. Rows keep
the numbers the spreadsheet shows beside them, blank rows included.
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time, timedelta

from routes.reading import refusal
from routes.reading.refusal import CsvLimitError

XLSX, ODS = "xlsx", "ods"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # the container of .xls, .doc and other old Office files


class SpreadsheetError(ValueError):
    """The workbook cannot be read, or has no sheet of the name asked for."""


class DamagedWorkbookError(SpreadsheetError):
    """A workbook by its look that cannot be opened (truncated, corrupt)."""


def spreadsheet_kind(data: bytes) -> str | None:
    """XLSX or ODS when ``data`` is such a workbook (told by its content, not its name), None
    when it is text; SpreadsheetError for an archive or an old binary Office file."""
    if data.startswith(_OLE2):
        raise SpreadsheetError("this is an old binary Office file (such as .xls); "
                               "save it as .xlsx, .ods or CSV and read that")
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return XLSX
            if "content.xml" in names and "mimetype" in names and \
                    archive.read("mimetype").strip() == _ODS_MIMETYPE:
                return ODS
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise DamagedWorkbookError(f"this looks like an .xlsx or .ods workbook but cannot be opened ({exc})") from None
    raise SpreadsheetError("this is a zip archive but not an .xlsx or .ods workbook; "
                           "save the itinerary as .xlsx, .ods or CSV")


def sheet_names(data: bytes, max_bytes: int | None = None) -> list[str]:
    """The workbook's sheets in order; [] when ``data`` is text. ``max_bytes``: the largest file
    read (by default the configured limit), which bounds what the workbook may unpack to."""
    kind = spreadsheet_kind(data)
    if kind is None:
        return []
    return _open(data, kind, refusal.MAX_BYTES if max_bytes is None else max_bytes)[0]


def sheet_records(data: bytes, kind: str, sheet: str | None, max_rows: int,
                  max_bytes: int) -> tuple[str, list[list[str]]]:
    """The sheet read (its name) and its rows as text cells, row i of the sheet at index i - 1
    (a blank row is an empty list); trailing empty cells are left out."""
    names, rows_of = _open(data, kind, max_bytes)
    if not names:
        raise SpreadsheetError("the workbook has no sheets")
    if sheet is None:
        sheet = names[0]
    elif sheet not in names:
        raise SpreadsheetError(f"no sheet named {sheet!r}; the sheets are " + ", ".join(repr(n) for n in names))
    records: list[list[str]] = []
    try:   # the sheet itself is parsed only now, row by row
        for number, cells in rows_of(sheet):
            if number > max_rows + 1:
                raise CsvLimitError(f"sheet {sheet!r} has more than {max_rows:,} rows "
                                    "(set LEADER_ROUTES_MAX_ROWS to raise the limit)")
            records.extend([] for _ in range(number - 1 - len(records)))
            records.append(cells)
    except CsvLimitError:
        raise
    except Exception as exc:   # a damaged sheet fails in many ways deep inside either library
        raise SpreadsheetError(f"could not read sheet {sheet!r} ({type(exc).__name__}: {exc})") from None
    return sheet, records


# A workbook is a zip archive: 50 MB of it may unpack to gigabytes (a "zip bomb"), which either
# library would hold in memory. Real workbooks unpack to a few times their size.
UNPACKED_PER_BYTE = 8


def _check_unpacked_size(data: bytes, max_bytes: int) -> None:
    limit = UNPACKED_PER_BYTE * max_bytes
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # Reading a member stops at its declared size, so the declared sizes bound what is read.
        unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > limit:
        raise CsvLimitError(
            f"the workbook unpacks to {unpacked / 1e6:.0f} MB, above the limit of {limit / 1e6:.0f} MB "
            f"({UNPACKED_PER_BYTE} × LEADER_ROUTES_MAX_BYTES; set it to raise the limit)")


def _open(data: bytes, kind: str, max_bytes: int):
    _check_unpacked_size(data, max_bytes)
    try:
        return _open_xlsx(data) if kind == XLSX else _open_ods(data)
    except SpreadsheetError:
        raise
    except Exception as exc:   # a damaged workbook fails in many ways deep inside either library
        raise SpreadsheetError(f"could not read the workbook ({type(exc).__name__}: {exc})") from None


# -- xlsx -----------------------------------------------------------------------------------

def _open_xlsx(data: bytes):
    import openpyxl

    # Read-only streams the sheet; data_only gives a formula's last computed value, as shown.
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)

    def rows_of(sheet: str):
        worksheet = book[sheet]
        worksheet.reset_dimensions()   # some writers store a wrong sheet size; read what is there
        for number, row in enumerate(worksheet.iter_rows(), start=1):
            cells = _trimmed([_xlsx_text(cell.value, getattr(cell, "number_format", "")) for cell in row])
            if cells:
                yield number, cells

    return list(book.sheetnames), rows_of


_FORMAT_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _shows_time(number_format: str) -> bool:
    """Whether an Excel number format shows a time of day (hours or seconds)."""
    bare = _FORMAT_LITERALS.sub("", number_format or "").lower()
    return "h" in bare or "s" in bare


def _xlsx_text(value, number_format: str) -> str:
    if isinstance(value, datetime):
        if _shows_time(number_format) or value.time() != time(0):
            return _date_time(value)
        return value.date().isoformat()
    return _text(value)


# -- ods ------------------------------------------------------------------------------------

def _open_ods(data: bytes):
    from odf.namespaces import OFFICENS, TABLENS
    from odf.opendocument import load
    from odf.table import Table

    _check_well_formed(data)
    document = load(io.BytesIO(data))
    tables = {t.getAttrNS(TABLENS, "name"): t for t in document.spreadsheet.getElementsByType(Table)}

    def rows_of(sheet: str):
        number = 0
        for row in _ods_rows(tables[sheet], TABLENS):
            repeat = int(row.getAttrNS(TABLENS, "number-rows-repeated") or 1)
            cells = _trimmed(_ods_cells(row, TABLENS, OFFICENS))
            if cells:   # an empty row repeated a million times (a sheet's end) is never expanded
                for _ in range(repeat):
                    number += 1
                    yield number, list(cells)
            else:
                number += repeat

    return list(tables), rows_of


def _check_well_formed(data: bytes) -> None:
    """odfpy prints a part it cannot parse to stdout and goes on with what it read up to the
    fault: rows after it would be lost without a word. So the parts it reads are parsed first,
    as it parses them (namespace-aware, after its own repair of missing declarations)."""
    from xml.sax import SAXException, handler

    import odf.opendocument
    from defusedxml.sax import make_parser

    repair = vars(odf.opendocument).get("__fixXmlPart", lambda text: text)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        for part in ("settings.xml", "meta.xml", "content.xml", "styles.xml"):
            if part not in names:
                continue
            parser = make_parser()
            parser.setFeature(handler.feature_namespaces, 1)
            parser.setFeature(handler.feature_external_ges, 0)
            parser.setContentHandler(handler.ContentHandler())
            try:
                parser.parse(io.BytesIO(repair(archive.read(part).decode("utf-8")).encode("utf-8")))
            except (SAXException, UnicodeDecodeError) as exc:
                raise SpreadsheetError(f"the workbook is damaged: {part} cannot be parsed ({exc})") from None


def _ods_rows(element, tablens: str):
    """The table's rows in order, also those inside header-row and row-group elements."""
    for child in element.childNodes:
        if child.qname == (tablens, "table-row"):
            yield child
        elif child.qname[0] == tablens and child.qname[1] in ("table-header-rows", "table-row-group", "table-rows"):
            yield from _ods_rows(child, tablens)


def _ods_cells(row, tablens: str, officens: str) -> list[str]:
    cells: list[str] = []
    empty = 0   # empty cells not yet written: a row's end repeats one for thousands of columns
    for cell in row.childNodes:
        if cell.qname not in ((tablens, "table-cell"), (tablens, "covered-table-cell")):
            continue
        repeat = int(cell.getAttrNS(tablens, "number-columns-repeated") or 1)
        text = _ods_text(cell, officens)
        if text == "":
            empty += repeat
            continue
        cells.extend([""] * empty + [text] * repeat)
        empty = 0
    return cells


def _ods_text(cell, officens: str) -> str:
    from odf import teletype
    from odf.text import P

    kind = cell.getAttrNS(officens, "value-type")
    if kind in ("float", "percentage", "currency"):
        return _text(float(cell.getAttrNS(officens, "value")))
    if kind == "date":
        written = cell.getAttrNS(officens, "date-value")
        return written if "T" not in written else _date_time(datetime.fromisoformat(written))
    if kind == "time":
        return _duration_as_time(cell.getAttrNS(officens, "time-value"))
    if kind == "boolean":
        return "TRUE" if cell.getAttrNS(officens, "boolean-value") == "true" else "FALSE"
    return "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))


def _duration_as_time(written: str) -> str:
    """ODF's time value (PT17H05M00S) as the time a sheet shows (17:05)."""
    found = re.fullmatch(r"-?PT(\d+)H(\d+)M(\d+(?:\.\d+)?)S", written or "")
    if not found:
        return written or ""
    hours, minutes, seconds = int(found[1]), int(found[2]), round(float(found[3]))
    return f"{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


# -- both -----------------------------------------------------------------------------------

def _trimmed(cells: list[str]) -> list[str]:
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def _date_time(value: datetime) -> str:
    # Spreadsheets keep times as fractions of a day: 17:00 may come back a microsecond short.
    value = (value + timedelta(microseconds=500_000)).replace(microsecond=0)
    return value.isoformat(timespec="seconds" if value.second else "minutes")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return _date_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)
