"""Tables for people: the legs and trips as a reader wants to see them."""

from __future__ import annotations

import pandas as pd

from routes.when import format_when

LEG_TABLE_COLUMNS = {
    "leader": "Leader", "trip": "Trip", "seq": "#", "origin": "From", "destination": "To",
    "mode": "Mode", "depart_shown": "Departs", "arrive_shown": "Arrives", "distance_km": "km",
    "duration_h": "Hours", "speed_kmh": "km/h", "vehicle": "Vehicle", "confidence": "Confidence",
    "notes": "Notes", "source": "Source",
}


def legs_table(legs: pd.DataFrame) -> pd.DataFrame:
    """Legs in reading order with the columns a reader needs, times at their precision."""
    frame = legs.sort_values(["depart_utc", "leader", "trip", "seq"], na_position="last", kind="stable").copy()
    frame["depart_shown"] = [format_when(t, p) for t, p in zip(frame["depart"], frame["depart_precision"])]
    frame["arrive_shown"] = [format_when(t, p) for t, p in zip(frame["arrive"], frame["arrive_precision"])]
    for column in ("distance_km", "duration_h", "speed_kmh"):
        if column not in frame:
            frame[column] = float("nan")
        frame[column] = frame[column].round(1 if column != "distance_km" else 0)
    table = frame[list(LEG_TABLE_COLUMNS)].rename(columns=LEG_TABLE_COLUMNS)
    return table.reset_index(drop=True)


def trips_table(trips: pd.DataFrame) -> pd.DataFrame:
    table = trips.copy()
    table["start"] = table["start"].dt.strftime("%Y-%m-%d")
    table["end"] = table["end"].dt.strftime("%Y-%m-%d")
    return table.rename(columns={"leader": "Leader", "trip": "Trip", "start": "From", "end": "To",
                                 "legs": "Legs", "modes": "Modes", "places": "Route"})


def problems_table(problems) -> pd.DataFrame:
    return pd.DataFrame([{"Severity": p.severity, "File": p.file, "Row": p.row, "Column": p.column or "",
                          "Value": p.value if p.value is not None else "", "Problem": p.message}
                         for p in problems],
                        columns=["Severity", "File", "Row", "Column", "Value", "Problem"])
