"""Which countries a place may lie in, given the country a record names.

A country given is a constraint. For historic records it is the territory of the
time: "U.S.S.R." covers Kyiv and Yalta, "Yugoslavia" covers Skopje and Pristina,
a record under the United Kingdom may be in Hong Kong, Bermuda or Malta, one under
Denmark in St. Thomas (the Danish West Indies until 1917), one under France in
Algiers or Martinique. A parenthesised part names a country within it
("Denmark (Greenland)", "Serbia-Montenegro (Kosovo)") and is allowed too.

The dependencies listed here are those whose ISO 3166-1 codes GeoNames now gives
to places that were, or are, under the sovereign's administration.
"""

from __future__ import annotations

import re
from functools import lru_cache

from routes.places.countries import country_code
from routes.places.normalize import key

_SOVIET = ("RU", "UA", "BY", "GE", "AM", "AZ", "KZ", "UZ", "TM", "KG", "TJ", "MD", "LT", "LV", "EE")
_YUGOSLAV = ("RS", "ME", "HR", "SI", "BA", "MK", "XK")

# Former states and unions, by name: the countries on their territory today.
_HISTORIC: dict[str, tuple[str, ...]] = {
    "U.S.S.R.": _SOVIET, "USSR": _SOVIET, "Soviet Union": _SOVIET, "СССР": _SOVIET,
    "Yugoslavia": _YUGOSLAV, "Socialist Federal Republic of Yugoslavia": _YUGOSLAV,
    "Federal Republic of Yugoslavia": ("RS", "ME", "XK"),
    "Serbia-Montenegro": ("RS", "ME", "XK"), "Serbia and Montenegro": ("RS", "ME", "XK"),
    "Czechoslovakia": ("CZ", "SK"),
    "United Arab Republic": ("EG", "SY"),
    "Newfoundland": ("CA",),
    # Dissolved in 2010; Aruba left it in 1986 (https://en.wikipedia.org/wiki/Netherlands_Antilles).
    "Netherlands Antilles": ("CW", "SX", "BQ", "AW"),
}

# Sovereign -> dependencies, present and past (colonies, protectorates, overseas departments).
_TERRITORIES: dict[str, tuple[str, ...]] = {
    "GB": ("HK", "BM", "BS", "JM", "LC", "TT", "AG", "GM", "MT", "GI", "CY", "KY", "VG", "AI", "MS",
           "TC", "FK", "SH", "IO", "PN", "GG", "JE", "IM", "BB", "GD", "VC", "DM", "KN", "BZ", "GY"),
    "FR": ("MQ", "GP", "MF", "BL", "GF", "RE", "PF", "NC", "PM", "YT", "WF", "DZ", "SN", "MA", "TN"),
    "NL": ("AW", "CW", "SX", "BQ", "SR"),
    "DK": ("GL", "FO", "VI"),
    "US": ("PR", "GU", "VI", "AS", "MP", "UM"),
    "NO": ("SJ",),
    "AU": ("CX", "CC", "NF"),
    "NZ": ("CK", "NU", "TK"),
    "CN": ("HK", "MO"),
    # Crossings and settlements GeoNames files under Israel (Erez, the Allenby Bridge).
    "PS": ("IL",),
    # Spain's colonies until 1898 (Cuba, Puerto Rico, the Philippines) and in Africa.
    "ES": ("CU", "PR", "PH", "GQ", "EH"),
    # Sinai, held by Israel from 1967 until 1982 (El Arish was handed back in May 1979).
    "IL": ("EG-SIN", "EG-JS"),
}
# Newfoundland, with Labrador, was a British dominion until it joined Canada in 1949.
_TERRITORIES["GB"] += ("CA-NL",)

# Parts of today's countries that were under another's rule, as ISO 3166-2 codes, with the
# country and GeoNames first-level code a place there has: the constraint admits them, and
# not the rest of the country.
SUBDIVISIONS: dict[str, tuple[str, str]] = {
    "CA-NL": ("CA", "05"),     # Newfoundland and Labrador
    "EG-SIN": ("EG", "27"),    # North Sinai
    "EG-JS": ("EG", "26"),     # South Sinai
}



def admits(allowed: frozenset[str] | None, country: str, admin1: str = "") -> bool:
    """Whether a place in ``country`` (first-level ``admin1``, GeoNames' code) lies where
    ``allowed`` says; None allows anywhere."""
    if allowed is None or country in allowed:
        return True
    return bool(admin1) and any(SUBDIVISIONS.get(code) == (country, admin1) for code in allowed if "-" in code)


_PARENS = re.compile(r"\(([^()]*)\)")


@lru_cache(maxsize=1)
def _historic() -> dict[str, frozenset[str]]:
    return {key(name): frozenset(codes) for name, codes in _HISTORIC.items()}


@lru_cache(maxsize=4096)
def allowed_countries(text: str | None) -> frozenset[str] | None:
    """ISO codes a place given with this country may lie in; None when ``text`` names none."""
    if not text or not str(text).strip():
        return None
    text = str(text).strip()
    inner = [p.strip() for p in _PARENS.findall(text) if p.strip()]
    outer = _PARENS.sub(" ", text).strip()
    found: set[str] = set()
    for part in [outer, *inner]:
        found |= _codes_of(part)
    return frozenset(found) if found else None


def _codes_of(name: str) -> set[str]:
    historic = _historic().get(key(name))
    if historic:
        return set(historic)
    code = country_code(name)
    if not code:
        return set()
    return {code, *_TERRITORIES.get(code, ())}


def narrowest(*texts: str | None) -> frozenset[str] | None:
    """The constraint of several statements together (record country, hints in the name).

    Where they agree, the intersection ("Nassau (The Bahamas)" in a United Kingdom record:
    The Bahamas); where they do not, both are the user's word, so either may hold.
    """
    return narrowest_of([allowed_countries(t) for t in texts])


def narrowest_of(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
    given = [s for s in sets if s]
    if not given:
        return None
    common = frozenset.intersection(*given)
    return common or frozenset().union(*given)
