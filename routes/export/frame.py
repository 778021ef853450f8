"""Where things land on the static map: longitudes arranged, extent, projection, pixels.

Projection: equirectangular with the x axis shrunk by cos(latitude of the view's
centre), so a regional map (Korea, Europe) keeps its shapes; at world scale it is a
plain plate carrée. Routes arrive with continuous longitudes (Beijing → Washington
runs 116° → 283°); features of one view may still sit in different 360° copies, so
they are moved into the copy that keeps the view narrowest (the complement of the
largest empty gap of longitudes).
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

WORLD = (-180.0, 180.0, -60.0, 80.0)   # lon_min, lon_max, lat_min, lat_max for an empty view
PAD_SHARE = 0.08                       # margin around the routes, as a share of their span
MIN_SPAN_DEG = 3.0                     # a one-city view still shows some context
LAT_LIMIT = 85.0
WORLD_SPAN_DEG = 300.0                 # routes spanning more than this get a whole-world view


@dataclass(frozen=True)
class MapFrame:
    """The view: its extent (continuous longitudes), image size and where the axes sit.

    `axes` is (left, bottom, width, height) as fractions of the figure, matplotlib's
    convention; `pixel` answers in image pixels with the origin at the top left.
    """

    lon_min: float
    lon_max: float
    lat_min: float
    lat_max: float
    width_px: int
    height_px: int
    axes: tuple[float, float, float, float]

    @property
    def x_scale(self) -> float:
        middle = math.radians((self.lat_min + self.lat_max) / 2.0)
        return max(math.cos(middle), 0.2)

    def xy(self, lon, lat):
        """Projected coordinates (what the axes are in)."""
        return np.asarray(lon, dtype=float) * self.x_scale, np.asarray(lat, dtype=float)

    @property
    def limits(self) -> tuple[float, float, float, float]:
        (x0, x1), (y0, y1) = self.xy([self.lon_min, self.lon_max], [self.lat_min, self.lat_max])
        return float(x0), float(x1), float(y0), float(y1)

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """Image pixel (column, row from the top) of a point; lon in this view's copy."""
        x0, x1, y0, y1 = self.limits
        x, y = self.xy(self.nearest_copy(lon), lat)
        left, bottom, width, height = self.axes
        column = (left + (float(x) - x0) / (x1 - x0) * width) * self.width_px
        row = (1.0 - (bottom + (float(y) - y0) / (y1 - y0) * height)) * self.height_px
        return column, row

    def nearest_copy(self, lon: float) -> float:
        """lon shifted by whole turns to be nearest the view's centre."""
        centre = (self.lon_min + self.lon_max) / 2.0
        return lon - 360.0 * round((lon - centre) / 360.0)


def view_arc(lon_samples) -> tuple[float, float]:
    """(west edge, width) of the narrowest arc of longitude holding all samples."""
    lons = np.sort(np.mod(np.asarray(lon_samples, dtype=float) + 180.0, 360.0) - 180.0)
    if lons.size == 0:
        return -180.0, 360.0
    gaps = np.diff(np.concatenate([lons, [lons[0] + 360.0]]))
    widest = int(np.argmax(gaps))
    return float(lons[(widest + 1) % lons.size]), float(360.0 - gaps[widest])


def densified_lons(line: np.ndarray, step_deg: float = 5.0) -> np.ndarray:
    """Longitudes along a line every few degrees, so a long straight segment cannot hide a gap."""
    samples = [line[:1, 0]]
    for (lon_a, _), (lon_b, _) in itertools.pairwise(line):
        count = max(int(abs(lon_b - lon_a) // step_deg), 1)
        samples.append(np.linspace(lon_a, lon_b, count + 1)[1:])
    return np.concatenate(samples)


def arrange(lines: list[np.ndarray]) -> list[np.ndarray]:
    """Shift each line by whole turns so all lie in one narrow band of longitudes."""
    if not lines:
        return []
    west, width = view_arc(np.concatenate([densified_lons(line) for line in lines]))
    centre = west + width / 2.0
    arranged = []
    for line in lines:
        # whole turns that bring the line's middle nearest the arc's centre (robust to rounding
        # at the arc's edges, where a "first point in [west, west+360)" rule flips by 360°)
        middle = (line[:, 0].min() + line[:, 0].max()) / 2.0
        arranged.append(line - [360.0 * round((middle - centre) / 360.0), 0.0])
    return arranged


def frame_for(points: np.ndarray, width_px: int, height_px: int,
              axes: tuple[float, float, float, float]) -> MapFrame:
    """A frame showing every point (n×2 [lon, lat]) with a margin, matching the axes' shape."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    points = points[np.isfinite(points).all(axis=1)]
    if len(points) == 0:
        lon_min, lon_max, lat_min, lat_max = WORLD
    elif np.ptp(points[:, 0]) > WORLD_SPAN_DEG:
        # routes round the world: show one whole world, centred where most of the route points
        # are (the circular mean), and let routes cut at the edge re-enter on the other side
        centre = _circular_mean(points[:, 0])
        lon_min, lon_max = centre - 180.0, centre + 180.0
        lat_min, lat_max = _padded(points[:, 1].min(), points[:, 1].max())
    else:
        lon_min, lat_min = points.min(axis=0)
        lon_max, lat_max = points.max(axis=0)
        lon_min, lon_max = _padded(lon_min, lon_max)
        lat_min, lat_max = _padded(lat_min, lat_max)
    draft = MapFrame(lon_min, lon_max, max(lat_min, -LAT_LIMIT), min(lat_max, LAT_LIMIT),
                     width_px, height_px, axes)
    return _fit_aspect(draft)


def frame_for_view(view_bounds, width_px: int, height_px: int,
                   axes: tuple[float, float, float, float]) -> MapFrame:
    """The frame of a map view [[south, west], [north, east]] as the reader saw it (its
    centre kept; widened along one side to the image's shape)."""
    (south, west), (north, east) = view_bounds
    west, east = float(west), float(east)
    if east - west > 360.0:          # zoomed out past one world: one world round the centre
        middle = (west + east) / 2.0
        west, east = middle - 180.0, middle + 180.0
    shift = 360.0 * math.floor((west + east) / 2.0 / 360.0 + 0.5)   # the centre into -180..180
    draft = MapFrame(west - shift, east - shift, max(float(south), -LAT_LIMIT), min(float(north), LAT_LIMIT),
                     width_px, height_px, axes)
    return _fit_aspect(draft)


def _circular_mean(lons: np.ndarray) -> float:
    radians = np.radians(lons)
    return float(np.degrees(np.arctan2(np.sin(radians).mean(), np.cos(radians).mean())))


def _padded(low: float, high: float) -> tuple[float, float]:
    span = max(high - low, MIN_SPAN_DEG)
    middle = (low + high) / 2.0
    half = span * (0.5 + PAD_SHARE)
    return middle - half, middle + half


def _fit_aspect(frame: MapFrame) -> MapFrame:
    """Widen or heighten the extent so one projected degree is square on screen."""
    _, _, width, height = frame.axes
    target = (width * frame.width_px) / (height * frame.height_px)
    x0, x1, y0, y1 = frame.limits
    ratio = (x1 - x0) / (y1 - y0)
    lon_min, lon_max, lat_min, lat_max = frame.lon_min, frame.lon_max, frame.lat_min, frame.lat_max
    if ratio < target:      # too narrow: widen the longitudes
        half = (lon_max - lon_min) * target / ratio / 2.0
        middle = (lon_min + lon_max) / 2.0
        lon_min, lon_max = middle - half, middle + half
    else:                   # too flat: add latitude, keeping within the poles
        half = (lat_max - lat_min) * ratio / target / 2.0
        middle = (lat_min + lat_max) / 2.0
        lat_min, lat_max = middle - half, middle + half
    # both branches keep the centre latitude, so cos(lat) and thus the fit stay exact
    return MapFrame(lon_min, lon_max, lat_min, lat_max, frame.width_px, frame.height_px, frame.axes)
