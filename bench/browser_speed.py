"""Speed as a person feels it (issue #22): the app in headless Chromium, offline, beside the
stock way of drawing the same legs (bench/stock_app.py: one folium PolyLine per leg,
st_folium) and beside Streamlit alone (bench/floor_app.py: the leader filter and the legs
heading, no map, no table), all measured in the same run.

    python bench/browser_speed.py [--runs N] [--json PATH]

Each figure is the median of N runs (default 5), from the action to the page settled:
- first map: a new browser context (empty cache, a new session) opens the running
  server's page (after one untimed visit: a server reads and places a set once); until the
  map frame holds the routes (the app: the routes layer mounted
  with its legs; stock: Leaflet's paths drawn; Streamlit alone: no map) and the legs heading
  is shown;
- first map, returning reader: the same, in a browser that opened the page before (its
  cache keeps what the server marks cacheable: Streamlit's own scripts, the map's files);
- filter change: one leader picked in the sidebar; until the legs heading and the map
  both show only that leader's legs;
- upload: the presidents' records (and 10,000 synthetic legs) chosen in the file input (app
  only; the stock page has no upload); until the map holds their legs;
- server start: `streamlit run` started (installed, as `make run` starts it) until a new
  browser shows the first map with routes;
- timeline move: the map's own time slider moved (an input event, as a drag makes) until the
  frame after the one that shows the new positions (two animation frames); median of 10 moves;
- page weight: bytes the map frame received in the first map (its arguments come over the
  websocket; the scripts are counted there).
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from playwright.sync_api import sync_playwright  # noqa: E402
from synthetic import write_csv  # noqa: E402

from tests.browser import CHROMIUM, CHROMIUM_ARGS, is_local_url  # noqa: E402
from tests.test_app_browser import _free_port, _wait_healthy  # noqa: E402

STREAMLIT = Path(sys.executable).with_name("streamlit")
PRESIDENTS = ROOT / "data" / "us_state_dept" / "president_travels.csv"
LEGS_HEADING = re.compile(r"^Legs \(([\d,]+)\)$")
ONE_LEADER = {"kim": "Donald Trump", "presidents": "Joseph R. Biden"}
APP_FRAME, STOCK_FRAME = "leader_routes_map", "streamlit_folium"
APP_DRAWN = "() => !!(window.LeaderRoutes && LeaderRoutes.last && LeaderRoutes.last.legs.length)"
APP_LEGS = "() => LeaderRoutes.last.shownLegIds().length"
STOCK_LEGS = "() => document.querySelectorAll('path.leaflet-interactive').length"


@contextmanager
def server(script: str, started: list | None = None):
    """A running `streamlit run script`; `started` gets the moment the process was started."""
    port = _free_port()
    if started is not None:
        started.append(time.perf_counter())
    process = subprocess.Popen(
        [str(STREAMLIT), "run", script, "--server.port", str(port), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


# Offline without request interception (Playwright's routing turns the browser's HTTP cache
# off, which would make every visit a first one): every address but this machine's goes to a
# proxy that is not there.
OFFLINE_ARGS = ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost;[::1]"]


def _offline(context) -> None:
    """Records what the page asked of any other host (the run fails if anything did)."""
    context.on("request", lambda request: None if is_local_url(request.url) else OUTSIDE.append(request.url))


OUTSIDE: list[str] = []


def _frame(page, marker: str):
    for frame in page.frames:
        if marker in frame.url:
            return frame
    return None


def _heading(page) -> int | None:
    for text in page.locator("p").all_inner_texts():
        found = LEGS_HEADING.match(text.strip())
        if found:
            return int(found.group(1).replace(",", ""))
    return None


def _wait(page, condition, timeout_s: float = 90.0, poll_ms: float = 10):
    """Polls ``condition``; waits through the page (a sleep would stall the request routing,
    which Playwright's sync API serves only while it is called)."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        try:
            value = condition()
        except Exception:       # a frame replaced while it is read
            value = None
        if value:
            return value
        page.wait_for_timeout(poll_ms)
    raise TimeoutError("the page did not settle")


APP, STOCK, FLOOR = "app", "stock", "floor"
PAGES = {APP: "app.py", STOCK: "bench/stock_app.py", FLOOR: "bench/floor_app.py"}


def _map_legs(page, kind: str) -> int | None:
    """The legs the page's map shows (None while it has none); Streamlit alone has no map: -1."""
    if kind == FLOOR:
        return -1
    frame = _frame(page, STOCK_FRAME if kind == STOCK else APP_FRAME)
    if frame is None:
        return None
    if kind == STOCK:
        return frame.evaluate(STOCK_LEGS) or None
    return frame.evaluate(APP_LEGS) if frame.evaluate(APP_DRAWN) else None


def drawn(page, kind: str):
    """Settled on a first map: the map holds its routes and the legs heading is shown."""
    return lambda: _map_legs(page, kind) and _heading(page)


@contextmanager
def blank_page(browser, url: str, kind: str, returning: bool = False):
    """A new browser context's blank page, offline; ``returning``: the context has opened
    ``url`` before (its cache holds what the server let it keep)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    _offline(context)
    page = context.new_page()
    try:
        if returning:
            page.goto(url)
            _wait(page, drawn(page, kind))
            page.goto("about:blank")
        yield page
    finally:
        context.close()


def first_map(browser, url: str, kind: str, returning: bool = False) -> tuple[float, int]:
    """(seconds, bytes over the socket) to the first map of a new session."""
    with blank_page(browser, url, kind, returning) as page:
        received = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
        start = time.perf_counter()
        page.goto(url)
        _wait(page, drawn(page, kind))
        return time.perf_counter() - start, sum(received)


@contextmanager
def opened(browser, url: str, kind: str):
    """A new session's page on ``url``, once its first map and legs heading are drawn."""
    with blank_page(browser, url, kind) as page:
        page.goto(url)
        _wait(page, drawn(page, kind))
        yield page


def leader_typed(page, leader: str):
    """The sidebar's leader box with ``leader`` typed and its list narrowed to it (else Enter
    may pick nothing): Enter on the returned box is the filter change."""
    box = page.get_by_label("Leaders")
    box.click()
    box.fill(leader)
    page.get_by_role("option", name=leader).first.wait_for(timeout=30_000)
    return box


def filtered(page, kind: str):
    """Settled after a filter change: the legs heading and the map (if any) show other legs."""
    before_heading, before_map = _heading(page), _map_legs(page, kind)
    return lambda: (_heading(page) not in (None, before_heading)
                    and (kind == FLOOR or _map_legs(page, kind) not in (None, before_map)))


def grown(page):
    """Settled after an upload of more legs than shown: the heading and the map show more."""
    before = _heading(page)
    return lambda: (_heading(page) or 0) > before and (_map_legs(page, APP) or 0) > before


def filter_change(browser, url: str, kind: str, leader: str) -> float:
    with opened(browser, url, kind) as page:
        box, settled = leader_typed(page, leader), filtered(page, kind)
        start = time.perf_counter()
        box.press("Enter")
        _wait(page, settled)
        return time.perf_counter() - start


def server_start(browser, kind: str) -> float:
    """Seconds from starting the server process to a new browser's first map with routes."""
    started: list[float] = []
    with server(PAGES[kind], started) as url, opened(browser, url, kind):
        return time.perf_counter() - started[0]


# Moves the map's own time slider ten times, each as a drag's input event; each until the frame
# after the one showing the new positions.
TIMELINE_MOVES = """async () => {
  const slider = document.querySelector('.lr-slider');
  const lo = Number(slider.min), hi = Number(slider.max), times = [];
  for (let i = 1; i <= 10; i++) {
    const start = performance.now();
    slider.value = String(Math.round(lo + (hi - lo) * i / 11));
    slider.dispatchEvent(new Event('input'));
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    times.push(performance.now() - start);
  }
  return times;
}"""


def timeline_move(browser, url: str) -> float:
    with opened(browser, url, APP) as page:
        frame = _frame(page, APP_FRAME)
        times = frame.evaluate(TIMELINE_MOVES)
        return statistics.median(times) / 1000


def upload(browser, url: str, path: Path = PRESIDENTS) -> float:
    with opened(browser, url, APP) as page:
        settled = grown(page)
        start = time.perf_counter()
        page.set_input_files("input[type=file]", str(path))
        _wait(page, settled)
        return time.perf_counter() - start


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = []

    def report(measure: str, data_set: str, figures: dict[str, float | None], target: str, unit: str = "s"):
        """One row: ours, the stock page's and Streamlit alone's figure (None: not measured)."""
        ours, baseline, floor = (figures.get(kind) for kind in (APP, STOCK, FLOOR))
        ratio = f"{baseline / ours:.2f}×" if baseline else "—"
        shown = (lambda v: f"{v / 1024:.0f} KB" if v is not None else "—") if unit == "bytes" else \
            (lambda v: f"{v:.2f} s" if v is not None else "—")
        print(f"  {data_set:>10} | {measure:<34} {shown(ours):>9} | stock {shown(baseline):>9} | {ratio:>7}"
              f" | Streamlit alone {shown(floor):>7} | target {target}")
        rows.append({"measure": measure, "set": data_set, "ours": ours, "baseline": baseline, "floor": floor,
                     "unit": unit, "target": target})

    def each(kinds, measure) -> dict[str, float]:
        """The median of ``measure(kind)`` over the runs, for each page."""
        return {kind: median([measure(kind) for _ in range(args.runs)]) for kind in kinds}

    everything = (APP, STOCK, FLOOR)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + OFFLINE_ARGS)
        with server(PAGES[APP]) as app, server(PAGES[STOCK]) as stock, server(PAGES[FLOOR]) as floor:
            urls = {APP: app, STOCK: stock, FLOOR: floor}
            for slug in ("kim", "presidents"):
                at = {kind: f"{url}?set={slug}" for kind, url in urls.items()}
                for kind in everything:   # one visit each first: a server reads and places a set once
                    first_map(browser, at[kind], kind)
                firsts = {kind: [first_map(browser, at[kind], kind) for _ in range(args.runs)] for kind in everything}
                report("first map, running server", slug,
                       {kind: median([t for t, _ in runs]) for kind, runs in firsts.items()}, "≤ 1.5 s")
                report("first map, bytes over the socket", slug,
                       {kind: median([b for _, b in firsts[kind]]) for kind in (APP, STOCK)}, "", unit="bytes")
                report("first map, returning reader", slug,
                       each(everything, lambda kind, at=at: first_map(browser, at[kind], kind, returning=True)[0]),
                       "≤ 1.5 s")
                leader = ONE_LEADER[slug]
                report("filter change → settled", slug,
                       each(everything,
                            lambda kind, at=at, leader=leader: filter_change(browser, at[kind], kind, leader)),
                       "≤ 0.3 s")
                report("timeline move → positions shown", slug,
                       each((APP,), lambda kind, at=at: timeline_move(browser, at[kind])), "≤ 0.15 s")
            report("upload presidents → map", "presidents", each((APP,), lambda kind: upload(browser, app)), "≤ 1 s")
            with tempfile.TemporaryDirectory() as folder:
                legs = Path(folder) / "syn10k.csv"
                write_csv(legs, 10_000)
                report("upload 10,000 legs → map", "syn10k", each((APP,), lambda kind: upload(browser, app, legs)),
                       "≤ 3 s")
        report("server start → first map", "kim", each(everything, lambda kind: server_start(browser, kind)), "≤ 3 s")
        browser.close()
    if OUTSIDE:
        raise SystemExit(f"the pages asked for outside addresses: {sorted(set(OUTSIDE))[:5]}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
