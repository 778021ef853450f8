"""Where and when two itineraries meet: the same place, within a distance, on overlapping days."""

from __future__ import annotations

import numpy as np
import pandas as pd

from routes.places.sphere import distances_km


def stays(stops: pd.DataFrame) -> pd.DataFrame:
    """Stops with a known place and a time window, by calendar day (precision is often a day)."""
    frame = stops.dropna(subset=["lat", "lon"]).copy()
    start = frame["arrive_utc"].fillna(frame["depart_utc"])
    end = frame["depart_utc"].fillna(frame["arrive_utc"])
    frame["first_day"] = start.dt.floor("D")
    frame["last_day"] = end.dt.floor("D")
    return frame.dropna(subset=["first_day", "last_day"])


def meetings(stops: pd.DataFrame, leaders: tuple[str, str] | None = None, within_km: float = 25.0) -> pd.DataFrame:
    """Pairs of stays of different leaders within ``within_km`` of each other on overlapping days."""
    columns = ["leader_a", "place_a", "leader_b", "place_b", "first_day", "last_day", "km"]
    frame = stays(stops)
    if leaders:
        frame = frame[frame["leader"].isin(leaders)]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    a = frame.reset_index(drop=True)
    i, j = np.triu_indices(len(a), k=1)
    left, right = a.iloc[i].reset_index(drop=True), a.iloc[j].reset_index(drop=True)
    km = distances_km(left["lat"].to_numpy(), left["lon"].to_numpy(), right["lat"].to_numpy(), right["lon"].to_numpy())
    first = np.maximum(left["first_day"].to_numpy(), right["first_day"].to_numpy())
    last = np.minimum(left["last_day"].to_numpy(), right["last_day"].to_numpy())
    keep = (left["leader"].to_numpy() != right["leader"].to_numpy()) & (km <= within_km) & (first <= last)
    out = pd.DataFrame({
        "leader_a": left["leader"][keep].to_numpy(), "place_a": left["place"][keep].to_numpy(),
        "leader_b": right["leader"][keep].to_numpy(), "place_b": right["place"][keep].to_numpy(),
        "first_day": pd.to_datetime(first[keep], utc=True), "last_day": pd.to_datetime(last[keep], utc=True),
        "km": km[keep].round(1)})
    # One line per meeting: merge stays of the same pair that touch in time.
    out = out.sort_values(["leader_a", "leader_b", "first_day"]).drop_duplicates(
        ["leader_a", "leader_b", "first_day", "last_day"])
    return out[columns].reset_index(drop=True)
