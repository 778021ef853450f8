"""The itinerary: legs of leaders' journeys, validated, with every problem located.

``read_itinerary`` accepts either CSV shape (legs or stops, see ``routes.reading.schema``), keeps every
row it can use, and reports every row it cannot with file, row, column and value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from routes.itinerary.chaining import chain_stops, order_legs, stop_records
from routes.itinerary.problems import ERROR, WARNING, Problem
from routes.itinerary.validation import Context, parse_frame
from routes.reading.collector import gc_paused
from routes.reading.csvfile import CsvLimitError, CsvRefusedError, read_table
from routes.reading.schema import COLUMNS, LEGS, ImportRecipe, canonical, detect_shape, header_key, missing_columns
from routes.reading.spreadsheet import SpreadsheetError

TEXT_COLUMNS = ("leg_id", "leader", "trip", "origin", "destination", "origin_country",
                "destination_country", "via", "depart", "arrive", "depart_precision",
                "arrive_precision", "mode", "vehicle", "notes", "source", "confidence", "file")
FLOAT_COLUMNS = ("origin_lat", "origin_lon", "destination_lat", "destination_lon")
TIME_COLUMNS = ("depart_utc", "depart_end_utc", "arrive_utc", "arrive_end_utc")
LEG_FRAME_COLUMNS = TEXT_COLUMNS[:2] + ("seq",) + TEXT_COLUMNS[2:] + FLOAT_COLUMNS + TIME_COLUMNS + ("row",)


@dataclass
class Itinerary:
    legs: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    rows_read: int = 0   # data rows in the file(s), for the account of what became of each

    def row_account(self) -> dict[str, int]:
        """What became of every data row read: kept, kept with a warning, refused (with a reason)."""
        refused = {(p.file, p.row) for p in self.problems if p.severity == ERROR and p.row and p.row > 1}
        warned = {(p.file, p.row) for p in self.problems if p.severity == WARNING and p.row and p.row > 1} - refused
        return {"read": self.rows_read, "kept": self.rows_read - len(refused), "warned": len(warned),
                "refused": len(refused)}

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @cached_property
    def stops(self) -> pd.DataFrame:
        from routes.itinerary.stops import stops_of
        return stops_of(self.legs)

    def leaders(self) -> list[str]:
        return sorted(self.legs["leader"].unique().tolist())

    def trips(self) -> pd.DataFrame:
        """One row per (leader, trip): first departure, last arrival, legs and modes."""
        from routes.itinerary.stops import trips_of
        return trips_of(self.legs)

    def with_legs(self, legs: pd.DataFrame, problems: Sequence[Problem] = ()) -> Itinerary:
        return Itinerary(legs, self.problems + list(problems), list(self.files), self.rows_read)

    @classmethod
    def concat(cls, parts: list[Itinerary]) -> Itinerary:
        parts = list(parts)
        if not parts:
            return cls(empty_legs())
        legs = pd.concat([p.legs for p in parts], ignore_index=True)
        return cls(legs, [q for p in parts for q in p.problems], [f for p in parts for f in p.files],
                   sum(p.rows_read for p in parts))


def empty_legs() -> pd.DataFrame:
    return legs_frame([])


def read_itinerary(source, name: str | None = None, recipe: ImportRecipe | None = None,
                   sheet: str | None = None) -> Itinerary:
    """Read one CSV or spreadsheet (path, bytes or file object) of either shape into an
    Itinerary; a workbook's first sheet, or ``sheet``."""
    # One pause of the cyclic collector for the whole read: the file's rows (a list per row)
    # are gone before it runs again, instead of being walked once more when reading ends.
    with gc_paused():
        return _read_itinerary(source, name, recipe, sheet)


def _read_itinerary(source, name: str | None, recipe: ImportRecipe | None, sheet: str | None) -> Itinerary:
    shown = name or (Path(source).name if isinstance(source, (str, Path))
                     else Path(str(getattr(source, "name", "") or "upload.csv")).name)
    try:
        table = read_table(source, shown, sheet)
    except SpreadsheetError as exc:
        return Itinerary(empty_legs(), [Problem(shown, None, None, None, str(exc), code="read")], [shown])
    except CsvLimitError as exc:
        return Itinerary(empty_legs(), [Problem(shown, None, None, None, str(exc), code="limit")], [shown])
    except CsvRefusedError as exc:
        return Itinerary(empty_legs(), [Problem(shown, None, None, None, str(exc), code="read")], [shown])
    except (OSError, UnicodeError) as exc:
        return Itinerary(empty_legs(), [Problem(shown, None, None, None, f"could not read the file: {exc}",
                                                code="read")], [shown])
    shown = table.name
    problems = [Problem(shown, None, None, None, note, WARNING, "csv") for note in table.notes]
    problems += _quote_problems(table)
    recipe = recipe or ImportRecipe()
    ours, theirs = _map_header(table.header, recipe)
    shape = detect_shape(ours + list(recipe.defaults))
    if shape is None:
        return Itinerary(empty_legs(), problems + [_unrecognised(shown, table.header)], [shown])
    missing = [c for c in missing_columns(shape, ours) if c not in recipe.defaults
               and not (c == "trip" and recipe.chain_trips)]
    fatal = [c for c in missing if c not in ("depart", "arrive", "trip")]
    for column in missing:
        severity = ERROR if column in fatal else WARNING
        message = f"required column '{column}' is missing" + ("" if severity == ERROR else
                                                              "; values treated as unknown")
        problems.append(Problem(shown, 1, column, None, message, severity, "column"))
    if fatal:
        return Itinerary(empty_legs(), problems, [shown])
    context = Context(shown, ours, theirs, recipe)
    frame, row_problems = parse_frame(table, shape, context)
    problems += row_problems
    if shape != LEGS:
        records, chain_problems = chain_stops(stop_records(frame, recipe), context)
        problems += chain_problems
        frame = pd.DataFrame.from_records(records, columns=list(LEG_FRAME_COLUMNS) + ["seq_given"])
        frame["seq_given"] = np.nan
    legs, order_problems = order_legs(frame)
    return Itinerary(legs_frame(legs), problems + order_problems, [shown], len(table.numbers))


def _map_header(header: list[str], recipe: ImportRecipe) -> tuple[list[str], dict[str, str]]:
    by_key = {header_key(k): v for k, v in recipe.columns.items()}
    ours: list[str] = []
    theirs: dict[str, str] = {}
    for cell in header:
        key = header_key(cell)
        column = by_key[key] if key in by_key else canonical(cell)
        if not column or column in theirs:   # ignored, or a second column of the same meaning
            column = f"__ignored_{len(ours)}"
        ours.append(column)
        theirs[column] = cell
    return ours, theirs


def _quote_problems(table) -> list[Problem]:
    """A warning per quote fault the reader recovered from, at the row it starts in."""
    out = []
    for note in table.quote_notes:
        column = None if note.in_header or note.field >= len(table.header) else table.header[note.field]
        out.append(Problem(table.name, note.row, column or None, note.value, note.message, WARNING, "quote"))
    return out


def _unrecognised(name: str, header: list[str]) -> Problem:
    return Problem(name, 1, None, ", ".join(header)[:200],
                   "could not recognise the columns: expected legs columns (" + ", ".join(COLUMNS[LEGS][:7])
                   + ") or stops columns (leader, trip, place, arrive, depart, mode); "
                   "map your columns to these names", ERROR, "columns")


def legs_frame(legs) -> pd.DataFrame:
    """A legs DataFrame with the contract's columns and dtypes (from records or a frame)."""
    frame = legs if isinstance(legs, pd.DataFrame) else pd.DataFrame.from_records(legs)
    frame = frame.reindex(columns=list(LEG_FRAME_COLUMNS))
    for column in TEXT_COLUMNS:
        frame[column] = frame[column].fillna("").astype(str)
    for column in FLOAT_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    for column in TIME_COLUMNS:
        frame[column] = pd.to_datetime(frame[column], utc=True).astype("datetime64[ns, UTC]")
    frame["seq"] = frame["seq"].fillna(0).astype(np.int64)
    frame["row"] = frame["row"].fillna(0).astype(np.int64)
    return frame.reset_index(drop=True)
