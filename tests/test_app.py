"""The Streamlit app, driven by streamlit.testing.v1.AppTest on real data files.

Every control is exercised; tables are read back to check that the view followed.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURES, ROOT

TIMEOUT = 300

# st.dataframe has no key in AppTest; each table is recognised by a column only it has.
MARKERS = {"legs_table": "Departs", "trips_table": "Legs", "journeys_table": "Legs in it", "problems_table": "Problem",
           "where_table": "status", "stats_table": "days_abroad", "meetings_table": "leader_b"}


def new_app(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def app() -> AppTest:
    return new_app()


def table(at: AppTest, name: str):
    frames = [d.value for d in at.dataframe if MARKERS[name] in d.value.columns]
    assert len(frames) == 1, f"expected one {name}, found {len(frames)}"
    return frames[0]


def section(at: AppTest, name: str) -> AppTest:
    at.button_group(key="section").set_value(name).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.slow
def test_bundled_data_shows_trips_and_legs(app):
    legs = table(app, "legs_table")
    assert len(legs) > 90
    assert {"Kim Jong Un", "Donald Trump", "Xi Jinping", "Moon Jae-in", "Vladimir Putin"} <= set(legs["Leader"])
    assert (legs["km"].dropna() > 0).sum() > 60
    trips = table(app, "trips_table")
    assert ((trips["Leader"] == "Kim Jong Un") & (trips["Trip"] == "2019-01 Beijing")).any()


def test_leader_filter_narrows_every_table(app):
    app.multiselect(key="leaders").set_value(["Donald Trump"]).run()
    assert set(table(app, "legs_table")["Leader"]) == {"Donald Trump"}
    assert set(table(app, "trips_table")["Leader"]) == {"Donald Trump"}
    assert set(app.selectbox(key="trip").options) >= {"All trips", "2019-02 Hanoi summit"}
    assert "2023-09 Russia" not in app.selectbox(key="trip").options


def test_year_date_mode_and_trip_filters(app):
    app.slider(key="years").set_value((2019, 2019)).run()
    assert set(table(app, "legs_table")["Departs"].str[:4]) <= {"2019", "unkn"}
    app.multiselect(key="modes").set_value(["flight"]).run()
    assert set(table(app, "legs_table")["Mode"]) == {"flight"}
    app.multiselect(key="modes").set_value([]).run()
    app.date_input(key="dates").set_value((date(2019, 2, 27), date(2019, 2, 28))).run()
    assert {"Kim Jong Un", "Donald Trump"} == set(table(app, "legs_table")["Leader"])
    app.date_input(key="dates").set_value(()).run()
    app.selectbox(key="trip").set_value("2019-01 Beijing").run()
    legs = table(app, "legs_table")
    assert set(legs["Trip"]) == {"2019-01 Beijing"} and len(legs) == 3


def test_timeline_shows_where_kim_was_on_26_february_2019(app):
    app.multiselect(key="leaders").set_value(["Kim Jong Un"]).run()
    app.slider(key="moment").set_value(datetime(2019, 2, 25, 12, 0)).run()
    where = table(app, "where_table")
    assert where["leader"].tolist() == ["Kim Jong Un"]
    assert where["status"].iloc[0] == "travelling"
    assert where["where"].iloc[0] == "travelling Dandong Station → Dong Dang Station by train"
    assert where["certain"].iloc[0] == "yes"
    lat, lon = (float(v) for v in where["position"].iloc[0].split(", "))
    assert 21.5 < lat < 40.5 and 105 < lon < 125   # between Dandong and Dong Dang


def test_where_table_says_unknown_for_a_position_it_cannot_give(app):
    app.slider(key="moment").set_value(datetime(2019, 2, 25, 12, 0)).run()
    where = table(app, "where_table")
    unknown = where[where["status"] == "unknown"]
    assert len(unknown) and (unknown["position"] == "unknown").all()
    assert not where["position"].isin(["None", "nan", ""]).any()


def test_journeys_and_statistics_hours_say_what_is_known(app):
    app.multiselect(key="leaders").set_value(["Kim Jong Un"]).run()
    app.selectbox(key="trip").set_value("2019-02 Hanoi summit").run()
    journeys = table(app, "journeys_table")
    trains = journeys[journeys["Mode"] == "train"]
    assert trains["Time"].tolist() == ["65.4 h", "at least 49.0 h"]
    assert trains["From"].tolist() == ["Pyongyang Station", "Dong Dang Station"]
    section(app, "Statistics")
    stats = table(app, "stats_table").set_index("year")
    # The two train journeys (65.4 h and at least 49.0 h); the car rides in Vietnam have no known time.
    hours = stats.loc["2019", "hours"]
    assert hours.startswith("at least ")
    assert float(hours.removeprefix("at least ").replace(",", "")) == pytest.approx(65.37 + 49.0, abs=0.1)


def test_sections_statistics_compare_share_and_draft(app):
    app.multiselect(key="leaders").set_value(["Kim Jong Un", "Donald Trump"]).run()
    section(app, "Statistics")
    stats = table(app, "stats_table")
    assert set(stats["leader"]) == {"Kim Jong Un", "Donald Trump"}
    assert len(app.get("vega_lite_chart")) >= 2
    section(app, "Compare")
    meetings = table(app, "meetings_table")
    assert (meetings["first_day"] <= "2019-02-28").any()
    section(app, "Share")
    labels = {b.label for b in app.get("download_button")}
    assert {"Legs (CSV)", "Places (CSV)", "GeoJSON", "KML (Google Earth)"} <= labels
    link = " ".join(c.value for c in app.code)
    assert "leader=Kim+Jong+Un" in link and "s=share" in link
    section(app, "Draft from a story")
    app.text_area(key="story_text").set_value("date 2019-01-09\nKim Jong Un forlod onsdag Beijing i sit tog. "
                                              "Kim ankom til Beijing tirsdag.").run()
    assert not app.exception
    assert "Kim Jong Un" in " ".join(m.value for m in app.text)   # data as plain text


def test_basemap_and_online_switch_exist_and_default_offline(app):
    assert app.selectbox(key="basemap").value == "offline"
    assert app.toggle(key="online").value is False
    app.selectbox(key="basemap").set_value("osm").run()
    assert not app.exception


def test_broken_upload_shows_problems_and_good_rows(app):
    data = (FIXTURES / "broken_cp1252_semicolon.csv").read_bytes()
    app.file_uploader(key="upload").set_value(("broken.csv", data, "text/csv")).run()
    assert not app.exception
    assert len(table(app, "legs_table")) == 3
    problems = table(app, "problems_table")
    errors = problems[problems["Severity"] == "error"]
    assert sorted(zip(errors["Row"], errors["Column"])) == [(4, "depart"), (5, "mode"), (6, "leader")]


@pytest.mark.slow
def test_foreign_layout_goes_through_the_mapping_step(app, shared_dir):
    data = (shared_dir / "data" / "us_state_dept" / "president_travels.csv").read_bytes()
    app.file_uploader(key="upload").set_value(("president_travels.csv", data, "text/csv")).run()
    assert not app.exception
    assert app.selectbox(key="preset").value == "us-historian"
    legs = table(app, "legs_table")
    assert "Joseph R. Biden" in set(legs["Leader"]) and len(legs) > 1000


def test_hand_mapping_of_unknown_columns(app):
    data = b"wer,was,a,b,t1,t2,wie\nKim Jong Un,x,Pyongyang,Beijing,2019-01-07,2019-01-08,Zug\n"
    app.file_uploader(key="upload").set_value(("custom.csv", data, "text/csv")).run()
    assert app.selectbox(key="preset").value == "(map by hand)"
    for ours, theirs in {"leader": "wer", "trip": "was", "origin": "a", "destination": "b", "depart": "t1",
                         "arrive": "t2", "mode": "wie"}.items():
        app.selectbox(key=f"map_{ours}").set_value(theirs)
    app.run()
    legs = table(app, "legs_table")
    assert legs[["Leader", "From", "To", "Mode"]].values.tolist() == [["Kim Jong Un", "Pyongyang", "Beijing", "train"]]


def test_permalink_round_trip():
    first = new_app()
    first.multiselect(key="leaders").set_value(["Kim Jong Un"]).run()
    first.slider(key="years").set_value((2019, 2019)).run()
    first.multiselect(key="modes").set_value(["train"]).run()
    first.selectbox(key="basemap").set_value("carto").run()
    link = dict(first.query_params)
    second = new_app(**link)
    assert second.multiselect(key="leaders").value == ["Kim Jong Un"]
    assert second.slider(key="years").value == (2019, 2019)
    assert second.multiselect(key="modes").value == ["train"]
    assert second.selectbox(key="basemap").value == "carto"
    assert table(second, "legs_table").equals(table(first, "legs_table"))


def test_a_link_opens_the_bundled_dataset_it_was_made_on():
    first = new_app()
    first.selectbox(key="bundled_set").set_value(
        "US Presidents abroad, 1906–2024 (Office of the Historian)").run()
    first.multiselect(key="leaders").set_value(["Richard M. Nixon"]).run()
    link = dict(first.query_params)
    assert link["set"] == "presidents"
    second = new_app(**link)
    assert second.selectbox(key="bundled_set").value.startswith("US Presidents abroad")
    assert second.multiselect(key="leaders").value == ["Richard M. Nixon"]
    assert not second.warning, [w.value for w in second.warning]
    assert table(second, "legs_table").equals(table(first, "legs_table"))


def test_hostile_link_is_ignored_with_a_notice():
    at = new_app(leader=["Nobody <script>alert(1)</script>", "Kim Jong Un"], year="99999", mode="teleport",
                 z="NaN", evil="${7*7}")
    assert at.multiselect(key="leaders").value == ["Kim Jong Un"]
    notices = " ".join(w.value for w in at.warning)
    assert "ignored" in notices
    assert "<script>" not in " ".join(m.value for m in at.markdown)


def test_share_section_prepares_html_and_images(app):
    app.multiselect(key="leaders").set_value(["Kim Jong Un"]).run()
    section(app, "Share")
    app.button(key="make_snapshots").click().run()
    assert not app.exception
    labels = {b.label for b in app.get("download_button")}
    assert {"Map (HTML, works offline)", "Image (PNG, web)", "Image (PNG, print 2x)", "Image (SVG)"} <= labels
