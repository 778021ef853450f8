"""Timing, memory and reporting helpers shared by the benchmark scripts.

Every figure is a `Row`: what was measured, on which data set, our value, the
baseline's value measured in the same run, and the target from issue #9. The
ratio is always "baseline ÷ ours", so bigger is better for both time and bytes.
"""
from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Row:
    measure: str
    set: str
    ours: float | None = None
    baseline: float | None = None
    unit: str = "s"
    target: str = ""
    ok: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or self.baseline is None or self.ours <= 0:
            return None
        return self.baseline / self.ours

    def as_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio}


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        print(f"  {row.set:>9} | {row.measure:<34} {fmt(row.ours, row.unit):>10}"
              f"  {('base ' + fmt(row.baseline, row.unit)) if row.baseline is not None else ''}"
              f"  {row.note}", file=sys.stderr, flush=True)
        return row

    def skip(self, measure: str, set_name: str, why: str, target: str = "") -> Row:
        return self.add(Row(measure, set_name, target=target, note=f"skipped: {why}"))


# -- timing ---------------------------------------------------------------------
def timed(fn, *args, **kwargs):
    """(seconds, result) of one call, wall clock."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def best_of(repeat: int, fn, *args, **kwargs):
    """(fastest seconds, last result) over `repeat` calls: the least disturbed run."""
    best, result = float("inf"), None
    for _ in range(max(1, repeat)):
        seconds, result = timed(fn, *args, **kwargs)
        best = min(best, seconds)
    return best, result


# -- memory -----------------------------------------------------------------------
def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@dataclass
class ChildRun:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


# Linux counts a process's peak RSS from the moment it was forked, and exec keeps the
# figure: a child started from this (large) process would report our own peak. So a
# small Python relay starts the command and reads the command's own rusage.
_RELAY = """
import json, os, subprocess, sys, time
report, args = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
child = subprocess.Popen(args)
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
with open(report, "w") as handle:
    json.dump({"seconds": seconds, "maxrss_kb": usage.ru_maxrss,
               "code": os.waitstatus_to_exitcode(status)}, handle)
"""


def run_child(args: list[str], cwd: Path = ROOT, env: dict | None = None, timeout: float = 900) -> ChildRun:
    """Run a command; its wall time and its own peak RSS (through the relay above)."""
    full_env = {**os.environ, **(env or {})}
    out_path, err_path, report = _scratch("out"), _scratch("err"), _scratch("rusage")
    try:
        with open(out_path, "w+b") as out, open(err_path, "w+b") as err:
            process = subprocess.Popen([PYTHON, "-c", _RELAY, str(report), *args], cwd=cwd, env=full_env,
                                       stdout=out, stderr=err, start_new_session=True)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)   # the relay and the command it started
                process.wait()
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        usage = json.loads(report.read_text() or "{}") if report.stat().st_size else {}
    finally:
        for path in (out_path, err_path, report):
            path.unlink(missing_ok=True)
    if not usage:
        return ChildRun(float("nan"), float("nan"), -9, stdout, stderr + "\ntimed out or killed")
    return ChildRun(usage["seconds"], usage["maxrss_kb"] / 1024.0, usage["code"], stdout, stderr)


def _scratch(kind: str) -> Path:
    import tempfile
    fd, name = tempfile.mkstemp(prefix=f"bench-{kind}-")
    os.close(fd)
    return Path(name)


# -- reporting --------------------------------------------------------------------
def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.3f} ms" if value < 1 else f"{value:.1f} ms"
    if unit == "bytes":
        return f"{value / 1e6:.2f} MB" if value >= 1e5 else f"{value / 1e3:.1f} kB"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g} {unit}".strip()


def fmt_ratio(ratio: float | None) -> str:
    if ratio is None:
        return "—"
    return f"{ratio:,.0f}×" if ratio >= 100 else f"{ratio:.1f}×"


HEADER = ("measure", "set", "ours", "baseline", "ratio", "target", "ok")


def table_lines(rows: list[Row]) -> list[str]:
    """The report as a Markdown table (readable in a terminal, pasteable in a README),
    then one line per note: "- set / measure: note"."""
    cells = [HEADER] + [(r.measure, r.set, fmt(r.ours, r.unit), fmt(r.baseline, r.unit), fmt_ratio(r.ratio),
                         r.target, "" if r.ok is None else ("yes" if r.ok else "NO")) for r in rows]
    widths = [max(len(str(row[i])) for row in cells) for i in range(len(HEADER))]
    lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [f"- {r.set} / {r.measure}: {r.note}" for r in rows if r.note]
    return lines + ([""] + notes if notes else [])


def machine() -> dict:
    """Where the figures came from (the README quotes this with the table)."""
    info = {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "processor": platform.processor() or platform.machine()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["processor"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def write_json(path: Path, rows: list[Row], extra: dict | None = None) -> None:
    payload = {"machine": machine(), "generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
               "rows": [r.as_dict() for r in rows], **(extra or {})}
    Path(path).write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")


def rows_from_json(path: Path) -> list[Row]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    fields = Row.__dataclass_fields__
    return [Row(**{k: v for k, v in item.items() if k in fields}) for item in data["rows"]]
