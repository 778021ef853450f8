"""Statistics per leader and year: distance and time by mode, countries, days abroad, longest leg."""

from __future__ import annotations

import pandas as pd

from routes.itinerary.stops import span_days, trips_of


def _year(legs: pd.DataFrame) -> pd.Series:
    """The year of each leg; a leg with no time of its own takes its trip's first year."""
    year = legs["depart_utc"].fillna(legs["arrive_utc"]).dt.year.astype("Int64")
    trip_year = year.groupby([legs["leader"], legs["trip"]]).transform("min")
    return year.fillna(trip_year)


def by_mode(legs: pd.DataFrame) -> pd.DataFrame:
    """Kilometres, hours and legs per leader, year and mode."""
    columns = ["leader", "year", "mode", "km", "hours", "legs"]
    if legs.empty:
        return pd.DataFrame(columns=columns)
    frame = legs.assign(year=_year(legs), km=legs.get("distance_km", 0.0), hours=legs.get("duration_h", 0.0))
    grouped = frame.groupby(["leader", "year", "mode"], dropna=False)
    out = grouped.agg(km=("km", "sum"), legs=("leg_id", "size"))
    out["hours"] = grouped["hours"].sum(min_count=1)
    out = out.reset_index()
    return out[columns]


def home_countries(legs: pd.DataFrame) -> dict[str, str]:
    """Each leader's home: the country most of their trips start from."""
    firsts = legs.sort_values("seq").groupby(["leader", "trip"]).head(1)
    counts = firsts.groupby(["leader", "origin_country"]).size().reset_index(name="n")
    counts = counts[counts["origin_country"] != ""].sort_values("n", ascending=False)
    return dict(counts.drop_duplicates("leader")[["leader", "origin_country"]].itertuples(index=False))


def summary(legs: pd.DataFrame, model=None) -> pd.DataFrame:
    """One row per leader and year: km, hours, legs, trips, countries visited, days abroad, longest leg.

    Hours are the journeys' (routes.view.journeys: a run of legs by one mode timed by its known ends),
    summed from what is known; ``hours_at_least`` says some journey's time was only a lower bound
    or unknown. ``model`` is the dataset's time model (routes.view.timing), derived from ``legs`` if not given.

    Days abroad count the calendar days of trips that reached another country than the leader's
    home (the country most of their trips start from), by the year each trip starts.
    """
    columns = ["leader", "year", "km", "hours", "hours_at_least", "legs", "trips", "countries", "days_abroad",
               "longest_leg", "longest_km"]
    if legs.empty:
        return pd.DataFrame(columns=columns)
    frame = legs.assign(year=_year(legs))
    for column in ("distance_km", "duration_h"):
        if column not in frame:
            frame[column] = float("nan")
    keys = ["leader", "year"]
    grouped = frame.groupby(keys, dropna=False)
    out = grouped.agg(km=("distance_km", "sum"), legs=("leg_id", "size"), trips=("trip", "nunique"))
    out = out.join(_journey_hours(frame, model))
    home = frame["leader"].map(home_countries(frame)).astype(object).fillna("")
    abroad = frame[frame["destination_country"].ne(home) & frame["destination_country"].ne("")]
    out["countries"] = abroad.groupby(keys, dropna=False)["destination_country"].agg(
        lambda c: ", ".join(sorted(set(c))))
    trips = trips_of(abroad.drop(columns="year")).dropna(subset=["start", "end"])
    out["days_abroad"] = 0
    if len(trips):   # no trip abroad: its empty columns have no date type (no .dt)
        trips["year"] = trips["start"].dt.year.astype("Int64")
        trips["days"] = span_days(trips)
        out["days_abroad"] = trips.groupby(keys)["days"].sum()
    measured = frame.dropna(subset=["distance_km"])
    longest = measured.loc[measured.groupby(keys, dropna=False)["distance_km"].idxmax()].set_index(keys)
    out["longest_leg"] = longest["origin"] + " → " + longest["destination"]
    out["longest_km"] = longest["distance_km"]
    out = out.reset_index()
    out["countries"] = out["countries"].fillna("")
    out["longest_leg"] = out["longest_leg"].fillna("")
    out["days_abroad"] = out["days_abroad"].fillna(0).astype(int)
    out["hours_at_least"] = out["hours_at_least"].fillna(True).astype(bool)
    return out[columns]


def _journey_hours(legs: pd.DataFrame, model) -> pd.DataFrame:
    """Known hours and whether they are a lower bound, per (leader, year) of ``legs``' journeys."""
    from routes.view.journeys import hours_by_year, journeys
    from routes.view.timing import timing

    hours = hours_by_year(journeys(legs, model if model is not None else timing(legs)))
    return hours.astype({"year": "Int64"}).set_index(["leader", "year"])[["hours", "hours_at_least"]]


def gantt(legs: pd.DataFrame) -> pd.DataFrame:
    """Trips as bars: leader, trip, start, end (for a timeline chart)."""
    trips = trips_of(legs).dropna(subset=["start", "end"])
    return trips[["leader", "trip", "start", "end", "modes", "places"]]
