"""What a sentence says the leader did at a place: arrived, departed, or stayed.

The nearest travel verb decides, unless a preposition just before the place says which
way the leader moved ("from Beijing", "til Beijing", "во Владивосток"). A verb of a trip
still to come ("will travel to", "se rendra", "예정", "将") nearest the place makes it planned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from routes.draft.lexicon import ARRIVE, DEPART, FROM_WORDS, PLANNED, TO_WORDS, UNSPACED, VISIT

ARRIVAL, DEPARTURE, STAY, PLAN = "arrive", "depart", "stay", "planned"
_NOUNS_BETWEEN = {"the", "capital", "city", "thủ", "đô", "ga", "sân", "bay", "station", "gare", "ville",
                  "capitale", "estación", "ciudad", "quốc", "tế"}
_OF = {"of", "de", "del", "du", "d'"}
# Verb-final languages: the verb that governs a place follows it.
VERB_FINAL = ("ko", "ja")
# Where a sentence turns to another clause: "…, and on Friday", "、", ";", ", where".
_CLAUSE = re.compile(r"[;；、，]|,\s+(?=(?:and|y|e|et|und|og|и|а|но|và|nơi|but|mais|pero|aber|men|where|"
                     r"donde|où|wo|hvor|then|puis|dann|avant|before|after|après|nachdem)\b)")


def clause_of(sentence: str, position: int) -> tuple[int, int]:
    """The start and end of the clause of ``sentence`` that holds ``position``."""
    cuts = [0] + [m.end() for m in _CLAUSE.finditer(sentence)] + [len(sentence) + 1]
    return max(c for c in cuts if c <= position), min(c for c in cuts if c > position)


@dataclass(frozen=True)
class Verb:
    kind: str       # arrive, depart or stay
    text: str
    start: int
    end: int


@cache
def _verb_patterns(language: str) -> list[tuple[str, re.Pattern]]:
    out = []
    b, e = ("", "") if language in UNSPACED else (r"(?<![\w])", r"(?![\w])")
    for kind, table in ((PLAN, PLANNED), (ARRIVAL, ARRIVE), (DEPARTURE, DEPART), (STAY, VISIT)):
        for lang in dict.fromkeys((language, "en")):
            if lang in table:
                out.append((kind, re.compile(rf"{b}(?:{table[lang]}){e}", re.IGNORECASE)))
    return out


def find_verbs(sentence: str, language: str) -> list[Verb]:
    """Travel verbs in ``sentence`` (in its language, and English ones wire copy borrows)."""
    verbs: list[Verb] = []
    for kind, pattern in _verb_patterns(language):
        for match in pattern.finditer(sentence):
            if not any(match.start() < v.end and v.start < match.end() for v in verbs):
                verbs.append(Verb(kind, match.group(0), match.start(), match.end()))
    return sorted(verbs, key=lambda v: v.start)


def _words_before(sentence: str, start: int) -> list[str]:
    """Up to three words before ``start``, nearest first, skipping "the capital of", "gare de"."""
    words = [w.casefold() for w in re.findall(r"[\w']+", sentence[:start])[-4:]][::-1]
    if len(words) > 1 and words[0] in _OF and words[1] in _NOUNS_BETWEEN:
        words = words[1:]
    out = []
    for word in words:
        out.append(word)
        if word not in _NOUNS_BETWEEN:
            break
    return out


# Particles after a name (Japanese, Korean) or a word before it (Chinese) that say "from".
_FROM_AFTER = re.compile(r"^(?:から|으로부터|로부터|부터)")
_FROM_BEFORE = re.compile(r"(?:从|由|自)$")


def role_at(sentence: str, place_start: int, verbs: list[Verb], language: str,
            place_end: int | None = None) -> str | None:
    """The role of the place starting at ``place_start``, or None without a travel verb."""
    low, high = clause_of(sentence, place_start)
    verbs = [v for v in verbs if low <= v.start < high] or verbs
    if not verbs:
        return None
    if language in VERB_FINAL:
        verbs = [v for v in verbs if v.start > place_start] or verbs
    nearest = min(verbs, key=lambda v: abs(v.start - place_start))
    if nearest.kind == PLAN:
        return PLAN
    moving = any(v.kind in (ARRIVAL, DEPARTURE) for v in verbs)
    after = sentence[place_end:] if place_end is not None else ""
    if moving and (_FROM_AFTER.match(after) or _FROM_BEFORE.search(sentence[:place_start])):
        return DEPARTURE   # "ハノイから … マニラに到着", "从北京"
    before = _words_before(sentence, place_start)
    if moving and any(w in _words(FROM_WORDS, language) for w in before):
        return DEPARTURE
    if moving and any(w in _words(TO_WORDS, language) for w in before):
        return ARRIVAL     # "left Beijing for Pyongyang", "ankom til Beijing", "во Владивосток"
    # A clause that moves the leader says where to or from; "visit" words only decide alone.
    motion = [v for v in verbs if v.kind in (ARRIVAL, DEPARTURE)] or [v for v in verbs if v.kind != PLAN]
    return min(motion, key=lambda v: abs(v.start - place_start)).kind


def _words(table: dict[str, str], language: str) -> set[str]:
    return set(table.get(language, "").split())
