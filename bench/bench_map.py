"""Map build time, HTML size and first paint, against naive folium in the same run.

    .venv/bin/python bench/bench_map.py                  # 1,000 and 10,000 legs
    .venv/bin/python bench/bench_map.py 10000 --paints 7 --no-naive
    .venv/bin/python bench/bench_map.py 10000 --against old.html --profile

Legs are SYNTHETIC (tests/map_tracks.synthetic): pairs of the project's real places
with geodesic geometry (~80 km steps). Naive = what a folium user writes first: one
PolyLine with a Popup per leg. Targets at 10,000 legs: ≥10× faster, ≥5× smaller,
first paint in headless Chromium ≤ 2 s.

First paint is measured in the page itself (performance.now(), i.e. from navigation
start): the frame in which the routes are first mounted has its canvas redraw queued;
"painted" is the next animation frame's callback, once that frame has been produced.
Each paint is a fresh browser context (no cache), network blocked; min / median / max
over --paints loads, and the renderer main thread's CPU time (DevTools Performance
metrics), which other processes on the machine disturb far less than wall time. Then
where the median load spent its time:

  html+scripts   navigation start → LeaderRoutes.mountBase starts (HTML decoded and
                 parsed, the inlined Leaflet and plugin scripts evaluated, the folium
                 map script run up to our part)
  base           LeaderRoutes.mountBase (basemap land, legend, layer control)
  json.parse     every JSON.parse of a large string: the payload (between base and
                 routes), and the basemap's (a few ms, also inside html+scripts)
  routes         LeaderRoutes.mountRoutes, with the page's own sums (LeaderRoutes.timings:
                 decoding lines, adding layers) and lr:* measures
  canvas draw    Leaflet's canvas redraws (L.Canvas _redraw: recording the paths), summed
  rest           rasterising the frame, style, layout and idle time up to "painted"

Work the page defers until after the first frame (minimap, timeline, arrows) is shown
as "deferred: …" spans and as the "deferred work done" moment, not hidden.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402

from routes.mapview.build import map_html  # noqa: E402
from tests.map_tracks import synthetic  # noqa: E402

# Runs before any page script: times JSON.parse and Leaflet's canvas redraws, and
# records the painted moment (routes mounted + two frames) without a round trip to
# the benchmark process.
_PROBE = """
(() => {
  const probe = window.__lrProbe = { parse: 0, parses: 0, redraw: 0, redraws: 0, painted: null, mounted: null };
  const parse = JSON.parse;
  JSON.parse = function (text, reviver) {
    if (typeof text !== 'string' || text.length < 10000) return parse.call(JSON, text, reviver);
    const t0 = performance.now();
    try { return parse.call(JSON, text, reviver); }
    finally { probe.parse += performance.now() - t0; probe.parses += 1; }
  };
  function hook(L) {
    const proto = L && L.Canvas && L.Canvas.prototype;
    if (!proto || proto.__lrHooked) return;
    proto.__lrHooked = true;
    const redraw = proto._redraw;
    proto._redraw = function () {
      const t0 = performance.now();
      try { return redraw.apply(this, arguments); }
      finally { probe.redraw += performance.now() - t0; probe.redraws += 1; }
    };
  }
  let leaflet, plugin;
  Object.defineProperty(window, 'L', { configurable: true, enumerable: true,
    get() { return leaflet; },
    set(value) { if (probe.leaflet === undefined) probe.leaflet = performance.now(); leaflet = value; hook(value); } });
  Object.defineProperty(window, 'LeaderRoutes', { configurable: true, enumerable: true,
    get() { return plugin; },
    set(value) { if (probe.plugin === undefined) probe.plugin = performance.now(); plugin = value; } });
  function watch() {
    const lr = window.LeaderRoutes;
    if (lr && lr.last && probe.mounted === null) {
      // this frame draws the routes (Leaflet's canvas redraw is queued in it); the next
      // frame's callbacks run once it has been produced
      probe.mounted = performance.now();
      requestAnimationFrame(() => {
        probe.painted = performance.now();
        requestAnimationFrame(() => { probe.painted2 = performance.now(); });
      });
      return;
    }
    requestAnimationFrame(watch);
  }
  requestAnimationFrame(watch);
})();
"""

_SETTLED = """() => performance.getEntriesByName('lr:finished').length > 0 ||
  performance.now() > window.__lrProbe.painted + 2000"""

_COLLECT = """() => {
  const nav = performance.getEntriesByType('navigation')[0] || {};
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const marks = {};
  performance.getEntriesByType('mark').forEach(m => { if (m.name.startsWith('lr:')) marks[m.name] = m.startTime; });
  const measures = {};
  performance.getEntriesByType('measure').forEach(m => {
    if (m.name.startsWith('lr:')) measures[m.name] = (measures[m.name] || 0) + m.duration; });
  return { probe: window.__lrProbe, fcp: fcp ? fcp.startTime : null, marks, measures,
           domInteractive: nav.domInteractive, responseEnd: nav.responseEnd,
           timings: (window.LeaderRoutes && LeaderRoutes.timings) || {},
           legs: window.LeaderRoutes && LeaderRoutes.last ? LeaderRoutes.last.legs.length : null };
}"""


# The renderer's main-thread work (DevTools Performance domain, seconds → ms), up to the
# moment the figures are collected just after the paint: CPU time moves far less than
# wall time when other processes share the machine, so A/B comparisons can use it.
CPU_METRICS = {"main thread cpu": "ThreadTime", "script": "ScriptDuration", "compile": "V8CompileDuration",
               "style": "RecalcStyleDuration", "layout": "LayoutDuration", "tasks": "TaskDuration"}


def naive_html(tracks: dict) -> str:
    m = folium.Map()
    for feature in tracks["features"]:
        p = feature["properties"]
        popup = (f"{p['origin']} → {p['destination']}<br>{p['mode']}, {p['distance_km']:.0f} km, "
                 f"{p['duration_h']} h<br>{p['vehicle']} · {p['notes']} · {p['source']}")
        folium.PolyLine([(lat, lon) for lon, lat in feature["geometry"]["coordinates"]],
                        popup=folium.Popup(popup)).add_to(m)
    return m.get_root().render()


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def _launch(playwright):
    from tests.browser import CHROMIUM, CHROMIUM_ARGS
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def paint_once(browser, path: Path, profile: bool = False) -> dict:
    """One load of `path` in a fresh context with the network blocked: the probe's
    figures (milliseconds from navigation start), errors, and a CPU profile if asked."""
    from tests.browser import is_local_url
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    try:
        context.route("**/*", lambda r: r.continue_() if is_local_url(r.request.url) else r.abort())
        context.add_init_script(_PROBE)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
        if profile:
            cdp.send("Profiler.enable")
            cdp.send("Profiler.setSamplingInterval", {"interval": 200})
            cdp.send("Profiler.start")
        page.goto(path.resolve().as_uri(), wait_until="commit", timeout=120_000)
        page.wait_for_function("window.__lrProbe && window.__lrProbe.painted !== null", timeout=120_000,
                               polling=100)
        # let deferred work finish (our page marks it; another page gets 2 s) so the CPU
        # figures cover the same work on every load
        page.wait_for_function(_SETTLED, timeout=120_000, polling=100)
        result = page.evaluate(_COLLECT)
        result["errors"] = errors
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        result["cpu"] = {name: metrics.get(key, 0.0) * 1000 for name, key in CPU_METRICS.items()}
        if profile:
            result["profile"] = cdp.send("Profiler.stop")["profile"]
        return result
    finally:
        context.close()


def breakdown(run: dict) -> list[tuple[str, float]]:
    """Where one load's time went, in ms, in page order (see the module docstring)."""
    probe, marks, measures = run["probe"], run["marks"], run["measures"]
    painted = probe["painted"]
    parts: list[tuple[str, float]] = []
    base_start, base_end = marks.get("lr:base-start"), marks.get("lr:base-end")
    routes_start, routes_end = marks.get("lr:routes-start"), marks.get("lr:routes-end")
    if base_start is not None:
        parts.append(("html+scripts", base_start))
        # the moments Leaflet and our plugin were defined split it in three
        if probe.get("leaflet") is not None and probe.get("plugin") is not None:
            parts.append(("  to Leaflet evaluated", probe["leaflet"]))
            parts.append(("  to plugin evaluated", probe["plugin"] - probe["leaflet"]))
            parts.append(("  map script to mountBase", base_start - probe["plugin"]))
    if base_start is not None and base_end is not None:
        parts.append(("base", base_end - base_start))
    parts.append(("json.parse", probe["parse"]))
    if routes_start is not None and routes_end is not None:
        parts.append(("routes", routes_end - routes_start))
    parts.extend((f"  {name}", ms) for name, ms in run.get("timings", {}).items())
    parts.extend((f"  {name[3:]}", ms) for name, ms in measures.items())
    parts.append(("canvas draw", probe["redraw"]))
    counted = sum(ms for name, ms in parts if not name.startswith("  "))
    parts.append(("rest", painted - counted))
    return parts


def _summary(values: list[float]) -> str:
    return (f"min {min(values) / 1000:5.2f}  median {statistics.median(values) / 1000:5.2f}  "
            f"max {max(values) / 1000:5.2f} s")


def profile_lines(profile: dict, top: int = 15) -> list[str]:
    """Self time by function (and script) from a CPU profile, largest first."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    deltas = profile.get("timeDeltas") or []
    self_ms: Counter = Counter()
    for sample, delta in zip(profile.get("samples") or [], deltas):
        frame = nodes[sample]["callFrame"]
        url = frame.get("url") or ""
        where = "data: script" if url.startswith("data:") else (Path(url).name if url else "")
        self_ms[f"{frame.get('functionName') or '(anonymous)'} [{where}:{frame.get('lineNumber', 0) + 1}]"] += \
            delta / 1000
    return [f"    {ms:8.1f} ms  {name}" for name, ms in self_ms.most_common(top)]


def first_paint(pages: dict[str, Path], paints: int = 5, profile: bool = False) -> dict[str, list[dict]]:
    """{label: [run, ...]} with loads of each page interleaved (same machine load)."""
    from playwright.sync_api import sync_playwright
    runs: dict[str, list[dict]] = {label: [] for label in pages}
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            for path in pages.values():      # one unmeasured load each: warm the OS file cache
                paint_once(browser, path)
            for _ in range(paints):
                for label, path in pages.items():
                    runs[label].append(paint_once(browser, path))
            if profile:
                for label, path in pages.items():
                    runs[label].append({**paint_once(browser, path, profile=True), "profiled": True})
        finally:
            browser.close()
    return runs


def report_paints(label: str, runs: list[dict]) -> None:
    timed_runs = [r for r in runs if not r.get("profiled")]
    painted = [r["probe"]["painted"] for r in timed_runs]
    fcp = [r["fcp"] for r in timed_runs if r["fcp"] is not None]
    print(f"  first paint  [{label}]: {_summary(painted)}  (n={len(painted)}, headless Chromium, offline)")
    if fcp:
        print(f"    first contentful paint: {_summary(fcp)}")
    cpu = [r["cpu"]["main thread cpu"] for r in timed_runs]
    print(f"    main-thread CPU time  : {_summary(cpu)}  (less sensitive to machine load)")
    settled = [r["marks"]["lr:finished"] for r in timed_runs if "lr:finished" in r["marks"]]
    if settled:
        print(f"    deferred work done    : {_summary(settled)}  (minimap, timeline, arrows)")
    median_run = sorted(timed_runs, key=lambda r: r["probe"]["painted"])[len(timed_runs) // 2]
    print(f"    median load, legs drawn {median_run['legs']}:")
    for name, ms in breakdown(median_run):
        print(f"      {name:<24} {ms:8.1f} ms")
    print("    median load, renderer main thread: " +
          ", ".join(f"{name} {ms:.0f} ms" for name, ms in median_run["cpu"].items()))
    errors = [e for r in runs for e in r["errors"]]
    if errors:
        print("    console errors:", errors[:3])
    for run in runs:
        if run.get("profiled"):
            print(f"    CPU profile [{label}], self time (one extra load, profiler on):")
            print("\n".join(profile_lines(run["profile"])))


def load_average() -> str:
    """The 1-minute load average: timings on a busy machine are slower, so print it."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--paints", type=int, default=5, help="page loads per page (median reported)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive folium build (minutes at 10k)")
    parser.add_argument("--no-paint", action="store_true", help="skip the browser")
    parser.add_argument("--against", type=Path, help="a saved map page to paint alongside ours")
    parser.add_argument("--profile", action="store_true", help="one extra load under the CPU profiler")
    parser.add_argument("--save", type=Path, help="write our page for the last size here")
    args = parser.parse_args(argv)
    print(f"load average {load_average()} on {os.cpu_count()} cores", flush=True)
    map_html(synthetic(20))          # warm caches (basemap, assets) as a running app would have
    for n in args.sizes:
        tracks = synthetic(n)
        points = sum(len(f["geometry"]["coordinates"]) for f in tracks["features"])
        ours_s, ours = timed(map_html, tracks)
        print(f"{n:>6} legs ({points:,} points)")
        print(f"  leader-routes: {ours_s:7.2f} s  {len(ours.encode('utf-8')) / 1e6:6.2f} MB", flush=True)
        if not args.no_naive:
            naive_s, naive = timed(naive_html, tracks)
            print(f"  naive folium : {naive_s:7.2f} s  {len(naive.encode('utf-8')) / 1e6:6.2f} MB")
            print(f"  ratio        : {naive_s / ours_s:7.1f}x faster  {len(naive) / len(ours):5.1f}x smaller")
        if args.save:
            args.save.write_text(ours, encoding="utf-8")
        if args.no_paint:
            continue
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            print("  first paint  : skipped (playwright is not installed)")
            continue
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "map.html"
            path.write_text(ours, encoding="utf-8")
            pages = {"ours": path}
            if args.against:
                pages["against"] = args.against
            runs = first_paint(pages, paints=args.paints, profile=args.profile)
        for label, label_runs in runs.items():
            report_paints(label if args.against else "ours", label_runs)
        if args.against:
            ratio = (statistics.median(r["probe"]["painted"] for r in runs["against"] if not r.get("profiled"))
                     / statistics.median(r["probe"]["painted"] for r in runs["ours"] if not r.get("profiled")))
            print(f"  paint ratio  : {ratio:.2f}x (median against ÷ median ours, same run)", flush=True)
    print(f"load average {load_average()}")


if __name__ == "__main__":
    main()
