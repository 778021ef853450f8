"""What a sentence says the leader did at a place: arrived, departed, or stayed.

The nearest travel verb decides, unless a preposition right before the place says which
way the leader moved ("from Beijing", "til Beijing", "во Владивосток").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from routes.draft.lexicon import ARRIVE, DEPART, FROM_WORDS, TO_WORDS, VISIT

ARRIVAL, DEPARTURE, STAY = "arrive", "depart", "stay"


@dataclass(frozen=True)
class Verb:
    kind: str       # arrive, depart or stay
    text: str
    start: int
    end: int


@lru_cache(maxsize=None)
def _verb_patterns(language: str) -> list[tuple[str, re.Pattern]]:
    out = []
    for kind, table in ((ARRIVAL, ARRIVE), (DEPARTURE, DEPART), (STAY, VISIT)):
        for lang in dict.fromkeys((language, "en")):
            if lang in table:
                out.append((kind, re.compile(rf"(?<![\w])(?:{table[lang]})(?![\w])", re.IGNORECASE)))
    return out


def find_verbs(sentence: str, language: str) -> list[Verb]:
    """Travel verbs in ``sentence`` (in its language, and English ones wire copy borrows)."""
    verbs: list[Verb] = []
    for kind, pattern in _verb_patterns(language):
        for match in pattern.finditer(sentence):
            if not any(match.start() < v.end and v.start < match.end() for v in verbs):
                verbs.append(Verb(kind, match.group(0), match.start(), match.end()))
    return sorted(verbs, key=lambda v: v.start)


def _word_before(sentence: str, start: int) -> str:
    match = re.search(r"([\w']+)['’]?\s*$", sentence[:start])
    return match.group(1).casefold() if match else ""


def role_at(sentence: str, place_start: int, verbs: list[Verb], language: str) -> str | None:
    """The role of the place starting at ``place_start``, or None without a travel verb."""
    if not verbs:
        return None
    before = _word_before(sentence, place_start)
    if before in _words(FROM_WORDS, language) and any(v.kind != STAY for v in verbs):
        return DEPARTURE
    # A sentence that moves the leader says where to or from; "visit" words only decide alone.
    motion = [v for v in verbs if v.kind != STAY] or verbs
    nearest = min(motion, key=lambda v: abs(v.start - place_start))
    if before in _words(TO_WORDS, language) and any(v.kind != STAY for v in verbs):
        return ARRIVAL     # "left Beijing for Pyongyang", "ankom til Beijing", "во Владивосток"
    return nearest.kind


def _words(table: dict[str, str], language: str) -> set[str]:
    return set(table.get(language, "").split())
