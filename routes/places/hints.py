"""The trailing parts of a query, read as people write addresses.

"Wuchang Railway Station, Wuhan, Hubei, China", "Nassau (The Bahamas)", "Moscow, US":
after the name come, in any order and any of them missing, a country (a constraint:
the answer lies in it or nowhere), a first-level region (a preference) and a city
(the answer lies in or near it). Hints that are none of these are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from routes.places.countries import country_code
from routes.places.regions import region_options
from routes.places.territory import admits, allowed_countries, narrowest_of


@dataclass
class Hints:
    countries: frozenset[str] | None = None        # the answer lies in one of these, or nowhere
    regions: list[list[tuple[str, str | None]]] = field(default_factory=list)   # (country, admin1) options
    places: list[str] = field(default_factory=list)  # cities or regions the answer is in or near
    # Written in parentheses: "Frankfurt (Main)" names a river, "Kananaskis (Alberta)" a region;
    # such a part counts only when it is a country or a region.
    regions_only: set[str] = field(default_factory=set)
    core: frozenset[str] = frozenset()   # the countries named themselves, without dependencies


def read_hints(hints: list[str], country, capital_admin1, bracketed=()) -> Hints:
    """Sort the hints; ``country`` is the record's country (a name, code or None)."""
    country_sets = [allowed_countries(str(country))] if country else []
    regions: list[list[tuple[str, str | None]]] = []
    places: list[str] = []
    for hint in hints:
        countries = allowed_countries(hint)
        options = region_options(hint, capital_admin1)
        if options:
            regions.append(list(options))
            # A US state or Chinese province also says which country ("ID": Idaho or Indonesia).
            countries = (countries or frozenset()) | {c for c, _ in options}
            if allowed := allowed_countries(hint):
                regions[-1] = regions[-1] + [(c, None) for c in allowed]
        if countries:
            country_sets.append(frozenset(countries))
        elif not options:
            places.append(hint)
    named = [country] if country else []
    named += [h for h in hints if allowed_countries(h)]
    core = frozenset(filter(None, (country_code(str(text)) for text in named)))
    return Hints(narrowest_of(country_sets), regions, places, set(bracketed) & set(places), core)


def inside(country: str, allowed: frozenset[str] | None, admin1: str = "") -> bool:
    return admits(allowed, country, admin1)
