"""Row-level parsing and checks behind ``read_itinerary``: one record per good row."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from routes.csvfile import MAX_FIELD
from routes.modes import MODES, parse_mode
from routes.problems import ERROR, WARNING, Problem
from routes.schema import LEGS, ImportRecipe
from routes.when import When, parse_when

CONFIDENCE_WORDS = {"high": "high", "h": "high", "høj": "high", "hoch": "high", "medium": "medium",
                    "m": "medium", "mid": "medium", "middel": "medium", "mittel": "medium",
                    "low": "low", "l": "low", "lav": "low", "niedrig": "low"}


@dataclass
class Context:
    file: str
    ours: list[str]               # our column name per position
    theirs: dict[str, str]        # our column → the user's header, for messages
    recipe: ImportRecipe

    def shown(self, column: str) -> str:
        return self.theirs.get(column, column)


@lru_cache(maxsize=65536)
def _when(text: str) -> When:
    return parse_when(text)


def parse_number(text: str) -> float:
    """A number as spreadsheets write it, decimal comma included."""
    cleaned = text.strip().replace("\u2212", "-")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    return float(cleaned)


def parse_rows(rows, shape: str, ctx: Context) -> tuple[list[dict], list[Problem]]:
    records, problems = [], []
    width = len(ctx.ours)
    for number, cells in rows:
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            problems.append(Problem(ctx.file, number, None, "|".join(cells[width:])[:80],
                                    f"row has {len(cells)} cells but the header has {width}; "
                                    "extra cells ignored", WARNING, "ragged"))
        huge = next((i for i in range(min(width, len(cells))) if len(cells[i]) > MAX_FIELD), None)
        if huge is not None:
            problems.append(Problem(ctx.file, number, ctx.shown(ctx.ours[huge]), cells[huge][:80],
                                    f"cell is longer than {MAX_FIELD:,} characters; row ignored",
                                    ERROR, "field"))
            continue
        values = {ctx.ours[i]: cells[i].strip() for i in range(min(width, len(cells)))}
        for column, default in ctx.recipe.defaults.items():
            if not values.get(column):
                values[column] = default
        record, row_problems = _parse_row(values, number, shape, ctx)
        problems += row_problems
        if record is None:
            continue
        if shape == LEGS or not ctx.recipe.split_places or ctx.recipe.split_places not in record["place"]:
            records.append(record)
        else:
            records += _split(record, ctx.recipe.split_places)
    return records, problems


def _parse_row(values: dict, number: int, shape: str, ctx: Context):
    problems: list[Problem] = []

    def problem(column, message, severity=ERROR, code=""):
        value = values.get(column, "")
        problems.append(Problem(ctx.file, number, ctx.shown(column), value, message, severity, code))

    record = {"row": number, "file": ctx.file}
    for column in ("leader", "trip", "vehicle", "notes", "source", "via"):
        record[column] = values.get(column, "")
    if not record["leader"]:
        problem("leader", "a leader is required", code="missing")
    places = ("origin", "destination") if shape == LEGS else ("place",)
    for column in places:
        record[column] = values.get(column, "")
        country_column = f"{column}_country" if shape == LEGS else "country"
        record[country_column] = values.get(country_column, "")
        if not record[column] and record[country_column]:
            record[column] = record[country_column]
            problem(column, f"place missing; the country '{record[country_column]}' is used instead",
                    WARNING, "missing")
        elif not record[column]:
            problem(column, "a place name is required", code="missing")
    mode = parse_mode(values.get("mode", ""))
    if mode is None:
        problem("mode", "unknown mode; expected one of " + ", ".join(MODES)
                + " (or a synonym such as plane, rail, motorcade, tog, fly, bil)", code="mode")
    record["mode"] = mode or ""
    if "mode" in ctx.recipe.defaults and values.get("mode") == ctx.recipe.defaults["mode"]:
        record["notes"] = _join(record["notes"], f"mode assumed: {mode}")
    for column in ("depart", "arrive"):
        _parse_time(values.get(column, ""), column, record, problem)
    _check_window(record, problem)
    _parse_coordinates(values, shape, record, problem)
    record["seq_given"] = _parse_seq(values.get("seq", ""), problem)
    record["confidence"] = CONFIDENCE_WORDS.get(values.get("confidence", "").casefold(),
                                                values.get("confidence", ""))
    if any(p.severity == ERROR for p in problems):
        return None, problems
    return record, problems


def _parse_time(text: str, column: str, record: dict, problem) -> None:
    record[column], record[f"{column}_precision"] = "", ""
    record[f"{column}_utc"] = record[f"{column}_end_utc"] = None
    if not text:
        return
    try:
        when = _when(text)
    except ValueError as exc:
        problem(column, str(exc), code="date")
        return
    record[column], record[f"{column}_precision"] = when.text, when.precision
    record[f"{column}_utc"], record[f"{column}_end_utc"] = when.start, when.end


def _check_window(record: dict, problem) -> None:
    if "place" in record:   # a stop: arrive, then depart
        first, then, column, word = "arrive", "depart", "depart", "departure is before the arrival"
    else:                   # a leg: depart, then arrive
        first, then, column, word = "depart", "arrive", "arrive", "arrival is before the departure"
    start, end = record.get(f"{first}_utc"), record.get(f"{then}_end_utc")
    if start is not None and end is not None and end < start:
        problem(column, f"{word} {record[first]}", code="order")


def _parse_coordinates(values: dict, shape: str, record: dict, problem) -> None:
    prefixes = ("origin_", "destination_") if shape == LEGS else ("",)
    for prefix in prefixes:
        for axis, limit in (("lat", 90.0), ("lon", 180.0)):
            column = f"{prefix}{axis}"
            text = values.get(column, "")
            record[column] = None
            if not text:
                continue
            try:
                number = parse_number(text)
            except ValueError:
                problem(column, "expected a decimal number; the place will be geocoded instead",
                        WARNING, "coord")
                continue
            if not -limit <= number <= limit:
                problem(column, f"coordinate out of range -{limit:g}..{limit:g}; "
                        "the place will be geocoded instead", WARNING, "coord")
                continue
            record[column] = number


def _parse_seq(text: str, problem) -> int | None:
    if not text:
        return None
    try:
        return int(float(text.replace(",", ".")))
    except ValueError:
        problem("seq", "expected a whole number; file order is used", WARNING, "seq")
        return None


def _split(record: dict, separator: str) -> list[dict]:
    names = [n.strip() for n in record["place"].split(separator) if n.strip()]
    parts = []
    for i, name in enumerate(names):
        part = dict(record, place=name)
        if i > 0:
            part.update(arrive="", arrive_precision="", arrive_utc=None, arrive_end_utc=None)
        if i < len(names) - 1:
            part.update(depart="", depart_precision="", depart_utc=None, depart_end_utc=None)
        part["notes"] = _join(record["notes"], f"one of {len(names)} places in this record, in the order listed")
        parts.append(part)
    return parts


def _join(*texts: str) -> str:
    return "; ".join(t for t in texts if t)


from routes.chaining import chain_stops, check_order  # noqa: E402  (re-exported for read_itinerary)
