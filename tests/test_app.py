"""The Streamlit app, driven by streamlit.testing.v1.AppTest on real data files."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURES, ROOT

TIMEOUT = 120


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


# st.dataframe has no key in AppTest; each table is recognised by a column only it has.
MARKERS = {"legs_table": "Departs", "trips_table": "Legs", "problems_table": "Problem"}


def table(at: AppTest, name: str):
    frames = [d.value for d in at.dataframe if MARKERS[name] in d.value.columns]
    assert len(frames) == 1, f"expected one {name}, found {len(frames)}"
    return frames[0]


def test_bundled_data_shows_trips_and_legs(app):
    legs = table(app, "legs_table")
    assert len(legs) > 40
    assert {"Kim Jong Un", "Donald Trump"} <= set(legs["Leader"])
    trips = table(app, "trips_table")
    assert ((trips["Leader"] == "Kim Jong Un") & (trips["Trip"] == "2019-01 Beijing")).any()


def test_leader_filter_narrows_the_tables(app):
    app.multiselect(key="leaders").set_value(["Donald Trump"]).run()
    assert set(table(app, "legs_table")["Leader"]) == {"Donald Trump"}
    assert set(table(app, "trips_table")["Leader"]) == {"Donald Trump"}


def test_year_filter_narrows_the_tables(app):
    app.slider(key="years").set_value((2019, 2019)).run()
    departs = table(app, "legs_table")["Departs"].str[:4]
    assert set(departs) <= {"2019", "unkn"} and "2019" in set(departs)


def test_broken_upload_shows_problems_and_good_rows(app):
    data = (FIXTURES / "broken_cp1252_semicolon.csv").read_bytes()
    app.file_uploader(key="upload").set_value(("broken.csv", data, "text/csv")).run()
    assert not app.exception
    legs = table(app, "legs_table")
    assert len(legs) == 3
    problems = table(app, "problems_table")
    assert sorted(zip(problems["Row"], problems["Column"])) == [(4, "depart"), (5, "mode"), (6, "leader")]
