"""Moments in an itinerary, kept at the precision they were given.

A day-only date stays a day: it is an interval (00:00 to 23:59:59 of that day), not midnight.
Times may carry a UTC offset (``+09:00``, ``Z``) or an IANA zone (``Asia/Pyongyang``); a time
with neither is local time of an unknown zone and is ordered as if it were UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

PRECISIONS = ("month", "day", "minute", "second")

_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<off>Z|[+-]\d{2}:?\d{2})?)?)?"
    r"\s*(?:\[?(?P<zone>[A-Za-z]+(?:/[A-Za-z0-9_+\-]+)+|UTC)\]?)?$"
)
# Day-first dates as European spreadsheets write them: 07.01.2019, 7.1.2019 17:00.
_DOTTED = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?:\s+(?P<H>\d{1,2})[:.](?P<M>\d{2}))?$")
_SLASHED_ISO = re.compile(r"^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})$")

# The legs table keeps times as int64 nanoseconds (datetime64[ns]): 1677-09-21 to 2262-04-11.
# A date outside those whole years is a row problem, not an overflow when the table is built.
FIRST_YEAR, LAST_YEAR = 1678, 2261
EXPECTED = "expected an ISO date like 2019-01-07 or date-time like 2019-01-07T17:00+09:00"


@dataclass(frozen=True)
class When:
    text: str            # normalised ISO text at the given precision
    precision: str       # month, day, minute or second
    start_ns: int        # earliest instant it can mean, nanoseconds since 1970 UTC
    end_ns: int          # latest instant it can mean
    zone: str = ""       # offset or IANA zone as given, "" if none

    @property
    def start(self) -> pd.Timestamp:
        return pd.Timestamp(self.start_ns, tz="UTC")

    @property
    def end(self) -> pd.Timestamp:
        return pd.Timestamp(self.end_ns, tz="UTC")

    @property
    def is_exact(self) -> bool:
        return self.precision in ("minute", "second")


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = 1_000_000_000


def _ns(moment: datetime) -> int:
    # Integer arithmetic: exact, and far cheaper than building a pandas Timestamp per cell.
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * _SECOND + delta.microseconds * 1_000


_FIRST_NS = _ns(datetime(FIRST_YEAR, 1, 1, tzinfo=UTC))
_LAST_NS = _ns(datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)) - _SECOND


def parse_when(text: str) -> When:
    """Parse ``text`` or raise ``ValueError`` saying what was expected."""
    raw = (text or "").strip()
    match = _ISO.match(raw) or _DOTTED.match(raw) or _SLASHED_ISO.match(raw)
    if not match:
        raise ValueError(EXPECTED)
    parts = {k: v for k, v in match.groupdict().items() if v is not None}
    try:
        when = _build(parts)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"{EXPECTED}; {exc}") from None
    if not (_FIRST_NS <= when.start_ns and when.end_ns <= _LAST_NS):
        raise ValueError(f"dates must fall between the years {FIRST_YEAR} and {LAST_YEAR}")
    return when


def _build(parts: dict[str, str]) -> When:
    year, month = int(parts["y"]), int(parts["m"])
    if "d" not in parts:
        first = date(year, month, 1)
        nxt = date(year + month // 12, month % 12 + 1, 1)
        return _window(f"{year:04d}-{month:02d}", "month", first, nxt, None, "")
    day = date(year, month, int(parts["d"]))
    tz, zone = _zone(parts.get("off"), parts.get("zone"))
    if "H" not in parts:
        # A zone given with a day is kept in the text: without one, the day is local to its place.
        text = day.isoformat() + (f" {zone}" if zone else "")
        return _window(text, "day", day, day + timedelta(days=1), tz, zone)
    precision = "second" if "S" in parts else "minute"
    local = datetime(year, month, day.day, int(parts["H"]), int(parts["M"]), int(parts.get("S", 0)))
    text = local.isoformat(timespec="seconds" if precision == "second" else "minutes")
    if zone:
        text += zone if zone.startswith(("+", "-", "Z")) else f" {zone}"
    instant = _ns(local.replace(tzinfo=tz or UTC))
    return When(text, precision, instant, instant, zone)


def _window(text, precision, first: date, after: date, tz, zone) -> When:
    tzinfo = tz or UTC
    start = _ns(datetime.combine(first, datetime.min.time(), tzinfo))
    end = _ns(datetime.combine(after, datetime.min.time(), tzinfo))
    return When(text, precision, start, end - _SECOND, zone)


def _zone(offset: str | None, name: str | None):
    if offset:
        if offset == "Z":
            return UTC, "Z"
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 14 or minutes > 59:
            raise ValueError(f"UTC offset {offset} is out of range")
        delta = timedelta(hours=hours, minutes=minutes) * sign
        return timezone(delta), f"{'+' if sign > 0 else '-'}{hours:02d}:{minutes:02d}"
    if name:
        if name == "UTC":
            return UTC, "UTC"
        try:
            return ZoneInfo(name), name
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {name!r}") from None
    return None, ""


# -- many at once ----------------------------------------------------------------------

NAT = np.iinfo(np.int64).min     # int64 nanoseconds that read as NaT once viewed as datetime64
DAY_NS = 86_400 * _SECOND
# Dates and date-times already written the way we normalise them: parsed in bulk by pandas.
_CANONICAL_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Offsets beyond ±14:59 are left to parse_when, which refuses them (pandas would not).
_CANONICAL_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)?$")


@dataclass
class ParsedTimes:
    """``parse_when`` of many texts, one entry per text ("" and NAT where unknown or wrong)."""
    text: np.ndarray        # object: normalised text
    precision: np.ndarray   # object
    start: np.ndarray       # int64 ns, NAT when unknown
    end: np.ndarray         # int64 ns
    error: list             # the ValueError's message, or None


def parse_distinct(values) -> ParsedTimes:
    """Parse each of ``values`` (stripped texts, best distinct) as ``parse_when`` would; "" is unknown.

    Texts already in our ISO form go through pandas in one call; only the rest (dotted,
    slashed, zones, months, mistakes) are parsed one by one.
    """
    values = np.asarray(values, dtype=object)
    count = len(values)
    text, precision = values.copy(), np.full(count, "", dtype=object)
    start = np.full(count, NAT, dtype=np.int64)
    end = start.copy()
    error: list = [None] * count
    day = np.array([bool(_CANONICAL_DAY.match(v)) for v in values], dtype=bool)
    exact = np.array([bool(_CANONICAL_TIME.match(v)) for v in values], dtype=bool)
    for mask, days in ((day, True), (exact, False)):
        if mask.any():
            _parse_canonical(values, mask, days, start, end, precision)
    for i in np.flatnonzero(~(day | exact) & (values != "").astype(bool)):
        text[i], precision[i], start[i], end[i], error[i] = _parse_one(values[i])
        if error[i] is not None:
            text[i] = ""
    return ParsedTimes(text, precision, start, end, error)


def _parse_canonical(values, mask, days: bool, start, end, precision) -> None:
    """Fill start, end and precision where ``mask``; clear ``mask`` where pandas could not
    (impossible dates, years a datetime64[ns] column cannot hold): the full parser says why."""
    instants = pd.to_datetime(pd.Series(values[mask]), format="ISO8601", utc=True, errors="coerce")
    ok = (instants.notna() & instants.dt.year.between(FIRST_YEAR, LAST_YEAR)).to_numpy()
    index = np.flatnonzero(mask)[ok]
    nanos = instants[ok].dt.tz_localize(None).astype("datetime64[ns]").to_numpy().view(np.int64)
    start[index] = nanos
    end[index] = nanos + (DAY_NS - _SECOND if days else 0)
    precision[index] = "day" if days else [("second" if len(v) > 16 and v[16] == ":" else "minute")
                                           for v in values[index]]
    mask[np.flatnonzero(mask)[~ok]] = False


def _parse_one(text: str):
    try:
        when = parse_when(text)
    except ValueError as exc:
        return ("", "", NAT, NAT, str(exc))
    return (when.text, when.precision, when.start_ns, when.end_ns, None)


def format_when(text: str, precision: str) -> str:
    """Human text that respects precision: a day stays a day."""
    if not text:
        return "unknown"
    if precision in ("day", "month"):
        return text
    return text.replace("T", " ")
