"""Known leaders and where a story names them, in any of the scripts in data/leaders.csv.

A surname alone counts for the one leader who bears it ("Путин"); a shared one ("Kim": Kim
Jong Un, Kim Jong Il, Kim Il Sung) only for a leader whose full name the story also uses.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEADERS_CSV = Path(__file__).resolve().parents[2] / "data" / "leaders.csv"

# Endings a name takes in running text: English/Danish/German genitive, Russian cases.
_LATIN_ENDINGS = r"(?:['’]s|s)?"
_CYRILLIC_ENDINGS = r"(?:а|у|ом|ым|е|ой|ы)?"
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3040-\u30ff]")     # Han and kana: no spaces between words


@dataclass(frozen=True)
class Leader:
    name: str
    country: str
    variants: tuple[str, ...]
    short: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class LeaderMention:
    leader: str
    start: int
    end: int
    text: str
    full: bool      # the full name, not a surname alone


@lru_cache(maxsize=4)
def load_leaders(path: str | Path = LEADERS_CSV) -> tuple[Leader, ...]:
    with open(path, encoding="utf-8", newline="") as handle:
        return tuple(
            Leader(row["name"], row["country"], _split(row["variants"]), _split(row["short"]),
                   row["source"])
            for row in csv.DictReader(handle))


def _split(cell: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in cell.split(";") if v.strip()))


def _name_pattern(name: str) -> str:
    """A regex for ``name`` as it appears in text: any spacing or hyphen between its parts."""
    cyrillic = bool(re.search(r"[А-Яа-я]", name))
    # Russian declines every part of a name ("Владимиром Путиным"), others only the last.
    parts = [re.escape(p) + (_CYRILLIC_ENDINGS if cyrillic else "")
             for p in re.split(r"[\s\-‐]+", name) if p]
    body = r"[\s\-‐]*".join(parts) if _HAN.search(name) else r"[\s\-‐]+".join(parts)
    if _HANGUL.search(name) or _HAN.search(name):
        # Korean particles and Chinese text follow a name without a space.
        return rf"(?<![\uac00-\ud7a3]){body}" if _HANGUL.search(name) else body
    ending = "" if cyrillic else _LATIN_ENDINGS
    return rf"(?<![\w]){body}{ending}(?![\w])"


@lru_cache(maxsize=4)
def _compiled(leaders: tuple[Leader, ...]):
    full = [(leader.name, re.compile(_name_pattern(v), re.IGNORECASE if not _HAN.search(v) else 0))
            for leader in leaders for v in sorted(leader.variants, key=len, reverse=True)]
    short = [(leader.name, re.compile(_short_pattern(v))) for leader in leaders for v in leader.short]
    return full, short


def _short_pattern(name: str) -> str:
    if _HANGUL.search(name) and len(name) == 1:
        # A one-syllable Korean surname only before a space and a title ("김 위원장").
        return rf"(?<![\uac00-\ud7a3]){re.escape(name)}(?=\s)"
    return _name_pattern(name)      # case-sensitive: "Moon" the leader, not "moon"


def find_leaders(text: str, leaders: tuple[Leader, ...] | None = None) -> list[LeaderMention]:
    """Every mention of a known leader in ``text``, in order, none overlapping another."""
    leaders = leaders or load_leaders()
    full_patterns, short_patterns = _compiled(leaders)
    mentions: list[LeaderMention] = []
    for name, pattern in full_patterns:
        for match in pattern.finditer(text):
            if not _overlaps(match, mentions):
                mentions.append(LeaderMention(name, match.start(), match.end(), match.group(0), True))
    counts: dict[str, int] = {}
    for mention in mentions:
        counts[mention.leader] = counts.get(mention.leader, 0) + 1
    owners = _short_owners(leaders)
    for name, pattern in sorted(short_patterns, key=lambda item: -counts.get(item[0], 0)):
        if name not in counts and owners.get(pattern.pattern, 0) > 1:
            continue    # a shared surname needs its leader's full name somewhere in the story
        for match in pattern.finditer(text):
            if not _overlaps(match, mentions):
                mentions.append(LeaderMention(name, match.start(), match.end(), match.group(0), False))
    return sorted(mentions, key=lambda m: m.start)


@lru_cache(maxsize=4)
def _short_owners(leaders: tuple[Leader, ...]) -> dict[str, int]:
    """How many leaders share each surname pattern."""
    owners: dict[str, int] = {}
    for leader in leaders:
        for form in set(_short_pattern(v) for v in leader.short):
            owners[form] = owners.get(form, 0) + 1
    return owners


def _overlaps(match, mentions) -> bool:
    return any(match.start() < m.end and m.start < match.end() for m in mentions)


def leader_by_name(name: str, leaders: tuple[Leader, ...] | None = None) -> Leader | None:
    for leader in leaders or load_leaders():
        if leader.name == name:
            return leader
    return None
