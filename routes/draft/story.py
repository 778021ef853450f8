"""A pasted news story: its text, its date, its language and its sentences.

The date comes from the story itself first: a leading ``date YYYY-MM-DD`` line (the form our
story files use) or a dateline such as ``SINGAPORE, June 12, 2018 (Reuters) -``; then from
the caller; never from today.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from routes.draft.dateline import strip_dateline
from routes.draft.lexicon import LANGUAGES, STOP_WORDS

_DATE_LINE = re.compile(r"^\s*date[:\s]+(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\b[ \t]*", re.I)
_CAPITAL = r"A-ZÀ-ÞА-ЯЁ0-9\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff"
_SENTENCE_END = re.compile(
    rf"(?<![A-Z]\.[A-Z]\.)(?<=[.!?…])[\"”»]?\s+(?=[-–—\"“„«]?\s*[{_CAPITAL}])|(?<=[。！？])\s*|\n\s*\n|\n(?=\s*[-–—])")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


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
    """Parse ``text``. Its date is the story's own (a ``date`` line, else its dateline) when that
    names a day; else ``story_date`` (the caller's); else a partial date line; else none:
    never today, and a dateline without a year takes its year from ``story_date``."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    body, line_date, line_precision = _strip_date_line(text)
    language = detect_language(body)
    body, dateline = strip_dateline(body, (language,))
    own = dateline.on(story_date) if dateline else None
    if line_date is not None and line_precision == "day":
        when, precision = line_date, "day"
    elif own is not None:
        when, precision = own, "day"
    elif story_date is not None:
        when, precision = story_date, "day"
    elif line_date is not None:
        when, precision = line_date, line_precision
    else:
        when, precision = None, ""
    return Story(body, when, precision, language, dateline.place if dateline else "",
                 split_sentences(body))


def _strip_date_line(text: str) -> tuple[str, date | None, str]:
    match = _DATE_LINE.match(text)
    if not match:
        return text, None, ""
    year_text, month_text, day_text = match.groups()
    year, month, day = int(year_text), int(month_text or 0), int(day_text or 0)   # the year is never missing
    body = text[match.end():]
    if day:
        return body, date(year, month, day), "day"
    if month:
        # Without a day, the end of the month is the latest the story can be from.
        return body, date(year, month, calendar.monthrange(year, month)[1]), "month"
    return body, date(year, 12, 31), "year"


def split_sentences(body: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
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
    """The supported language of ``text``: by script first, then by its commonest words."""
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if not words:
        return "en"
    if _HANGUL.search(text) and len(_HANGUL.findall(text)) > len(text) / 10:
        return "ko"
    if _KANA.search(text) and len(_KANA.findall(text)) > len(text) / 20:
        return "ja"
    if _HAN.search(text) and len(_HAN.findall(text)) > len(text) / 5:
        return "zh"
    if sum(bool(_CYRILLIC.search(w)) for w in words) > len(words) / 3:
        return "ru"
    scores = {lang: sum(w in _common(lang) for w in words) for lang in LANGUAGES
              if lang not in ("ru", "ko", "ja", "zh")}
    return max(scores, key=lambda lang: (scores[lang], lang == "en"))


def _common(language: str) -> set[str]:
    return _COMMON.setdefault(language, set(STOP_WORDS.get(language, "").split()))


_COMMON: dict[str, set[str]] = {}
