"""What a reader waits for: first paint of a map page in headless Chromium, and one
Streamlit rerun after a filter change (server time, through AppTest).
"""
from __future__ import annotations

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


def first_paint(pages: dict[str, Path], timeout_s: float = 120) -> dict[str, dict]:
    """{label: {"seconds", "fcp_ms", "errors", "blocked"}} for each HTML file, network shut.

    seconds: navigation start until the routes are drawn and painted (wall clock).
    """
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for label, path in pages.items():
                results[label] = _paint_one(browser, Path(path), timeout_s)
        finally:
            browser.close()
    return results


def _paint_one(browser, path: Path, timeout_s: float) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    blocked, errors = [], []

    def route(request_route):
        url = request_route.request.url
        if _local(url):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    context.route("**/*", route)
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


# -- the app ---------------------------------------------------------------------------
_APP_WRAPPER = textwrap.dedent("""
    # Runs the real app.py with its bundled data swapped for a benchmark set.
    import os, runpy
    from pathlib import Path
    import routes.pipeline as pipeline
    pipeline.BUNDLED_LEGS = Path(os.environ["LEADER_ROUTES_BENCH_DATA"])
    runpy.run_path({app!r}, run_name="__main__")
""")


def filter_change(data: Path, repeats: int = 3, timeout_s: float = 300) -> dict:
    """Server time of one rerun after the "leaders" multiselect changes (median of
    `repeats` changes, each to a different leader), plus the first full run."""
    from streamlit.testing.v1 import AppTest

    os.environ["LEADER_ROUTES_BENCH_DATA"] = str(Path(data).resolve())
    with tempfile.TemporaryDirectory(prefix="bench-app-") as folder:
        script = Path(folder) / "bench_app.py"
        script.write_text(_APP_WRAPPER.format(app=str(ROOT / "app.py")), encoding="utf-8")
        app = AppTest.from_file(str(script), default_timeout=timeout_s)
        start = time.perf_counter()
        app.run()
        first = time.perf_counter() - start
        _raise_app_errors(app)
        widget = app.multiselect(key="leaders")
        leaders = list(widget.options)
        times = []
        for leader in leaders[:repeats]:
            app.multiselect(key="leaders").set_value([leader])
            start = time.perf_counter()
            app.run()
            times.append(time.perf_counter() - start)
            _raise_app_errors(app)
    return {"first_run": first, "rerun": statistics.median(times), "reruns": times,
            "leaders": len(leaders), "options": leaders}


def _raise_app_errors(app) -> None:
    if len(app.exception):
        raise RuntimeError(f"app raised: {app.exception[0].value}")
