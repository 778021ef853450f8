"""Places in Korean, Japanese and Chinese sentences, where names run into the words around them.

Korean words carry particles ("블라디보스토크에", "하산 역에"): a word is looked up, then its
shorter heads with the rest a particle or a place noun. Japanese and Chinese have no spaces:
runs of katakana are looked up whole, runs of Han characters by their substrings, longest
first. The words around say whether the name is a place someone is at (see ``cues``).
"""

from __future__ import annotations

import re

from routes.draft.cues import KOREAN_REST, chinese_cue, japanese_cue, korean_cue

_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_KATAKANA_RUN = re.compile(r"[\u30a0-\u30ff]+(?:・[\u30a0-\u30ff]+)*")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_LONGEST_HAN = 6
# Two Han characters make many words that are also names of small places; ask more of them.
MIN_SHORT_HAN_SCORE = 1.28


def korean_places(sentence: str, lookup, skip) -> list:
    found = []
    words = list(_HANGUL_WORD.finditer(sentence))
    for i, word in enumerate(words):
        if _skipped(word.start(), word.end(), skip):
            continue
        text = word.group(0)
        next_word = words[i + 1].group(0) if i + 1 < len(words) else ""
        for size in range(len(text), 1, -1):
            head, rest = text[:size], text[size:]
            if not KOREAN_REST.match(rest):
                continue
            mention = lookup(head, word.start(), korean_cue(rest, next_word))
            if mention:
                found.append(mention)
                break
    return found


def japanese_places(sentence: str, lookup, skip) -> list:
    found = []
    for run in _KATAKANA_RUN.finditer(sentence):
        if _skipped(run.start(), run.end(), skip):
            continue
        mention = lookup(run.group(0), run.start(), japanese_cue(sentence[run.end():]))
        if mention:
            found.append(mention)
    found += _han_places(sentence, lookup, skip, lambda s, e: japanese_cue(sentence[e:]))
    return found


def chinese_places(sentence: str, lookup, skip) -> list:
    return _han_places(sentence, lookup, skip, lambda s, e: chinese_cue(sentence[:s], sentence[e:]))


def _han_places(sentence, lookup, skip, cue) -> list:
    found, taken = [], list(skip)
    for run in _HAN_RUN.finditer(sentence):
        text = run.group(0)
        for size in range(min(_LONGEST_HAN, len(text)), 1, -1):
            for offset in range(len(text) - size + 1):
                start = run.start() + offset
                if _skipped(start, start + size, taken):
                    continue
                mention = lookup(text[offset:offset + size], start, cue(start, start + size),
                                 least=MIN_SHORT_HAN_SCORE if size == 2 else None)
                if mention:
                    found.append(mention)
                    taken.append((start, start + size))
    return found


def _skipped(start: int, end: int, spans) -> bool:
    return any(start < e and s < end for s, e in spans)
