"""``python -m routes validate``: exit codes and FILE:ROW: COLUMN: message lines."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import FIXTURES, ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "routes", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_broken_file_exits_1_with_one_line_per_problem():
    result = run("validate", str(FIXTURES / "broken_cp1252_semicolon.csv"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == ("broken_cp1252_semicolon.csv:4: depart: expected an ISO date like 2019-01-07 "
                        "or date-time like 2019-01-07T17:00+09:00 (got '9. januar')")
    assert lines[1].startswith("broken_cp1252_semicolon.csv:5: mode: unknown mode")
    assert lines[2] == "broken_cp1252_semicolon.csv:6: leader: a leader is required (got '')"
    assert lines[-1] == "3 errors, 0 warnings, 3 legs kept"


def test_json_format_lists_the_same_problems():
    result = run("validate", "--format", "json", str(FIXTURES / "broken_cp1252_semicolon.csv"))
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(4, "depart"), (5, "mode"), (6, "leader")]
    assert report["legs"] == 3


def test_valid_file_exits_0():
    result = run("validate", str(FIXTURES / "stops_small.csv"))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "0 errors, 0 warnings, 3 legs kept"


def test_bundled_data_validates_with_zero_problems():
    result = run("validate", str(ROOT / "data" / "legs.csv"))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("0 errors, 0 warnings")


def test_missing_file_is_a_clear_error():
    result = run("validate", "no-such-file.csv")
    assert result.returncode == 1
    assert result.stderr.startswith("no-such-file.csv: could not read the file")
