"""A country given is a constraint; addresses are read as people write them; regions are places."""

from __future__ import annotations

import pytest

from routes.places import Gazetteer
from routes.places.context import haversine_km
from routes.places.territory import allowed_countries


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


# The record's own country names the right one in every case (issue: each was placed elsewhere).
@pytest.mark.parametrize("query, country, expected", [
    ("Bali", "Indonesia", "ID"), ("Malta", "United Kingdom", "MT"), ("Jamaica", "United Kingdom", "JM"),
    ("St. Lucia", "United Kingdom", "LC"), ("Nassau (The Bahamas)", "United Kingdom", "BS"),
    ("Charlevoix", "Canada", "CA"), ("Bagram", "Afghanistan", "AF"), ("Liberia", "Liberia", "LR"),
    ("Normandy", "France", "FR"), ("Cornwall", "United Kingdom", "GB"), ("Belgrade", "Yugoslavia", "RS"),
    ("Hong Kong", "United Kingdom", "HK"), ("Kiev", "U.S.S.R.", "UA"), ("Bermuda", "United Kingdom", "BM"),
    ("Martinique", "France", "MQ"), ("Oran (Algeria)", "France", "DZ"),
    ("Belfast", "United Kingdom (Northern Ireland)", "GB"), ("Bonn", "Germany, Federal Republic of", "DE"),
])
def test_the_record_country_decides(gaz, query, country, expected):
    place = gaz.resolve(query, country=country)
    assert place.resolved and place.country == expected, place


# Part of a country once under another's rule: Newfoundland (British until 1949), the Sinai
# (held by Israel 1967-1982). The record reaches that part, never the rest of the country.
@pytest.mark.parametrize("query, country, expected, region", [
    ("Corner Brook", "United Kingdom", "CA", (46.5, 60.5, -67.9, -52.5)),
    ("Argentia (Newfoundland)", "United Kingdom", "CA", (46.5, 60.5, -67.9, -52.5)),
    ("Labrador", "United Kingdom", "CA", (46.5, 60.5, -67.9, -52.5)),
    ("El Arish", "Israel", "EG", (29.0, 31.4, 32.2, 34.95)),
])
def test_a_record_reaches_the_part_of_a_country_its_sovereign_held(gaz, query, country, expected, region):
    place = gaz.resolve(query, country=country)
    south, north, west, east = region
    assert place.resolved and place.country == expected, place
    assert south <= place.lat <= north and west <= place.lon <= east, place


@pytest.mark.parametrize("query, country", [("Toronto", "United Kingdom"), ("Cairo", "Israel"),
                                            ("Montreal", "United Kingdom")])
def test_the_rest_of_that_country_stays_out_of_reach(gaz, query, country):
    assert not gaz.resolve(query, country=country).resolved


@pytest.mark.parametrize("query, country", [
    ("Moscow", "JP"), ("Birch Grove", "Ireland"), ("Istana", "Singapore"), ("Istana, Singapore", None),
])
def test_nothing_of_that_name_in_the_country_is_unplaced_with_the_candidates(gaz, query, country):
    place = gaz.resolve(query, country=country)
    assert not place.resolved
    assert place.alternatives, "the candidates seen elsewhere are listed"


def test_birch_grove_in_the_united_kingdom_is_macmillans_house_not_sydney(gaz):
    place = gaz.resolve("Birch Grove", country="United Kingdom")
    assert place.resolved and place.country == "GB"
    assert abs(place.lat - 51.056) < 0.01 and abs(place.lon - 0.011) < 0.01


def test_a_hint_in_the_name_is_a_constraint_too(gaz):
    assert gaz.resolve("Moscow, US").country == "US"
    assert gaz.resolve("Moscow, Idaho").country == "US"
    assert gaz.resolve("Moscow, Russia").country == "RU"


@pytest.mark.parametrize("text, inside, outside", [
    ("U.S.S.R.", {"RU", "UA", "BY"}, {"PL"}), ("Yugoslavia (Kosovo)", {"RS", "XK", "MK"}, {"AL"}),
    ("United Kingdom", {"GB", "HK", "BM", "MT"}, {"US", "AU"}), ("Denmark", {"DK", "GL", "VI"}, {"SE"}),
    ("Denmark (Greenland)", {"DK", "GL"}, {"NO"}), ("Czechoslovakia", {"CZ", "SK"}, {"AT"}),
    ("Germany, Federal Republic of", {"DE"}, {"AT"}), ("Burma (Myanmar)", {"MM"}, {"TH"}),
])
def test_historic_territories(text, inside, outside):
    allowed = allowed_countries(text)
    assert inside <= allowed and not (outside & allowed)


@pytest.mark.parametrize("query, lat, lon, tolerance", [
    # Coordinates: the airports' own records (airportsdata, from OurAirports).
    ("Yakutsk Airport, Sakha Republic, Russia", 62.0933, 129.771, 3),
    ("Beijing Capital International Airport, Beijing, China", 40.0801, 116.585, 3),
])
def test_trailing_parts_are_context_not_name(gaz, query, lat, lon, tolerance):
    place = gaz.resolve(query)
    assert place.resolved and place.kind == "airport"
    assert haversine_km(place.lat, place.lon, lat, lon) <= tolerance


def test_a_station_in_a_named_city_is_never_a_namesake_elsewhere(gaz):
    # Wuchang station is in Wuhan (https://en.wikipedia.org/wiki/Wuchang_railway_station:
    # 30.5289 N, 114.3177 E); E'zhou, whose old name is Wuchang, is 56 km away.
    place = gaz.resolve("Wuchang Railway Station, Wuhan, Hubei")
    if place.resolved:
        assert haversine_km(place.lat, place.lon, 30.5289, 114.3177) <= 15, place


@pytest.mark.parametrize("query, country, lat, lon, tolerance", [
    # Representative points must lie in the region: checked against each region's extent.
    ("Bavaria", None, 48.9, 11.4, 150), ("Apulia", "Italy", 41.0, 16.5, 200), ("Cornwall", "UK", 50.4, -4.9, 80),
    ("Bali", "Indonesia", -8.4, 115.2, 80), ("Hawaii", "US", 20.5, -157.5, 350), ("Normandy", "France", 49.1, 0.0, 200),
])
def test_regions_are_placed_with_kind_region(gaz, query, country, lat, lon, tolerance):
    place = gaz.resolve(query, country=country)
    assert place.resolved and place.kind == "region", place
    assert haversine_km(place.lat, place.lon, lat, lon) <= tolerance
