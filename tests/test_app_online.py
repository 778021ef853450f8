"""Online geocoding end to end in the app, against a real HTTP server on loopback: the switch on, an
upload with a place the offline gazetteer cannot place, the answer used and cached; and the server
limited, slow or answering garbage → the offline answer and a notice, the page intact."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import ui.loaders
from tests.conftest import ROOT
from tests.fake_nominatim import FakeNominatim

# A hotel in Pyongyang by an invented name: no offline source knows it, so only the server can place it.
UNKNOWN = "Zyxqwv Riverside Hotel"
WHERE = (39.0301, 125.7402)


def upload(name: str = UNKNOWN, trip: str = "t") -> bytes:
    return ("leader,trip,origin,destination,depart,arrive,mode\n"
            f"Xi Jinping,{trip},Beijing,Pyongyang,2019-06-20,2019-06-20,flight\n"
            f"Xi Jinping,{trip},Pyongyang,{name},2019-06-20,2019-06-20,car\n").encode()


@pytest.fixture
def isolated(monkeypatch, tmp_path):
    monkeypatch.setattr(ui.loaders, "ONLINE_CACHE_DIR", tmp_path)
    monkeypatch.setattr(ui.loaders, "ONLINE_TIMEOUT_S", 1.0)
    return tmp_path


def run_online(server_url: str, data: bytes) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.toggle(key="online").set_value(True).run()
    at.text_input(key="server").set_value(server_url).run()
    at.file_uploader(key="upload").set_value(("online.csv", data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def legs_table(at: AppTest):
    return next(d.value for d in at.dataframe if "Departs" in d.value.columns)


def problems(at: AppTest):
    frames = [d.value for d in at.dataframe if "Problem" in d.value.columns]
    return frames[0] if frames else None


def test_the_switch_sends_what_the_gazetteer_cannot_place_and_keeps_the_answer(isolated):
    with FakeNominatim("up", {UNKNOWN: WHERE}) as server:
        at = run_online(server.url, upload())
        assert any(UNKNOWN in q for q in server.queries)
        assert not any(q.startswith("Beijing") for q in server.queries)    # confident offline names stay home
        legs = legs_table(at)
        assert len(legs) == 2 and (legs["km"].notna()).all()                # the hotel leg is placed and measured
        asked = len(server.queries)
        # Another file naming the same place: answered from the cache, the server is not asked again.
        run_online(server.url, upload(trip="again"))
        assert len(server.queries) == asked


@pytest.mark.slow
@pytest.mark.parametrize("behaviour", ["429", "slow", "garbage"])
def test_a_failing_server_leaves_the_offline_answer_and_says_so(isolated, behaviour):
    with FakeNominatim(behaviour, {UNKNOWN: WHERE}) as server:
        at = run_online(server.url, upload(trip=behaviour))
        assert server.queries, "the server was never asked"
    legs = legs_table(at)
    assert len(legs) == 2                                      # nothing lost: the unplaced leg is still listed
    table = problems(at)
    assert table is not None
    text = " ".join(table["Problem"].astype(str))
    assert "online geocoder" in text and "kept the offline result" in text
    assert UNKNOWN in " ".join(table["Value"].astype(str))     # and the place is reported unplaced
