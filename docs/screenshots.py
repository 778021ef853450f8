"""The README's screenshots: the app offline on its bundled data at 1440×900, 1280×720 and
390×844 (a phone), each the first screen with the map drawn.

    .venv/bin/python docs/screenshots.py        # writes docs/screen-<w>x<h>.png

Starts `streamlit run app.py` on a free port, drives Debian's Chromium with the network shut
(tests/browser.py) and stops the server afterwards.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import offline_page  # noqa: E402
from tests.test_app_browser import _free_port, _wait_healthy  # noqa: E402

SIZES = [(1440, 900), (1280, 720), (390, 844)]
DRAWN = ("() => { const f = document.querySelector('iframe[src*=\"leader_routes_map\"]');"
         " return !!f && f.getBoundingClientRect().height > 100; }")


def main() -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([str(Path(sys.executable).with_name("streamlit")), "run", "app.py",
                                "--server.port", str(port), "--server.headless", "true",
                                "--server.address", "127.0.0.1"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_healthy(url, process)
        for width, height in SIZES:
            with offline_page(viewport=(width, height)) as session:
                page = session.page
                page.goto(url)
                page.wait_for_function(DRAWN, timeout=90_000)
                page.wait_for_timeout(3000)   # the routes and the place names settle (a sleep would stall the page)
                out = ROOT / "docs" / f"screen-{width}x{height}.png"
                page.screenshot(path=str(out))
                print(out.relative_to(ROOT), "errors:", session.errors or "none")
    finally:
        process.terminate()
        process.wait(timeout=20)


if __name__ == "__main__":
    main()
