"""The long fuzz run of the CSV reader: the properties of tests/test_fuzz_csv.py on 10,500
generated files (the "long" counts of tests/fuzz_csv_strategies.py; CI runs 750 per run),
and, where the checkout has the spreadsheet reader, tests/test_fuzz_workbook.py's property
on 1,500 more: the structured files written as .xlsx workbooks ("workbook").

    .venv/bin/python bench/fuzz.py                    # 10,500 files, 2 worker processes
    .venv/bin/python bench/fuzz.py --workers 1 --scale 0.1 --seed 7

Each property's count is cut into chunks of --chunk files; each chunk is one hypothesis run
with its own seed (the run's --seed plus the chunk's index), so chunks generate different
files and any chunk can be replayed alone. Chunks go to --workers processes.

Prints, per property: files read, CPU seconds spent in the workers, files per CPU second,
ms per file and its ratio to the mean time of reading one small well-formed file (the
reader's fixed cost, measured in this run); then wall time and files per wall second.
Exit status 1 when any property fails; hypothesis prints the failing file and its blob.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import given, seed, settings  # noqa: E402

from routes.itinerary.itinerary import read_itinerary  # noqa: E402
from tests import fuzz_csv_strategies as strategies  # noqa: E402
from tests import test_fuzz_csv as fuzz  # noqa: E402

# property name → (the @given test of tests/test_fuzz_csv.py, its argument, its strategy)
PROPERTIES = {
    "structured": (fuzz.test_valid_rows_survive_any_garbage_encoding_and_dialect, "generated",
                   strategies.itinerary_files),
    "mixed": (fuzz.test_ascii_rows_survive_mixed_encodings, "generated", strategies.mixed_encoding_files),
    "raw": (fuzz.test_random_bytes_never_raise_and_problems_are_located, "data", strategies.raw_files),
}
COUNTERS = {name: fuzz.EXAMPLES for name in PROPERTIES}
LONG_COUNTS = dict(strategies.LONG_EXAMPLES)
try:   # the spreadsheet reader, when this checkout has it
    import pytest as _pytest

    from tests import test_fuzz_workbook as workbook
    PROPERTIES["workbook"] = (workbook.test_valid_rows_survive_in_a_workbook, "generated",
                              lambda: strategies.itinerary_files(encodings=("utf-8",)))
    COUNTERS["workbook"] = workbook.EXAMPLES
    LONG_COUNTS["workbook"] = workbook.LONG_EXAMPLES
except _pytest.skip.Exception:
    print("no spreadsheet reader in this checkout: the workbook property is not run", file=sys.stderr)
WELL_FORMED = (b"leader,trip,origin,destination,depart,arrive,mode\r\n"
               b"Leader A,Visit 1,Pyongyang,Dandong,2019-01-07,2019-01-07,train\r\n")


def baseline_seconds(repeat: int = 100) -> float:
    read_itinerary(WELL_FORMED)
    start = time.process_time()        # CPU time, like the per-file figures: the machine is shared
    for _ in range(repeat):
        read_itinerary(WELL_FORMED)
    return (time.process_time() - start) / repeat


def chunks(counts: dict[str, int], size: int, base_seed: int) -> list[tuple[str, int, int]]:
    """(property, files, seed) for every chunk; the biggest properties first, for balance."""
    out = []
    for name, count in sorted(counts.items(), key=lambda item: -item[1]):
        while count > 0:
            out.append((name, min(size, count), base_seed + len(out)))
            count -= size
    return out


def chunk_test(name: str, files: int, chunk_seed: int):
    """The property's own checks, as a fresh hypothesis test with this chunk's count and seed."""
    test, argument, strategy = PROPERTIES[name]
    body = test.hypothesis.inner_test
    profile = settings.get_profile(f"fuzz-long-{name}")

    def run_one(**kwargs):
        body(**kwargs)

    return seed(chunk_seed)(settings(profile, max_examples=files)(given(**{argument: strategy()})(run_one)))


def run_chunk(task: tuple[str, int, int]) -> dict:
    name, files, chunk_seed = task
    before = COUNTERS[name][name]
    start, cpu = time.perf_counter(), time.process_time()
    failure = ""
    try:
        chunk_test(name, files, chunk_seed)()
    except Exception as exc:   # hypothesis re-raises the property's failure with the file
        failure = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''} (seed {chunk_seed})"
        traceback.print_exc()
    return {"name": name, "files": COUNTERS[name][name] - before, "seconds": time.perf_counter() - start,
            "cpu": time.process_time() - cpu, "seed": chunk_seed, "failure": failure}


def run(counts: dict[str, int], workers: int, chunk: int, base_seed: int) -> tuple[list[dict], float]:
    tasks = chunks(counts, chunk, base_seed)
    start = time.perf_counter()
    if workers <= 1:
        results = []
        for task in tasks:
            results.append(run_chunk(task))
            progress(results, len(tasks), start)
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = []
            for result in pool.imap_unordered(run_chunk, tasks):
                results.append(result)
                progress(results, len(tasks), start)
    return results, time.perf_counter() - start


def progress(results: list[dict], chunk_count: int, start: float) -> None:
    files = sum(r["files"] for r in results)
    last = results[-1]
    print(f"  chunk {len(results)}/{chunk_count}: {last['name']} {last['files']} files "
          f"{'FAIL' if last['failure'] else 'pass'}; {files:,} files in {time.perf_counter() - start:.0f} s",
          flush=True)


def summary(results: list[dict], wall: float, base: float, workers: int, base_seed: int) -> dict:
    by_property = {}
    for name in sorted({r["name"] for r in results}, key=list(PROPERTIES).index):
        mine = [r for r in results if r["name"] == name]
        files, cpu = sum(r["files"] for r in mine), sum(r["cpu"] for r in mine)
        by_property[name] = {"files": files, "cpu_s": round(cpu, 1), "chunks": len(mine),
                             "ms_per_file": round(cpu / max(files, 1) * 1000, 1),
                             "failures": [r["failure"] for r in mine if r["failure"]]}
    files = sum(p["files"] for p in by_property.values())
    return {"workers": workers, "seed": base_seed, "files": files, "wall_s": round(wall, 1),
            "files_per_wall_s": round(files / wall, 1), "baseline_ms": round(base * 1000, 1),
            "properties": by_property, "load_average": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
            "pass": not any(p["failures"] for p in by_property.values())}


def report(result: dict) -> None:
    base = result["baseline_ms"]
    print(f"baseline: one small well-formed file read in {base:.1f} ms CPU; seed {result['seed']}; "
          f"{result['workers']} workers; load average after: {result['load_average']}\n")
    print(f"{'property':12} {'files':>7} {'CPU s':>8} {'files/CPU s':>11} {'ms/file':>8} {'x baseline':>10}  result")
    for name, p in result["properties"].items():
        rate = p["files"] / p["cpu_s"] if p["cpu_s"] else 0.0
        verdict = "pass" if not p["failures"] else "FAIL: " + p["failures"][0]
        print(f"{name:12} {p['files']:7d} {p['cpu_s']:8.1f} {rate:11.1f} {p['ms_per_file']:8.1f} "
              f"{p['ms_per_file'] / base:10.1f}  {verdict}")
    print(f"{'total':12} {result['files']:7d}   wall {result['wall_s']:.1f} s, "
          f"{result['files_per_wall_s']:.1f} files/s")
    print("PASS" if result["pass"] else "FAIL")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--chunk", type=int, default=500, help="files per hypothesis run")
    parser.add_argument("--scale", type=float, default=1.0, help="share of the long counts to run")
    parser.add_argument("--seed", type=int, default=None, help="replay a run (printed by every run)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--only", nargs="+", choices=sorted(PROPERTIES), help="run these properties only")
    args = parser.parse_args(argv)
    counts = {name: max(1, round(n * args.scale)) for name, n in LONG_COUNTS.items()
              if not args.only or name in args.only}
    base_seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    print(f"profile: long x {args.scale:g} = {sum(counts.values()):,} files")
    base = baseline_seconds()
    results, wall = run(counts, args.workers, args.chunk, base_seed)
    result = summary(results, wall, base, args.workers, base_seed)
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
