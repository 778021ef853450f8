"""Every section of the app on every realistic dataset, through a real AppTest run.

Each cell of the matrix asserts that nothing raised, that the legs the page shows are the legs
that were read (nothing hidden by default filters), and one fact of the section that could be
wrong. The datasets: the bundled journeys, the project's own fixtures, the files people bring
(``../shared/data/uploads``) and the Office of the Historian's records through the mapping step.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from routes.itinerary.itinerary import read_itinerary
from routes.reading.schema import RECIPES
from tests.conftest import FIXTURES, ROOT, SHARED

pytestmark = pytest.mark.slow

SECTIONS = ["Trips and legs", "Statistics", "Compare", "Share", "Draft from a story"]
UPLOADS = SHARED / "data" / "uploads"
HISTORIAN = SHARED / "data" / "us_state_dept"

DATASETS = {
    "bundled": None,
    "fixture-stops": FIXTURES / "stops_small.csv",
    "fixture-broken": FIXTURES / "broken_cp1252_semicolon.csv",
    "fixture-render": FIXTURES / "render_legs.csv",
    "upload-biden-stops-da": UPLOADS / "biden_2021_europe_stops_da_cp1252.csv",
    "upload-moon-no-country": UPLOADS / "moon_2018_pyongyang_legs_no_country.csv",
    "upload-xi-undated": UPLOADS / "xi_2019_pyongyang_partly_undated.csv",
    "upload-trump-utf16": UPLOADS / "trump_2019_osaka_seoul_utf16_tab.txt",
    "upload-kim-xlsx": UPLOADS / "kim_2019_hanoi.xlsx",
    "fixture-ods": FIXTURES / "legs_workbook.ods",
    "historian-presidents": HISTORIAN / "president_travels.csv",
    "historian-secretaries": HISTORIAN / "secretary_travels.csv",
}


def _expected_legs(path: Path | None) -> pd.DataFrame:
    if path is None:
        return read_itinerary(ROOT / "data" / "legs.csv").legs
    recipe = RECIPES["us-historian"] if path.parent == HISTORIAN else None
    return read_itinerary(path.read_bytes(), name=path.name, recipe=recipe).legs


def _open(path: Path | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    if path is not None:
        at.file_uploader(key="upload").set_value((path.name, path.read_bytes(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _frame(at: AppTest, column: str) -> pd.DataFrame | None:
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    return frames[0] if frames else None


def _number(text: str) -> float:
    return float(re.sub(r"[^\d.\-]", "", text))


def _check_section(at: AppTest, name: str, legs: pd.DataFrame, placed: pd.DataFrame, uploaded: bool) -> None:
    texts = " ".join([m.value for m in at.markdown] + [t.value for t in at.text] + [c.value for c in at.caption])
    assert "None" not in re.findall(r"\bNone\b", texts), "a value shown as None instead of unknown"
    if name == "Trips and legs":
        shown = _frame(at, "Departs")
        assert len(shown) == len(legs)
        assert f"**Legs ({len(legs):,})**" in texts
        trips = _frame(at, "Route")
        assert len(trips) == len(legs[["leader", "trip"]].drop_duplicates())
    elif name == "Statistics":
        summary = _frame(at, "days_abroad")
        assert summary is not None and int(pd.to_numeric(summary["legs"]).sum()) == len(legs)
        known = [_number(v) for v in summary["km"] if v != "unknown"]
        expected = float(placed["distance_km"].fillna(0).sum())
        assert sum(known) == pytest.approx(expected, abs=len(summary))   # each row rounded to 1 km
    elif name == "Compare":
        if legs["leader"].nunique() < 2:
            assert "at least two leaders" in texts
        else:
            assert at.selectbox(key="cmp_a").options
    elif name == "Share":
        link = " ".join(c.value for c in at.code).strip()
        assert link.startswith("http://") and ("src=upload" in link) == uploaded
        assert {"Legs (CSV)", "GeoJSON"} <= {b.label for b in at.get("download_button")}
    else:
        assert at.text_area(key="story_text") is not None


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_every_section_on_every_dataset(dataset):
    path = DATASETS[dataset]
    if path is not None and not path.exists():
        pytest.skip(f"{path} is absent (../shared only exists beside the developers' checkout)")
    legs = _expected_legs(path)
    at = _open(path)
    prepared = _prepared_of(path)
    placed = prepared.legs
    assert not [e for e in at.error], [e.value for e in at.error]
    account = prepared.itinerary.row_account()
    # the data-quality panel accounts for every row of the file
    assert account["read"] > 0 and account["kept"] + account["refused"] == account["read"]
    assert any(t.value.startswith(f"{account['read']:,} row") and f"{account['refused']:,} refused" in t.value
               for t in at.text)
    for name in SECTIONS:
        at.button_group(key="section").set_value(name).run()
        assert not at.exception, (dataset, name, [e.value for e in at.exception])
        assert not [e.value for e in at.error if "could not be shown" in e.value], (dataset, name)
        _check_section(at, name, legs, placed, uploaded=path is not None)


def _prepared_of(path: Path | None):
    from routes.view.pipeline import load_bundled, prepare
    if path is None:
        return prepare(load_bundled())
    recipe = RECIPES["us-historian"] if path.parent == HISTORIAN else None
    return prepare(read_itinerary(path.read_bytes(), name=path.name, recipe=recipe))


def test_statistics_give_kim_jong_uns_2019_train_kilometres(bundled_prepared):
    """One fact a reader can check: the statistics' km for Kim Jong Un in 2019 are his legs' km."""
    at = _open(None)
    at.multiselect(key="leaders").set_value(["Kim Jong Un"]).run()
    at.slider(key="years").set_value((2019, 2019)).run()
    at.multiselect(key="modes").set_value(["train"]).run()
    at.button_group(key="section").set_value("Statistics").run()
    summary = _frame(at, "days_abroad")
    legs = bundled_prepared.legs
    mine = legs[(legs["leader"] == "Kim Jong Un") & (legs["mode"] == "train")
                & (legs["depart_utc"].fillna(legs["arrive_utc"]).dt.year == 2019)]
    assert len(summary) == 1 and summary["year"].iloc[0] == "2019"
    assert _number(summary["km"].iloc[0]) == pytest.approx(mine["distance_km"].sum(), abs=1)
    assert (mine["distance_km"].round(-1) == 3990).any()   # the train to Hanoi, Pyongyang → Dong Dang by way of Dandong


def test_a_filter_with_no_result_says_so():
    at = _open(None)
    at.multiselect(key="leaders").set_value(["Kim Jong Un"]).run()
    at.slider(key="years").set_value((2019, 2019)).run()
    at.multiselect(key="modes").set_value(["flight"]).run()
    assert any("No legs match" in i.value for i in at.info)
    assert not at.exception


def test_the_trip_list_follows_the_years_and_modes():
    at = _open(None)
    at.slider(key="years").set_value((2018, 2018)).run()
    trips = at.selectbox(key="trip").options
    assert "2018-06 Singapore summit" in trips and "2019-02 Hanoi summit" not in trips
    at.slider(key="years").set_value((2019, 2019)).run()
    at.multiselect(key="modes").set_value(["train"]).run()
    trips = at.selectbox(key="trip").options
    assert "2019-02 Hanoi summit" in trips and "2018-06 Singapore summit" not in trips


def test_the_row_account_of_a_broken_file():
    itinerary = read_itinerary(FIXTURES / "broken_cp1252_semicolon.csv")
    lines = (FIXTURES / "broken_cp1252_semicolon.csv").read_bytes().splitlines()
    assert itinerary.row_account() == {"read": len(lines) - 1, "kept": len(lines) - 1 - 3, "warned": 0,
                                       "refused": 3}
    assert len(itinerary.legs) == len(lines) - 1 - 3
