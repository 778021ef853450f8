"""The pieces of the news draft: story dates, relative dates, leaders, modes, places, roles."""

from __future__ import annotations

from datetime import date

import pytest

from routes.draft.dates import find_dates, has_past_marker, most_recent_weekday
from routes.draft.leaders import find_leaders, load_leaders
from routes.draft.mentions import find_modes, find_places
from routes.draft.roles import find_verbs, role_at
from routes.draft.story import detect_language, read_story

WED = date(2019, 1, 9)      # a Wednesday


@pytest.mark.parametrize("text, language, expected", [
    ("Kim ankom til Beijing tirsdag", "da", date(2019, 1, 8)),
    ("Kim forlod onsdag Beijing", "da", date(2019, 1, 9)),     # the story's own day
    ("Er traf am Dienstag ein", "de", date(2019, 1, 8)),
    ("Il est arrivé mardi", "fr", date(2019, 1, 8)),
    ("Он прибыл во вторник", "ru", date(2019, 1, 8)),
    ("Llegó el martes", "es", date(2019, 1, 8)),
    ("He arrived on Thursday", "en", date(2019, 1, 3)),
    ("He arrived yesterday", "en", date(2019, 1, 8)),
    ("Han kom i går", "da", date(2019, 1, 8)),
])
def test_relative_days(text, language, expected):
    found = find_dates(text, WED, (language,))
    assert [m.day for m in found] == [expected]
    assert found[0].relative and found[0].precision == "day"


@pytest.mark.parametrize("text, language, day, precision", [
    ("i juni sidste år ved et topmøde", "da", date(2018, 6, 1), "month"),
    ("last June", "en", date(2018, 6, 1), "month"),
    ("am 20. Juni 2019", "de", date(2019, 6, 20), "day"),
    ("le 19 juin 2024", "fr", date(2024, 6, 19), "day"),
    ("24 апреля", "ru", date(2019, 4, 24), "day"),
    ("в феврале", "ru", date(2018, 2, 1), "month"),
    ("on January 7", "en", date(2019, 1, 7), "day"),
    ("2019-01-08", "en", date(2019, 1, 8), "day"),
])
def test_absolute_and_month_dates(text, language, day, precision):
    found = find_dates(text, WED, (language,))
    assert [(m.day, m.precision) for m in found][:1] == [(day, precision)]


def test_may_the_verb_is_not_a_month_and_impossible_dates_are_dropped():
    assert find_dates("Trump may travel soon", WED, ("en",)) == []
    assert find_dates("on 31 February", WED, ("en",)) == []


def test_most_recent_weekday_is_on_or_before_the_story_date():
    for weekday in range(7):
        day = most_recent_weekday(weekday, WED)
        assert day.weekday() == weekday and 0 <= (WED - day).days < 7


def test_past_markers():
    assert has_past_marker("Kim og Xi mødtes første gang i marts sidste år", "da")
    assert has_past_marker("They first met last year", "en")
    assert not has_past_marker("Kim ankom til Beijing tirsdag", "da")


def test_story_date_line_dateline_and_language():
    story = read_story(" date 2019-01 Kim forlod onsdag Beijing i sit tog.\n\nHan ankom tirsdag.")
    assert (story.date, story.date_precision, story.language) == (date(2019, 1, 31), "month", "da")
    assert story.text.startswith("Kim forlod") and len(story.sentences) == 2
    story = read_story("SINGAPORE, June 12, 2018 (Reuters) - Trump left on Tuesday. He flew home.")
    assert (story.date, story.dateline_place) == (date(2018, 6, 12), "Singapore")
    assert [s.text for s in story.sentences] == ["Trump left on Tuesday.", "He flew home."]
    assert read_story("x", story_date=WED).date == WED


@pytest.mark.parametrize("text, language", [
    ("Der Staatschef ist am Freitag aus der Hauptstadt abgereist und die Reise war kurz.", "de"),
    ("Le président est arrivé jeudi dans la capitale avec une délégation.", "fr"),
    ("Лидер прибыл в среду на поезде.", "ru"),
    ("The president arrived on Sunday with his delegation.", "en"),
])
def test_language_detection(text, language):
    assert detect_language(text) == language


def test_leader_variants_in_several_scripts():
    text = "김정은 위원장과 习近平 主席. Ким Чен Ын встретился с Путиным. Kim Jong-un's train."
    found = [(m.leader, m.full) for m in find_leaders(text)]
    assert ("Kim Jong Un", True) in found and ("Xi Jinping", True) in found
    assert ("Vladimir Putin", False) in found       # "Путиным": a surname only one leader has
    assert found.count(("Kim Jong Un", True)) == 3


def test_shared_surname_needs_the_full_name():
    assert find_leaders("Kim arrived on Tuesday.") == []
    assert [m.leader for m in find_leaders("Kim Jong Il left. Kim waved.")] == ["Kim Jong Il"] * 2


def test_every_leader_row_cites_a_source():
    leaders = load_leaders()
    assert len(leaders) >= 10
    assert all(leader.source.startswith("http") and leader.variants for leader in leaders)


@pytest.mark.parametrize("text, mode", [
    ("i sit specialbyggede tog", "train"), ("mit einem Sonderflugzeug", "flight"),
    ("на бронепоезде", "train"), ("son train blindé", "train"), ("in a motorcade", "car"),
    ("aboard Air Force One", "flight"), ("en avión", "flight"), ("самолётом", "flight"),
])
def test_modes_in_several_languages(text, mode):
    assert [m.mode for m in find_modes(text)] == [mode]


def test_no_mode_in_plain_prose():
    assert find_modes("He spoke about the road ahead and the air of optimism.") == []


@pytest.fixture(scope="module")
def gazetteer():
    from routes.places import Gazetteer
    return Gazetteer.default()


@pytest.mark.parametrize("sentence, language, written, name", [
    ("på vej mod Beijings centrale hovedbanegård", "da", "Beijings", "Beijing"),
    ("Kim und Xi trafen sich in Peking.", "de", "Peking", "Beijing"),
    ("Ким прибыл во Владивосток.", "ru", "Владивосток", "Vladivostok"),
    ("встречался с Трампом в Ханое.", "ru", "Ханое", "Hanoi"),
    ("Poutine est arrivé à Hanoï.", "fr", "Hanoï", "Hanoi"),
])
def test_places_in_inflected_forms(gazetteer, sentence, language, written, name):
    found = find_places(sentence, gazetteer, language)
    assert [(p.text, p.candidates[0].name) for p in found] == [(written, name)]


def test_common_words_countries_and_agencies_are_not_places(gazetteer):
    sentence = "Her the Group of Seven met in Canada, Store Hal and Center, says AFP, not China."
    assert find_places(sentence, gazetteer, "en") == []
    assert [p.candidates[0].name for p in find_places("He flew to Singapore.", gazetteer, "en")] == ["Singapore"]


@pytest.mark.parametrize("sentence, language, place, role", [
    ("Kim forlod onsdag Beijing i sit tog", "da", "Beijing", "depart"),
    ("Kim ankom til Beijing tirsdag", "da", "Beijing", "arrive"),
    ("Xi departed Beijing for Pyongyang on Thursday", "en", "Pyongyang", "arrive"),
    ("Xi departed Beijing for Pyongyang on Thursday", "en", "Beijing", "depart"),
    ("Xi hat Pjöngjang nach einem Staatsbesuch verlassen", "de", "Pjöngjang", "depart"),
    ("Ким Чен Ын прибыл во Владивосток в среду", "ru", "Владивосток", "arrive"),
    ("He visited Hanoi", "en", "Hanoi", "stay"),
])
def test_roles(sentence, language, place, role):
    verbs = find_verbs(sentence, language)
    assert role_at(sentence, sentence.index(place), verbs, language) == role


def test_no_travel_verb_no_role():
    sentence = "Kims besøg i Beijing opfattes som et signal"
    assert role_at(sentence, sentence.index("Beijing"), find_verbs("opfattes som et signal", "da"), "da") is None
