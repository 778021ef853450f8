"""Places and travel modes named in a sentence.

Places: every run of 1–4 capitalised words is looked up, longest first, as an exact
normalised name in the project's gazetteer (``Gazetteer.candidates``), also in its
uninflected forms ("Beijings" → "Beijing", "Пекине" → "Пекин", "Москве" → "Москва").
Common words that start sentences, news agencies and leaders' names are never places.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from routes.draft.cues import latin_cue
from routes.draft.lexicon import NEWS_WORDS, STOP_WORDS
from routes.draft.unspaced import chinese_places, japanese_places, korean_places
from routes.itinerary.modes import TABLE as MODE_TABLE
from routes.itinerary.modes import known_words
from routes.places.countries import country_code, is_country

ALIASES_CSV = Path(__file__).resolve().parents[2] / "data" / "place_aliases.csv"

_TOKEN = re.compile(r"[^\W\d_][\w'’.\-]*[^\W_]|[^\W\d_]", re.UNICODE)
_MAX_WORDS = 4
CITY_STATES = frozenset({"SG", "MC", "VA", "SM", "LU", "KW", "DJ", "HK", "MO", "GI", "BH"})
# Gazetteer scores (match quality + population) below which a GeoNames town is too small to
# be named bare in wire copy; measured: Vladivostok 1.28, Pjöngjang 1.32, while villages named
# like common words score 1.13-1.22 ("Seven" → Cevins, "Center", "Kina" → Kinna, "Store").
MIN_TOWN_SCORE = 1.25
MIN_TOWN_SCORE_MULTIWORD = 1.15     # "Den Haag", "Rio de Janeiro": rarely an accident
# A name the sentence marks as a location ("ga Đồng Đăng", "station of Artyom") may be a
# smaller town: Đồng Đăng 1.19, Artëm 1.24, Sunan 1.22.
MIN_TOWN_SCORE_MARKED = 1.18
# One word at the head of a longer capitalised name ("Universidad Federal del Lejano Oriente").
MIN_SCORE_IN_LONGER_NAME = 1.3
# Transliterations: German, French and Spanish spellings of Russian and Korean names.
_SPELLINGS = (("tsch", "ch"), ("tch", "ch"), ("ch", "kh"), ("w", "v"), ("ss", "s"), ("io", "yo"),
              ("ou", "u"), ("dj", "j"))
# Endings to take off a place's last word, and what to put back (Russian cases).
_LATIN_ENDINGS = (("'s", ""), ("’s", ""), ("s", ""))
_CYRILLIC_ENDINGS = (("ом", ""), ("ой", "а"), ("е", ""), ("е", "а"), ("а", ""), ("у", ""),
                     ("у", "а"), ("и", "ь"), ("и", "а"), ("ы", "а"), ("е", "й"), ("е", "ь"))
_STOP = {w for words in STOP_WORDS.values() for w in words.split()}
_NEWS = {w.casefold() for w in NEWS_WORDS}
# Common words that begin many names: "New Delhi", "San Francisco", "La Paz".
_NAME_HEADS = {"new", "san", "santa", "los", "las", "la", "le", "el", "saint", "st", "den", "de", "da"}
# Mode words too common in prose to mean a vehicle on their own.
_AMBIGUOUS_MODE_WORDS = {"air", "road", "sea", "boot", "vol", "xe", "차", "배", "o to", "luft",
                         "walk", "flug", "heli"}
# Inflected forms of the commonest mode words (definite forms, cases): routes.itinerary.modes.TABLE.
_MODE_FORMS = {mode.name: mode.draft_forms for mode in MODE_TABLE if mode.draft_forms}


@dataclass(frozen=True)
class PlaceMention:
    text: str          # as written
    form: str          # the form found in the gazetteer
    start: int         # offset in the sentence
    end: int
    candidates: tuple  # the gazetteer's candidates for ``form``
    marked: bool = False   # the words around say it is a place someone is at (see ``cues``)


@dataclass(frozen=True)
class ModeMention:
    mode: str
    text: str
    start: int


def _tokens(sentence: str) -> list[re.Match]:
    return list(_TOKEN.finditer(sentence))


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _inflections(phrase: str) -> list[str]:
    """``phrase`` and the forms it may have before a case or genitive ending."""
    forms = [phrase]
    cyrillic = bool(re.search(r"[А-Яа-яЁё]$", phrase))
    for ending, replacement in _CYRILLIC_ENDINGS if cyrillic else _LATIN_ENDINGS:
        if phrase.endswith(ending) and len(phrase) - len(ending) >= 3:
            forms.append(phrase[: len(phrase) - len(ending)] + replacement)
    return forms


def _plausible(words: list[str]) -> bool:
    first, last = words[0], words[-1]
    if not (_capitalised(first) and _capitalised(last)):
        return False
    if (first.casefold() in _STOP and not (len(words) > 1 and first.casefold() in _NAME_HEADS)) \
            or last.casefold() in _STOP:
        return False
    if any(w.casefold() in _NEWS or (w.isupper() and len(w) <= 5) for w in words):
        return False     # agencies and acronyms (AFP, KCNA) are not places
    if len(words) == 1 and len(first) < 3:
        return False
    return True


def find_places(sentence: str, gazetteer, language: str, skip: Sequence[tuple[int, int]] = ()) -> list[PlaceMention]:
    """Place mentions in ``sentence``; spans in ``skip`` (leaders' names) are never places."""
    def lookup(text, start, marked, least=None):
        return _lookup(text, gazetteer, start, marked, least)

    finder = {"ko": korean_places, "ja": japanese_places, "zh": chinese_places}.get(language)
    found = finder(sentence, lookup, skip) if finder else []
    taken = list(skip) + [(m.start, m.end) for m in found]
    found += _spaced_places(sentence, gazetteer, language, taken)
    return sorted(found, key=lambda m: m.start)


def _spaced_places(sentence: str, gazetteer, language: str, skip) -> list[PlaceMention]:
    """Runs of 1-4 capitalised words, longest first (Latin and Cyrillic scripts)."""
    tokens = _tokens(sentence)
    used = [any(t.start() < e and s < t.end() for s, e in skip) for t in tokens]
    found: list[PlaceMention] = []
    for size in range(_MAX_WORDS, 0, -1):
        for i in range(len(tokens) - size + 1):
            window = tokens[i:i + size]
            if any(used[i:i + size]):
                continue
            words = [t.group(0).strip(".'’-") for t in window]
            if not words[-1] or not _plausible(words):
                continue
            text = sentence[window[0].start():window[-1].end()].rstrip(".'’-")
            marked = latin_cue(sentence, window[0].start(), language, [(m.start, m.end) for m in found if m.marked])
            least = MIN_SCORE_IN_LONGER_NAME if size == 1 and _in_longer_name(tokens, i, sentence) else None
            mention = _lookup(text, gazetteer, window[0].start(), marked, least)
            if mention:
                found.append(mention)
                used[i:i + size] = [True] * size
    return found


def _in_longer_name(tokens, i: int, sentence: str) -> bool:
    """Whether token ``i`` runs on into another capitalised word ("Universidad Federal")."""
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    between = sentence[tokens[i].end():nxt.start()]
    return between.strip() == "" and _capitalised(nxt.group(0)) and nxt.group(0).casefold() not in _STOP


def _lookup(text: str, gazetteer, start: int, marked: bool = False, least: float | None = None):
    for form in _spellings(text):
        candidates = tuple(c for c in gazetteer.candidates(form) or () if _worthy(c, form, marked, least))
        if candidates:
            return PlaceMention(text, form, start, start + len(text), candidates, marked)
    return None


def _spellings(text: str) -> list[str]:
    """``text``, its alias, its uninflected forms, then other transliterations of them."""
    forms = [_aliases().get(text, text)] + _inflections(text)
    if not re.search(r"[a-z]", text):
        return list(dict.fromkeys(forms))
    variants = []
    for form in forms:
        lowered = form
        for old, new in _SPELLINGS:
            lowered = lowered.replace(old, new).replace(old.capitalize(), new.capitalize())
            variants.append(lowered)
        if form.endswith("i"):
            variants.append(form[:-1] + "y")     # Vostochni → Vostochny
    return list(dict.fromkeys(forms + variants))


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    with open(ALIASES_CSV, encoding="utf-8", newline="") as handle:
        return {row["written"]: row["name"] for row in csv.DictReader(handle)}


def _worthy(candidate, form: str, marked: bool = False, least: float | None = None) -> bool:
    """Whether a candidate is a place a story would name without saying more.

    Countries are not stops (city-states are). Curated places and airports always count;
    GeoNames towns only when their score, which grows with population, is that of a town
    of some size: small villages are named like common words ("Seven", "China", "Under").
    A name the sentence marks as a location may be a smaller town.
    """
    code = country_code(form) if is_country(form) else None
    if code is not None:
        return code in CITY_STATES and candidate.country == code
    if candidate.source != "gazetteer":
        return True
    floor = MIN_TOWN_SCORE if " " not in form.strip() else MIN_TOWN_SCORE_MULTIWORD
    if marked:
        floor = min(floor, MIN_TOWN_SCORE_MARKED)
    return candidate.score >= max(floor, least or 0)


def _mode_table() -> dict[str, str]:
    table = {w: m for w, m in known_words().items() if w not in _AMBIGUOUS_MODE_WORDS and len(w) > 1}
    for mode, forms in _MODE_FORMS.items():
        for form in forms.split():
            table.setdefault(form, mode)
    table.update({"air force one": "flight"})
    return table


_MODE_PATTERN: re.Pattern | None = None
_MODE_TABLE: dict[str, str] = {}


def find_modes(sentence: str) -> list[ModeMention]:
    """Travel modes named in ``sentence`` ("tog", "Sonderzug", "самолётом", "motorcade" …)."""
    global _MODE_PATTERN, _MODE_TABLE
    if _MODE_PATTERN is None:
        _MODE_TABLE = _mode_table()
        words = sorted(_MODE_TABLE, key=len, reverse=True)
        _MODE_PATTERN = re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in words) + r")(?![\w])",
                                   re.IGNORECASE)
    return [ModeMention(_MODE_TABLE[m.group(1).casefold()], m.group(1), m.start())
            for m in _MODE_PATTERN.finditer(sentence) if m.group(1).casefold() in _MODE_TABLE]
