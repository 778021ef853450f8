"""Who travels to a place a sentence names, and whether the sentence stays on the last day named.

The actor is the leader named last before the place as a subject; a leader named as the one
met, greeted or travelled with ("met Xi Jinping", "푸틴 대통령과", "普京邀请", "Putin と") is not a
subject. Without a subject named before the place, the one after it counts (verb-second, "X,
who travelled to"), and without any, the story's leader ("He left Beijing").
"""

from __future__ import annotations

import re

from routes.draft.lexicon import SAME_DAY, UNSPACED

# Before a name: the name is someone met, received or travelled with, not the traveller.
_OBJECT_BEFORE = re.compile(
    r"(?:with|meet|met|meeting|by|received|welcomed|greeted|rencontrer|avec|par|mit|von|empfing|med|af|"
    r"con|por|recibió|с|со|встретил[аи]?|và|với|gặp|同|与|和|会见|迎接|邀请|应)"
    r"\s*(?:[\w.'’-]+\s+){0,3}$", re.IGNORECASE)
# After a name (and a title): Korean and Japanese particles of company or object.
_OBJECT_AFTER = re.compile(r"^[\s\w]{0,12}?(?:대통령|위원장|총비서|주석|총리)?(?:과|와|을|를|에게)(?![\uac00-\ud7a3])|"
                           r"^[^\s、。]{0,8}?(?:と|を|に)")


def _is_subject(text: str, mention, language: str) -> bool:
    before = text[max(0, mention.start - 40):mention.start]
    after = text[mention.end:mention.end + 16]
    if _OBJECT_BEFORE.search(before):
        return False
    return not (language in ("ko", "ja") and _OBJECT_AFTER.match(after))


def actor_of(text: str, place_start: int, leaders, language: str, default):
    """The leader who goes to the place at ``place_start`` (``default`` when none is named)."""
    subjects = [m for m in leaders if _is_subject(text, m, language)]
    before = [m for m in subjects if m.end <= place_start]
    if before:
        return before[-1].leader
    after = [m for m in subjects if m.start > place_start]
    return after[0].leader if after else default


def same_day(text: str, language: str) -> bool:
    """Whether ``text`` says it is on the day last named ("earlier in the day", "이날", "同日")."""
    b, e = ("", "") if language in UNSPACED else (r"(?<!\w)", r"(?!\w)")
    patterns = [SAME_DAY[lang] for lang in dict.fromkeys((language, "en")) if lang in SAME_DAY]
    return any(re.search(rf"{b}(?:{p}){e}", text, re.IGNORECASE) for p in patterns)
