"""Wire copy the drafter was not written for (issue #19): one test per failure the issue lists,
and the language-aware matching behind the fixes."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from routes.draft import draft_story
from routes.draft.story import read_story
from tests.conftest import FIXTURES, ROOT

DEV = FIXTURES / "stories" / "dev"


def _dev(name: str) -> str:
    return (DEV / f"{name}.txt").read_text(encoding="utf-8")


def _stops(draft) -> dict[str, str]:
    return {s.place: s.arrive for s in draft.stops}


def test_korean_names_inside_particles_are_found():
    # "24일 오후 블라디보스토크에 도착했다 … 하산 역에 멈춰 섰고"
    draft = draft_story(_dev("ko_kim_vladivostok_2019"))
    assert draft.leader == "Kim Jong Un" and draft.language == "ko"
    assert _stops(draft) == {"Vladivostok": "2019-04-24", "Khasan Station": "2019-04-24"}
    assert [b.place for b in draft.background] == ["Hanoi"]


def test_spanish_short_words_are_no_places_and_a_day_there_is_a_stop():
    draft = draft_story(_dev("es_kim_russia_2023"))
    places = [s.place for s in draft.stops] + [b.place for b in draft.background]
    assert "Huế" not in places and "Universidad" not in places        # "Fue", "la Universidad Federal"
    assert _stops(draft)["Vladivostok"] == "2023-09-16"
    assert "Vladivostok" not in [b.place for b in draft.background]
    assert _stops(draft)["Komsomolsk-on-Amur"] == "2023-09-15"


def test_english_capital_as_government_is_no_stop_and_khasan_has_its_own_day():
    draft = draft_story(_dev("en_kim_vladivostok_2019"), date(2019, 4, 24))
    stops = _stops(draft)
    assert "Pyongyang" not in stops and "Washington" not in stops   # "while Pyongyang looks for backing"
    assert stops == {"Vladivostok": "2019-04-24", "Khasan Station": "2019-04-24"}
    khasan = next(s for s in draft.stops if s.place == "Khasan Station")
    assert "stopped at Khasan" in khasan.evidence and "father" not in khasan.evidence


def test_without_a_date_weekdays_are_not_counted_from_today():
    draft = draft_story(_dev("en_kim_vladivostok_2019"))     # "VLADIVOSTOK, April 24": no year
    assert draft.story_date is None
    assert draft.stops and all(s.arrive == "" and s.depart == "" for s in draft.stops)


@pytest.mark.parametrize("text, given, day", [
    ("VLADIVOSTOK, April 24 (Reuters) - Kim arrived.", date(2019, 4, 25), date(2019, 4, 24)),
    ("VLADIVOSTOK, April 24 (Reuters) - Kim arrived.", date(2020, 1, 5), date(2019, 4, 24)),  # not 2020
    ("Pjöngjang, 24.04.2019 - Kim Jong Un ist in Wladiwostok eingetroffen.", None, date(2019, 4, 24)),
    ("Pjöngjang, 24.04.2019 - Kim Jong Un ist in Wladiwostok eingetroffen.", date(2027, 4, 21),
     date(2019, 4, 24)),                                      # the story's own date first
    ("[서울=특파원] 2023년 9월 18일\n김정은 위원장이 귀국했다.", None, date(2023, 9, 18)),
    ("本报莫斯科2023年3月20日电 习近平抵达莫斯科。", None, date(2023, 3, 20)),
    ("【北京】2025年9月2日\n金正恩総書記が北京に到着した。", None, date(2025, 9, 2)),
    ("Hà Nội, 10/9/2023 - Ông Biden đã đến Hà Nội.", None, date(2023, 9, 10)),
    ("МОСКВА, 20 марта. /корр./. Си Цзиньпин прибыл в Москву.", date(2023, 3, 20), date(2023, 3, 20)),
    ("Kim Jong Un arrived in Vladivostok on Wednesday.", None, None),
])
def test_the_story_date_comes_from_the_story_then_the_given_date_never_today(text, given, day):
    assert read_story(text, given).date == day


def test_dateline_day_dates_the_weekday():
    draft = draft_story(_dev("de_kim_vladivostok_2019"))      # "Pjöngjang, 24.04.2019": no --date
    assert _stops(draft) == {"Vladivostok": "2019-04-24", "Khasan Station": "2019-04-24"}
    assert "Pyongyang" not in _stops(draft)                    # the dateline is no stop


def test_planned_trips_and_other_peoples_travel_are_no_stops():
    draft = draft_story(_dev("en_modi_moscow_2024"))
    assert _stops(draft) == {"Moscow": "2024-07-08"}           # not Vienna (planned), Vladivostok (2019)
    assert [b.place for b in draft.background] == ["Vladivostok"]
    text = ("SEOUL, Sept 12, 2023 (wire) - Kim Jong Un's train stopped at Khasan on Tuesday. "
            "Putin has been attending an economic forum in Vladivostok this week.")
    assert list(_stops(draft_story(text))) == ["Khasan Station"]


@pytest.mark.parametrize("name, stops", [
    ("ja_kim_russia_2023", {"Khasan Station": "2023-09-12", "Vostochny Cosmodrome": "2023-09-13",
                            "Komsomolsk-on-Amur": "2023-09-15", "Vladivostok": "2023-09-16"}),
    ("zh_putin_beijing_2024", {"Beijing": "2024-05-16"}),                  # not Harbin, still to come
    ("vi_kim_hanoi_2019", {"Pyongyang": "", "Thị Trấn Đồng Đăng": "2019-02-26", "Hanoi": "2019-02-26"}),
])
def test_unspaced_scripts_and_vietnamese(name, stops):
    assert _stops(draft_story(_dev(name))) == stops


@pytest.mark.slow
def test_cli_drafts_the_korean_story_with_its_interface_unchanged():
    result = subprocess.run([sys.executable, "-m", "routes", "draft",
                             str(DEV / "ko_kim_vladivostok_2019.txt"), "--json"],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert '"place": "Vladivostok"' in result.stdout and '"arrive": "2019-04-24"' in result.stdout


def test_a_date_belongs_to_the_nearest_place_and_a_where_clause_to_its_place():
    # "llegó este miércoles a Doha, … tras su paso por Riad, donde aterrizó el martes"
    assert _stops(draft_story(_dev("es_trump_doha_2025"))) == {"Riyadh": "2025-05-13", "Doha": "2025-05-14"}


def test_from_particles_make_a_departure():
    # "ハノイから大統領専用機でマニラに到着した": Hanoi is left, not reached, on the 12th.
    draft = draft_story(_dev("ja_trump_manila_2017"))
    assert {(s.place, s.arrive, s.depart) for s in draft.stops} == {
        ("Hanoi", "", "2017-11-12"), ("Manila", "2017-11-12", "")}


def test_a_sentence_with_a_dash_is_no_dateline():
    story = read_story("Kim, who turned 35 while he was in Beijing on Tuesday – reports say – left.",
                       date(2019, 1, 9))
    assert story.dateline_place == "" and story.text.startswith("Kim, who turned 35")
