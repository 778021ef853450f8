"""The bundled itineraries (data/legs.csv): shape, sources, and the trips the issue asks for."""
import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

from routes.itinerary.itinerary import read_itinerary

LEGS = Path(__file__).resolve().parents[1] / "data" / "legs.csv"
HEADER = ["leader", "trip", "seq", "origin", "destination", "origin_country", "destination_country",
          "depart", "arrive", "mode", "via", "vehicle", "notes", "source", "confidence"]
LEADERS = {"Kim Jong Un", "Donald Trump", "Xi Jinping", "Moon Jae-in", "Vladimir Putin"}
KIM_TRIPS = {"2018-03 Beijing", "2018-05 Dalian", "2018-06 Singapore summit", "2018-06 Beijing",
             "2019-01 Beijing", "2019-02 Hanoi summit", "2019-04 Vladivostok summit", "2023-09 Russia",
             "2025-09 Beijing parade", "2018-04 Panmunjom summit", "2019-06 Panmunjom meeting"}
# A date, or a date and time that always carries its UTC offset (a time without a zone is ambiguous).
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}[+-]\d{2}:\d{2})?$")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with LEGS.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == HEADER
        return list(reader)


def by_trip(rows, leader):
    trips = defaultdict(list)
    for row in rows:
        if row["leader"] == leader:
            trips[row["trip"]].append(row)
    return trips


def test_every_row_has_a_source_a_confidence_and_iso_countries(rows):
    for row in rows:
        assert row["source"].strip(), row
        assert row["confidence"] in {"high", "medium", "low"}, row
        assert re.fullmatch(r"[A-Z]{2}", row["origin_country"]), row
        assert re.fullmatch(r"[A-Z]{2}", row["destination_country"]), row


def test_dates_keep_their_precision_and_times_carry_offsets(rows):
    for row in rows:
        for column in ("depart", "arrive"):
            assert row[column] == "" or ISO.match(row[column]), (column, row)


def test_seq_counts_from_one_within_each_trip(rows):
    seqs = defaultdict(list)
    for row in rows:
        seqs[(row["leader"], row["trip"])].append(int(row["seq"]))
    for key, numbers in seqs.items():
        assert numbers == list(range(1, len(numbers) + 1)), key


def test_leaders_and_kims_trips_are_all_there(rows):
    assert {row["leader"] for row in rows} == LEADERS
    assert set(by_trip(rows, "Kim Jong Un")) == KIM_TRIPS


def test_each_of_kims_trips_leaves_from_and_returns_to_north_korea(rows):
    for trip, legs in by_trip(rows, "Kim Jong Un").items():
        assert legs[0]["origin_country"] == "KP", trip
        assert legs[-1]["destination_country"] == "KP", trip


def test_hanoi_train_runs_through_dong_dang_both_ways_and_pingxiang_is_qualified(rows):
    hanoi = by_trip(rows, "Kim Jong Un")["2019-02 Hanoi summit"]
    trains = [leg for leg in hanoi if leg["mode"] == "train"]
    assert any(leg["destination"] == "Dong Dang Station" for leg in trains)
    assert any(leg["origin"] == "Dong Dang Station" for leg in trains)
    vias = [place for leg in rows for place in leg["via"].split(";") if place.startswith("Pingxiang")]
    assert vias and all(place == "Pingxiang, Guangxi" for place in vias)


def test_january_2019_trip_matches_the_wire_story_dates(rows):
    legs = by_trip(rows, "Kim Jong Un")["2019-01 Beijing"]
    assert legs[0]["depart"].startswith("2019-01-07")
    into_beijing = next(leg for leg in legs if leg["destination"] == "Beijing Station")
    out_of_beijing = next(leg for leg in legs if leg["origin"] == "Beijing Station")
    assert into_beijing["arrive"].startswith("2019-01-08")
    assert out_of_beijing["depart"].startswith("2019-01-09")
    assert legs[-1]["arrive"].startswith("2019-01-10")


def test_the_library_reads_the_bundled_file_without_problems(rows):
    itinerary = read_itinerary(LEGS)
    assert [p.format() for p in itinerary.problems] == []
    assert len(itinerary.legs) == len(rows)
