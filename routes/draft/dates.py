"""Dates in a story's sentences, absolute or relative to the story's date.

Month and weekday names in every supported language come from dateparser's locale data, so
"tirsdag", "Dienstag", "mardi" and "во вторник" are all Tuesday. Phrases such as "i går",
"yesterday" or "в прошлом году" are handed to dateparser with the story's date as its base.
A weekday means the most recent such day on or before the story's date (wire copy reports
what happened); a day and month without a year mean the nearest such date to the story's date;
a month alone means the most recent such month, or last year's when the text says so.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser
from dateparser.languages.loader import default_loader

from routes.draft.lexicon import PAST_MARKERS

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = tuple(calendar.month_name[m].lower() for m in range(1, 13))
# Relative phrases we resolve; "in 1 day" and other future ones are not wire-copy reports.
_RELATIVE_KEYS = ("0 day ago", "1 day ago", "2 day ago", "1 week ago", "1 month ago",
                  "1 year ago")


# Forms dateparser's locales lack: Russian months after "в" ("в феврале").
_EXTRA_MONTHS = {"ru": "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре"}


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    day: date          # the first day of the period meant
    precision: str     # "day", "month" or "year"
    relative: bool     # resolved against the story's date (weekday, "yesterday" …)


@dataclass(frozen=True)
class _Names:
    months: dict[str, int]        # every form, lower case → month number
    long_months: dict[str, int]   # forms safe to match alone (4+ letters)
    weekdays: dict[str, int]      # full forms only → 0 = Monday
    relative: dict[str, str]      # phrase → dateparser key such as "1 day ago"


@lru_cache(maxsize=None)
def _names(languages: tuple[str, ...]) -> _Names:
    months, long_months, weekdays, relative = {}, {}, {}, {}
    for language in languages:
        info = default_loader.get_locale(language).info
        for number, key in enumerate(_MONTHS, start=1):
            for form in info.get(key, []):
                form = form.lower().rstrip(".")
                months.setdefault(form, number)
                if len(form) >= 4:
                    long_months.setdefault(form, number)
        for number, form in enumerate(_EXTRA_MONTHS.get(language, "").split(), start=1):
            months.setdefault(form, number)
            long_months.setdefault(form, number)
        for number, key in enumerate(_WEEKDAYS):
            for form in info.get(key, []):
                # Abbreviations ("tir", "Mit", "Fr") are ordinary words too often.
                if len(form) >= 5:
                    weekdays.setdefault(form.lower(), number)
        for key in _RELATIVE_KEYS:
            for phrase in info.get("relative-type", {}).get(key, []) or []:
                if len(phrase) >= 4:
                    relative.setdefault(phrase.lower(), key)
    return _Names(months, long_months, weekdays, relative)


def _alternation(forms) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=None)
def _patterns(languages: tuple[str, ...]) -> list[tuple[str, re.Pattern]]:
    names = _names(languages)
    month = _alternation(names.months)
    long_month = _alternation(names.long_months)
    b, e = r"(?<![\w])", r"(?![\w])"
    year = r"(?:,?\s+(?:de\s+|года?\s+)?(?P<year>\d{4}))?"
    return [
        ("iso", re.compile(rf"{b}(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}}){e}")),
        ("day_month", re.compile(
            rf"{b}(?P<day>\d{{1,2}})(?:\.|er|-?е|-?го)?\s+(?:de\s+)?(?P<mname>{month})\.?{e}{year}",
            re.IGNORECASE)),
        ("month_day", re.compile(
            rf"{b}(?P<mname>{month})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{e}{year}",
            re.IGNORECASE)),
        ("relative", re.compile(rf"{b}(?P<phrase>{_alternation(names.relative)}){e}",
                                re.IGNORECASE)),
        ("month", re.compile(rf"{b}(?P<mname>{long_month}){e}{year}", re.IGNORECASE)),
        ("weekday", re.compile(rf"{b}(?P<wname>{_alternation(names.weekdays)}){e}",
                               re.IGNORECASE)),
    ]


def find_dates(text: str, story_date: date, languages=("en",)) -> list[DateMention]:
    """Every date mentioned in ``text``, in order, none overlapping another."""
    languages = tuple(dict.fromkeys(languages))
    names = _names(languages)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _patterns(languages):
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            mention = _resolve(kind, match, text, story_date, names, languages)
            if mention is not None:
                found.append(mention)
            if mention is not None or kind in ("iso", "day_month", "month_day"):
                # An impossible day ("31 February") is no date, nor is its month alone.
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)


def _resolve(kind, match, text, story_date, names, languages) -> DateMention | None:
    groups = match.groupdict()
    try:
        if kind == "iso":
            day, precision = date(int(groups["year"]), int(groups["month"]), int(groups["day"])), "day"
        elif kind in ("day_month", "month_day"):
            month = names.months[groups["mname"].lower().rstrip(".")]
            day, precision = _day_month(int(groups["day"]), month, groups.get("year"), story_date), "day"
        elif kind == "month":
            month = names.long_months[groups["mname"].lower()]
            last_year = _says_last_year(text, match.end(), languages)
            day, precision = _month(month, groups.get("year"), story_date, last_year), "month"
        elif kind == "weekday":
            day, precision = most_recent_weekday(names.weekdays[groups["wname"].lower()], story_date), "day"
        else:
            day, precision = _relative(groups["phrase"], names.relative[groups["phrase"].lower()],
                                       story_date, languages)
    except (ValueError, KeyError):
        return None      # 31 February and the like: not a date after all
    if day is None:
        return None
    return DateMention(match.group(0), match.start(), match.end(), day, precision,
                       relative=kind in ("weekday", "relative"))


def most_recent_weekday(weekday: int, story_date: date) -> date:
    """The most recent ``weekday`` (0 = Monday) on or before ``story_date``."""
    return story_date - timedelta(days=(story_date.weekday() - weekday) % 7)


def _day_month(day: int, month: int, year: str | None, story_date: date) -> date:
    if year:
        return date(int(year), month, day)
    options = [date(story_date.year + k, month, day) for k in (-1, 0, 1)
               if not (month == 2 and day == 29 and not calendar.isleap(story_date.year + k))]
    return min(options, key=lambda d: abs((d - story_date).days))


def _month(month: int, year: str | None, story_date: date, last_year: bool) -> date:
    if year:
        return date(int(year), month, 1)
    if last_year:
        return date(story_date.year - 1, month, 1)
    y = story_date.year if month <= story_date.month else story_date.year - 1
    return date(y, month, 1)


def _says_last_year(text: str, after: int, languages) -> bool:
    """Whether "last year" (in any of ``languages``) follows within a few words."""
    window = text[after:after + 30]
    names = _names(tuple(languages))
    phrases = [p for p, key in names.relative.items() if key == "1 year ago"]
    return any(re.match(rf"\s*{re.escape(p)}", window, re.IGNORECASE) for p in phrases)


def _relative(phrase: str, key: str, story_date: date, languages):
    base = datetime.combine(story_date, datetime.min.time())
    parsed = dateparser.parse(phrase, languages=list(languages),
                              settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
    if parsed is None:
        return None, ""
    unit = key.split()[1]
    precision = {"day": "day", "week": "day", "month": "month", "year": "year"}[unit]
    day = parsed.date()
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = date(day.year, 1, 1)
    return day, precision


def has_past_marker(text: str, language: str) -> bool:
    """Whether ``text`` says it is about an earlier time ("last year", "første gang" …)."""
    pattern = PAST_MARKERS.get(language)
    return bool(pattern and re.search(rf"(?<!\w)(?:{pattern})(?!\w)", text, re.IGNORECASE))
