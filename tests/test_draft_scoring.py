"""The corpus scorer: how drafted stops are matched to expected ones, and the corpus itself."""

from __future__ import annotations

import json

import pytest

from routes.draft.model import Draft, DraftStop
from routes.draft.scoring import _Places, format_table, score_story
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "stories"


@pytest.fixture(scope="module")
def places():
    from routes.places import Gazetteer
    return _Places(Gazetteer.default())


def _stop(place, arrive, lat=None, lon=None, written=""):
    return DraftStop(place, lat, lon, "", arrive, "", "", "low", "", written)


EXPECTED = {"leader": "Kim Jong Un", "lang": "en", "story_date": "2019-04-24",
            "stops": [{"place": "Vladivostok", "arrive": "2019-04-24", "also": []},
                      {"place": "Khasan", "arrive": None, "also": ["Khasan Station"]}],
            "not_stops": [{"place": "Pyongyang", "why": "government"}], "home": ["Seoul"]}


def test_a_stop_counts_with_its_arrival_day_and_by_distance(places):
    draft = Draft("Kim Jong Un", None, "en", [
        _stop("Russky Island", "2019-04-24", 43.03, 131.90),        # 15 km from Vladivostok
        _stop("Khasan Station", ""),                                  # no date, as the story
        _stop("Pyongyang", "2019-04-24", 39.03, 125.75),             # named as the government
        _stop("Seoul", "2019-04-23", 37.57, 126.98),                 # home: not counted
    ])
    tally = score_story("s", EXPECTED, draft, places)
    assert (tally.leader_right, tally.expected, tally.found) == (1, 2, 2)
    assert (tally.drafted, tally.real, tally.wrong) == (3, 2, 1)
    assert "66.7%" in format_table({"all": tally})      # 2 of 3 drafted stops are real


def test_a_wrong_day_or_an_invented_day_is_not_found(places):
    draft = Draft("Xi Jinping", None, "en", [_stop("Vladivostok", "2019-04-25", 43.1, 131.9),
                                              _stop("Khasan", "2019-04-24")])
    tally = score_story("s", EXPECTED, draft, places)
    assert (tally.leader_right, tally.found, tally.real) == (0, 0, 2)
    assert len(tally.misses) == 2


@pytest.mark.parametrize("split", ["dev", "test"])
def test_corpus_parts_are_complete_and_sourced(split):
    folder = CORPUS / split
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert len(expected) >= 20
    assert len({e["lang"] for e in expected.values()}) >= 8
    for name, want in expected.items():
        assert (folder / f"{name}.txt").is_file(), name
        assert want["stops"] and all(s["place"] for s in want["stops"]), name
        assert want["sources"] and all(u.startswith("http") for u in want["sources"]), name


def test_dev_and_test_parts_do_not_share_a_story():
    dev = json.loads((CORPUS / "dev" / "expected.json").read_text(encoding="utf-8"))
    test = json.loads((CORPUS / "test" / "expected.json").read_text(encoding="utf-8"))
    assert not set(dev) & set(test)
    assert len(dev) + len(test) >= 40


def test_held_back_stories_meet_the_issue_targets():
    from routes.draft.scoring import score_folder

    total = score_folder(CORPUS / "test")["all"]
    assert total.found_share >= 0.85, total.misses
    assert total.real_share >= 0.90, total.misses
    assert total.wrong == 0, total.misses
    assert total.leader_right == total.stories
