"""Map build time, HTML size and first paint, against naive folium in the same run.

    .venv/bin/python bench/bench_map.py            # 1,000 and 10,000 legs
    .venv/bin/python bench/bench_map.py 1000       # chosen sizes

Legs are SYNTHETIC (tests/map_tracks.synthetic): pairs of the project's real places
with geodesic geometry (~80 km steps). Naive = what a folium user writes first: one
PolyLine with a Popup per leg. Targets at 10,000 legs: ≥10× faster, ≥5× smaller,
first paint in headless Chromium ≤ 2 s.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402

from routes.mapview.build import map_html  # noqa: E402
from tests.map_tracks import synthetic  # noqa: E402


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


def first_paint_ms(html: str) -> float | None:
    """Navigation start → routes mounted and a frame painted, network blocked."""
    try:
        from tests.browser import offline_page
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "map.html"
        path.write_text(html, encoding="utf-8")
        with offline_page() as session:
            session.page.goto(session.file_url(path), timeout=120_000)
            session.page.wait_for_function("window.LeaderRoutes && LeaderRoutes.last", timeout=120_000)
            painted = session.page.evaluate(
                "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))")
            if session.errors:
                print("  console errors:", session.errors[:3])
            return painted


def load_average() -> str:
    """The 1-minute load average: timings on a busy machine are slower, so print it."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


def main(sizes: list[int]) -> None:
    print(f"load average {load_average()} on {os.cpu_count()} cores", flush=True)
    map_html(synthetic(20))          # warm caches (basemap, assets) as a running app would have
    for n in sizes:
        tracks = synthetic(n)
        points = sum(len(f["geometry"]["coordinates"]) for f in tracks["features"])
        ours_s, ours = timed(map_html, tracks)
        print(f"{n:>6} legs ({points:,} points)")
        print(f"  leader-routes: {ours_s:7.2f} s  {len(ours) / 1e6:6.2f} MB", flush=True)
        naive_s, naive = timed(naive_html, tracks)
        print(f"  naive folium : {naive_s:7.2f} s  {len(naive) / 1e6:6.2f} MB")
        print(f"  ratio        : {naive_s / ours_s:7.1f}x faster  {len(naive) / len(ours):5.1f}x smaller")
        paint = first_paint_ms(ours)
        if paint is not None:
            print(f"  first paint  : {paint / 1000:7.2f} s (headless Chromium, offline)", flush=True)
    print(f"load average {load_average()}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
