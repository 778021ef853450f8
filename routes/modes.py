"""Travel modes and the words people use for them."""

from __future__ import annotations

import re
import unicodedata

UNKNOWN = "unknown"
# The last entry is not a vehicle: a leg whose mode was not reported keeps it, drawn and counted
# as such, rather than being guessed or dropped.
MODES = ("train", "flight", "car", "ship", "helicopter", "foot", UNKNOWN)

# Synonyms in English and in the languages of the bundled sources and our users'
# spreadsheets (Danish, German, French, Korean, Russian, Chinese, Vietnamese).
_SYNONYMS = {
    "train": "rail railway railroad armoured train armored train special train tog jernbane zug bahn "
             "eisenbahn sonderzug train blindé chemin de fer 기차 열차 철도 поезд бронепоезд "
             "поездом 火车 列车 专列 tàu tàu hỏa tau hoa",
    "flight": "plane air airplane aeroplane aircraft jet fly flyvemaskine flyver flugzeug flug luft "
              "avion vol 비행기 항공 전용기 самолет самолёт рейс 飞机 专机 máy bay may bay",
    "car": "motorcade road auto automobile bil biler bilkortege kortege wagen autokolonne voiture "
           "cortège convoi 자동차 차량 차 автомобиль кортеж машина 汽车 车队 ô tô o to xe",
    "ship": "boat sea ferry vessel yacht skib båd færge schiff boot fähre bateau navire 배 선박 "
            "корабль судно 船 tàu thủy",
    "helicopter": "heli chopper marine one helikopter hubschrauber hélicoptère 헬기 헬리콥터 "
                  "вертолет вертолёт 直升机 trực thăng",
    "foot": "walk walking on foot walked til fods zu fuss zu fuß à pied 도보 걸어서 пешком 步行 đi bộ",
    UNKNOWN: "? n/a na unreported not reported ukendt ikke oplyst unbekannt inconnu inconnue 미상 неизвестно "
             "未知 không rõ",
}


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    return re.sub(r"[\s_\-]+", " ", text)


_LOOKUP: dict[str, str] = {}
for _mode, _words in _SYNONYMS.items():
    _LOOKUP[_mode] = _mode
    # Multi-word synonyms are listed with single spaces; known ones are matched whole.
    for phrase in ("armoured train", "armored train", "special train", "train blindé",
                   "chemin de fer", "marine one", "on foot", "til fods", "zu fuss", "zu fuß",
                   "à pied", "máy bay", "may bay", "tàu hỏa", "tau hoa", "ô tô", "o to",
                   "tàu thủy", "trực thăng", "đi bộ", "not reported", "ikke oplyst", "không rõ"):
        if phrase in _words:
            _LOOKUP[phrase] = _mode
            _words = _words.replace(phrase, " ")
    for word in _words.split():
        _LOOKUP.setdefault(_key(word), _mode)


def parse_mode(text: str | None) -> str | None:
    """The canonical mode for ``text``, or None when it is not a mode we know."""
    if not text:
        return None
    return _LOOKUP.get(_key(text))


def known_words() -> dict[str, str]:
    """Every word or phrase we recognise, mapped to its mode (for hints and news drafts)."""
    return dict(_LOOKUP)


# Above these average speeds a leg is more likely a data error than a fast vehicle.
MAX_SPEED_KMH = {"train": 250.0, "car": 150.0, "foot": 10.0, "ship": 80.0,
                 "helicopter": 350.0, "flight": 1100.0}
MIN_FLIGHT_KM = 50.0
