"""The long fuzz run of the CSV reader: the properties of tests/test_fuzz_csv.py under the
"long" hypothesis profile (10,500 generated files; CI runs the "ci" profile, 750 files).

    .venv/bin/python bench/fuzz.py

Prints files generated per property, time, files per second, and the ratio of the mean time
per fuzz file to the mean time of reading one small well-formed file, both measured in this
run (the baseline: how much of the cost is the reader's fixed cost per file). Exit status 1
when any property fails; hypothesis prints the failing file and how to reproduce it.
"""
from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["LEADER_ROUTES_FUZZ_PROFILE"] = os.environ.get("LEADER_ROUTES_FUZZ_PROFILE", "long")

from routes.itinerary import read_itinerary  # noqa: E402
from tests import test_fuzz_csv as fuzz  # noqa: E402

PROPERTIES = (
    ("structured", fuzz.test_valid_rows_survive_any_garbage_encoding_and_dialect),
    ("mixed", fuzz.test_ascii_rows_survive_mixed_encodings),
    ("raw", fuzz.test_random_bytes_never_raise_and_problems_are_located),
)
WELL_FORMED = (b"leader,trip,origin,destination,depart,arrive,mode\r\n"
               b"Leader A,Visit 1,Pyongyang,Dandong,2019-01-07,2019-01-07,train\r\n")


def baseline_seconds(repeat: int = 200) -> float:
    read_itinerary(WELL_FORMED)
    start = time.perf_counter()
    for _ in range(repeat):
        read_itinerary(WELL_FORMED)
    return (time.perf_counter() - start) / repeat


def main() -> int:
    print(f"profile: {os.environ['LEADER_ROUTES_FUZZ_PROFILE']}")
    base = baseline_seconds()
    print(f"baseline: one small well-formed file read in {base * 1000:.1f} ms\n")
    print(f"{'property':12} {'files':>7} {'seconds':>8} {'files/s':>8} {'ms/file':>8} {'x baseline':>10}  result")
    failed, total_files, total_time = 0, 0, 0.0
    for name, prop in PROPERTIES:
        start = time.perf_counter()
        try:
            prop()
            result = "pass"
        except Exception as exc:   # hypothesis re-raises the property's failure with the file
            failed += 1
            result = f"FAIL: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
            traceback.print_exc()
        seconds = time.perf_counter() - start
        files = fuzz.EXAMPLES[name]
        per_file = seconds / max(files, 1)
        total_files, total_time = total_files + files, total_time + seconds
        print(f"{name:12} {files:7d} {seconds:8.1f} {files / seconds:8.1f} {per_file * 1000:8.1f} "
              f"{per_file / base:10.1f}  {result}")
    print(f"{'total':12} {total_files:7d} {total_time:8.1f} {total_files / total_time:8.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
