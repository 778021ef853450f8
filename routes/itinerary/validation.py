"""Column-wise validation behind ``read_itinerary``: every cell checked, every good row kept.

Checks run over whole columns (each distinct value parsed once), so 100,000 rows cost about
as much as their distinct dates, modes and numbers; a problem is built only for a bad cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from routes.itinerary.modes import MODES, UNKNOWN, parse_mode
from routes.itinerary.problems import ERROR, WARNING, Problem
from routes.itinerary.when import parse_distinct
from routes.reading.cells import Cells
from routes.reading.collector import gc_paused
from routes.reading.csvfile import MAX_FIELD, CsvTable
from routes.reading.schema import LEGS, ImportRecipe

CONFIDENCE_WORDS = {"high": "high", "h": "high", "høj": "high", "hoch": "high", "medium": "medium",
                    "m": "medium", "mid": "medium", "middel": "medium", "mittel": "medium",
                    "low": "low", "l": "low", "lav": "low", "niedrig": "low"}
MODE_HINT = ("unknown mode; expected one of " + ", ".join(MODES)
             + " (or a synonym such as plane, rail, motorcade, tog, fly, bil)")
NO_MODE = "mode not reported; the leg is drawn and counted with mode unknown"


@dataclass
class Context:
    file: str
    ours: list[str]               # our column name per position
    theirs: dict[str, str]        # our column → the user's header, for messages
    recipe: ImportRecipe

    def shown(self, column: str) -> str:
        return self.theirs.get(column, column)


class Checker:
    """Problems found so far, and which rows are still good."""

    def __init__(self, frame: dict[str, Cells], numbers: np.ndarray, ctx: Context):
        self.frame, self.numbers, self.ctx = frame, numbers, ctx
        self.good = np.ones(len(numbers), dtype=bool)
        self.found: list[tuple[int, int, Problem]] = []   # (position, order, problem) to sort by row

    def report(self, mask: np.ndarray, column: str, message, severity: str = ERROR, code: str = "",
               values=None) -> None:
        values = self.frame[column] if values is None else values
        for i in np.flatnonzero(mask):
            text = message(i) if callable(message) else message
            problem = Problem(self.ctx.file, int(self.numbers[i]), self.ctx.shown(column), str(values[i]),
                              text, severity, code)
            self.found.append((int(i), len(self.found), problem))
        if severity == ERROR:
            self.good &= ~mask

    def problems(self) -> list[Problem]:
        return [p for _, _, p in sorted(self.found, key=lambda item: (item[0], item[1]))]


def parse_frame(table: CsvTable, shape: str, ctx: Context) -> tuple[pd.DataFrame, list[Problem]]:
    """Our columns for every good row (text stripped, times and numbers parsed), and the problems."""
    with gc_paused():
        frame, numbers, early = _columns(table, ctx)
    for column, default in ctx.recipe.defaults.items():
        if column not in frame:
            frame[column] = Cells.constant(frame.count, default)
        else:
            frame[column] = frame[column].with_uniques(
                [default if u == "" else u for u in frame[column].uniques])
    check = Checker(frame, numbers, ctx)
    for position, _, problem in sorted(early, key=lambda item: (item[0], item[1])):
        check.found.append((position, -1, problem))
        if problem.severity == ERROR:
            check.good[position] = False
    out: dict = {"row": numbers, "file": Cells.constant(frame.count, ctx.file)}
    for column in ("leader", "trip", "vehicle", "notes", "source", "via", "seq"):
        out[column] = _column(frame, column)
    _check_leader(frame, check)
    _places(frame, shape, out, check)
    _mode(frame, shape, out, check)
    for column in ("depart", "arrive"):
        _times(frame, column, out, check)
    _order_within_row(shape, out, check)
    _coordinates(frame, shape, out, check)
    _seq(frame, out, check)
    confidence = _column(frame, "confidence")
    out["confidence"] = confidence.with_uniques([CONFIDENCE_WORDS.get(v.casefold(), v) for v in confidence.uniques])
    return _good_rows(out, check.good), check.problems()


def _good_rows(out: dict, good: np.ndarray) -> pd.DataFrame:
    columns = {}
    for name, column in out.items():
        if isinstance(column, Cells):
            columns[name] = column.take(good).text_array()
        else:
            columns[name] = column[good]
    return pd.DataFrame(columns)


def _ragged(table: CsvTable, width: int, ctx: Context) -> list[tuple[int, int, Problem]]:
    found = []
    for position, cells in table.extra.items():
        if any(c.strip() for c in cells):
            found.append((int(position), 0, Problem(
                ctx.file, int(table.numbers[position]), None, "|".join(cells)[:80],
                f"row has {width + len(cells)} cells but the header has {width}; extra cells ignored",
                WARNING, "ragged")))
    return found


def _columns(table: CsvTable, ctx: Context) -> tuple[Columns, np.ndarray, list]:
    """Our columns as Cells, the row numbers, and the problems of whole rows (ragged, huge)."""
    numbers = table.numbers
    early = _ragged(table, len(ctx.ours), ctx)
    frame = Columns((), len(numbers))
    huge: dict[int, tuple[int, str]] = {}
    for index, name in enumerate(ctx.ours):
        raw = table.columns[index]
        for position in raw.longer_than(MAX_FIELD):
            huge.setdefault(position, (index, raw[position]))
        if not name.startswith("__ignored_"):
            frame[name] = raw.stripped()
    early += [(position, 1, Problem(ctx.file, int(numbers[position]), ctx.shown(ctx.ours[index]), cell[:80],
                                    f"cell is longer than {MAX_FIELD:,} characters; row ignored", ERROR, "field"))
              for position, (index, cell) in huge.items()]
    return frame, numbers, early


def _column(frame: Columns, name: str) -> Cells:
    return frame[name] if name in frame else Cells.constant(frame.count)


class Columns(dict):
    """Our columns by name, as Cells; ``count`` rows, so a missing column reads as empty cells."""

    def __init__(self, items, count: int):
        super().__init__(items)
        self.count = count


def _check_leader(frame, check: Checker) -> None:
    leader = _column(frame, "leader")
    check.report(leader.eq(""), "leader", "a leader is required", code="missing", values=leader)


def _places(frame, shape: str, out: dict, check: Checker) -> None:
    places = ("origin", "destination") if shape == LEGS else ("place",)
    for column in places:
        country_column = f"{column}_country" if shape == LEGS else "country"
        name, country = _column(frame, column), _column(frame, country_column)
        no_name, no_country = name.eq(""), country.eq("")
        use_country = no_name & ~no_country

        def instead(i, country=country):
            return f"place missing; the country '{country[i]}' is used instead"

        check.report(use_country, column, instead, WARNING, "missing", values=name)
        check.report(no_name & no_country, column, "a place name is required", code="missing", values=name)
        # The country's distinct values follow the name's, so one take gives either.
        codes = np.where(use_country, country.codes + len(name.uniques), name.codes)
        out[column] = Cells(codes, np.concatenate([name.uniques, country.uniques]))
        out[country_column] = country


def _mode(frame, shape: str, out: dict, check: Checker) -> None:
    given = _column(frame, "mode")
    # An empty cell is an unreported mode, kept as unknown; only a word we cannot read is an error.
    parsed = [UNKNOWN if u == "" else parse_mode(u) for u in given.uniques]
    unknown = given.spread([p is None for p in parsed], bool)
    check.report(unknown, "mode", MODE_HINT, code="mode", values=given)
    if shape == LEGS:   # a stop's mode is how it was reached: the chaining warns for its leg
        check.report(given.eq(""), "mode", NO_MODE, WARNING, "mode", values=given)
    out["mode"] = given.with_uniques([p or "" for p in parsed])
    assumed = check.ctx.recipe.defaults.get("mode")
    if assumed and assumed != UNKNOWN:   # "unknown" assumes nothing: the legs say mode unknown
        note = given.eq(assumed) & ~unknown
        notes, modes = out["notes"].values(), out["mode"].values()
        notes[note] = [_join(n, f"mode assumed: {m}") for n, m in zip(notes[note], modes[note])]
        out["notes"] = Cells.of(notes, strip=False)


def _times(frame, column: str, out: dict, check: Checker) -> None:
    given = _column(frame, column)
    times = parse_distinct(given.uniques)
    errors = given.spread([e is not None for e in times.error], bool)
    check.report(errors, column, lambda i: times.error[given.codes[i]], code="date", values=given)
    out[column] = given.with_uniques(times.text)
    out[f"{column}_precision"] = given.with_uniques(times.precision)
    for key, nanos in (("utc", times.start), ("end_utc", times.end)):
        # NAT (int64 min) is NaT once viewed as datetime64.
        out[f"{column}_{key}"] = pd.DatetimeIndex(nanos[given.codes].view("M8[ns]")).tz_localize("UTC").array


def _order_within_row(shape: str, out: dict, check: Checker) -> None:
    if shape == LEGS:   # a leg: depart, then arrive
        first, then, word = "depart", "arrive", "arrival is before the departure"
    else:               # a stop: arrive, then depart
        first, then, word = "arrive", "depart", "departure is before the arrival"
    later, earlier = out[f"{then}_end_utc"], out[f"{first}_utc"]
    wrong = np.asarray(later < earlier, dtype=bool)   # NaT on either side compares False
    check.report(wrong, then, lambda i: f"{word} {out[first][i]}", code="order", values=out[then])


def _parse_number(text: str) -> float | None:
    cleaned = text.strip().replace("\u2212", "-")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if np.isfinite(number) else None


def _coordinates(frame, shape: str, out: dict, check: Checker) -> None:
    prefixes = ("origin_", "destination_") if shape == LEGS else ("",)
    for prefix in prefixes:
        for axis, limit in (("lat", 90.0), ("lon", 180.0)):
            column = f"{prefix}{axis}"
            given = _column(frame, column)
            parsed = [np.nan if not u else _parse_number(u) for u in given.uniques]
            unreadable = given.spread([p is None for p in parsed], bool)
            check.report(unreadable, column, "expected a decimal number; the place will be geocoded instead",
                         WARNING, "coord", values=given)
            values = given.spread([np.nan if p is None else p for p in parsed], float)
            outside = np.abs(np.nan_to_num(values)) > limit
            check.report(outside, column, f"coordinate out of range -{limit:g}..{limit:g}; "
                         "the place will be geocoded instead", WARNING, "coord", values=given)
            values[outside] = np.nan
            out[column] = values


def _seq(frame, out: dict, check: Checker) -> None:
    given = _column(frame, "seq")

    def parse(text: str):
        if not text:
            return np.nan
        number = _parse_number(text)
        return float(int(number)) if number is not None else None

    parsed = [parse(u) for u in given.uniques]
    bad = given.spread([p is None for p in parsed], bool)
    check.report(bad, "seq", "expected a whole number; file order is used", WARNING, "seq", values=given)
    out["seq_given"] = given.spread([np.nan if p is None else p for p in parsed], float)


def _join(*texts: str) -> str:
    return "; ".join(t for t in texts if t)
