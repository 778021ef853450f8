"""CSV exports that open cleanly in Excel and cannot run formulas.

Excel needs a UTF-8 byte-order mark to read accents and Korean/Chinese names
correctly. A cell beginning with =, +, -, @, tab or carriage return is read as a
formula by Excel, LibreOffice and Google Sheets ("CSV injection", OWASP), so such
text cells get a leading single quote. Columns with a numeric dtype are written as
numbers and left alone: -33.9 in `origin_lat` stays a number.

The file is comma-separated, but a spreadsheet in a semicolon locale (or one told to
split on tabs or bars) cuts a cell `x;=cmd|' /C calc'!A0` into `x` and a formula, and
quotes do not help a reader whose delimiter is not the file's (a quote only opens a cell
right after that reader's delimiter). So a formula start right after any such character
(`,` `;` tab `|` `"` or a line break, and spaces) also gets a single quote before it:
`x;'=cmd|…`. Cells holding those characters are quoted as well.
"""
from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The contract's columns in reading order; the *_end_utc helper columns stay internal.
LEG_COLUMNS = (
    "leg_id", "leader", "trip", "seq", "origin", "origin_country", "origin_lat", "origin_lon",
    "destination", "destination_country", "destination_lat", "destination_lon", "via",
    "depart", "arrive", "depart_utc", "arrive_utc", "depart_precision", "arrive_precision",
    "mode", "vehicle", "distance_km", "duration_h", "speed_kmh", "approximate", "corridor",
    "notes", "source", "confidence", "file", "row",
)
# labels are for display: the CSV keeps places as written (and the places CSV has their names)
INTERNAL_COLUMNS = ("depart_end_utc", "arrive_end_utc", "origin_label", "destination_label")
PLACE_COLUMNS = ("query", "name", "lat", "lon", "country", "kind", "source", "confidence", "fuzzy",
                 "alternatives")


# A formula start after a character some spreadsheet splits cells on (and any spaces).
_INNER_FORMULA = re.compile(r'([,;\t|"\r\n][ \t]*)(?=[=+\-@])')


def neutralise(text: str) -> str:
    """Make a text cell inert for spreadsheets: a quote before a formula start at the start of
    the cell and after every character a spreadsheet may split the cell on."""
    text = _INNER_FORMULA.sub(r"\1'", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def legs_csv(legs: pd.DataFrame) -> bytes:
    """The (filtered) legs as CSV bytes: contract columns first, then any extra ones."""
    known = [c for c in LEG_COLUMNS if c in legs.columns]
    extra = [c for c in legs.columns if c not in LEG_COLUMNS and c not in INTERNAL_COLUMNS]
    return frame_csv(legs, known + extra)


def places_csv(places) -> bytes:
    """Resolved places as CSV: a DataFrame, or an iterable of `Place` objects."""
    frame = places if isinstance(places, pd.DataFrame) else _places_frame(places)
    known = [c for c in PLACE_COLUMNS if c in frame.columns]
    return frame_csv(frame, known + [c for c in frame.columns if c not in PLACE_COLUMNS])


def _places_frame(places: Iterable) -> pd.DataFrame:
    rows = []
    for place in places:
        is_record = dataclasses.is_dataclass(place) and not isinstance(place, type)
        row = dataclasses.asdict(place) if is_record else dict(place)
        # a list of candidates does not fit a cell; how many there were does
        row["alternatives"] = len(row.get("alternatives") or [])
        rows.append(row)
    return pd.DataFrame(rows, columns=list(PLACE_COLUMNS) if not rows else None)


def frame_csv(frame: pd.DataFrame, columns: list[str] | None = None) -> bytes:
    """Any DataFrame as Excel-friendly, formula-safe CSV bytes (UTF-8 with BOM)."""
    columns = list(frame.columns) if columns is None else list(columns)
    lines = [csv_line([neutralise(str(c)) for c in columns])]
    formatters = [_formatter(frame[c]) for c in columns]
    for values in zip(*(frame[c].tolist() for c in columns)):
        lines.append(csv_line([fmt(v) for fmt, v in zip(formatters, values)]))
    return "".join(lines).encode("utf-8-sig")


# Characters after which some spreadsheet starts a new cell, or a new line.
SPLITTERS = re.compile('[,;\t|"\r\n]')


def csv_line(cells: list[str]) -> str:
    """One comma-separated line (CRLF) whose cells stay whole under any common delimiter."""
    if cells == [""]:
        return '""\r\n'   # a lone empty cell, not a blank line
    return ",".join('"' + c.replace('"', '""') + '"' if SPLITTERS.search(c) else c for c in cells) + "\r\n"


def _formatter(series: pd.Series):
    if pd.api.types.is_bool_dtype(series):
        return lambda v: "" if _missing(v) else ("true" if v else "false")
    if pd.api.types.is_numeric_dtype(series):
        return _number
    if isinstance(series.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(series):
        return _timestamp
    return lambda v: "" if _missing(v) else neutralise(_text(v))


def _missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _number(value) -> str:
    if _missing(value) or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)   # keep "39.0" a float so a re-import keeps the dtype
    return str(value)


def _timestamp(value) -> str:
    if _missing(value):
        return ""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC")
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return stamp.isoformat()


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
