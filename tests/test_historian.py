"""The Office of the Historian's records load through the us-historian column mapping."""

from __future__ import annotations

from routes.itinerary.itinerary import read_itinerary
from routes.reading.schema import US_HISTORIAN

ASSUMED_MODE = US_HISTORIAN.defaults["mode"]


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
    # The records name no mode but for two sea voyages their remarks state.
    assert set(legs["mode"]) == {"unknown", "ship"} and ASSUMED_MODE == "unknown"
    assert (legs["mode"] == "ship").sum() == 2
    assert legs["leader"].nunique() > 15


def test_records_without_locale_use_the_country(shared_dir):
    path = shared_dir / "data" / "us_state_dept" / "president_travels.csv"
    itinerary = read_itinerary(path, recipe=US_HISTORIAN)
    vatican = [p for p in itinerary.warnings if p.code == "missing"]
    assert vatican and all(p.column == "locale" for p in vatican)
    assert (itinerary.legs["destination"] == "Vatican City").any()


def test_a_record_inside_another_is_a_side_trip_not_a_return_home(shared_dir):
    path = shared_dir / "data" / "us_state_dept" / "president_travels.csv"
    legs = read_itinerary(path, recipe=US_HISTORIAN).legs
    wilson = legs[legs.leader == "Woodrow Wilson"]
    # The 4 January 1919 audience in Rome lies inside the 1-6 January Italy record: Wilson
    # does not go home between Italy and the Peace Conference in Paris.
    trip = wilson[wilson.trip == wilson[wilson.depart == "1918-12-14"].trip.iloc[0]]
    places = list(trip.origin) + [trip.destination.iloc[-1]]
    assert places.count("Washington, D.C.") == 2 and places[0] == places[-1] == "Washington, D.C."
    assert ("Turin", "Paris") in list(zip(trip.origin, trip.destination))
    assert any("Pope" in n for n in trip.notes)


def test_no_leg_arrives_before_it_departs(shared_dir):
    for name in ("president_travels.csv", "secretary_travels.csv"):
        legs = read_itinerary(shared_dir / "data" / "us_state_dept" / name, recipe=US_HISTORIAN).legs
        timed = legs.dropna(subset=["depart_utc", "arrive_end_utc"])
        assert not (timed.arrive_end_utc < timed.depart_utc).any(), name


def test_a_voyage_the_remarks_state_is_a_ship_leg_within_one_trip(shared_dir):
    path = shared_dir / "data" / "us_state_dept" / "president_travels.csv"
    legs = read_itinerary(path, recipe=US_HISTORIAN).legs
    leg = legs[(legs.origin == "Athens") & (legs.destination == "Tunis")]
    assert len(leg) == 1 and leg.iloc[0]["mode"] == "ship"


def test_an_island_group_after_a_comma_qualifies_the_place_before_it(tmp_path):
    # "Martinique, West Indies" is one stop, Martinique; "West Indies" is where it lies.
    path = tmp_path / "records.csv"
    path.write_text("trip_id,role,who,name,start_date,end_date,country_id,country,locale,remarks\n"
                    "1,president,x,George H.W. Bush,1991-03-14,1991-03-14,france,France,"
                    "\"Martinique, West Indies\",Met President Mitterrand.\n"
                    "2,president,x,George H.W. Bush,1991-04-01,1991-04-02,france,France,"
                    "\"Paris, Versailles\",Visit.\n", encoding="utf-8")
    legs = read_itinerary(path, recipe=US_HISTORIAN).legs
    trips = [list(t.origin) + [t.destination.iloc[-1]] for _, t in legs.groupby("trip", sort=True)]
    assert ["Washington, D.C.", "Martinique, West Indies", "Washington, D.C."] in trips
    assert ["Washington, D.C.", "Paris", "Versailles", "Washington, D.C."] in trips
