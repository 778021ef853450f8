"""What a reader waits for: first paint of a map page in headless Chromium, and one
Streamlit rerun after a filter change (server time, through AppTest).
"""
from __future__ import annotations

import json
import os
import statistics
import tempfile
import textwrap
import time
from pathlib import Path
from urllib.parse import urlsplit

from common import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Drawn: the map's overlay pane holds a canvas (our map) or at least one SVG path (folium's
# default renderer), then two animation frames so the browser has painted it.
_DRAWN = """() => {
  const pane = document.querySelector('.leaflet-overlay-pane');
  if (!pane) return false;
  const canvas = pane.querySelector('canvas');
  return (canvas && canvas.width > 0) || pane.querySelectorAll('path').length > 0;
}"""
_TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
_FCP = """() => { const e = performance.getEntriesByName('first-contentful-paint')[0];
  return e ? e.startTime : null; }"""


def browser_available() -> str | None:
    """None when Chromium and Playwright are there, else why not."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("file", "data", "blob", "about") or (parts.hostname or "") in ("localhost", "127.0.0.1")


def first_paint(pages: dict[str, Path], timeout_s: float = 120, loads: int = 5) -> dict[str, dict]:
    """{label: {"seconds", "runs", "fcp_ms", "errors", "blocked"}} for each HTML file, network shut.

    seconds: the median over `loads` fresh page loads (the pages taking turns, so a busy
    moment hits both) of navigation start until the routes are drawn and painted; runs:
    every load's seconds.
    """
    runs = _in_turns(pages, loads, lambda browser, path: _paint_one(browser, path, timeout_s))
    return {label: {**_median(loaded, "seconds"), "runs": [r["seconds"] for r in loaded],
                    "errors": [e for r in loaded for e in r["errors"]]}
            for label, loaded in runs.items()}


def _in_turns(pages: dict[str, Path], loads: int, measure) -> dict[str, list[dict]]:
    """measure(browser, path) of each page `loads` times in one headless Chromium, the pages
    taking turns."""
    from playwright.sync_api import sync_playwright

    runs: dict[str, list[dict]] = {label: [] for label in pages}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for _ in range(loads):
                for label, path in pages.items():
                    runs[label].append(measure(browser, Path(path)))
        finally:
            browser.close()
    return runs


def _median(measured: list[dict], key: str) -> dict:
    return sorted(measured, key=lambda r: r[key])[len(measured) // 2]


def _offline_context(browser):
    """A new 1280×800 context whose requests to any other host fail; (context, their URLs)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    blocked: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if _local(url):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    context.route("**/*", route)
    return context, blocked


def _paint_one(browser, path: Path, timeout_s: float) -> dict:
    context, blocked = _offline_context(browser)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        start = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function(_DRAWN, timeout=timeout_s * 1000, polling="raf")
        page.evaluate(_TWO_FRAMES)
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "fcp_ms": page.evaluate(_FCP), "errors": errors, "blocked": blocked}
    finally:
        context.close()


# The Leaflet map of a page: ours (LeaderRoutes.last.map) or folium's (a global map_<id>).
_MAP = """() => (window.LeaderRoutes && LeaderRoutes.last && LeaderRoutes.last.map)
  || Object.values(window).find(v => v && window.L && v instanceof L.Map)"""
# A scripted pan and zoom, frames counted with requestAnimationFrame: every frame the map
# moves by `step` pixels without animation (so every frame redraws the routes), then zooms
# in and out a level at a time, animated; frames per second over the whole run.
_PAN_ZOOM = """async ([seconds, step]) => {
  const map = (%s)();
  let frames = 0, longest = 0, last = performance.now();
  const start = last, panUntil = start + seconds * 1000 / 2, end = start + seconds * 1000;
  let zoomedAt = 0, zoomIn = true;
  await new Promise(resolve => {
    function frame(now) {
      frames += 1; longest = Math.max(longest, now - last); last = now;
      if (now < panUntil) {
        const angle = (now - start) / 400;
        map.panBy([Math.round(step * Math.cos(angle)), Math.round(step * Math.sin(angle))], {animate: false});
      } else if (now - zoomedAt > 350) {
        zoomedAt = now;
        if (zoomIn) map.zoomIn(1); else map.zoomOut(1);
        zoomIn = !zoomIn;
      }
      if (now < end) requestAnimationFrame(frame); else resolve();
    }
    requestAnimationFrame(frame);
  });
  return {fps: frames / ((last - start) / 1000), longest_ms: longest};
}""" % _MAP  # noqa: UP031  (the script's own braces stay as they are)


def pan_zoom_fps(pages: dict[str, Path], seconds: float = 4.0, step: int = 24, runs: int = 3,
                 timeout_s: float = 120) -> dict[str, dict]:
    """{label: {"fps", "runs", "longest_ms"}}: frames per second while a script pans and
    zooms each page (median of `runs` fresh loads, network shut), at 1280×800."""
    found = _in_turns(pages, runs, lambda browser, path: _pan_zoom_one(browser, path, seconds, step, timeout_s))
    return {label: {**_median(measured, "fps"), "runs": [r["fps"] for r in measured]}
            for label, measured in found.items()}


def _pan_zoom_one(browser, path: Path, seconds: float, step: int, timeout_s: float) -> dict:
    context, _ = _offline_context(browser)
    page = context.new_page()
    try:
        page.goto(path.resolve().as_uri(), timeout=timeout_s * 1000)
        page.wait_for_function(_DRAWN, timeout=timeout_s * 1000, polling="raf")
        page.evaluate(_TWO_FRAMES)
        return page.evaluate(_PAN_ZOOM, [seconds, step])
    finally:
        context.close()


# -- the app ---------------------------------------------------------------------------
# The wrapper times the app's stages from inside the script run: each function named in
# STAGES is wrapped (once per process) so its seconds add up under its stage; what is left
# of the rerun (layout, widgets outside these functions, AppTest's own work) is "rest".
STAGES = {
    "map": ("ui.mapview", ["show_map"]),
    "panels": ("ui.panels", ["quality", "where_at", "details", "tables", "statistics", "comparison"]),
    "sidebar": ("ui.sidebar", ["data_source", "filters", "basemap"]),
    "filter": ("routes.view.filters", ["apply_filters"]),
    "timeline": ("ui.timeline", ["moment_slider"]),
    "share": ("ui.share", ["restore_from_link", "write_link"]),
}
_APP_WRAPPER = textwrap.dedent("""
    # Runs the real app.py with its bundled data swapped for a benchmark set.
    import importlib, json, os, runpy, time
    from pathlib import Path
    import routes.view.pipeline as pipeline
    # the app opens its default bundled set: that set is now the benchmark's file
    pipeline.BUNDLED_LEGS = Path(os.environ["LEADER_ROUTES_BENCH_DATA"])
    pipeline.BUNDLED_SETS[pipeline.DEFAULT_SET] = (pipeline.BUNDLED_LEGS, None)
    seconds = {{}}

    def timed(stage, name, func):
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                spent = time.perf_counter() - start
                seconds[stage] = seconds.get(stage, 0.0) + spent
                seconds[f"{{stage}}.{{name}}"] = seconds.get(f"{{stage}}.{{name}}", 0.0) + spent
        run.bench_original = func
        return run

    for stage, (module_name, names) in {stages!r}.items():
        module = importlib.import_module(module_name)
        for name in names:
            func = getattr(module, name)
            func = getattr(func, "bench_original", func)   # wrapped by an earlier run: re-wrap the original
            setattr(module, name, timed(stage, name, func))
    start = time.perf_counter()
    try:
        runpy.run_path({app!r}, run_name="__main__")
    finally:
        seconds["script"] = time.perf_counter() - start
        Path(os.environ["LEADER_ROUTES_BENCH_STAGES"]).write_text(json.dumps(seconds), encoding="utf-8")
""")


def filter_change(data: Path, repeats: int = 3, timeout_s: float = 300) -> dict:
    """Server time of one rerun after the "leaders" multiselect changes (median of
    `repeats` changes, each to a different leader), plus the first full run.

    "stages": median seconds per stage over the same reruns — each of STAGES ("map",
    "panels", … and "panels.tables", … per function), "script" (the whole app.py run)
    and "rest" (the rerun minus every stage).
    """
    from streamlit.testing.v1 import AppTest

    os.environ["LEADER_ROUTES_BENCH_DATA"] = str(Path(data).resolve())
    with tempfile.TemporaryDirectory(prefix="bench-app-") as folder:
        script = Path(folder) / "bench_app.py"
        script.write_text(_APP_WRAPPER.format(app=str(ROOT / "app.py"), stages=STAGES), encoding="utf-8")
        stages_file = Path(folder) / "stages.json"
        os.environ["LEADER_ROUTES_BENCH_STAGES"] = str(stages_file)
        app = AppTest.from_file(str(script), default_timeout=timeout_s)
        start = time.perf_counter()
        app.run()
        first = time.perf_counter() - start
        _raise_app_errors(app)
        widget = app.multiselect(key="leaders")
        leaders = list(widget.options)
        times, splits = [], []
        for leader in leaders[:repeats]:
            app.multiselect(key="leaders").set_value([leader])
            start = time.perf_counter()
            app.run()
            times.append(time.perf_counter() - start)
            _raise_app_errors(app)
            splits.append(_split(stages_file, times[-1]))
    return {"first_run": first, "rerun": statistics.median(times), "reruns": times,
            "stages": _median_split(splits), "leaders": len(leaders), "options": leaders}


def _split(stages_file: Path, rerun: float) -> dict[str, float]:
    seconds = json.loads(stages_file.read_text(encoding="utf-8"))
    seconds["rest"] = rerun - sum(seconds.get(stage, 0.0) for stage in STAGES)
    return seconds


def _median_split(splits: list[dict[str, float]]) -> dict[str, float]:
    names = dict.fromkeys(name for split in splits for name in split)
    return {name: statistics.median(split.get(name, 0.0) for split in splits) for name in names}


def split_note(stages: dict[str, float]) -> str:
    """'map 120 ms, panels 30 ms (tables 12, where_at 9 …), sidebar 9 ms, …, rest 40 ms' for the report."""
    def ms(name):
        return f"{stages.get(name, 0.0) * 1000:.0f}"
    parts = ", ".join(f"{name.split('.', 1)[1]} {ms(name)}" for name in sorted(stages, key=stages.get, reverse=True)
                      if name.startswith("panels.") and stages[name] >= 0.0005)
    others = "".join(f", {stage} {ms(stage)} ms" for stage in STAGES if stage not in ("map", "panels"))
    return (f"map {ms('map')} ms, panels {ms('panels')} ms" + (f" ({parts})" if parts else "") + others
            + f", rest {ms('rest')} ms")


def _raise_app_errors(app) -> None:
    if len(app.exception):
        raise RuntimeError(f"app raised: {app.exception[0].value}")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    result = filter_change(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    print(f"{sys.argv[1]}: rerun median {result['rerun'] * 1000:.0f} ms over {len(result['reruns'])} "
          f"(first run {result['first_run']:.1f} s)")
    print("  " + split_note(result["stages"]))
