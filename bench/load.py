"""Load: concurrent sessions against the real app (`streamlit run app.py` on loopback).

    .venv/bin/python bench/load.py                       # 20 sessions (2 in Chromium), 3 rounds
    .venv/bin/python bench/load.py --sessions 5 --rounds 1 --browsers 1

Starts Streamlit on a free loopback port. Every session is a real Streamlit session of
that server: most are driven over Streamlit's own websocket protocol (bench/load_protocol.py,
what the web frontend sends, without drawing), `--browsers` of them are pages of one
headless Chromium (bench/load_browser.py; one browser context each, opened concurrently,
every non-loopback request aborted). On 2 cores, 20 Chromium pages spend minutes drawing;
the server's work per session is the same for both kinds.

Every session uploads its own CSV (a unique leader whose name carries an injection
payload), opens the Share section, downloads the legs CSV, the KML and the HTML snapshot,
then per round changes the Modes filter and downloads the CSV and KML again. Each phase
runs in all sessions at once (asyncio), so the server really serves them concurrently.
Checked: every download holds this session's leader only, and only the chosen mode (no
state leaking between sessions); no exception on any page; in the browsers, no script
runs (window.__pwned unset in the page and the map's frame), no dialog, no page or console
error; no traceback in the server log. Server RSS is sampled after each phase; memory is
"stable" when RSS after the last round is within 10 % of RSS after round 1.
Stops by itself: the whole run is bounded by --budget seconds (900 by default; 224 s measured
for 20 sessions and 3 rounds on the shared 2-core machine); the server is always stopped.
Exit status 0 only when every check passed within the budget.
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from load_protocol import ProtocolSession  # noqa: E402

MODES = ("train", "flight", "car")
PAYLOAD = "<img src=x onerror=window.__pwned=1>"
UPLOADER = "Your itinerary (CSV or spreadsheet)"
STABLE_GROWTH = 0.10     # RSS after the last round may exceed RSS after round 1 by this share
LEADER_NUMBER = re.compile(r"Loadtest (\d{2})")
KML_DATA = "{http://www.opengis.net/kml/2.2}Data"
KML_VALUE = "{http://www.opengis.net/kml/2.2}value"


# ---- what each session uploads, and what it must get back ---------------------------------
def leader(number: int) -> str:
    return f"Loadtest {number:02d} {PAYLOAD}"


def csv_bytes(number: int) -> bytes:
    """Three legs, one per mode, at made-up test positions (no geocoding needed)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["leader", "trip", "origin", "destination", "depart", "arrive", "mode",
                     "origin_lat", "origin_lon", "destination_lat", "destination_lon", "notes"])
    base = (number % 10) * 3.0
    for leg, mode in enumerate(MODES):
        writer.writerow([leader(number), f"Trip {number}", f"Stop {number}-{leg}", f"Stop {number}-{leg + 1}",
                         f"2019-01-0{leg * 2 + 1}", f"2019-01-0{leg * 2 + 2}", mode, base + leg,
                         100 + base + leg, base + leg + 1, 101 + base + leg, f"`${{window.__pwned=1}}` {number}"])
    return out.getvalue().encode("utf-8")


def others(text: str, number: int) -> set[str]:
    """Numbers of other sessions' leaders named in `text`."""
    return set(LEADER_NUMBER.findall(text)) - {f"{number:02d}"}


def legs_csv_state(data: bytes, number: int, mode: str | None) -> tuple[str | None, bool]:
    """(a leak, or None; whether the file already shows the chosen mode's legs only)."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    leaders = {row["leader"] for row in rows}
    if leaders - {leader(number)}:
        return f"legs CSV holds other leaders: {sorted(leaders - {leader(number)})[:3]}", False
    wanted = {mode} if mode else set(MODES)
    modes = [row["mode"] for row in rows]
    return None, leaders == {leader(number)} and sorted(modes) == sorted(wanted)


def kml_problem(data: bytes, number: int, mode: str | None = None) -> str | None:
    """What is wrong with a KML export: another session's leader, or not the chosen mode."""
    values = {"leader": [], "mode": []}
    for item in ET.fromstring(data).iter(KML_DATA):
        if item.get("name") in values:
            values[item.get("name")].append(item.findtext(KML_VALUE) or "")
    leaders = set(values["leader"])
    if leaders - {leader(number)}:
        return f"KML holds other leaders: {sorted(leaders - {leader(number)})[:3]}"
    if leaders != {leader(number)}:
        return "KML lacks this session's leader"
    wanted = {mode} if mode else set(MODES)
    if sorted(values["mode"]) == sorted(wanted):
        return None
    return f"KML shows modes {values['mode']}, not {sorted(wanted)}"


def html_problem(data: bytes, number: int) -> str | None:
    text = data.decode("utf-8")
    if others(text, number):
        return f"HTML snapshot holds other sessions' leaders: {sorted(others(text, number))}"
    if PAYLOAD in text:
        return "HTML snapshot carries the payload unescaped"
    return None if f"Loadtest {number:02d}" in text else "HTML snapshot lacks this session's leader"


# ---- one session over the protocol ----------------------------------------------------------
class ProtocolUser:
    kind = "protocol"

    def __init__(self, number: int, url: str, timeout: float):
        self.number = number
        self.client = ProtocolSession(url, timeout=timeout)
        self.failures: list[str] = []

    async def open(self) -> None:
        await self.client.open()

    async def upload(self) -> None:
        run = await self.client.upload(UPLOADER, f"session{self.number}.csv", csv_bytes(self.number))
        shown = list(run.widget("multiselect", "Leaders").options)
        if shown != [leader(self.number)]:
            self.failures.append(f"Leaders filter offers {shown[:3]} after the upload")

    async def share(self) -> None:
        await self.client.choose("button_group", "Section", ["Share"])

    async def exports(self, mode: str | None) -> None:
        leak, current = legs_csv_state(await self.client.download("Legs (CSV)"), self.number, mode)
        if leak or not current:
            self.failures.append(leak or f"legs CSV does not show mode {mode or 'all'} after the run finished")
        if problem := kml_problem(await self.client.download("KML (Google Earth)"), self.number, mode):
            self.failures.append(problem)

    async def snapshot(self) -> None:
        await self.client.click("button", "Prepare HTML and images")
        if problem := html_problem(await self.client.download("Map (HTML, works offline)"), self.number):
            self.failures.append(problem)

    async def choose_mode(self, mode: str) -> None:
        await self.client.choose("multiselect", "Modes", [mode])

    def errors(self) -> list[str]:
        return [text for run in self.client.runs for text in run.exceptions()]

    def runs(self) -> list[float]:
        return [run.seconds for run in self.client.runs]

    async def close(self) -> None:
        await self.client.close()


# ---- the server -----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, log: Path) -> subprocess.Popen:
    command = [str(ROOT / ".venv/bin/streamlit"), "run", "app.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    return subprocess.Popen(command, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT)


def wait_healthy(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("streamlit did not become healthy in time")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def server_tracebacks(log: Path) -> int:
    return log.read_text(errors="replace").count("Traceback (most recent call last)")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# ---- the run --------------------------------------------------------------------------------
class Phases:
    """Phases in all sessions at once, within one deadline; timings and RSS samples."""

    def __init__(self, users, server: subprocess.Popen, deadline: float):
        self.users, self.server, self.deadline = users, server, deadline
        self.timings: dict[str, float] = {}
        self.samples: list[tuple[str, float]] = []
        self.cut = ""

    async def phase(self, name: str, step) -> None:
        start = time.monotonic()
        if self.cut or start >= self.deadline:
            self.cut = self.cut or name
            return
        tasks = [asyncio.create_task(self._one(user, name, step)) for user in self.users]
        _done, pending = await asyncio.wait(tasks, timeout=self.deadline - start)
        for task in pending:
            task.cancel()
        if pending:
            self.cut = name
        self.timings[name] = time.monotonic() - start
        self.samples.append((name, rss_mb(self.server.pid)))

    @staticmethod
    async def _one(user, name: str, step) -> None:
        try:
            await step(user)
        except Exception as exc:    # one session failing must not hide the others' results
            user.failures.append(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}")


async def scenario(run: Phases, rounds: int, snapshot: bool = True) -> None:
    await run.phase("open", lambda u: u.open())
    await run.phase("upload", lambda u: u.upload())
    await run.phase("share section", lambda u: u.share())
    await run.phase("exports (all modes)", lambda u: u.exports(None))
    if snapshot:
        await run.phase("HTML snapshot", lambda u: u.snapshot())
    for number in range(1, rounds + 1):
        mode = MODES[(number - 1) % len(MODES)]
        await run.phase(f"round {number}: filter {mode}", lambda u, m=mode: u.choose_mode(m))
        await run.phase(f"round {number}: exports", lambda u, m=mode: u.exports(m))


async def drive(url: str, server, deadline: float, count: int, browsers: int, rounds: int,
                snapshot: bool) -> tuple[Phases, list]:
    from load_browser import BrowserPool
    timeout = max(30.0, deadline - time.monotonic())
    async with BrowserPool(browsers) as pool:
        users = [await pool.user(n, url, timeout) for n in range(1, browsers + 1)] if browsers else []
        users += [ProtocolUser(n, url, timeout) for n in range(browsers + 1, count + 1)]
        run = Phases(users, server, deadline)
        try:
            await scenario(run, rounds, snapshot)
        finally:
            for user in users:
                await user.close()
    return run, users


def run(count: int, browsers: int, rounds: int, budget: float, snapshot: bool = True) -> dict:
    started = time.monotonic()
    deadline = started + budget
    port = free_port()
    log = ROOT / "bench" / "results" / "load-streamlit.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    server = start_server(port, log)
    load_before = load_average()
    try:
        wait_healthy(port, min(deadline, time.monotonic() + 90))
        idle = rss_mb(server.pid)
        server_start = time.monotonic() - started
        the_run, users = asyncio.run(drive(f"http://127.0.0.1:{port}", server, deadline, count,
                                           min(browsers, count), rounds, snapshot))
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
    return summary(the_run, users, rounds, budget, time.monotonic() - started, server_start, idle,
                   server_tracebacks(log), load_before)


def summary(the_run: Phases, users, rounds, budget, total, server_start, idle, tracebacks, load_before) -> dict:
    rounds_rss = [mb for name, mb in the_run.samples if name.endswith(": exports")]
    growth = (rounds_rss[-1] - rounds_rss[0]) / rounds_rss[0] if len(rounds_rss) > 1 else None
    runs = sorted(s for user in users for s in user.runs())
    result = {
        "sessions": len(users), "browsers": sum(u.kind == "browser" for u in users), "rounds": rounds,
        "budget_s": budget, "total_s": round(total, 1), "server_start_s": round(server_start, 1),
        "phases_s": {k: round(v, 1) for k, v in the_run.timings.items()},
        "rss_mb": {"idle server": round(idle)} | {k: round(v) for k, v in the_run.samples},
        "rss_growth_over_rounds": None if growth is None else round(growth, 4),
        "script_runs": len(runs), "script_run_median_s": round(runs[len(runs) // 2], 2) if runs else None,
        "script_run_max_s": round(runs[-1], 2) if runs else None,
        "page_errors": sum(len(u.errors()) for u in users), "server_tracebacks": tracebacks,
        "page_error_samples": [f"{u.kind} {u.number:02d}: {e}" for u in users for e in u.errors()][:8],
        "downloads_retried": sum(getattr(u, "retried", 0) for u in users),
        "failures": {f"{u.kind} {u.number:02d}": u.failures for u in users if u.failures},
        "cut_at": the_run.cut, "load_average_before": load_before, "load_average_after": load_average(),
    }
    result["memory_stable"] = growth is None or growth < STABLE_GROWTH
    result["pass"] = (not the_run.cut and not result["failures"] and not result["page_errors"]
                      and not tracebacks and result["memory_stable"] and total <= budget
                      and len(rounds_rss) == rounds)
    return result


def report(result: dict) -> None:
    print(f"\nLoad: {result['sessions']} concurrent sessions ({result['browsers']} in Chromium), "
          f"{result['rounds']} rounds, {result['total_s']:.0f} s (budget {result['budget_s']:.0f} s); "
          f"load average {result['load_average_before']} → {result['load_average_after']}\n")
    print(f"{'phase (all sessions at once)':34} {'seconds':>8} {'RSS MB':>8}")
    print(f"{'server start':34} {result['server_start_s']:8.1f} {result['rss_mb']['idle server']:8d}")
    for name, seconds in result["phases_s"].items():
        print(f"{name:34} {seconds:8.1f} {result['rss_mb'][name]:8d}")
    if result["rss_growth_over_rounds"] is not None:
        print(f"\nRSS, last round vs round 1: {result['rss_growth_over_rounds']:+.1%} "
              f"(stable below +{STABLE_GROWTH:.0%})")
    print(f"script runs: {result['script_runs']}, median {result['script_run_median_s']} s, "
          f"max {result['script_run_max_s']} s (from the request to the end of the run, queueing included)")
    print(f"exceptions on pages: {result['page_errors']}; tracebacks in the server log: {result['server_tracebacks']}")
    for sample in result["page_error_samples"]:
        print(f"  {sample}")
    if result["downloads_retried"]:
        print(f"browser downloads canceled by a rerun and asked for again: {result['downloads_retried']}")
    if result["cut_at"]:
        print(f"cut by the budget at: {result['cut_at']}")
    for who, failures in result["failures"].items():
        print(f"{who}: " + " | ".join(failures[:4]))
    clean = result["sessions"] - len(result["failures"])
    print(f"\n{'PASS' if result['pass'] else 'FAIL'}: {clean}/{result['sessions']} sessions clean, "
          f"memory {'stable' if result['memory_stable'] else 'GROWING'}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--browsers", type=int, default=2, help="how many sessions are Chromium pages")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--budget", type=float, default=900.0, help="seconds for the whole run")
    parser.add_argument("--no-snapshot", action="store_true", help="skip the HTML snapshot (and its PNGs)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    result = run(args.sessions, args.browsers, args.rounds, args.budget, snapshot=not args.no_snapshot)
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
