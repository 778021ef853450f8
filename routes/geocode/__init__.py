"""Offline-first geocoding: curated places, airports and GeoNames cities in one index.

Names are loaded on first access, so `python -m routes.geocode.index build`
and light imports (routes.geocode.place) do not pull in the gazetteer.
"""

from __future__ import annotations

from importlib import import_module

__all__ = ["RESOLVED_AT", "Candidate", "Gazetteer", "Place"]
_HOMES = {"Candidate": "routes.geocode.place", "Place": "routes.geocode.place",
          "Gazetteer": "routes.geocode.gazetteer", "RESOLVED_AT": "routes.geocode.gazetteer"}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
