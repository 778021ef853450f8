"""Offline-first geocoding: curated places, airports and GeoNames cities in one index.

Names are loaded on first access, so `python -m routes.places.index build`
and light imports (routes.places.place) do not pull in the gazetteer.
"""

from __future__ import annotations

from importlib import import_module

__all__ = ["RESOLVED_AT", "Candidate", "Gazetteer", "Place"]
_HOMES = {"Candidate": "routes.places.place", "Place": "routes.places.place",
          "Gazetteer": "routes.places.gazetteer", "RESOLVED_AT": "routes.places.gazetteer"}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
