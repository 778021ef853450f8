"""Whether a name in a sentence stands for a place someone is at, goes to or comes from.

"pulled into Vladivostok", "in Wladiwostok", "블라디보스토크에", "北京駅に", "抵达莫斯科", "đến Hà Nội":
the words around the name say it is a location. "while Pyongyang looks for backing", "평양은",
"Fue su primer viaje" name a government or are no place at all: no cue, no stop.
"""

from __future__ import annotations

import re

from routes.draft.lexicon import AT_WORDS, FROM_WORDS, TO_WORDS

# Nouns after which a name is a place: "the border station of Khasan", "ga Đồng Đăng".
_PLACE_NOUNS = {
    "en": "station airport city capital port town border base island",
    "da": "hovedstad byen lufthavn station", "de": "Hauptstadt Stadt Flughafen Bahnhof Grenzstation",
    "fr": "gare ville capitale aéroport port île", "es": "ciudad capital aeropuerto estación puerto isla",
    "ru": "город столица аэропорт вокзал станция", "vi": "ga đô phố bay tỉnh tế",
}
_OF = {"of", "de", "d'", "del", "du", "af", "von"}
_CONJUNCTIONS = {"and", "og", "und", "et", "y", "и", "và", "or", "och"}
# After a Korean name: where to or from (에, 에서, 으로, 을 …), or a place noun (역, 공항 …).
KOREAN_REST = re.compile(r"^(?:역|국제공항|공항|미 공군기지|공군기지|기지|우주기지|섬|항|시|인근|근교)?"
                         r"(?:에서는|에서도|에서|에는|에도|에|으로|로|을|를|의|까지|부터|과|와|은|는|이|가|도|행|)$")
_KOREAN_SUBJECT = re.compile(r"^(?:은|는|이|가|도|과|와)$")
_KOREAN_NOUN = re.compile(r"^(?:역|국제공항|공항|공군기지|미|기지|우주기지|순안)")
_JAPANESE_AFTER = re.compile(r"^(?:駅|国際空港|空港|近郊|入り|宇宙基地|基地|港|に|へ|を|で|から|の|まで)")
_CHINESE_BEFORE = re.compile(r"(?:抵达|到达|来到|飞抵|前往|访问|离开|途经|在|赴|到|从|至|经|抵|往)$")
_CHINESE_AFTER = re.compile(r"^(?:站|火车站|机场|国际机场|郊)")


def _words(table: dict[str, str], language: str) -> set[str]:
    return {w.casefold() for lang in dict.fromkeys((language, "en")) for w in table.get(lang, "").split()}


def _previous_words(sentence: str, start: int, count: int) -> list[str]:
    return [w.casefold() for w in re.findall(r"[\w'’]+", sentence[:start])[-count:]]


def latin_cue(sentence: str, start: int, language: str, marked_before=()) -> bool:
    """A preposition, a place noun ("station of"), or "and" or a comma after a marked place
    (``marked_before``: their spans), before ``start``."""
    if any(sentence[end:start].strip() in {",", *_CONJUNCTIONS} for _, end in marked_before):
        return True
    words = _previous_words(sentence, start, 3)
    if not words:
        return False
    last = words[-1]
    if last in _words(TO_WORDS, language) | _words(FROM_WORDS, language) | _words(AT_WORDS, language):
        return True
    nouns = {w.casefold() for w in _PLACE_NOUNS.get(language, "").split() + _PLACE_NOUNS["en"].split()}
    if last in nouns or (last in _OF and len(words) > 1 and words[-2] in nouns):
        return True
    return False


def korean_cue(rest: str, next_word: str) -> bool:
    """After a Korean name: a particle of place or object, or a place noun (하산 역에)."""
    if rest and not _KOREAN_SUBJECT.match(rest):
        return True
    return not rest and bool(_KOREAN_NOUN.match(next_word))


def japanese_cue(after: str) -> bool:
    return bool(_JAPANESE_AFTER.match(after))


def chinese_cue(before: str, after: str) -> bool:
    return bool(_CHINESE_BEFORE.search(before) or _CHINESE_AFTER.match(after))
