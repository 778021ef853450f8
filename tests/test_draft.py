"""Drafts of real stories: the seed (Danish) and our fixtures in English, German, Russian, French."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from datetime import date

import pytest

from routes.draft import STOPS_COLUMNS, draft_story
from tests.conftest import FIXTURES, ROOT, SHARED

SEED = SHARED / "seed" / "000_6633fa0cdd8b5904.txt"
STORIES = FIXTURES / "stories"


def _seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"the shared seed story is absent ({SEED}); it lives outside the project")
    return SEED.read_text(encoding="utf-8")


def _stop(draft, place):
    found = [s for s in draft.stops if s.place == place]
    assert found, f"no stop {place!r} in {[s.place for s in draft.stops]}"
    return found[0]


def test_seed_story_gives_kim_in_beijing_by_train_with_singapore_as_background():
    draft = draft_story(_seed_text(), date(2019, 1, 9))
    assert draft.leader == "Kim Jong Un"
    assert [s.place for s in draft.stops] == ["Beijing"]
    beijing = draft.stops[0]
    assert (beijing.arrive, beijing.depart, beijing.mode) == ("2019-01-08", "2019-01-09", "train")
    assert beijing.confidence == "high"
    assert abs(beijing.lat - 39.9) < 0.3 and abs(beijing.lon - 116.4) < 0.3
    assert "Beijing" in beijing.evidence
    assert [b.place for b in draft.background] == ["Singapore"]
    assert "sidste år" in draft.background[0].evidence


def test_seed_story_without_a_date_uses_its_month_line_and_lowers_confidence():
    draft = draft_story(_seed_text())
    assert draft.story_date == date(2019, 1, 31)     # "date 2019-01": the latest it can be
    assert draft.stops[0].confidence != "high"


@pytest.mark.parametrize("name, when, leader, stops, mode, background", [
    ("en_trump_singapore_2018.txt", date(2018, 6, 12), "Donald Trump",
     [("Singapore", "2018-06-10", "2018-06-12")], "flight", ["Beijing"]),
    ("de_xi_pyongyang_2019.txt", date(2019, 6, 21), "Xi Jinping",
     [("Pyongyang", "2019-06-20", "2019-06-21")], "flight", ["Beijing"]),
    ("ru_kim_vladivostok_2019.txt", date(2019, 4, 26), "Kim Jong Un",
     [("Vladivostok", "2019-04-24", "2019-04-26")], "train", ["Hanoi"]),
    ("fr_putin_pyongyang_hanoi_2024.txt", date(2024, 6, 20), "Vladimir Putin",
     [("Pyongyang", "2024-06-19", "2024-06-19"), ("Hanoi", "2024-06-20", "")], "flight",
     ["Vladivostok"]),
])
def test_fixture_stories(name, when, leader, stops, mode, background):
    draft = draft_story((STORIES / name).read_text(encoding="utf-8"), when)
    assert draft.leader == leader
    assert [(s.place, s.arrive, s.depart) for s in draft.stops] == stops
    assert {s.mode for s in draft.stops} == {mode}
    assert all(s.lat is not None and s.lon is not None for s in draft.stops)
    assert [b.place for b in draft.background] == background


def test_fixture_dateline_gives_the_story_date_when_none_is_given():
    text = (STORIES / "ru_kim_vladivostok_2019.txt").read_text(encoding="utf-8")
    draft = draft_story(text)
    assert draft.story_date == date(2019, 4, 26)
    assert _stop(draft, "Vladivostok").arrive == "2019-04-24"


def test_json_has_the_documented_keys():
    text = (STORIES / "de_xi_pyongyang_2019.txt").read_text(encoding="utf-8")
    data = json.loads(draft_story(text, date(2019, 6, 21)).to_json())
    assert set(data) == {"leader", "stops", "background"}
    assert set(data["stops"][0]) == {"place", "lat", "lon", "arrive", "depart", "mode",
                                     "confidence", "evidence"}
    assert set(data["background"][0]) == {"place", "evidence"}


def test_stops_frame_is_in_the_stops_shape():
    text = (STORIES / "fr_putin_pyongyang_hanoi_2024.txt").read_text(encoding="utf-8")
    frame = draft_story(text, date(2024, 6, 20)).to_stops_frame()
    assert tuple(frame.columns) == STOPS_COLUMNS
    assert list(frame["place"]) == ["Pyongyang", "Hanoi"]
    assert set(frame["leader"]) == {"Vladimir Putin"} and frame["trip"].nunique() == 1
    assert list(frame["country"]) == ["KP", "VN"]
    assert not any(math.isnan(v) for v in frame["lat"])
    assert all(n.startswith("draft from news") for n in frame["notes"])


def test_a_story_about_nothing_drafts_nothing():
    draft = draft_story("The weather in the capital was mild on Tuesday.", date(2019, 1, 9))
    assert draft.leader == "" and draft.stops == [] and draft.background == []


def _cli(*args):
    if not (ROOT / "routes" / "__main__.py").exists():
        pytest.skip("the command line (routes/__main__.py) is not in this checkout")
    return subprocess.run([sys.executable, "-m", "routes", "draft", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_cli_json_on_the_seed_story():
    _seed_text()
    result = _cli(str(SEED), "--date", "2019-01-09", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["leader"] == "Kim Jong Un"
    beijing = data["stops"][0]
    assert (beijing["place"], beijing["arrive"], beijing["depart"], beijing["mode"]) == \
        ("Beijing", "2019-01-08", "2019-01-09", "train")
    assert [b["place"] for b in data["background"]] == ["Singapore"]


@pytest.mark.slow
def test_cli_csv_and_bad_date():
    result = _cli(str(STORIES / "en_trump_singapore_2018.txt"), "--date", "2018-06-12")
    assert result.returncode == 0, result.stderr
    header, first = result.stdout.splitlines()[:2]
    assert header.split(",") == list(STOPS_COLUMNS)
    assert first.startswith("Donald Trump,") and ",Singapore,2018-06-10,2018-06-12,flight," in first
    bad = _cli(str(STORIES / "en_trump_singapore_2018.txt"), "--date", "12/06/2018")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
