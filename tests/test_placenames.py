"""Codes read as names (issue #17): airport codes in the bundled data are shown with the
name the geocoder placed them at, in the legs table and the details; the data exports
keep the places as written."""
from __future__ import annotations

import pandas as pd

from routes.export.csvout import legs_csv
from routes.places.placenames import code_labels, labelled
from routes.view.tables import legs_table


def test_bundled_airport_codes_get_their_names(bundled_prepared):
    labels = code_labels(bundled_prepared.places)
    assert labels["ADW"] == "ADW (Joint Base Andrews Airport)"
    assert labels["MHZ"] == "MHZ (RAF Mildenhall)"
    assert labels["XJD"] == "XJD (Al Udeid Air Base)"
    assert "Pyongyang Station" not in labels          # names are not codes
    table = legs_table(bundled_prepared.legs)
    hanoi = table[(table["Leader"] == "Donald Trump") & (table["Trip"] == "2019-02 Hanoi summit")]
    assert hanoi.iloc[0]["From"] == "ADW (Joint Base Andrews Airport)"
    assert hanoi.iloc[0]["To"] == "MHZ (RAF Mildenhall)"
    exported = legs_csv(bundled_prepared.legs).decode("utf-8-sig")
    assert "label" not in exported.splitlines()[0] and ",ADW," in exported
    assert "ADW (Joint Base Andrews Airport)" not in exported


def test_unplaced_or_unnamed_codes_stay_as_written():
    places = pd.DataFrame({"query": ["ZZZ", "LHR", "Paris", "ABC"],
                           "name": ["", "London Heathrow Airport", "Paris", "Abc"],
                           "kind": ["airport", "airport", "city", "airport"],
                           "lat": [float("nan"), 51.47, 48.85, 1.0]})
    labels = code_labels(places)
    assert labels == {"LHR": "LHR (London Heathrow Airport)"}
    shown = labelled(pd.Series(["LHR", "ZZZ", "Paris", None]), labels)
    assert shown.tolist() == ["LHR (London Heathrow Airport)", "ZZZ", "Paris", ""]
