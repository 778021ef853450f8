"""Travel modes and the words people use for them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Mode:
    """Everything the library knows about one way of travelling. Every consumer reads this
    table: adding a mode is one entry here (and its tests)."""
    name: str
    label: str                          # the map's legend and the tables
    words: str                          # synonyms, space-separated, in every language we read
    phrases: tuple[str, ...] = ()       # the synonyms of several words among them, matched whole
    draft_forms: str = ""               # inflected forms that name it in news prose (routes.draft)
    max_average_kmh: float | None = None   # faster on average: the times, places or mode are wrong
    corridor: str | None = None         # "rail" / "sea": routed along that network, else a geodesic
    weight: int = 2                     # line width (px) on the map and the images
    dash_array: str | None = None       # Leaflet/SVG dash pattern in px; None = a solid line
    casing: str | None = None           # a white dashed line over the coloured one (railway track)
    line_cap: str = "round"              # the ends of the line and of its dashes

    @property
    def style(self) -> dict:
        """What the page and the images draw the mode with."""
        return {"label": self.label, "weight": self.weight, "dash_array": self.dash_array, "casing": self.casing,
                "line_cap": self.line_cap}

    @property
    def guessed_when_straight(self) -> bool:
        """A straight (geodesic) line is only a guess of the way travelled: the mode follows a
        corridor, or is not known."""
        return self.corridor is not None or self.name == UNKNOWN


# Synonyms in English and in the languages of the bundled sources and our users'
# spreadsheets (Danish, German, French, Korean, Russian, Chinese, Vietnamese).
# The last entry is not a vehicle: a leg whose mode was not reported keeps it, drawn and counted
# as such, rather than being guessed or dropped.
TABLE: tuple[Mode, ...] = (
    Mode("train", "Train",
         "rail railway railroad armoured train armored train special train tog jernbane zug bahn "
         "eisenbahn sonderzug train blindé chemin de fer 기차 열차 철도 поезд бронепоезд "
         "поездом 火车 列车 专列 tàu tàu hỏa tau hoa",
         phrases=("armoured train", "armored train", "special train", "train blindé", "chemin de fer",
                  "tàu hỏa", "tau hoa"),
         draft_forms="toget togets tog zuges zug sonderzug panzerzug поезде поезда поездом бронепоезде "
                     "бронепоезда бронепоездом бронепоезд trains tren",
         max_average_kmh=250.0, corridor="rail", weight=4, casing="2 6", line_cap="butt"),
    Mode("flight", "Flight",
         "plane air airplane aeroplane aircraft jet fly flyvemaskine flyver flugzeug flug luft "
         "avion vol 비행기 항공 전용기 самолет самолёт рейс 飞机 专机 máy bay may bay",
         phrases=("máy bay", "may bay"),
         draft_forms="flyet flyvemaskinen flugzeuges flugzeug sonderflugzeug regierungsflugzeug "
                     "sondermaschine самолете самолёте самолета самолётом самолетом avión "
                     "plane",
         dash_array="8 6"),
    Mode("car", "Car",
         "motorcade road auto automobile bil biler bilkortege kortege wagen autokolonne voiture "
         "cortège convoi 자동차 차량 차 автомобиль кортеж машина 汽车 车队 ô tô o to xe",
         phrases=("ô tô", "o to"),
         draft_forms="bilen bilkortegen kortegen autokolonne motorcade кортеже кортежем автомобиле coche "
                     "caravana limousine limousinen",
         max_average_kmh=150.0, weight=3, dash_array="1 6"),
    Mode("ship", "Ship",
         "boat sea ferry vessel yacht skib båd færge schiff boot fähre bateau navire 배 선박 "
         "корабль судно 船 tàu thủy",
         phrases=("tàu thủy",),
         draft_forms="skibet schiffes schiff navire barco корабле",
         corridor="sea", weight=3, dash_array="12 4 2 4"),
    Mode("helicopter", "Helicopter",
         "heli chopper marine one helikopter hubschrauber hélicoptère 헬기 헬리콥터 "
         "вертолет вертолёт 直升机 trực thăng",
         phrases=("marine one", "trực thăng"),
         dash_array="4 3"),
    Mode("foot", "On foot",
         "walk walking on foot walked til fods zu fuss zu fuß à pied 도보 걸어서 пешком 步行 đi bộ",
         phrases=("on foot", "til fods", "zu fuss", "zu fuß", "à pied", "đi bộ"),
         dash_array="1 3"),
    Mode(UNKNOWN, "Mode not reported",
         "? n/a na unreported not reported ukendt ikke oplyst unbekannt inconnu inconnue 미상 неизвестно "
         "未知 không rõ",
         phrases=("not reported", "ikke oplyst", "không rõ"),
         dash_array="2 2"),
)
BY_NAME: dict[str, Mode] = {mode.name: mode for mode in TABLE}
MODES = tuple(BY_NAME)
# Above these average speeds a leg is more likely a data error than a fast vehicle.
MAX_AVERAGE_KMH = {m.name: m.max_average_kmh for m in TABLE if m.max_average_kmh is not None}
MIN_FLIGHT_KM = 50.0       # shorter than this, a "flight" is a data error
# Modes routed along a network (rail, sea) rather than drawn as geodesics, and those whose
# geodesic is only a guess of the way travelled.
CORRIDOR_MODES = tuple(m.name for m in TABLE if m.corridor)
GUESSED_WHEN_STRAIGHT = tuple(m.name for m in TABLE if m.guessed_when_straight)


def line_cap(mode: str) -> str:
    """How the line of a mode ends ("round" for a mode not in the table)."""
    known = BY_NAME.get(mode)
    return known.line_cap if known is not None else "round"
_SYNONYMS = {mode.name: mode.words for mode in TABLE}


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    return re.sub(r"[\s_\-]+", " ", text)


_LOOKUP: dict[str, str] = {}
for _mode, _words in _SYNONYMS.items():
    _LOOKUP[_mode] = _mode
    # Multi-word synonyms are listed with single spaces and matched whole.
    for phrase in BY_NAME[_mode].phrases:
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
