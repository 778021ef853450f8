"""Codes read as names: an airport or station code a user wrote ("ADW", "ZKPY") is shown
with the name the geocoder placed it at ("ADW (Joint Base Andrews Airport)").

Only what the geocoder itself resolved is named: an unplaced code, or a code whose
place has no name of its own, stays as written.
"""
from __future__ import annotations

import re

import pandas as pd

CODE = re.compile(r"[A-Z0-9]{3,4}")     # IATA (3) and ICAO (4) codes, as they are written
NAMED_KINDS = ("airport", "station")


def code_labels(places: pd.DataFrame) -> dict[str, str]:
    """{code as written: "CODE (name)"} for the codes among the places' queries."""
    if places is None or not len(places) or not {"query", "name", "kind"} <= set(places.columns):
        return {}
    labels: dict[str, str] = {}
    for query, name, kind, lat in zip(places["query"], places["name"], places["kind"],
                                      places.get("lat", pd.Series([0.0] * len(places)))):
        query, name = str(query or "").strip(), str(name or "").strip()
        if not CODE.fullmatch(query) or kind not in NAMED_KINDS or lat != lat:
            continue
        if name and name.casefold() != query.casefold():
            labels[query] = f"{query} ({name})"
    return labels


def labelled(values: pd.Series, labels: dict[str, str]) -> pd.Series:
    """The values with every code in `labels` replaced by its label (others as they are)."""
    if not labels:
        return values.astype(str)
    text = values.fillna("").astype(str)
    return text.map(lambda value: labels.get(value.strip(), value))
