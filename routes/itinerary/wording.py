"""Words shown to people: counts with the right plural, and unknown values said as such."""

from __future__ import annotations

import math

UNKNOWN_TEXT = "unknown"

_PLURALS = {"place": "places", "leg": "legs", "trip": "trips", "error": "errors", "warning": "warnings",
            "row": "rows", "leader": "leaders", "stop": "stops", "journey": "journeys", "file": "files"}


def count(n: int, noun: str) -> str:
    """``1 leg``, ``2 legs``, ``1,234 places``."""
    word = noun if n == 1 else _PLURALS.get(noun, noun + "s")
    return f"{n:,} {word}"


def number_or_unknown(value, fmt: str = ",.0f", unit: str = "") -> str:
    """A number formatted, or "unknown" for None/NaN (never "None" or "nan")."""
    try:
        missing = value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        missing = True
    if missing:
        return UNKNOWN_TEXT
    return f"{float(value):{fmt}}{(' ' + unit) if unit else ''}"
