"""The benchmark suite runs in one command and reports every stage (no timing assertions:
speed is judged by the figures bench/run.py prints, never by a test's clock)."""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
QUICK_SETS = {"gazetteer", "bundled", "syn1k"}
PER_SET = ("load + validate", "geocode cold (unique names)", "geocode warm (unique names)",
           "placing (whole legs table)", "geometry (tracks)", "map build + HTML", "map HTML size",
           "peak RSS (whole set, own process)")
GAZETTEER = ("gazetteer ready (cold process)", "gazetteer peak RSS after lookups",
             "gazetteer lookup (per query)")


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "quick.json"
    done = subprocess.run([sys.executable, str(BENCH / "run.py"), "--quick", "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, json.loads(out.read_text(encoding="utf-8"))


def test_quick_run_covers_the_small_sets_only(quick_run):
    _, data = quick_run
    sets = {row["set"] for row in data["rows"]}
    assert sets == QUICK_SETS, sets
    assert data["quick"] is True


def test_every_stage_has_a_row_per_set(quick_run):
    _, data = quick_run
    present = {(row["measure"], row["set"]) for row in data["rows"]}
    for name in ("bundled", "syn1k"):
        for measure in PER_SET:
            assert (measure, name) in present, (measure, name)
    for measure in GAZETTEER:
        assert (measure, "gazetteer") in present, measure
    assert ("page fixed part (a one-leg page)", "bundled") in present
    assert ("map HTML size vs straight folium", "syn1k") in present


def test_the_app_measure_runs_on_the_benchmarks_data(quick_run):
    _, data = quick_run
    rows = {row["set"]: row for row in data["rows"] if row["measure"] == "app filter change (AppTest rerun)"}
    # the note warns when the app's leader list lacks "Synthetic leader 01" (it showed the bundled data)
    assert "WARNING" not in rows["syn1k"]["note"], rows["syn1k"]["note"]


def test_figures_and_ratios_are_numbers(quick_run):
    _, data = quick_run
    measured = [row for row in data["rows"] if not row["note"].startswith("skipped")]
    assert measured
    for row in measured:
        assert isinstance(row["ours"], (int, float)) and math.isfinite(row["ours"]) and row["ours"] > 0, row
        if row["baseline"] is not None:
            assert isinstance(row["ratio"], (int, float)) and math.isfinite(row["ratio"]), row
            assert row["ratio"] == pytest.approx(row["baseline"] / row["ours"])
    with_baseline = {row["measure"] for row in measured if row["baseline"] is not None}
    assert {"load + validate", "map build + HTML", "map HTML size",
            "gazetteer lookup (per query)"} <= with_baseline


def test_printed_table_matches_the_json(quick_run):
    stdout, data = quick_run
    lines = [line for line in stdout.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header == ["measure", "set", "ours", "baseline", "ratio", "target", "ok"]
    assert len(lines) == 2 + len(data["rows"])       # header, rule, one line per row
    assert {"machine", "rows"} <= set(data) and data["machine"]["cpus"] >= 1


def test_synthetic_sets_are_seeded_and_valid(tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        from synthetic import synthetic_rows, write_csv
    finally:
        sys.path.remove(str(BENCH))
    from routes.itinerary.itinerary import read_itinerary

    first, again = synthetic_rows(300, seed=5), synthetic_rows(300, seed=5)
    assert first == again and first != synthetic_rows(300, seed=6)
    assert len({row["mode"] for row in first}) >= 3
    itinerary = read_itinerary(write_csv(tmp_path / "s.csv", 300, seed=5, coords_share=0.5))
    assert len(itinerary.legs) == 300
    assert not itinerary.errors, [p.format() for p in itinerary.errors[:3]]
    assert itinerary.legs["origin_lat"].notna().any() and itinerary.legs["origin_lat"].isna().any()
