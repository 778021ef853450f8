"""The Office of the Historian's records load through the us-historian column mapping."""

from __future__ import annotations

from routes.itinerary import read_itinerary
from routes.schema import US_HISTORIAN


def test_president_travels_load_as_trips_of_legs(shared_dir):
    path = shared_dir / "data" / "us_state_dept" / "president_travels.csv"
    itinerary = read_itinerary(path, recipe=US_HISTORIAN)
    assert not itinerary.errors
    legs = itinerary.legs
    # The 2021 G7/NATO/Geneva journey is one trip of consecutive records with touching dates.
    trip = legs[(legs.leader == "Joseph R. Biden") & legs.trip.str.startswith("2021-06-09")]
    assert list(zip(trip.origin, trip.destination)) == [
        ("Washington, D.C.", "London"), ("London", "Cornwall"), ("Cornwall", "Brussels"),
        ("Brussels", "Geneva"), ("Geneva", "Washington, D.C.")]
    # The assumed first and last legs say that they are an assumption.
    assert "assumed" in trip.iloc[0]["notes"] and trip.iloc[0]["confidence"] == "low"
    assert "assumed" in trip.iloc[-1]["notes"]
    assert set(legs["mode"]) == {"flight"}
    assert legs["leader"].nunique() > 15


def test_records_without_locale_use_the_country(shared_dir):
    path = shared_dir / "data" / "us_state_dept" / "president_travels.csv"
    itinerary = read_itinerary(path, recipe=US_HISTORIAN)
    vatican = [p for p in itinerary.warnings if p.code == "missing"]
    assert vatican and all(p.column == "locale" for p in vatican)
    assert (itinerary.legs["destination"] == "Vatican City").any()
