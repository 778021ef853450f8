"""`python -m routes where` and `python -m routes journeys` on the bundled data, run as a script would."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

LEGS = ROOT / "data" / "legs.csv"


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "routes", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.slow
def test_where_at_a_moment_as_json():
    result = run("where", LEGS, "--at", "2019-02-26T00:00Z", "--leader", "Donald Trump", "--leader",
                 "Vladimir Putin", "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["leader"]: row for row in json.loads(result.stdout)}
    assert set(rows) == {"Donald Trump", "Vladimir Putin"}
    trump = rows["Donald Trump"]
    assert set(trump) == {"leader", "status", "place", "from", "to", "mode", "lat", "lon", "certain"}
    assert (trump["status"], trump["from"], trump["to"], trump["mode"], trump["certain"]) == (
        "travelling", "ADW", "MHZ", "flight", True)
    # Over the Atlantic or the British Isles, west of Mildenhall (0.49 E).
    assert 35 < trump["lat"] < 60 and -80 < trump["lon"] < 0.5
    assert rows["Vladimir Putin"]["status"] == "unknown" and rows["Vladimir Putin"]["lat"] is None


@pytest.mark.slow
def test_where_kim_was_on_his_birthday_in_beijing():
    result = run("where", LEGS, "--at", "2019-01-08T12:00Z", "--leader", "Kim Jong Un", "--json")
    assert result.returncode == 0, result.stderr
    (kim,) = json.loads(result.stdout)
    assert (kim["status"], kim["place"], kim["certain"]) == ("at", "Beijing Station", False)
    assert kim["lat"] == pytest.approx(39.90, abs=0.05) and kim["lon"] == pytest.approx(116.42, abs=0.05)


@pytest.mark.slow
def test_journeys_of_kim_in_2019_as_json():
    result = run("journeys", LEGS, "--leader", "Kim Jong Un", "--year", "2019", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {row["trip"][:4] for row in rows} == {"2019"}
    hanoi = [r for r in rows if r["trip"] == "2019-02 Hanoi summit" and r["mode"] == "train"]
    assert [(r["from"], r["to"], r["duration_kind"]) for r in hanoi] == [
        ("Pyongyang Station", "Dong Dang Station", "exact"), ("Dong Dang Station", "Pyongyang Station", "at_least")]
    assert hanoi[0]["duration_h"] == pytest.approx(65.37, abs=0.1)
    assert hanoi[0]["depart"] == "2019-02-23T17:00+09:00" and hanoi[0]["arrive"] == "2019-02-26T08:22+07:00"
    assert hanoi[0]["distance_km"] == pytest.approx(3990, rel=0.03)


@pytest.mark.slow
def test_bad_time_and_unknown_leader_are_refused():
    bad = run("where", LEGS, "--at", "next tuesday")
    assert bad.returncode == 2 and "expected an ISO time" in bad.stderr
    nobody = run("journeys", LEGS, "--leader", "Nobody")
    assert nobody.returncode == 1 and "no leader 'Nobody'" in nobody.stderr
