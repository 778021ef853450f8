"""`python -m routes geocode`: one line per query, or one JSON object per line."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys

from routes.places.command import register, run

KEYS = {"query", "name", "lat", "lon", "country", "kind", "source", "confidence", "alternatives"}


def parse(argv):
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["geocode", *argv])


def run_lines(argv) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = run(parse(argv), out=out)
    return code, out.getvalue().splitlines()


def test_json_lines_have_the_documented_keys_and_nulls_when_unresolved():
    code, lines = run_lines(["--json", "FNJ", "Qxzvyrtplk Bnmwq"])
    records = [json.loads(line) for line in lines]
    assert len(records) == 2 and code == 1
    assert KEYS <= set(records[0]) and KEYS <= set(records[1])
    assert records[0]["kind"] == "airport" and records[0]["country"] == "KP"
    assert records[1]["lat"] is None and records[1]["lon"] is None


def test_context_places_steer_the_answer():
    _, plain = run_lines(["--json", "Port Arthur"])
    _, steered = run_lines(["--json", "--context", "Dalian", "--context", "Shenyang", "Port Arthur"])
    assert json.loads(plain[0])["country"] == "US"
    assert json.loads(steered[0])["country"] == "CN"


def test_text_output_one_line_per_query():
    code, lines = run_lines(["Pjöngjang", "Hà Nội"])
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("Pjöngjang\t") and "(KP)" in lines[0]
    assert "(VN)" in lines[1]


def test_module_entry_point_works_offline():
    done = subprocess.run([sys.executable, "-m", "routes", "geocode", "--json", "ZKPY"],
                          capture_output=True, text=True, timeout=120, cwd=str(_root()))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[0])["country"] == "KP"


def _root():
    from pathlib import Path
    return Path(__file__).resolve().parent.parent


def test_the_issues_queries_are_answered_right_or_honestly_unresolved():
    # Issue 18: each of these was answered confidently in the wrong place, or left unresolved.
    code, lines = run_lines(["--json", "Istana, Singapore", "Yakutsk Airport, Sakha Republic, Russia",
                             "Beijing Capital International Airport, Beijing, China",
                             "Wuchang Railway Station, Wuhan, Hubei", "Moscow, US", "Bali, Indonesia"])
    istana, yakutsk, pek, wuchang, moscow, bali = [json.loads(line) for line in lines]
    assert istana["lat"] is None and istana["alternatives"], "not Easton, California"
    assert (yakutsk["kind"], yakutsk["country"]) == ("airport", "RU") and abs(yakutsk["lat"] - 62.0933) < 0.05
    assert (pek["kind"], pek["country"]) == ("airport", "CN") and abs(pek["lon"] - 116.585) < 0.05
    # Wuchang station is in Wuhan (30.5289 N, 114.3177 E, en.wikipedia.org/wiki/Wuchang_railway_station):
    # the city of Wuhan, approximately, not E'zhou 56 km away.
    assert wuchang["country"] == "CN" and wuchang["confidence"] < 0.75
    assert abs(wuchang["lat"] - 30.53) < 0.12 and abs(wuchang["lon"] - 114.32) < 0.12
    assert moscow["country"] == "US" and bali["country"] == "ID" and bali["kind"] == "region"
    assert code == 1    # one query unresolved
