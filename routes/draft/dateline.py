"""The dateline a story opens with, and the day it gives.

Wire copy opens with where and when it was filed, in many forms:
``SINGAPORE, June 12, 2018 (Reuters) -``, ``Pjöngjang, 24.04.2019 -``, ``МОСКВА, 20 марта. /ТАСС/.``,
``Hà Nội, 10/9/2023 -``, ``[서울=연합뉴스] 2023년 9월 18일``, ``【北京】2025年9月2日``,
``本报莫斯科2023年3月20日电``. The day may lack a year ("April 24"); the caller then takes the
year from a date it was given, never from today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

# "PLACE, <when> (Agency) -": the place is one to four words, the when holds a digit.
_LATIN = re.compile(
    r"^\s*(?P<place>[^\W\d_][\w'’.\- ]{1,40}?),\s*(?P<when>[^()\n–—]{0,45}?\d[^()\n–—]{0,25}?)\s*"
    r"(?:\((?P<agency>[^)]{1,30})\)\.?\s*[–—-]+|/[^/\n]{1,20}/\.?|\.?\s*[–—-]+|(?<=\d{4})\.)\s+")
# "[서울=특파원] 2023년 9월 18일", "【北京】2025年9月2日", "【ソウル】" (no day).
_BRACKET = re.compile(r"^\s*[\[【](?P<place>[^\]】=\n]{1,20})(?:=[^\]】\n]*)?[\]】]\s*"
                      r"(?P<when>\d{4}\s*[년年]\s*\d{1,2}\s*[월月]\s*\d{1,2}\s*[일日])?\s*")
# "本报莫斯科2023年3月20日电", "新华社北京3月20日电".
_CHINESE = re.compile(r"^\s*(?:本报|\S{0,4}社)(?P<place>[\u4e00-\u9fff]{1,8}?)"
                      r"(?P<when>(?:\d{4}年)?\d{1,2}月\d{1,2}日)电\s*")

_NUMERIC = re.compile(r"(?<!\d)(?P<day>\d{1,2})[./](?P<month>\d{1,2})(?:[./](?P<year>\d{4}))?(?!\d)")
_CJK_DAY = re.compile(r"(?:(?P<year>\d{4})\s*[년年]\s*)?(?P<month>\d{1,2})\s*[월月]\s*(?P<day>\d{1,2})\s*[일日]")


@dataclass(frozen=True)
class Dateline:
    place: str
    year: int | None
    month: int | None
    day: int | None

    def on(self, given: date | None) -> date | None:
        """The day filed: its own year, else the latest such day not after ``given`` (+1 day
        for time zones); None without a year and without ``given``."""
        if self.month is None or self.day is None:
            return None
        try:
            if self.year:
                return date(self.year, self.month, self.day)
            if given is None:
                return None
            found = date(given.year, self.month, self.day)
            return found if found <= given + timedelta(days=1) else date(given.year - 1, self.month, self.day)
        except ValueError:
            return None


def strip_dateline(body: str, languages: tuple[str, ...]) -> tuple[str, Dateline | None]:
    """``body`` without its dateline, and the dateline (None when there is none)."""
    for pattern in (_CHINESE, _BRACKET, _LATIN):
        match = pattern.match(body)
        # "Kim, who turned 35 on Tuesday – …" is a sentence: a dateline's when is a few words.
        if match and len((match.group("when") or "").split()) <= 5 and len(match.group("place").split()) <= 3:
            when = match.group("when") or ""
            year, month, day = _parts(when, languages)
            place = match.group("place").strip()
            return body[match.end():], Dateline(place.title() if place.isupper() else place, year, month, day)
    return body, None


def _parts(when: str, languages) -> tuple[int | None, int | None, int | None]:
    for pattern in (_CJK_DAY, _NUMERIC):
        match = pattern.search(when)
        if match:
            year = match.group("year")
            return (int(year) if year else None), int(match.group("month")), int(match.group("day"))
    return _named_month(when, languages)


def _named_month(when: str, languages) -> tuple[int | None, int | None, int | None]:
    from routes.draft.dates import month_names  # needs dateparser's locale data

    months = month_names(tuple(dict.fromkeys((*languages, "en"))))
    words = re.findall(r"\d{1,4}|[^\W\d_]+", when.casefold())
    numbers = [int(w) for w in words if w.isdigit()]
    month = next((months[w.rstrip(".")] for w in words if w.rstrip(".") in months), None)
    day = next((n for n in numbers if 1 <= n <= 31), None)
    year = next((n for n in numbers if n > 1900), None)
    return (year, month, day) if month and day else (None, None, None)
