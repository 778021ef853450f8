"""Where the time goes in the browser (issue #22): the page's main thread, sampled, during the
moments bench/browser_speed.py times, split by whose code ran.

    python bench/browser_profile.py [--runs N] [--json PATH]

For the app, the stock page (bench/stock_app.py) and Streamlit alone (bench/floor_app.py), each
served by `streamlit run` and opened offline in Debian's Chromium: at the bundled data, a first
map in a new browser and in one that opened the page before, and a filter change; and the
presidents' upload (app only). Chromium's sampling profiler runs from the action to the page
settled (the same conditions as browser_speed.py); every sample is put to the code it was in:
the innermost frame with a script address, else the browser's own work. The map's frame is of
the same origin, so it shares the page's one main thread and is sampled with it. Figures are
medians over N runs (default 3) of the milliseconds each part took; "waiting" is time the main
thread had nothing to do (the server's answer, the network).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from browser_speed import (  # noqa: E402
    APP,
    CHROMIUM,
    CHROMIUM_ARGS,
    FLOOR,
    OFFLINE_ARGS,
    ONE_LEADER,
    PAGES,
    PRESIDENTS,
    STOCK,
    _wait,
    blank_page,
    drawn,
    filtered,
    grown,
    leader_typed,
    opened,
    server,
)
from playwright.sync_api import sync_playwright  # noqa: E402

PARTS = ["Streamlit's page (React, its elements)", "the map frame's frontend (streamlit-folium)",
         "the map's scripts (Leaflet, routes, land)", "the browser (style, layout, paint, parsing)",
         "garbage collection", "waiting (server, network)"]
SAMPLING_US = 500


def part_of(url: str, name: str) -> str | None:
    """Whose code a sample is in, from its script's address (None: look at the caller)."""
    if name == "(idle)":
        return PARTS[5]
    if name == "(garbage collector)":
        return PARTS[4]
    if name in ("(program)", "(root)"):
        return PARTS[3]
    if not url:
        return None
    if "/component/" in url:
        return PARTS[1] if "/static/js/" in url else PARTS[2]
    if url.startswith("data:"):   # the stock page's Leaflet, inlined by folium
        return PARTS[2]
    return PARTS[0]


def split(profile: dict) -> Counter:
    """Milliseconds of the profile per part."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    parent = {child: node["id"] for node in profile["nodes"] for child in node.get("children", [])}
    parts: Counter = Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"][1:] + [0]):
        node, part = sample, None
        while part is None and node is not None:
            frame = nodes[node]["callFrame"]
            part = part_of(frame["url"], frame["functionName"])
            node = parent.get(node)
        parts[part or PARTS[3]] += delta / 1000
    return parts


def profiled(page, action, settled) -> tuple[float, Counter]:
    """(seconds, milliseconds per part) from ``action`` to ``settled``."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": SAMPLING_US})
    cdp.send("Profiler.start")
    start = time.perf_counter()
    action()
    _wait(page, settled)
    seconds = time.perf_counter() - start
    return seconds, split(cdp.send("Profiler.stop")["profile"])


def first_map(browser, url: str, kind: str, returning: bool = False) -> tuple[float, Counter]:
    with blank_page(browser, url, kind, returning) as page:
        return profiled(page, lambda: page.goto(url), drawn(page, kind))


def returning_reader(browser, url: str, kind: str) -> tuple[float, Counter]:
    """The first map of a browser that opened the page before, as browser_speed.py's returning reader."""
    return first_map(browser, url, kind, returning=True)


def filter_change(browser, url: str, kind: str) -> tuple[float, Counter]:
    with opened(browser, url, kind) as page:
        box = leader_typed(page, ONE_LEADER["kim"])
        return profiled(page, lambda: box.press("Enter"), filtered(page, kind))


def upload(browser, url: str, kind: str) -> tuple[float, Counter]:
    with opened(browser, url, kind) as page:
        return profiled(page, lambda: page.set_input_files("input[type=file]", str(PRESIDENTS)), grown(page))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + OFFLINE_ARGS)
        with server(PAGES[APP]) as app, server(PAGES[STOCK]) as stock, server(PAGES[FLOOR]) as floor:
            urls = {APP: app, STOCK: stock, FLOOR: floor}
            for kind, url in urls.items():   # a server reads and places the set once, untimed
                first_map(browser, f"{url}?set=kim", kind)
            measures = [("first map, new browser", first_map, (APP, STOCK, FLOOR)),
                        ("first map, returning reader", returning_reader, (APP, STOCK, FLOOR)),
                        ("filter change", filter_change, (APP, STOCK, FLOOR)),
                        ("upload presidents", upload, (APP,))]
            for measure, run, kinds in measures:
                for kind in kinds:
                    runs = [run(browser, f"{urls[kind]}?set=kim", kind) for _ in range(args.runs)]
                    row = {"measure": measure, "page": kind,
                           "seconds": statistics.median(seconds for seconds, _ in runs),
                           "ms": {part: statistics.median(parts[part] for _, parts in runs) for part in PARTS}}
                    results.append(row)
                    shown = " | ".join(f"{row['ms'][part]:5.0f}" for part in PARTS)
                    print(f"{measure:<24} {kind:<6} {row['seconds']:5.2f} s | {shown}", flush=True)
        browser.close()
    print("parts (ms): " + " | ".join(PARTS))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
