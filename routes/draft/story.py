"""A pasted news story: its text, its date, its language and its sentences.

The date comes from the caller, else from a leading ``date YYYY-MM[-DD]`` line (the form our
story files use), else from a dateline such as ``SINGAPORE, June 12, 2018 (Reuters) -``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from routes.draft.lexicon import LANGUAGES, STOP_WORDS

_DATE_LINE = re.compile(r"^\s*date[:\s]+(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\b[ \t]*", re.I)
# "PLACE, <date> (Agency) -" at the very start of the body; the place is in capitals.
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-ZÀ-ÞА-ЯЁ][A-ZÀ-ÞА-ЯЁ .'’-]{2,40}),\s*(?P<when>[^()\n–—-]{0,40}?)\s*"
    r"(?:\((?P<agency>[^)]{1,30})\)\.?\s*[–—-]+|/[^/]{1,20}/\.?|\.?\s*[–—-]+|(?<=\d{4})\.)\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»]?\s+(?=[-–—\"“„«]?\s*[A-ZÀ-ÞА-ЯЁ0-9])|\n\s*\n|\n(?=\s*[-–—])")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int       # offset in Story.text
    text: str


@dataclass
class Story:
    text: str                        # the body without the date line
    date: date | None
    date_precision: str              # "day", "month", "year" or "" when unknown
    language: str
    dateline_place: str = ""
    sentences: list[Sentence] = field(default_factory=list)


def read_story(text: str, story_date: date | None = None) -> Story:
    """Parse ``text``; ``story_date`` (when given) wins over what the text says."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    body, line_date, line_precision = _strip_date_line(text)
    body, dateline_place, dateline_when = _strip_dateline(body)
    language = detect_language(body)
    when, precision = story_date, "day" if story_date else ""
    if when is None and line_date is not None:
        when, precision = line_date, line_precision
    if when is None and dateline_when:
        when, precision = _dateline_date(dateline_when, language)
    return Story(body, when, precision, language, dateline_place, split_sentences(body))


def _strip_date_line(text: str) -> tuple[str, date | None, str]:
    match = _DATE_LINE.match(text)
    if not match:
        return text, None, ""
    year, month, day = (int(g) if g else None for g in match.groups())
    body = text[match.end():]
    if day:
        return body, date(year, month, day), "day"
    if month:
        # Without a day, the end of the month is the latest the story can be from.
        return body, date(year, month, calendar.monthrange(year, month)[1]), "month"
    return body, date(year, 12, 31), "year"


def _strip_dateline(body: str) -> tuple[str, str, str]:
    match = _DATELINE.match(body)
    if not match:
        return body, "", ""
    return body[match.end():], match.group("place").strip().title(), match.group("when").strip()


def _dateline_date(when: str, language: str) -> tuple[date | None, str]:
    from routes.draft.dates import find_dates    # dates needs dateparser; load it lazily

    today = date.today()
    found = [m for m in find_dates(when, today, (language, "en")) if m.precision == "day"]
    return (found[0].day, "day") if found else (None, "")


def split_sentences(body: str) -> list[Sentence]:
    sentences, start = [], 0
    for match in list(_SENTENCE_END.finditer(body)) + [None]:
        end = match.start() if match else len(body)
        chunk = body[start:end]
        stripped = chunk.strip()
        if stripped:
            offset = start + chunk.index(stripped)
            sentences.append(Sentence(len(sentences), offset, stripped))
        start = match.end() if match else len(body)
    return sentences


def detect_language(text: str) -> str:
    """The supported language whose common words occur most often in ``text``."""
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if not words:
        return "en"
    if sum(bool(_CYRILLIC.search(w)) for w in words) > len(words) / 3:
        return "ru"
    scores = {lang: sum(w in _common(lang) for w in words) for lang in LANGUAGES if lang != "ru"}
    return max(scores, key=lambda lang: (scores[lang], lang == "en"))


def _common(language: str) -> set[str]:
    return _COMMON.setdefault(language, set(STOP_WORDS.get(language, "").split()))


_COMMON: dict[str, set[str]] = {}
