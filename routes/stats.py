"""Statistics per leader and year: distance and time by mode, countries, days abroad, longest leg."""

from __future__ import annotations

import pandas as pd

from routes.stops import span_days, trips_of


def _year(legs: pd.DataFrame) -> pd.Series:
    return legs["depart_utc"].fillna(legs["arrive_utc"]).dt.year.astype("Int64")


def by_mode(legs: pd.DataFrame) -> pd.DataFrame:
    """Kilometres, hours and legs per leader, year and mode."""
    columns = ["leader", "year", "mode", "km", "hours", "legs"]
    if legs.empty:
        return pd.DataFrame(columns=columns)
    frame = legs.assign(year=_year(legs), km=legs.get("distance_km", 0.0), hours=legs.get("duration_h", 0.0))
    out = frame.groupby(["leader", "year", "mode"], dropna=False).agg(
        km=("km", "sum"), hours=("hours", "sum"), legs=("leg_id", "size")).reset_index()
    return out[columns]


def home_countries(legs: pd.DataFrame) -> dict[str, str]:
    """Each leader's home: the country most of their trips start from."""
    firsts = legs.sort_values("seq").groupby(["leader", "trip"]).head(1)
    counts = firsts.groupby(["leader", "origin_country"]).size().reset_index(name="n")
    counts = counts[counts["origin_country"] != ""].sort_values("n", ascending=False)
    return dict(counts.drop_duplicates("leader")[["leader", "origin_country"]].itertuples(index=False))


def summary(legs: pd.DataFrame) -> pd.DataFrame:
    """One row per leader and year: km, hours, legs, trips, countries visited, days abroad, longest leg."""
    columns = ["leader", "year", "km", "hours", "legs", "trips", "countries", "days_abroad", "longest_leg",
               "longest_km"]
    if legs.empty:
        return pd.DataFrame(columns=columns)
    homes = home_countries(legs)
    frame = legs.assign(year=_year(legs))
    if "distance_km" not in frame:
        frame["distance_km"] = float("nan")
        frame["duration_h"] = float("nan")
    rows = []
    for (leader, year), group in frame.groupby(["leader", "year"], dropna=False):
        home = homes.get(leader, "")
        abroad = group[group["destination_country"].ne(home) & group["destination_country"].ne("")]
        trips = trips_of(group)
        foreign = trips[trips["trip"].isin(abroad["trip"])].dropna(subset=["start", "end"])
        longest = group.loc[group["distance_km"].idxmax()] if group["distance_km"].notna().any() else None
        rows.append({
            "leader": leader, "year": year, "km": group["distance_km"].sum(),
            "hours": group["duration_h"].sum(), "legs": len(group), "trips": group["trip"].nunique(),
            "countries": ", ".join(sorted(set(abroad["destination_country"]))),
            "days_abroad": int(span_days(foreign).sum()) if len(foreign) else 0,
            "longest_leg": f"{longest['origin']} → {longest['destination']}" if longest is not None else "",
            "longest_km": float(longest["distance_km"]) if longest is not None else float("nan"),
        })
    return pd.DataFrame(rows, columns=columns)


def gantt(legs: pd.DataFrame) -> pd.DataFrame:
    """Trips as bars: leader, trip, start, end (for a timeline chart)."""
    trips = trips_of(legs).dropna(subset=["start", "end"])
    return trips[["leader", "trip", "start", "end", "modes", "places"]]
