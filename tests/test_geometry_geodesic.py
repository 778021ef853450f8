"""Geodesic legs: the vectorised tracer against geographiclib, the date line, lengths."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

from routes.geometry.geodesic import geodesic_km, geodesic_path, geodesic_paths

G = Geodesic.WGS84
# (lat1, lon1, lat2, lon2): Beijing–Washington over the pole side, London–Sydney,
# Pyongyang–Singapore, Tokyo–Los Angeles across the date line, near-antipodal, equal points
PAIRS = [(39.9, 116.4, 38.9, -77.0), (51.5, -0.1, -33.9, 151.2), (39.02, 125.75, 1.29, 103.86),
         (35.68, 139.69, 34.05, -118.24), (0.0, 0.0, 0.5, 179.7), (10.0, 10.0, 10.0, 10.0),
         (64.8, -147.7, 43.1, 131.9)]


def test_vectorised_points_lie_on_the_geographiclib_geodesic():
    batch = geodesic_paths(*map(np.array, zip(*PAIRS)))
    for i, pair in enumerate(PAIRS):
        line = G.InverseLine(*pair, Geodesic.STANDARD | Geodesic.DISTANCE_IN)
        got = batch.path(i)
        n = len(got) - 1
        for k, (lon, lat) in enumerate(got):
            exact = line.ArcPosition(line.a13 * k / n, Geodesic.STANDARD | Geodesic.LONG_UNROLL)
            off_m = G.Inverse(exact["lat2"], exact["lon2"], lat, lon)["s12"]
            assert off_m < 50, (pair, k, off_m)
        assert batch.km[i] == pytest.approx(line.s13 / 1000, rel=1e-9)


def test_reference_path_ends_at_its_endpoints_with_continuous_longitudes():
    coords, km = geodesic_path(39.9, 116.4, 38.9, -77.0)
    assert coords[0] == pytest.approx([116.4, 39.9])
    assert coords[-1] == pytest.approx([283.0, 38.9])          # -77 + 360: unrolled
    assert km == pytest.approx(geodesic_km(39.9, 116.4, 38.9, -77.0))
    assert max(abs(b[0] - a[0]) for a, b in itertools.pairwise(coords)) < 180


@pytest.mark.parametrize("pair", PAIRS)
def test_no_segment_jumps_more_than_180_degrees_of_longitude(pair):
    path = geodesic_paths(*[[v] for v in pair]).path(0)
    assert np.all(np.abs(np.diff(path[:, 0])) < 180)


def test_across_the_date_line_the_path_goes_the_short_way():
    # Tokyo → Los Angeles crosses 180° eastwards: longitudes rise past 180, never fall back
    path = geodesic_paths([35.68], [139.69], [34.05], [-118.24]).path(0)
    assert path[-1, 0] == pytest.approx(360 - 118.24)
    assert np.all(np.diff(path[:, 0]) > 0)
    assert np.all(np.abs(np.diff(path[:, 0])) < 10)             # smooth, no stripe


def test_long_legs_are_sampled_densely_and_short_ones_with_a_few_points():
    batch = geodesic_paths([39.9, 39.9], [116.4, 116.4], [38.9, 39.95], [-77.0, 116.45])
    long_leg, short_leg = batch.path(0), batch.path(1)
    spacing = [geodesic_km(a[1], a[0], b[1], b[0]) for a, b in itertools.pairwise(long_leg)]
    assert max(spacing) < 100
    assert 5 <= len(short_leg) <= 10


@pytest.mark.parametrize("lat1, lon1, lat2, lon2", [(-90.0, 0.0, -41.29, 174.78), (-41.29, 174.78, -90.0, 0.0),
                                                     (90.0, 0.0, 78.22, 15.65)])
def test_a_pole_takes_the_meridian_of_its_leg(lat1, lon1, lat2, lon2):
    # at a pole every longitude is the same point; drawn with its own (0°) it would run a
    # line along the map's edge to the leg's first meridian
    for path in (np.asarray(geodesic_path(lat1, lon1, lat2, lon2)[0]),
                 geodesic_paths([lat1], [lon1], [lat2], [lon2]).path(0)):
        pole = 0 if abs(lat1) == 90 else -1
        beside = 1 if pole == 0 else -2
        assert path[pole][0] == pytest.approx(path[beside][0])
        assert abs(path[pole][1]) == 90.0
        assert np.abs(np.diff(path[:, 0])).max() < 5      # no jump anywhere along the leg
