"""searoute's maritime network ("marnet", ~9,700 nodes) as arrays, and its searches.

The network is built once per machine from searoute's graph and kept in the cache folder;
`Marnet.tree_from` runs scipy's Dijkstra from one node, `Marnet.searoute_path` repeats
searoute's own search step for step where several paths are equally short. sea.py turns
these into lanes for legs.
"""
from __future__ import annotations

import contextlib
import functools
import heapq
import itertools
import math
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# searoute's default: the Northwest Passage is closed
RESTRICTED_PASSAGES = ("northwest",)
# distances equal within this relative margin are treated as a tie (searoute may pick either)
TIE_TOLERANCE = 1e-9
# a lane is first searched within this many times its great circle (plus a margin)
SEARCH_RADIUS_FACTOR = 3.0
SEARCH_RADIUS_MARGIN_KM = 2_000.0


@dataclass
class _Tree:
    """Shortest paths from one node (scipy's distances and predecessors)."""

    net: Marnet
    source: int
    dist: np.ndarray
    pred: np.ndarray

    def path_to(self, target: int) -> np.ndarray | None:
        """Node indices source → target, or None when searoute must be asked."""
        return self.paths_to([target])[0]

    def paths_to(self, targets: list[int]) -> list[np.ndarray | None]:
        """Node indices source → each target, or None when searoute must be asked
        (unreachable here, or another path is as short)."""
        paths = [self._walk(t) if np.isfinite(self.dist[t]) else None for t in targets]
        walked = [p for p in paths if p is not None]
        if not walked:
            return paths
        group = self.net.group
        tied = self.net.tied_groups(self.dist, np.unique(group[np.concatenate(walked)]))
        return [None if p is None or tied[group[p]].any() else p for p in paths]

    def _walk(self, target: int) -> np.ndarray:
        step, path = self.pred.item, [target]
        while path[-1] != self.source:
            path.append(step(path[-1]))
        return np.array(path[::-1], dtype=np.int64)


class Marnet:
    """searoute's maritime network: node coordinates, a CSR graph and a k-d tree."""

    def __init__(self, graph):
        from scipy.sparse import csr_matrix
        from scipy.spatial import cKDTree
        self.nodes = list(graph.nodes)
        self.xy = np.array(self.nodes, dtype=float)           # searoute nodes are (lon, lat)
        self.tree = cKDTree(self.xy)
        index = {node: i for i, node in enumerate(self.nodes)}
        u, v, w = [], [], []
        for a, b, data in graph.edges(data=True):
            if data.get("passage") not in RESTRICTED_PASSAGES:   # searoute weighs these inf
                u.append(index[a])
                v.append(index[b])
                w.append(float(data["weight"]))
        u, v, w = np.array(u, dtype=np.int64), np.array(v, dtype=np.int64), np.array(w)
        n = len(self.nodes)
        self.graph = csr_matrix((np.concatenate([w, w]), (np.concatenate([u, v]), np.concatenate([v, u]))),
                                shape=(n, n))
        self.group, self._group_cyclic = _zero_weight_groups(n, u[w == 0], v[w == 0])
        self._index_edges_by_group(*_positive_edges(u, v, w))
        self._adjacency = _adjacency(graph, index)

    def _index_edges_by_group(self, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> None:
        """Positive edges sorted by the group they enter, with each group's first and count."""
        order = np.argsort(self.group[b], kind="stable")
        self._in_from, self._in_to, self._in_weight = a[order], b[order], w[order]
        self._group_count = np.bincount(self.group[b], minlength=self.group.max() + 1)
        self._group_start = np.cumsum(self._group_count) - self._group_count

    def snap(self, lonlat: list[tuple[float, float]]) -> np.ndarray:
        """Nearest node of each (lon, lat) in plain degrees, as searoute snaps; -1 at a tie."""
        if not lonlat:
            return np.zeros(0, dtype=np.int64)
        dist, nearest = self.tree.query(np.asarray(lonlat, dtype=float), k=2)
        tie = np.abs(dist[:, 1] - dist[:, 0]) <= 1e-9 * np.maximum(dist[:, 1], 1e-9)
        return np.where(tie, -1, nearest[:, 0]).astype(np.int64)

    def tree_from(self, source: int, limit: float = math.inf) -> _Tree:
        """Shortest paths from source to every node no further than limit km."""
        from scipy.sparse.csgraph import dijkstra
        dist, pred = dijkstra(self.graph, directed=True, indices=source, return_predecessors=True,
                              limit=limit)
        return _Tree(self, source, dist, pred)

    def search_radius_km(self, source: int, ends: list[int]) -> float:
        """A distance the lanes from source to ends most likely stay within.

        Sea lanes run longer than the great circle (round a continent: Atlantic to
        Pacific coast of one country by Panama is ~2.3x); a search that stops short of
        an end is simply repeated without a radius, so this only saves time.
        """
        (lon1, lat1), (lon2, lat2) = np.radians(self.xy[source]), np.radians(self.xy[ends]).T
        a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        great_circle = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        return float(SEARCH_RADIUS_FACTOR * great_circle.max() + SEARCH_RADIUS_MARGIN_KM)

    def searoute_path(self, source: int, target: int) -> list[int] | None:
        """The node path searoute's own search returns between two nodes, or None."""
        return _bidirectional_dijkstra(self._adjacency, source, target)

    def tied_groups(self, dist: np.ndarray, groups: np.ndarray) -> np.ndarray:
        """Per node group, whether a shortest path reaches it two ways (to within
        TIE_TOLERANCE); only the given groups are checked, the rest are False.

        A node entered by two tight edges has two shortest ways in. Nodes joined by
        zero-weight edges (the two sides of ±180°) share one distance and count as one
        group; inside a group with a cycle the way across is tied too.
        """
        first, count = self._group_start[groups], self._group_count[groups]
        # the positive edges into those groups, gathered as one index array
        edges = np.repeat(first - np.cumsum(count) + count, count) + np.arange(count.sum())
        a, b, w = self._in_from[edges], self._in_to[edges], self._in_weight[edges]
        with np.errstate(invalid="ignore"):
            tight = np.abs(dist[a] + w - dist[b]) <= TIE_TOLERANCE * np.maximum(dist[b], 1.0)
        arrivals = np.bincount(self.group[b[tight]], minlength=len(self._group_cyclic))
        return self._group_cyclic | (arrivals > 1)


def _adjacency(graph, index: dict) -> list[list[tuple[int, float]]]:
    """Per node, (neighbour, weight) in the graph's own order (its search visits them so)."""
    closed = float("inf")
    return [[(index[b], closed if data.get("passage") in RESTRICTED_PASSAGES else data["weight"])
             for b, data in graph._adj[a].items()] for a in graph.nodes]


def _bidirectional_dijkstra(adjacency: list, source: int, target: int) -> list[int] | None:
    """networkx.bidirectional_dijkstra (3.6), step for step, on integer nodes.

    searoute calls that function; repeating its exact order of visits (same neighbour
    order, same heap tie-breaking counter) returns the same path where several are
    equally short. Weights are looked up ahead instead of through a Python callback.
    """
    if source == target:
        return [source]
    dists: list[dict] = [{}, {}]
    preds: list[dict] = [{source: None}, {target: None}]
    seen: list[dict] = [{source: 0}, {target: 0}]
    counter = itertools.count()
    fringe: list[list] = [[(0, next(counter), source)], [(0, next(counter), target)]]
    final, meet, direction = None, None, 1
    while fringe[0] and fringe[1]:
        direction = 1 - direction
        dist, _, v = heapq.heappop(fringe[direction])
        done, other = dists[direction], dists[1 - direction]
        if v in done:
            continue
        done[v] = dist
        if v in other:
            if final == math.inf:       # searoute: an infinite length means no lane
                return None
            return _walk(preds[0], meet)[::-1] + _walk(preds[1], preds[1][meet])
        seen_here, seen_there, pred = seen[direction], seen[1 - direction], preds[direction]
        for w, cost in adjacency[v]:
            length = dist + cost
            if w in done:
                continue
            if w not in seen_here or length < seen_here[w]:
                seen_here[w] = length
                heapq.heappush(fringe[direction], (length, next(counter), w))
                pred[w] = v
                if w in seen_there:
                    total = length + seen_there[w]
                    if final is None or final > total:
                        final, meet = total, w
    return None


def _walk(pred: dict, node) -> list[int]:
    path = []
    while node is not None:
        path.append(node)
        node = pred[node]
    return path


def _positive_edges(u: np.ndarray, v: np.ndarray, w: np.ndarray):
    """(from, to, weight) of every positive edge, both directions."""
    keep = w > 0
    u, v, w = u[keep], v[keep], w[keep]
    return np.concatenate([u, v]), np.concatenate([v, u]), np.concatenate([w, w])


def _zero_weight_groups(n: int, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group id per node (nodes joined by zero-weight edges share one) and, per group,
    whether it has a cycle."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    links = coo_matrix((np.ones(len(u)), (u, v)), shape=(n, n))
    _, group = connected_components(links, directed=False)
    sizes = np.bincount(group)
    edges = np.bincount(group[u], minlength=len(sizes)) if len(u) else np.zeros(len(sizes), int)
    return group, edges >= sizes


@functools.lru_cache(maxsize=1)
def marnet() -> Marnet:
    """searoute's network with its default restrictions (built once per process).

    Importing searoute and building the network costs ~0.7 s; the built network is kept
    in the cache folder (next to the gazetteer index) and loads in a sixth of that.
    """
    path = _marnet_cache_path()
    cached = _load_marnet(path) if path is not None else None
    if cached is not None:
        return cached
    import searoute
    graph, _ = searoute.get_graphs()
    built = Marnet(graph)
    if path is not None:
        _save_marnet(built, path)
    return built


MARNET_FORMAT = 2   # bump when Marnet's attributes or module change


def _marnet_cache_path() -> Path | None:
    try:
        from importlib.metadata import version

        from routes.places.cache import default_cache_dir
        key = f"searoute{version('searoute')}-closed-{'-'.join(sorted(RESTRICTED_PASSAGES))}-v{MARNET_FORMAT}"
        return default_cache_dir() / f"marnet-{key}.pickle"
    except Exception:   # no package metadata: build in memory every time
        return None


def _load_marnet(path: Path) -> Marnet | None:
    # A pickle is code: it is only read from the user's own cache folder, which this
    # program writes (like the gazetteer index); anything unreadable is rebuilt.
    try:
        with open(path, "rb") as handle:
            loaded = pickle.load(handle)
    except Exception:
        return None
    return loaded if isinstance(loaded, Marnet) else None


def _save_marnet(network: Marnet, path: Path) -> None:
    """Write atomically (parallel processes may race); a read-only cache just skips it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=path.name, suffix=".tmp",
                                         delete=False) as handle:
            pickle.dump(network, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        with contextlib.suppress(Exception):
            os.unlink(handle.name)
