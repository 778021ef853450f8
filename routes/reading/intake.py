"""What a file is, from its first kilobytes: refused early when it cannot be an itinerary.

An empty file, an image, a PDF, an archive or a program would otherwise reach the column
mapping step ("map your columns" over a header of garbage). These checks read the start of
the file only (and a zip's directory), so a refusal costs nothing however big the file.
A zip is refused only when it is not a spreadsheet workbook: .xlsx and .ods are zips, and
``spreadsheet_kind`` names them for the reader that handles them.
"""

from __future__ import annotations

import io
import zipfile

HEAD_BYTES = 64 * 1024

# Leading bytes of formats people upload by mistake (file(1)'s magic numbers).
MAGIC = {
    b"%PDF-": "a PDF document", b"\x89PNG\r\n\x1a\n": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image", b"GIF89a": "a GIF image", b"\x1f\x8b": "a gzip archive",
    b"\xfd7zXZ\x00": "an xz archive", b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"Rar!\x1a\x07": "a RAR archive", b"\x7fELF": "a program", b"MZ\x90\x00": "a Windows program",
    b"SQLite format 3\x00": "an SQLite database",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an old Excel workbook (.xls) or other Office file",
}
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TEXT_CONTROLS = set(range(0x20)) - {0x09, 0x0A, 0x0D}


def spreadsheet_kind(data: bytes) -> str | None:
    """'xlsx' or 'ods' when ``data`` is such a workbook (a zip with its marker), else None."""
    if not data.startswith(ZIP_MAGIC):
        return None
    if ODS_MIMETYPE in data[:200]:   # ODF stores its mimetype first, uncompressed
        return "ods"
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())   # the central directory only
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names and "content.xml" in names:
        return "ods"
    return None


def refusal(data: bytes) -> str | None:
    """Why ``data`` cannot be an itinerary's CSV text (a phrase), or None when it may be one."""
    head = data[:HEAD_BYTES]
    if not head.strip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n"):
        return "the file is empty"
    if head.startswith(ZIP_MAGIC):
        kind = spreadsheet_kind(data)
        if kind:
            return f"an {kind} workbook, not CSV text; save it as CSV (UTF-8) and upload that"
        return "a zip archive, not a CSV file or a spreadsheet; unpack it and upload the CSV"
    for magic, what in MAGIC.items():
        if head.startswith(magic):
            return f"{what}, not a CSV file"
    if _mostly_binary(head):
        return "binary data, not CSV text (its first line is control codes)"
    return None


def _mostly_binary(head: bytes) -> bool:
    """Control codes in the first line (a header is text) and more than a tenth of the first
    kilobyte, and not UTF-16 text (whose every other byte is zero). A CSV with a stray
    control code in a cell is read, and the cell reported."""
    sample = head[:1024]
    if len(sample) < 16:
        return False
    zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(zeros_even, zeros_odd) > 0.4 * len(sample) / 2 and min(zeros_even, zeros_odd) < 0.05 * len(sample) / 2:
        return False   # UTF-16
    first_line = sample.split(b"\n", 1)[0]
    if not any(byte in _TEXT_CONTROLS for byte in first_line):
        return False
    return sum(1 for byte in sample if byte in _TEXT_CONTROLS) > len(sample) / 10
