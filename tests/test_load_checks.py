"""The load run's own pieces (bench/load.py), without a server: what each session uploads,
and the checks that decide whether a session saw only its own data."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402
from load_protocol import ProtocolError, ProtocolSession, Run  # noqa: E402

from routes.export import snapshot  # noqa: E402
from routes.export.html import snapshot_html  # noqa: E402
from routes.itinerary.itinerary import read_itinerary  # noqa: E402
from routes.view.pipeline import combine, prepare  # noqa: E402


@pytest.fixture(scope="module")
def prepared():
    """Sessions 1 and 2 as the app prepares their uploads."""
    return {n: prepare(read_itinerary(load.csv_bytes(n), name=f"session{n}.csv")) for n in (1, 2)}


def test_every_session_uploads_its_own_valid_file():
    files = [load.csv_bytes(n) for n in (1, 2, 3)]
    assert len(set(files)) == 3
    for number, data in zip((1, 2, 3), files):
        itinerary = read_itinerary(data, name="session.csv")
        assert itinerary.errors == []
        assert set(itinerary.legs["leader"]) == {load.leader(number)}
        assert sorted(itinerary.legs["mode"]) == sorted(load.MODES)
        assert load.PAYLOAD in load.leader(number)


def test_own_legs_csv_passes_and_another_sessions_legs_are_a_leak(prepared):
    own = snapshot.legs_csv_bytes(prepared[1].legs)
    assert load.legs_csv_state(own, 1, None) == (None, True)
    mixed = snapshot.legs_csv_bytes(combine([prepared[1], prepared[2]]).legs)
    leak, _ = load.legs_csv_state(mixed, 1, None)
    assert leak and "Loadtest 02" in leak


def test_legs_csv_is_current_only_when_it_shows_the_chosen_mode(prepared):
    legs = prepared[1].legs
    trains = snapshot.legs_csv_bytes(legs[legs["mode"] == "train"])
    assert load.legs_csv_state(trains, 1, "train") == (None, True)
    assert load.legs_csv_state(trains, 1, "flight") == (None, False)
    assert load.legs_csv_state(snapshot.legs_csv_bytes(legs), 1, "train") == (None, False)


def test_kml_check_finds_another_sessions_leader_and_other_modes(prepared):
    own = prepared[1]
    assert load.kml_problem(snapshot.kml_bytes(own, own.legs["leg_id"], "title"), 1) is None
    both = combine([prepared[1], prepared[2]])
    assert "Loadtest 02" in load.kml_problem(snapshot.kml_bytes(both, both.legs["leg_id"], "title"), 1)
    assert load.kml_problem(snapshot.kml_bytes(prepared[2], prepared[2].legs["leg_id"], "t"), 1)
    trains = own.legs.loc[own.legs["mode"] == "train", "leg_id"]
    assert load.kml_problem(snapshot.kml_bytes(own, trains, "t"), 1, "train") is None
    assert "not" in load.kml_problem(snapshot.kml_bytes(own, trains, "t"), 1, "car")
    assert "not" in load.kml_problem(snapshot.kml_bytes(own, own.legs["leg_id"], "t"), 1, "train")


def test_html_check_finds_leaks_and_unescaped_payloads(prepared):
    ids = prepared[1].legs["leg_id"]
    own = snapshot_html(snapshot.subset(prepared[1].features, ids), snapshot.stops_for(prepared[1], ids),
                        title="t")
    assert load.html_problem(own, 1) is None
    assert load.html_problem(own, 2) is not None       # session 2 would be seeing session 1's page
    assert "unescaped" in load.html_problem(own + load.PAYLOAD.encode(), 1)


def test_protocol_sessions_refuse_servers_off_this_machine():
    with pytest.raises(ValueError):
        ProtocolSession("http://example.org:8501")
    ProtocolSession("http://127.0.0.1:8501")   # loopback is accepted (nothing is connected yet)


def test_a_widget_missing_from_the_page_is_named():
    with pytest.raises(ProtocolError, match="No such filter"):
        Run().widget("multiselect", "No such filter")
