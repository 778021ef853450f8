"""Score the drafter on a folder of stories with expected drafts (``expected.json``).

``python -m routes.draft.scoring tests/fixtures/stories/test`` prints, per language and in all:

- found: expected stops drafted with the right arrival day (an expected ``null`` arrival
  wants none drafted: the story does not say), over expected stops;
- real: drafted stops that are expected stops, over drafted stops (home places left out);
- wrong: drafted stops that the story names as not part of the trip (earlier trips, planned
  ones, someone else's travel, a government, the dateline);
- leader: stories whose leader is right.

A drafted stop is an expected one when its name (or the place as written) is one of the
expected names, or when it lies within ``SAME_PLACE_KM`` of where the gazetteer puts one.
The drafter is called as ``python -m routes draft`` calls it: ``--date`` only when the
story has no year of its own (``pass_date``).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from routes.places.sphere import distance_km

SAME_PLACE_KM = 30.0


@dataclass
class Tally:
    stories: int = 0
    leader_right: int = 0
    expected: int = 0
    found: int = 0
    drafted: int = 0
    real: int = 0
    wrong: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("stories", "leader_right", "expected", "found", "drafted", "real", "wrong"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    @property
    def found_share(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def real_share(self) -> float:
        return self.real / self.drafted if self.drafted else 1.0


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("-", " ").strip()


class _Places:
    """Where the gazetteer puts the expected names, for matching by distance."""

    def __init__(self, gazetteer):
        self.gazetteer = gazetteer
        self.memo: dict[str, tuple[float, float] | None] = {}

    def point(self, name: str):
        if name not in self.memo:
            place = self.gazetteer.resolve(name)
            self.memo[name] = (place.lat, place.lon) if place.resolved else None
        return self.memo[name]


def _same(stop: dict, names: list[str], places: _Places) -> bool:
    written = {_norm(stop["place"]), _norm(stop.get("written", ""))}
    if any(_norm(n) in written for n in names):
        return True
    if stop.get("lat") is None or stop.get("lon") is None:
        return False
    for name in names:
        point = places.point(name)
        if point and distance_km(stop["lat"], stop["lon"], *point) <= SAME_PLACE_KM:
            return True
    return False


def score_story(name: str, expected: dict, draft, places: _Places) -> Tally:
    tally = Tally(stories=1, leader_right=int(draft.leader == expected["leader"]))
    drafted = [dict(place=s.place, written=s.written, lat=s.lat, lon=s.lon, arrive=s.arrive)
               for s in draft.stops]
    home = [[h] for h in expected.get("home", [])]
    drafted = [s for s in drafted if not any(_same(s, h, places) for h in home)]
    stops = [[e["place"], *e.get("also", [])] for e in expected["stops"]]
    tally.expected = len(stops)
    for names, want in zip(stops, expected["stops"]):
        arrive = want["arrive"] or ""
        if any(_same(s, names, places) and s["arrive"] == arrive for s in drafted):
            tally.found += 1
        else:
            got = [s["arrive"] or "-" for s in drafted if _same(s, names, places)]
            tally.misses.append(f"{name}: {names[0]} {arrive or 'no date'} (drafted: {', '.join(got) or 'no'})")
    tally.drafted = len(drafted)
    for stop in drafted:
        if any(_same(stop, names, places) for names in stops):
            tally.real += 1
        else:
            negative = any(_same(stop, [n["place"]], places) for n in expected.get("not_stops", []))
            tally.wrong += negative
            tally.misses.append(f"{name}: drafted {stop['place']} {stop['arrive'] or '-'}"
                                + (" (named as not a stop)" if negative else ""))
    return tally


def score_folder(folder: Path, gazetteer=None) -> dict[str, Tally]:
    """Per language (and "all"), how the drafter does on the stories in ``folder``."""
    from routes.draft.draft import draft_story

    if gazetteer is None:
        from routes.places import Gazetteer
        gazetteer = Gazetteer.default()
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    places = _Places(gazetteer)
    tallies: dict[str, Tally] = defaultdict(Tally)
    for name, want in sorted(expected.items()):
        text = (folder / f"{name}.txt").read_text(encoding="utf-8-sig")
        given = date.fromisoformat(want["story_date"]) if want.get("pass_date") else None
        draft = draft_story(text, given, gazetteer=gazetteer, source=f"{name}.txt")
        tally = score_story(name, want, draft, places)
        tallies[want["lang"]].add(tally)
        tallies["all"].add(tally)
    return dict(tallies)


def format_table(tallies: dict[str, Tally]) -> str:
    lines = ["lang  stories  leader  found            real             wrong"]
    for lang in sorted(tallies, key=lambda k: (k == "all", k)):
        t = tallies[lang]
        lines.append(f"{lang:<5} {t.stories:>7}  {t.leader_right:>2}/{t.stories:<3} "
                     f"{t.found:>3}/{t.expected:<3} {t.found_share:>6.1%}  "
                     f"{t.real:>3}/{t.drafted:<3} {t.real_share:>6.1%}  {t.wrong:>5}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m routes.draft.scoring",
                                     description="Score the story drafter on a folder of stories.")
    parser.add_argument("folder", type=Path, help="a folder with STORY.txt files and expected.json")
    parser.add_argument("--misses", action="store_true", help="also list every miss and wrong stop")
    args = parser.parse_args(argv)
    tallies = score_folder(args.folder)
    print(format_table(tallies))
    if args.misses:
        print("\n".join(tallies["all"].misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
