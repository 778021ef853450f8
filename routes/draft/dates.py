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
from functools import cache

import dateparser
from dateparser.languages.loader import default_loader

from routes.draft.lexicon import PAST_MARKERS

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = tuple(calendar.month_name[m].lower() for m in range(1, 13))
# Relative phrases we resolve; "in 1 day" and other future ones are not wire-copy reports.
_RELATIVE_KEYS = ("0 day ago", "1 day ago", "2 day ago", "1 week ago", "1 month ago",
                  "1 year ago")


# Languages written without spaces between words: no word boundaries around dates.
CJK = ("ko", "ja", "zh")
_CJK_WEEKDAY = r"요일|曜日|星期|周|礼拜"

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


@cache
def _names(languages: tuple[str, ...]) -> _Names:
    months: dict[str, int] = {}
    long_months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    relative: dict[str, str] = {}
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
        shortest = 2 if language in CJK else 4
        for number, key in enumerate(_WEEKDAYS):
            for form in info.get(key, []):
                # Abbreviations ("tir", "Mit", "Fr", "水") are ordinary words too often.
                if len(form) >= 5 or (language in CJK and re.search(_CJK_WEEKDAY, form)):
                    weekdays.setdefault(form.lower(), number)
        for key in _RELATIVE_KEYS:
            for phrase in info.get("relative-type", {}).get(key, []) or []:
                if len(phrase) >= shortest:
                    relative.setdefault(phrase.lower(), key)
    return _Names(months, long_months, weekdays, relative)


def _alternation(forms) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


def month_names(languages: tuple[str, ...]) -> dict[str, int]:
    """Every month name of ``languages``, lower case, to its number."""
    return _names(languages).months


@cache
def _patterns(languages: tuple[str, ...]) -> list[tuple[str, re.Pattern]]:
    names = _names(languages)
    month = _alternation(names.months)
    long_month = _alternation(names.long_months)
    cjk = any(lang in CJK for lang in languages)
    b, e = (r"(?<!\d)", r"(?!\d)") if cjk else (r"(?<![\w])", r"(?![\w])")
    year = r"(?:,?\s+(?:de\s+|года?\s+)?(?P<year>\d{4}))?"
    patterns = [
        ("iso", re.compile(r"(?<![\w])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\w])")),
        ("numeric", re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?!\d)")),
        ("cjk_day", re.compile(r"(?:(?P<year>\d{4})\s*[년年]\s*)?(?P<month>\d{1,2})\s*[월月]\s*"
                               r"(?P<day>\d{1,2})\s*[일日号]")),
        ("cjk_month", re.compile(r"(?:(?P<year>\d{4})\s*[년年]\s*)?(?P<month>\d{1,2})\s*[월月](?!\s*\d)")),
    ]
    if cjk:
        patterns.append(("day_only", re.compile(r"(?<![\d.])(?P<day>\d{1,2})\s*[일日号](?![\d])")))
    if "vi" in languages:
        patterns.append(("numeric", re.compile(
            r"(?<![\d/])(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}))?(?![\d/])")))
    patterns += [
        ("day_month", re.compile(
            rf"{b}(?P<day>\d{{1,2}})(?:\.|er|-?е|-?го)?\s+(?:de\s+)?(?P<mname>{month})\.?{e}{year}",
            re.IGNORECASE)),
        ("month_day", re.compile(
            rf"{b}(?P<mname>{month})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{e}{year}",
            re.IGNORECASE)),
        ("relative", re.compile(rf"{b}(?P<phrase>{_alternation(names.relative)}){e}",
                                re.IGNORECASE)),
        ("month", re.compile(rf"{b}(?P<mname>{long_month}){e}{year}", re.IGNORECASE)),
        # German writes the time of day into the weekday: "Freitagmorgen", "Sonntagnachmittag".
        ("weekday", re.compile(rf"{b}(?P<wname>{_alternation(names.weekdays)})"
                               rf"(?:morgen|vormittag|mittag|nachmittag|abend|nacht)?{e}",
                               re.IGNORECASE)),
        ("year", re.compile(r"(?<![\d\w.])(?P<year>(?:19|20)\d{2})(?:\s*[년年])?(?![\d.])")),
    ]
    return patterns


_WHOLE_DATES = ("iso", "numeric", "cjk_day", "day_month", "month_day")


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
            if mention is not None or kind in _WHOLE_DATES:
                # An impossible day ("31 February") is no date, nor is its month alone.
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)


def _resolve(kind, match, text, story_date, names, languages) -> DateMention | None:
    groups = match.groupdict()
    day: date | None
    try:
        if kind in ("iso", "numeric", "cjk_day"):
            month, number = int(groups["month"]), int(groups["day"])
            day, precision = _day_month(number, month, groups.get("year"), story_date), "day"
        elif kind == "cjk_month":
            day, precision = _month(int(groups["month"]), groups.get("year"), story_date, False), "month"
        elif kind == "day_only":
            day, precision = _day_only(int(groups["day"]), story_date), "day"
        elif kind == "year":
            day, precision = _past_year(int(groups["year"]), story_date), "year"
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
    """The day named; without a year, the nearest such day in the story's year or the one
    before (a later year would be in the future of the story)."""
    if year:
        return date(int(year), month, day)
    options = [date(story_date.year + k, month, day) for k in (-1, 0)
               if not (month == 2 and day == 29 and not calendar.isleap(story_date.year + k))]
    return min(options, key=lambda d: abs((d - story_date).days))


def _day_only(day: int, story_date: date) -> date | None:
    """"24일", "16日": the nearest such day of the story's month or the month before."""
    options = []
    for back in (0, 1):
        year, month = divmod(story_date.year * 12 + story_date.month - 1 - back, 12)
        if day <= calendar.monthrange(year, month + 1)[1]:
            options.append(date(year, month + 1, day))
    return min(options, key=lambda d: abs((d - story_date).days), default=None)


def _past_year(year: int, story_date: date) -> date | None:
    """"in 2019": only an earlier year says something (its last day, the latest it can be)."""
    return date(year, 12, 31) if year < story_date.year else None


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
