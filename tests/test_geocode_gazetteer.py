"""The offline gazetteer: spellings, scripts, hints, kinds, codes, context, curated places, honesty."""

from __future__ import annotations

import csv

import pytest

from routes.places import Gazetteer
from routes.places.context import haversine_km
from routes.places.curated import PLACES_CSV
from routes.places.place import KINDS


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


def km(a, b) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


@pytest.mark.parametrize("reference, variants", [
    ("Pyongyang", ["Pjöngjang", "Pjongjang", "P'yŏngyang", "평양", "Пхеньян", "平壤"]),
    ("Hanoi", ["Hà Nội", "Ha Noi", "HANOI", "Ханой"]),
    ("Beijing", ["Peking", "Pékin", "北京", "Пекин"]),
    ("Guangzhou", ["Canton"]),
    ("Yangon", ["Rangoon"]),
    ("Ho Chi Minh City", ["Saigon"]),
    ("Shenyang", ["Mukden"]),
    ("Tianjin", ["Tientsin"]),
    ("Kyiv", ["Kiev", "Київ", "Киев"]),
    ("Moscow", ["Москва", "Moskau"]),
    ("Vladivostok", ["Владивосток", "海参崴"]),
])
def test_names_in_any_spelling_or_script_land_on_the_same_place(gaz, reference, variants):
    expected = gaz.resolve(reference)
    assert expected.resolved
    for variant in variants:
        place = gaz.resolve(variant)
        assert place.resolved, variant
        assert km(place, expected) < 5, (variant, place)
        assert place.country == expected.country


def test_port_arthur_follows_its_trip(gaz):
    dalian = gaz.resolve("Dalian")
    texas = gaz.resolve("Houston")
    in_china = gaz.resolve("Port Arthur", context=[(dalian.lat, dalian.lon)])
    in_texas = gaz.resolve("Port Arthur", context=[(texas.lat, texas.lon)])
    assert in_china.country == "CN" and in_texas.country == "US"


def test_pingxiang_is_chosen_by_its_neighbours(gaz):
    nanning, dong_dang = gaz.resolve("Nanning"), gaz.resolve("Dong Dang")
    nanchang = gaz.resolve("Nanchang")
    guangxi = gaz.resolve("Pingxiang", context=[(nanning.lat, nanning.lon), (dong_dang.lat, dong_dang.lon)])
    jiangxi = gaz.resolve("Pingxiang", context=[(nanchang.lat, nanchang.lon)])
    assert km(guangxi, dong_dang) < 40
    assert km(jiangxi, nanchang) < 300
    assert km(guangxi, jiangxi) > 700
    # The one not chosen is still reported as considered.
    assert any(abs(a.lat - jiangxi.lat) < 0.01 for a in guangxi.alternatives)


def test_namesakes_in_one_small_country_are_told_apart_by_the_place_next_door(gaz):
    # Both Valkenburgs lie within the context's neutral radius of Maastricht; the trip still
    # decides, because one is next door and the other 190 km away. Alone, it stays ambiguous.
    maastricht, leiden = gaz.resolve("Maastricht"), gaz.resolve("Leiden")
    limburg = gaz.resolve("Valkenburg", country="NL", context=[(maastricht.lat, maastricht.lon)])
    holland = gaz.resolve("Valkenburg", country="NL", context=[(leiden.lat, leiden.lon)])
    assert limburg.resolved and km(limburg, maastricht) < 20
    assert holland.resolved and km(holland, leiden) < 20
    assert limburg.confidence < 1.0      # the trip decided it, not the name
    alone = gaz.resolve("Valkenburg", country="NL")
    assert not alone.resolved and len(alone.alternatives) >= 2


def test_region_hint_in_parentheses_or_after_a_comma(gaz):
    nanning = gaz.resolve("Nanning")
    for query in ("Pingxiang (Guangxi)", "Pingxiang, Guangxi"):
        place = gaz.resolve(query)
        assert place.resolved and km(place, nanning) < 250, query


def test_unqualified_washington_near_us_places_is_the_capital(gaz):
    andrews = gaz.resolve("ADW")
    place = gaz.resolve("Washington", context=[(andrews.lat, andrews.lon)])
    assert place.country == "US" and km(place, andrews) < 30
    assert len(gaz.candidates("Washington")) > 5


@pytest.mark.parametrize("query, country", [
    ("Moscow", "RU"), ("Moscow, US", "US"), ("Moscow, Idaho", "US"), ("Moscow, ID", "US"),
    ("Moscow, Russland", "RU"), ("Moscow, Россия", "RU"),
])
def test_country_and_region_hints(gaz, query, country):
    assert gaz.resolve(query).country == country


def test_explicit_country_argument_in_names_or_codes(gaz):
    for country in ("United States", "US", "USA", "Vereinigte Staaten"):
        assert gaz.resolve("Moscow", country=country).country == "US"
    assert gaz.resolve("Seoul", country="Korea, Republic of").country == "KR"


def test_airport_codes_resolve_first(gaz):
    by_iata, by_icao = gaz.resolve("FNJ"), gaz.resolve("ZKPY")
    assert by_iata.kind == by_icao.kind == "airport"
    assert km(by_iata, by_icao) < 0.1 and by_iata.country == "KP"
    # "Sunan" alone must not be taken for another country's airport.
    assert gaz.resolve("Sunan").country == "KP"


def test_kind_words_steer_to_stations_and_airports(gaz):
    city = gaz.resolve("Pyongyang")
    station = gaz.resolve("Pyongyang Station")
    airport = gaz.resolve("Pyongyang airport")
    korean = gaz.resolve("평양역")
    assert (city.kind, station.kind, airport.kind, korean.kind) == ("city", "station", "airport", "station")
    assert km(station, korean) < 0.1
    assert km(airport, gaz.resolve("FNJ")) < 0.1
    assert gaz.resolve("Pyongyang", kind="station").kind == "station"


def test_station_missing_from_data_falls_back_to_its_city_with_low_confidence(gaz):
    place = gaz.resolve("Ussuriysk railway station")
    city = gaz.resolve("Ussuriysk")
    if place.kind == "station":
        pytest.skip("a curated Ussuriysk station exists now")
    assert place.kind == "city" and km(place, city) < 1
    assert place.confidence < city.confidence


def test_typos_match_fuzzily_and_say_so(gaz):
    place = gaz.resolve("Vladivostock")
    assert place.resolved and place.fuzzy
    assert km(place, gaz.resolve("Vladivostok")) < 1
    assert not gaz.resolve("Vladivostok").fuzzy


def test_unknown_places_are_unresolved_not_guessed(gaz):
    place = gaz.resolve("Qxzvyrtplk Bnmwq")
    assert not place.resolved and place.lat is None and place.confidence < 0.5
    assert gaz.geocode("Qxzvyrtplk Bnmwq") is None
    assert gaz.geocode("Qxzvyrtplk Bnmwq", exactly_one=False) == []
    assert not gaz.resolve("").resolved


def test_ambiguous_places_are_unresolved_with_their_candidates(gaz):
    place = gaz.resolve("Beijing airport")
    if place.resolved:
        pytest.skip("Beijing airports can be told apart now")
    assert len(place.alternatives) >= 2
    assert {a.kind for a in place.alternatives} == {"airport"}


def test_geopy_shape(gaz):
    from geopy.location import Location

    location = gaz.geocode("Pjöngjang")
    assert isinstance(location, Location)
    assert location.raw["country"] == "KP" and location.raw["source"] == "gazetteer"
    assert (location.latitude, location.longitude) == (location.raw["lat"], location.raw["lon"])
    several = gaz.geocode("Moscow", exactly_one=False)
    assert len(several) > 1 and several[0].raw["country"] == "RU"


def test_candidates_are_exact_and_repeatable(gaz):
    first = gaz.candidates("Pingxiang")
    assert len(first) >= 2 and all(c.country == "CN" for c in first[:2])
    assert gaz.candidates("pingxiang") == first
    assert gaz.candidates("Pingxiangg") == []


def _curated_rows():
    with open(PLACES_CSV, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_curated_rows_are_well_formed_and_sourced():
    rows = _curated_rows()
    ids = [r["place_id"] for r in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert row["kind"] in KINDS, row
        assert len(row["country"]) == 2 and row["country"].isupper(), row
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row
        assert row["source"].startswith("http"), row


@pytest.mark.parametrize("row", _curated_rows(), ids=lambda r: r["place_id"])
def test_every_curated_name_and_alias_finds_its_place(gaz, row):
    names = [row["name"]] + [a for a in row["aliases"].split("|") if a.strip()]
    for name in names:
        place = gaz.resolve(name, country=row["country"])
        assert place.resolved, name
        distance = haversine_km(place.lat, place.lon, float(row["lat"]), float(row["lon"]))
        assert distance < 1, (name, place.name, distance)


def test_the_gazetteer_alone_imports_neither_numpy_nor_pandas():
    """Its quick start (issue #9: ready in ≤ 0.3 s) depends on it."""
    import subprocess
    import sys
    from pathlib import Path
    code = ("import sys; from routes.places import Gazetteer; from routes.places import context; "
            "context.Neighbours([(1.0, 2.0)]).nearest_km(3.0, 4.0); "
            "print(sorted(m for m in ('numpy', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_many_neighbours_give_the_exact_distance_of_the_nearest():
    from routes.places.context import FEW_NEIGHBOURS, Neighbours
    points = [(10.0 + i, 20.0 - 2 * i) for i in range(FEW_NEIGHBOURS + 8)]
    near = Neighbours(points)
    for lat, lon in [(10.2, 19.9), (-40.0, 170.0), (14.0, 12.0), (-10.0, -160.0), (float("nan"), 3.0)]:
        assert near.nearest_km(lat, lon) == min(haversine_km(lat, lon, a, b) for a, b in points)
