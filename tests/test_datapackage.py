"""data/datapackage.json says the same as the code."""

import json

from routes.itinerary.modes import MODES
from routes.reading.schema import LEG_OPTIONAL, LEG_REQUIRED, STOP_OPTIONAL, STOP_REQUIRED
from tests.conftest import ROOT


def load():
    return json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


def fields(resource):
    return [f["name"] for f in resource["schema"]["fields"]]


def test_schema_lists_the_columns_the_reader_knows():
    legs, stops = load()["resources"]
    assert fields(legs) == list(LEG_REQUIRED + LEG_OPTIONAL)
    assert fields(stops) == list(STOP_REQUIRED + STOP_OPTIONAL)


def test_required_flags_and_mode_enum_match():
    legs = load()["resources"][0]
    by_name = {f["name"]: f for f in legs["schema"]["fields"]}
    required = {n for n, f in by_name.items() if f.get("constraints", {}).get("required")}
    assert required == set(LEG_REQUIRED) - {"depart", "arrive", "mode"}   # times and mode may be unknown
    assert by_name["mode"]["constraints"]["enum"] == list(MODES)


def test_bundled_header_matches_the_schema():
    legs = load()["resources"][0]
    header = (ROOT / "data" / legs["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
    assert set(header) <= set(fields(legs)) and set(LEG_REQUIRED) <= set(header)
