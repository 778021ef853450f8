"""The geocoders' contract (routes.places.protocol): geopy's shape, keyword-only options, no
option swallowed, and either kind of geocoder accepted where places are looked up."""
from __future__ import annotations

import inspect

import pytest

from routes.places import Gazetteer
from routes.places.online import OnlineGeocoder
from routes.places.placing import place_resolver
from routes.places.protocol import Resolver
from tests.fakes import FakeGeocoder


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


@pytest.mark.parametrize("cls", [Gazetteer, OnlineGeocoder])
@pytest.mark.parametrize("method", ["resolve", "geocode"])
def test_options_are_keyword_only(cls, method):
    parameters = list(inspect.signature(getattr(cls, method)).parameters.values())
    assert [p.name for p in parameters[:2]] == ["self", "query"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters[2:])
    assert not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)


def test_an_unknown_option_is_an_error_not_ignored(gaz):
    with pytest.raises(TypeError):
        gaz.geocode("Hanoi", exactly_one=True, languagee="en")
    with pytest.raises(TypeError):
        gaz.geocode("Hanoi", False)          # options by keyword only, as geopy's
    assert gaz.geocode("Hanoi", timeout=5) is not None   # geopy's own option is accepted


def test_our_geocoders_are_resolvers_and_geopys_are_not(gaz):
    assert isinstance(gaz, Resolver)
    assert not isinstance(FakeGeocoder(), Resolver)


def test_either_kind_answers_with_a_place(gaz):
    ours = place_resolver(gaz)(("Hanoi", "Vietnam"), ())
    assert ours.resolved and ours.country == "VN"
    fake = FakeGeocoder(answer=None)
    assert not place_resolver(fake)(("Nowhere", ""), ()).resolved and fake.calls == ["Nowhere"]
