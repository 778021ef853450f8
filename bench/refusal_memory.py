"""Server memory around a refused upload, in the real app (streamlit.testing AppTest, one
process): RSS before, the peak while the refusal is made, and RSS after the file is removed.

    .venv/bin/python bench/refusal_memory.py [--rows 300000] [--mapped]

A 300,000-row legs file (above the default 250,000-row limit, ~20 MB) is uploaded; with
--mapped its header is foreign, so it goes through the column mapping step first.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    return _status("VmRSS") / 1024


def peak_mb() -> float:
    return _status("VmHWM") / 1024


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")   # Linux: VmHWM starts again from VmRSS


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def big_file(rows: int, mapped: bool) -> bytes:
    header = ("Traveler,Journey,From,To,Left,Arrived,How\r\n" if mapped
              else "leader,trip,origin,destination,depart,arrive,mode\r\n")
    line = "Synthetic leader {n},T{t},Pyongyang,Beijing,2019-01-01,2019-01-02,train\r\n"
    return (header + "".join(line.format(n=i % 50, t=i) for i in range(rows))).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--mapped", action="store_true", help="a foreign header (mapping step)")
    args = parser.parse_args()
    from streamlit.testing.v1 import AppTest

    data = big_file(args.rows, args.mapped)
    size = len(data)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    gc.collect()
    before = rss_mb()
    reset_peak()
    started = time.perf_counter()
    at.file_uploader(key="upload").set_value(("big.csv", data, "text/csv")).run()
    seconds = time.perf_counter() - started
    peak = peak_mb()
    shown = [e.value for e in at.error] + [i.value for i in at.info]
    refused = rss_mb()
    at.file_uploader(key="upload").set_value(None).run()
    del data
    gc.collect()
    after = rss_mb()
    print(f"file: {args.rows:,} rows, {size / 1e6:.1f} MB, foreign header: {args.mapped}")
    print(f"page says: {shown[:2]}")
    print(f"RSS before {before:.0f} MB, peak while refusing {peak:.0f} MB (+{peak - before:.0f}), "
          f"after the refusal {refused:.0f} MB, after removing the file {after:.0f} MB "
          f"(+{after - before:.0f}); refusal took {seconds:.1f} s")


if __name__ == "__main__":
    main()
