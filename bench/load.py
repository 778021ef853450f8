"""Load: concurrent browser sessions against the real app (`streamlit run app.py`).

    .venv/bin/python bench/load.py                 # 20 sessions, 3 rounds
    .venv/bin/python bench/load.py --sessions 5 --rounds 1

Starts Streamlit on a free loopback port, opens N pages in one headless Chromium (one
browser context; each page is its own Streamlit session; every non-loopback request is aborted),
and has every session upload its own CSV (a unique leader whose name carries an injection
payload), then per round change the Modes filter and download the legs CSV and the KML.
Each step is sent to all sessions before any is awaited, so the server really serves them
at the same time. Checked: no session ever sees another's leader, every export holds
exactly the legs of the chosen mode, no script runs (window.__pwned stays unset in the page
and in the map's iframe), no dialog, no page error; server RSS is sampled after each round.
Stops by itself: the whole run is bounded by --budget seconds (default 180); the server is
always stopped. Exit status 0 only when every check passed.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser import CHROMIUM, CHROMIUM_ARGS, is_local_url  # noqa: E402

MODES = ("train", "flight", "car")
PAYLOAD = "<img src=x onerror=window.__pwned=1>"


@dataclass
class Session:
    number: int
    context: object = None
    page: object = None
    downloads: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    step: str = "open"

    @property
    def leader(self) -> str:
        return f"Loadtest {self.number:02d} {PAYLOAD}"

    def csv_bytes(self) -> bytes:
        """Three legs, one per mode, at made-up test positions (no geocoding needed)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["leader", "trip", "origin", "destination", "depart", "arrive", "mode",
                         "origin_lat", "origin_lon", "destination_lat", "destination_lon", "notes"])
        base = (self.number % 10) * 3.0
        for leg, mode in enumerate(MODES):
            writer.writerow([self.leader, f"Trip {self.number}", f"Stop {self.number}-{leg}",
                             f"Stop {self.number}-{leg + 1}", f"2019-01-0{leg * 2 + 1}",
                             f"2019-01-0{leg * 2 + 2}", mode, base + leg, 100 + base + leg,
                             base + leg + 1, 101 + base + leg, f"`${{window.__pwned=1}}` {self.number}"])
        return out.getvalue().encode("utf-8")


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
            time.sleep(0.5)
    raise TimeoutError("streamlit did not become healthy in time")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def open_session(context, number: int, url: str) -> Session:
    # Pages of one browser context: each page is its own Streamlit session (one websocket
    # each), and 20 contexts cost a loaded 2-core machine minutes just to start.
    session = Session(number, context)
    page = session.page = context.new_page()
    page.on("download", lambda d: session.downloads.append(d))
    page.on("dialog", lambda d: (session.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: session.page_errors.append(f"[{session.step}] {e}"))
    page.on("console", lambda m: m.type == "error" and session.console_errors.append(m.text))
    page.goto(url, wait_until="commit")
    return session


def idle(page, timeout_ms: int) -> None:
    """Wait until Streamlit shows no running script (after giving a rerun time to start)."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')",
                           timeout=timeout_ms)


def choose_mode(page, mode: str) -> None:
    """Make `mode` the only choice in the Modes multiselect, as a reader would."""
    box = page.locator("[data-testid=stMultiSelect]").filter(has_text="Modes")
    box.locator("input").click()
    for _ in range(len(MODES)):            # Backspace in the empty input drops the last choice
        page.keyboard.press("Backspace")
    page.keyboard.type(mode)
    page.get_by_role("option", name=mode, exact=True).click()
    page.keyboard.press("Escape")


def download(session: Session, button: str, timeout_s: float) -> bytes:
    before = len(session.downloads)
    session.page.get_by_role("button", name=button).click()
    end = time.monotonic() + timeout_s
    while len(session.downloads) == before and time.monotonic() < end:
        session.page.wait_for_timeout(100)
    if len(session.downloads) == before:
        raise TimeoutError(f"no download from {button!r}")
    return Path(session.downloads[-1].path()).read_bytes()


def check_exports(session: Session, mode: str | None, timeout_s: float) -> None:
    """The legs CSV and KML hold this session's leader only, and the chosen mode only. A
    rerun may still be under way: try again until the export is current or time is up."""
    wanted_modes = {mode} if mode else set(MODES)
    end = time.monotonic() + timeout_s
    while True:
        rows = list(csv.DictReader(io.StringIO(download(session, "Legs (CSV)", 20).decode("utf-8-sig"))))
        leaders = {row["leader"] for row in rows}
        modes = {row["mode"] for row in rows}
        if leaders - {session.leader}:
            session.failures.append(f"saw other sessions' leaders: {sorted(leaders - {session.leader})}")
            return
        if leaders == {session.leader} and modes == wanted_modes and len(rows) == len(wanted_modes):
            break
        if time.monotonic() > end:
            session.failures.append(f"legs CSV never showed mode {mode}: {sorted(modes)} / {sorted(leaders)}")
            return
        session.page.wait_for_timeout(500)
    kml = ET.fromstring(download(session, "KML (Google Earth)", 20))
    names = {e.text for e in kml.iter("{http://www.opengis.net/kml/2.2}name")}
    if any(name and name.startswith("Loadtest") and not name.startswith(f"Loadtest {session.number:02d}")
           for name in names):
        session.failures.append("KML holds another session's leader")


def check_nothing_ran(session: Session) -> None:
    for frame in session.page.frames:
        try:
            if frame.evaluate("typeof window.__pwned") != "undefined":
                session.failures.append(f"a payload ran in frame {frame.url[:60]}")
        except Exception:   # a frame that went away between listing and asking
            continue
    if session.dialogs:
        session.failures.append(f"dialogs opened: {session.dialogs}")
    if session.page_errors:
        session.failures.append(f"page errors: {session.page_errors[:3]}")


class OutOfTime(Exception):
    """The run's budget is spent: stop stepping, report what was measured."""


DEADLINE = [float("inf")]


def each(sessions, step, what: str, timings: dict) -> None:
    start = time.monotonic()
    for session in sessions:
        if time.monotonic() > DEADLINE[0]:
            timings[what + " (cut: budget spent)"] = time.monotonic() - start
            raise OutOfTime(what)
        session.step = what
        try:
            step(session)
        except Exception as exc:   # one session failing must not hide the others' results
            session.failures.append(f"{what}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
    timings[what] = time.monotonic() - start


def run(sessions_count: int, rounds: int, budget: float) -> int:
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    deadline = DEADLINE[0] = started + budget
    port = free_port()
    log = ROOT / "bench" / "results" / "load-streamlit.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    server = start_server(port, log)
    timings: dict[str, float] = {}
    samples: list[tuple[str, float]] = []
    sessions: list[Session] = []
    try:
        wait_healthy(port, min(deadline, time.monotonic() + 90))
        timings["server start"] = time.monotonic() - started
        samples.append(("idle server", rss_mb(server.pid)))
        left = lambda: max(1_000, min(60_000, int((deadline - time.monotonic()) * 1000)))  # noqa: E731
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
                context.route("**/*", lambda r: r.continue_() if is_local_url(r.request.url) else r.abort())
                context.set_default_timeout(20_000)
                sessions = [open_session(context, n, f"http://127.0.0.1:{port}/") for n in range(1, sessions_count + 1)]
                timings["pages opened"] = time.monotonic() - started - timings["server start"]
                each(sessions, lambda s: s.page.wait_for_selector("input[type=file]", state="attached", timeout=left()),
                     "open", timings)
                samples.append(("opened", rss_mb(server.pid)))
                each(sessions, lambda s: s.page.set_input_files("section[data-testid=stSidebar] input[type=file]", files=[
                    {"name": f"session{s.number}.csv", "mimeType": "text/csv", "buffer": s.csv_bytes()}]), "upload", timings)
                each(sessions, lambda s: idle(s.page, left()), "upload done", timings)
                each(sessions, lambda s: s.page.get_by_text("Share", exact=True).click(), "share", timings)
                each(sessions, lambda s: idle(s.page, left()), "share done", timings)
                each(sessions, lambda s: check_exports(s, None, min(60, left() / 1000)), "exports (all modes)", timings)
                samples.append(("uploaded", rss_mb(server.pid)))
                for number in range(rounds):
                    mode = MODES[number % len(MODES)]
                    each(sessions, lambda s: choose_mode(s.page, mode), f"round {number + 1}: filter", timings)
                    each(sessions, lambda s: idle(s.page, left()), f"round {number + 1}: filter done", timings)
                    each(sessions, lambda s: check_exports(s, mode, min(60, left() / 1000)),
                         f"round {number + 1}: exports", timings)
                    samples.append((f"round {number + 1}", rss_mb(server.pid)))
            except OutOfTime:
                for session in sessions:
                    session.failures.append("run cut short: budget spent")
            finally:
                for session in sessions:
                    check_nothing_ran(session)
                browser.close()
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
    return report(sessions, sessions_count, rounds, timings, samples, time.monotonic() - started, budget)


def report(sessions, count, rounds, timings, samples, total, budget) -> int:
    print(f"\nLoad: {count} concurrent sessions, {rounds} rounds, {total:.0f} s (budget {budget:.0f} s)\n")
    print(f"{'step':32} {'seconds':>8}")
    for step, seconds in timings.items():
        print(f"{step:32} {seconds:8.1f}")
    print(f"\n{'server RSS after':32} {'MB':>8}")
    for label, mb in samples:
        print(f"{label:32} {mb:8.0f}")
    rounds_rss = [mb for label, mb in samples if label.startswith("round")]
    growth = (rounds_rss[-1] - rounds_rss[0]) if len(rounds_rss) > 1 else 0.0
    if len(rounds_rss) > 1:
        print(f"\nRSS growth from round 1 to round {len(rounds_rss)}: {growth:+.0f} MB")
    failed = [s for s in sessions if s.failures]
    console = sum(len(s.console_errors) for s in sessions)
    print(f"console errors (all sessions): {console}")
    for session in failed:
        print(f"session {session.number:02d}: " + " | ".join(session.failures))
    stable = len(rounds_rss) < 2 or growth <= max(50.0, 0.15 * rounds_rss[0])
    ok = len(sessions) == count and not failed and stable and total <= budget * 1.1
    print(f"\n{'PASS' if ok else 'FAIL'}: {count - len(failed)}/{count} sessions clean, "
          f"memory {'stable' if stable else 'GROWING'}")
    return 0 if ok else 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--budget", type=float, default=180.0, help="seconds for the whole run")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    return run(args.sessions, args.rounds, args.budget)


if __name__ == "__main__":
    sys.exit(main())
