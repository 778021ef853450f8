"""The long fuzz run's machinery (bench/fuzz.py): chunks cover every file once with their
own seeds, a chunk runs the real properties, and a failing property is reported, not lost."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from tests import test_fuzz_csv

SPEC = importlib.util.spec_from_file_location(
    "bench_fuzz", Path(__file__).resolve().parent.parent / "bench" / "fuzz.py")
bench_fuzz = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(bench_fuzz)


def test_chunks_cover_every_file_once_with_distinct_seeds():
    counts = {"structured": 1200, "mixed": 300, "raw": 501}
    tasks = bench_fuzz.chunks(counts, 500, base_seed=40)
    for name, count in counts.items():
        assert sum(files for kind, files, _ in tasks if kind == name) == count
    assert all(0 < files <= 500 for _, files, _ in tasks)
    seeds = [chunk_seed for *_, chunk_seed in tasks]
    assert len(set(seeds)) == len(tasks) and min(seeds) == 40


def test_a_chunk_runs_the_property_on_that_many_files():
    for name, files in (("raw", 6), ("structured", 3), ("mixed", 2)):
        result = bench_fuzz.run_chunk((name, files, 11))
        assert result == result | {"name": name, "files": files, "failure": "", "seed": 11}
        assert result["cpu"] > 0


def test_a_failing_property_is_reported_with_its_seed(monkeypatch):
    def broken_reader(data, name=None, **_):
        raise ValueError("reader broke")

    monkeypatch.setattr(test_fuzz_csv, "read_itinerary", broken_reader)
    result = bench_fuzz.run_chunk(("raw", 5, 123))
    assert "ValueError" in result["failure"] and "seed 123" in result["failure"]
    summary = bench_fuzz.summary([result], wall=1.0, base=0.01, workers=1, base_seed=123)
    assert summary["pass"] is False and summary["properties"]["raw"]["failures"]
