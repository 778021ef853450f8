"""Normalised place names: the key every lookup goes through.

Case, accents, hyphens, apostrophes and spacing do not matter, so
"P'yŏngyang", "Pjöngjang" and "PYONGYANG" compare by the same rules, and
"Hà Nội" becomes "ha noi". Scripts without Latin letters (Hangul, Han,
Cyrillic, Kana) are kept as they are apart from case.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode does not decompose into base letter + accent.
_LETTERS = str.maketrans({
    "đ": "d", "Đ": "d", "ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l",
    "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i",
    "þ": "th", "ħ": "h", "ŋ": "ng",
})
# Apostrophes and the marks romanisations use in their place vanish:
# "P'yŏngyang" -> "pyongyang", "Sana'a" -> "sanaa", "N’Djamena" -> "ndjamena".
_APOSTROPHES = re.compile(r"['’‘ʼʻ`´ʹ]")
_NOT_WORD = re.compile(r"[^\w]+")
# Combining marks left by NFKD: Latin/Greek/Cyrillic accents, Hebrew and Arabic
# points. Japanese voicing marks are not in the list, so NFC puts them back.
_MARKS = re.compile("[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
                    "\u0670\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    # NFKD splits letters from accents; NFC afterwards re-joins what must stay
    # whole (Hangul syllables decompose into jamo under NFKD).
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFKD", text)))


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Return the comparison key of a place name ('' for nothing usable)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_LETTERS)
    text = _APOSTROPHES.sub("", text)
    text = _strip_accents(text).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def compact(norm: str) -> str:
    """The index key: a normalised name without spaces ("ha noi" = "hanoi")."""
    return norm.replace(" ", "")


def key(text: str) -> str:
    """Index key of raw text: normalise, then drop spaces."""
    return compact(normalize(text))


# Words that name the kind of place sought. Longest phrases first so
# "international airport" is removed as one unit. For stations this includes
# the words that only say "the main one" in the local language and their
# abbreviations (Hbf = Hauptbahnhof, hl. n. = hlavní nádraží, HB, Centraal,
# Centrale, Centralna, Główny, pályaudvar): "Frankfurt (Main) Hbf",
# "Frankfurt Hauptbahnhof" and "Frankfurt main station" then share the base
# name "frankfurt", and so do a curated station's aliases and the queries.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "station": (
        "central railway station", "main railway station", "railway station",
        "train station", "rail station", "railroad station", "railway terminal",
        "main station", "central station", "passenger station", "station",
        "hauptbahnhof", "hbf", "hb", "bahnhof", "gare de l", "gare de", "gare du",
        "gare d", "gare", "stazione di", "stazione", "estacion de", "estacion",
        "estacao de", "estacao", "dworzec", "hlavni nadrazi", "hl n", "nadrazi",
        "centraal", "centrale", "centralna", "centralny", "central", "glowny",
        "palyaudvar", "zheleznodorozhny vokzal", "zhd vokzal", "vokzal",
        "pasazhyrskyi", "passazhirsky", "passazhirskii", "stantsiya",
        "вокзал", "станция", "железнодорожный вокзал", "ж д вокзал",
    ),
    "airport": (
        "international airport", "intl airport", "airport", "airfield",
        "air force base", "air base", "airbase", "afb", "aerodrome", "lufthavn",
        "flughafen", "flugplatz", "aeroport", "aeropuerto", "aeroporto", "lotnisko",
        "аэропорт", "аэродром",
    ),
}
# Suffix characters: 평양역 (station), 北京站, 東京駅; 공항 / 机场 / 空港 airports.
KIND_SUFFIXES: dict[str, tuple[str, ...]] = {
    "station": ("火车站", "火車站", "车站", "車站", "역", "站", "駅", "驛"),
    "airport": ("국제공항", "공항", "国际机场", "國際機場", "机场", "機場", "空港"),
}


def _phrase_pattern(words: tuple[str, ...]) -> re.Pattern:
    keys = sorted({normalize(w) for w in words}, key=len, reverse=True)
    return re.compile(r"(?:^| )(?:" + "|".join(re.escape(k) for k in keys) + r")(?= |$)")


_KIND_PATTERNS = {kind: _phrase_pattern(words) for kind, words in KIND_WORDS.items()}
# Words that add nothing once the kind is known ("Noi Bai International").
_FILLER = re.compile(r"(?:^| )(?:international|intl|of|de|di|du|del)(?= |$)")


def split_kind(norm: str) -> tuple[str, str | None]:
    """Split a normalised name into (base name, kind word found or None).

    "pyongyang railway station" -> ("pyongyang", "station");
    "평양역" -> ("평양", "station"); "hanoi" -> ("hanoi", None).
    """
    for kind, pattern in _KIND_PATTERNS.items():
        if kind == "station" and norm.startswith("ga "):
            # Vietnamese "Ga Hà Nội": the kind word comes first.
            return norm[3:].strip(), "station"
        if pattern.search(norm):
            base = " ".join(pattern.sub(" ", norm).split())
            if base:
                return base, kind
    for kind, suffixes in KIND_SUFFIXES.items():
        for suffix in suffixes:
            if norm.endswith(suffix) and len(norm) > len(suffix):
                return norm[: -len(suffix)].strip(), kind
    return norm, None


def drop_fillers(base: str) -> str:
    """Remove words like 'international' that rarely distinguish places."""
    return " ".join(_FILLER.sub(" ", base).split()) or base
