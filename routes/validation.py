"""Column-wise validation behind ``read_itinerary``: every cell checked, every good row kept.

Checks run over whole columns (each distinct value parsed once), so 100,000 rows cost about
as much as their distinct dates, modes and numbers; a problem is built only for a bad cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from routes.csvfile import MAX_FIELD
from routes.modes import MODES, parse_mode
from routes.problems import ERROR, WARNING, Problem
from routes.schema import LEGS, ImportRecipe
from routes.when import FIRST_YEAR, LAST_YEAR, parse_when

CONFIDENCE_WORDS = {"high": "high", "h": "high", "høj": "high", "hoch": "high", "medium": "medium",
                    "m": "medium", "mid": "medium", "middel": "medium", "mittel": "medium",
                    "low": "low", "l": "low", "lav": "low", "niedrig": "low"}
NAT = np.iinfo(np.int64).min
MODE_HINT = ("unknown mode; expected one of " + ", ".join(MODES)
             + " (or a synonym such as plane, rail, motorcade, tog, fly, bil)")


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

    def __init__(self, frame: pd.DataFrame, numbers: np.ndarray, ctx: Context):
        self.frame, self.numbers, self.ctx = frame, numbers, ctx
        self.good = np.ones(len(frame), dtype=bool)
        self.found: list[tuple[int, int, Problem]] = []   # (position, order, problem) to sort by row

    def report(self, mask: np.ndarray, column: str, message, severity: str = ERROR, code: str = "",
               values=None) -> None:
        values = self.frame[column].to_numpy() if values is None else values
        for i in np.flatnonzero(mask):
            text = message(i) if callable(message) else message
            problem = Problem(self.ctx.file, int(self.numbers[i]), self.ctx.shown(column), str(values[i]),
                              text, severity, code)
            self.found.append((int(i), len(self.found), problem))
        if severity == ERROR:
            self.good &= ~mask

    def problems(self) -> list[Problem]:
        return [p for _, _, p in sorted(self.found, key=lambda item: (item[0], item[1]))]


def parse_frame(rows, shape: str, ctx: Context) -> tuple[pd.DataFrame, list[Problem]]:
    """Our columns for every good row (text stripped, times and numbers parsed), and the problems."""
    width = len(ctx.ours)
    numbers = np.fromiter((n for n, _ in rows), dtype=np.int64, count=len(rows))
    early = _ragged_and_huge(rows, width, ctx)
    cells = [c[:width] + [""] * (width - len(c)) if len(c) != width else c for _, c in rows]
    columns = list(zip(*cells)) if cells else [()] * width
    frame = pd.DataFrame({name: pd.Series([v.strip() for v in values], dtype=object)
                          for name, values in zip(ctx.ours, columns)}, columns=ctx.ours)
    for column, default in ctx.recipe.defaults.items():
        if column not in frame:
            frame[column] = default
        else:
            frame[column] = frame[column].mask(frame[column].eq(""), default)
    check = Checker(frame, numbers, ctx)
    for position, number, problem in early:
        check.found.append((position, -1, problem))
        if problem.severity == ERROR:
            check.good[position] = False
    out = pd.DataFrame({"row": numbers, "file": ctx.file})
    for column in ("leader", "trip", "vehicle", "notes", "source", "via", "seq"):
        out[column] = frame[column].to_numpy() if column in frame else ""
    _check_leader(frame, check)
    _places(frame, shape, out, check)
    _mode(frame, out, check)
    for column in ("depart", "arrive"):
        _times(frame, column, out, check)
    _order_within_row(shape, out, check)
    _coordinates(frame, shape, out, check)
    _seq(frame, out, check)
    confidence = frame["confidence"] if "confidence" in frame else pd.Series("", index=frame.index)
    out["confidence"] = confidence.map(lambda v: CONFIDENCE_WORDS.get(v.casefold(), v)).to_numpy() if len(frame) else []
    return out[check.good].reset_index(drop=True), check.problems()


def _ragged_and_huge(rows, width: int, ctx: Context) -> list[tuple[int, int, Problem]]:
    found = []
    for position, (number, cells) in enumerate(rows):
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            found.append((position, number, Problem(
                ctx.file, number, None, "|".join(cells[width:])[:80],
                f"row has {len(cells)} cells but the header has {width}; extra cells ignored", WARNING, "ragged")))
        if max(map(len, cells), default=0) > MAX_FIELD:
            i = next(i for i, c in enumerate(cells[:width]) if len(c) > MAX_FIELD) if any(
                len(c) > MAX_FIELD for c in cells[:width]) else None
            if i is not None:
                found.append((position, number, Problem(
                    ctx.file, number, ctx.shown(ctx.ours[i]), cells[i][:80],
                    f"cell is longer than {MAX_FIELD:,} characters; row ignored", ERROR, "field")))
    return found


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame else pd.Series([""] * len(frame), index=frame.index, dtype=object)


def _check_leader(frame, check: Checker) -> None:
    leader = _column(frame, "leader")
    check.report((leader == "").to_numpy(), "leader", "a leader is required", code="missing", values=leader.to_numpy())


def _places(frame, shape: str, out: pd.DataFrame, check: Checker) -> None:
    places = ("origin", "destination") if shape == LEGS else ("place",)
    for column in places:
        country_column = f"{column}_country" if shape == LEGS else "country"
        name, country = _column(frame, column).copy(), _column(frame, country_column)
        use_country = ((name == "") & (country != "")).to_numpy()
        check.report(use_country, column, lambda i: f"place missing; the country '{country.iat[i]}' is used instead",
                     WARNING, "missing", values=name.to_numpy())
        check.report(((name == "") & (country == "")).to_numpy(), column, "a place name is required",
                     code="missing", values=name.to_numpy())
        out[column] = np.where(use_country, country.to_numpy(), name.to_numpy())
        out[country_column] = country.to_numpy()


def _by_unique(values: pd.Series, parse) -> dict:
    return {value: parse(value) for value in pd.unique(values)}


def _mode(frame, out: pd.DataFrame, check: Checker) -> None:
    given = _column(frame, "mode")
    parsed = given.map(_by_unique(given, parse_mode))
    check.report(parsed.isna().to_numpy(), "mode", MODE_HINT, code="mode", values=given.to_numpy())
    out["mode"] = parsed.fillna("").to_numpy()
    assumed = check.ctx.recipe.defaults.get("mode")
    if assumed:
        note = given.eq(assumed).to_numpy() & parsed.notna().to_numpy()
        out.loc[note, "notes"] = [_join(n, f"mode assumed: {m}") for n, m in zip(out.loc[note, "notes"],
                                                                                  out.loc[note, "mode"])]


def _parse_time(text: str):
    if not text:
        return ("", "", NAT, NAT, None)
    try:
        when = parse_when(text)
    except ValueError as exc:
        return ("", "", NAT, NAT, str(exc))
    return (when.text, when.precision, when.start_ns, when.end_ns, None)


# Dates and date-times already written the way we normalise them: parsed in bulk by pandas.
_CANONICAL_DAY = r"^\d{4}-\d{2}-\d{2}$"
_CANONICAL_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?$"
DAY_NS = 86_400 * 1_000_000_000


def _times(frame, column: str, out: pd.DataFrame, check: Checker) -> None:
    given = _column(frame, column)
    values = given.to_numpy(dtype=object)
    text = values.copy()
    precision = np.full(len(values), "", dtype=object)
    start = np.full(len(values), NAT, dtype=np.int64)
    end = start.copy()
    day = given.str.match(_CANONICAL_DAY).to_numpy(dtype=bool).copy()
    exact = given.str.match(_CANONICAL_TIME).to_numpy(dtype=bool).copy()
    for mask, days in ((day, True), (exact, False)):
        if mask.any():
            instants = pd.to_datetime(given[mask], format="ISO8601", utc=True, errors="coerce")
            # Years a datetime64[ns] column cannot hold go to the full parser, which says so per row.
            ok = (instants.notna() & instants.dt.year.between(FIRST_YEAR, LAST_YEAR)).to_numpy()
            index = np.flatnonzero(mask)[ok]
            nanos = instants[ok].dt.tz_localize(None).astype("datetime64[ns]").to_numpy().view(np.int64)
            start[index] = nanos
            end[index] = nanos + (DAY_NS - 1_000_000_000 if days else 0)
            precision[index] = "day" if days else [("second" if len(v) > 16 and v[16] == ":" else "minute")
                                                   for v in values[index]]
            mask[np.flatnonzero(mask)[~ok]] = False   # impossible dates go through the full parser
    rest = ~(day | exact) & (given != "").to_numpy()
    errors = np.zeros(len(values), dtype=bool)
    if rest.any():
        table = _by_unique(given[rest], _parse_time)
        for i in np.flatnonzero(rest):
            text[i], precision[i], start[i], end[i], error = table[values[i]]
            errors[i] = error is not None
    reasons = {i: _parse_time(values[i])[4] for i in np.flatnonzero(errors)}
    check.report(errors, column, lambda i: reasons[i], code="date", values=values)
    text[errors] = ""
    out[column] = text
    out[f"{column}_precision"] = precision
    for key, nanos in (("utc", start), ("end_utc", end)):
        out[f"{column}_{key}"] = pd.to_datetime(np.where(nanos == NAT, np.datetime64("NaT"), nanos.astype("M8[ns]")),
                                                utc=True)


def _order_within_row(shape: str, out: pd.DataFrame, check: Checker) -> None:
    if shape == LEGS:   # a leg: depart, then arrive
        first, then, word = "depart", "arrive", "arrival is before the departure"
    else:               # a stop: arrive, then depart
        first, then, word = "arrive", "depart", "departure is before the arrival"
    wrong = (out[f"{then}_end_utc"] < out[f"{first}_utc"]).fillna(False).to_numpy()
    check.report(wrong, then, lambda i: f"{word} {out[first].iat[i]}", code="order", values=out[then].to_numpy())


def _parse_number(text: str) -> float | None:
    cleaned = text.strip().replace("\u2212", "-")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if np.isfinite(number) else None


def _coordinates(frame, shape: str, out: pd.DataFrame, check: Checker) -> None:
    prefixes = ("origin_", "destination_") if shape == LEGS else ("",)
    for prefix in prefixes:
        for axis, limit in (("lat", 90.0), ("lon", 180.0)):
            column = f"{prefix}{axis}"
            given = _column(frame, column)
            numbers = given.map(_by_unique(given, lambda t: np.nan if not t else _parse_number(t)))
            bad = numbers.isna().to_numpy() & (given != "").to_numpy()
            check.report(bad, column, "expected a decimal number; the place will be geocoded instead", WARNING,
                         "coord", values=given.to_numpy())
            values = numbers.astype(float).to_numpy().copy()
            outside = np.abs(np.nan_to_num(values)) > limit
            check.report(outside, column, f"coordinate out of range -{limit:g}..{limit:g}; "
                         "the place will be geocoded instead", WARNING, "coord", values=given.to_numpy())
            values[outside] = np.nan
            out[column] = values


def _seq(frame, out: pd.DataFrame, check: Checker) -> None:
    given = _column(frame, "seq")

    def parse(text: str):
        if not text:
            return np.nan
        number = _parse_number(text)
        return float(int(number)) if number is not None else None

    parsed = given.map(_by_unique(given, parse))
    bad = parsed.isna().to_numpy() & (given != "").to_numpy()
    check.report(bad, "seq", "expected a whole number; file order is used", WARNING, "seq", values=given.to_numpy())
    out["seq_given"] = parsed.astype(float).to_numpy()


def _join(*texts: str) -> str:
    return "; ".join(t for t in texts if t)
