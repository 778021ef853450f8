"""Trains in batches: RailNetwork.routes gives each leg what route gives it alone."""
from __future__ import annotations

import math
import random

import numpy as np
import pytest

from routes.geometry.rail import SNAP_BLOCK, SNAP_KM, RailNetwork, default_network, read_lines, read_nodes


def fresh_network() -> RailNetwork:
    # a network of its own: no snap or path cached by another test
    return RailNetwork(read_nodes(), read_lines())


def mixed_legs(n: int, seed: int) -> list[list[tuple[float, float]]]:
    """Mostly points far from the network, some at nodes, some a few km off, some with vias."""
    rng = random.Random(seed)
    nodes = list(default_network().nodes.values())

    def near_node() -> tuple[float, float]:
        node = rng.choice(nodes)
        return node.lat + rng.uniform(-0.1, 0.1), node.lon + rng.uniform(-0.1, 0.1)

    def anywhere() -> tuple[float, float]:
        return rng.uniform(-60, 70), rng.uniform(-180, 180)

    legs = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.7:
            legs.append([anywhere(), rng.choice([anywhere, near_node])()])
        elif kind < 0.95:
            legs.append([near_node(), near_node()])
        else:
            legs.append([near_node(), near_node(), near_node()])
    return legs


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def test_batch_equals_one_leg_at_a_time():
    legs = mixed_legs(600, seed=5)
    batch = fresh_network().routes(legs)
    single = fresh_network()
    routed = 0
    for leg, got in zip(legs, batch):
        alone = single.route(leg)
        assert (got is None) == (alone is None), leg
        if got is None:
            continue
        routed += 1
        np.testing.assert_array_equal(got.coords, alone.coords)
        assert (got.km, got.drawn_km, got.corridor, got.nodes) == (alone.km, alone.drawn_km,
                                                                   alone.corridor, alone.nodes)
    assert 100 < routed < len(legs)


def test_snap_many_finds_the_nearest_node_within_reach():
    net = fresh_network()
    rng = random.Random(2)
    nodes = list(net.nodes.values())
    points = [(n.lat + rng.uniform(-0.3, 0.3), n.lon + rng.uniform(-0.3, 0.3)) for n in nodes]
    points += [(rng.uniform(-60, 70), rng.uniform(-180, 180)) for _ in range(SNAP_BLOCK + 50)]
    points += [(float("nan"), 10.0), (10.0, float("inf"))]
    lats, lons = zip(*points)
    found = net.snap_many(lats, lons)
    assert len(found) == len(points)
    for (lat, lon), node_id in zip(points, found):
        if not (math.isfinite(lat) and math.isfinite(lon)):
            assert node_id is None
            continue
        distances = {n.node_id: haversine_km(lat, lon, n.lat, n.lon) for n in nodes}
        nearest = min(distances, key=distances.get)
        if distances[nearest] <= SNAP_KM - 0.01:
            assert node_id == nearest, (lat, lon)
        elif distances[nearest] > SNAP_KM + 0.01:
            assert node_id is None, (lat, lon)
    assert sum(f is not None for f in found) >= len(nodes) // 2


def test_legs_off_the_network_are_none_and_order_is_kept():
    net = fresh_network()
    node, other = net.nodes["pyongyang"], net.nodes["vladivostok"]   # one connected network
    paris, berlin = (48.8566, 2.3522), (52.52, 13.405)          # far from the curated lines
    legs = [[paris, berlin], [(node.lat, node.lon), (other.lat, other.lon)], [paris], [],
            [(float("nan"), 1.0), (other.lat, other.lon)]]
    got = net.routes(legs)
    assert got[0] is None and got[2] is None and got[3] is None and got[4] is None
    assert got[1] is not None and got[1].nodes[0] == node.node_id and got[1].nodes[-1] == other.node_id
    assert net.routes([]) == []


@pytest.mark.parametrize("n", [1, SNAP_BLOCK + 1])
def test_snap_many_sizes(n):
    net = fresh_network()
    node = next(iter(net.nodes.values()))
    found = net.snap_many([node.lat] * n, [node.lon] * n)
    assert found == [node.node_id] * n


def test_every_shortest_path_is_the_one_networkx_finds():
    # the table of all pairs must give the paths a Dijkstra per source in networkx gives
    import networkx as nx
    net = fresh_network()
    for source in net.graph.nodes:
        expected = nx.single_source_dijkstra_path(net.graph, source, weight="km")
        for target in net.graph.nodes:
            got = net._shortest_path(source, target)
            assert got == expected.get(target), (source, target)
