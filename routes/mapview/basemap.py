"""Offline basemap: Natural Earth country outlines from the npm package world-atlas.

The TopoJSON is decoded here in Python (delta-encoded, quantised arcs) so the map
page needs no extra script and the geometry engineer can ask `land_contains`.

Date-line handling: world-atlas rings are *stitched* across ±180° (Russia's Chukotka,
Fiji), which Leaflet draws as horizontal stripes across the whole map. Every ring is
unwrapped so consecutive longitudes never jump by more than 180°, and a ring that
then reaches past +180° (or below -180°) is also emitted shifted by ∓360°, so the
land shows on both sides of the date line. Antarctica is dropped: it is a ring around
the pole that no projection Leaflet uses can show sensibly, and no route goes there.

Source: Natural Earth 1:50m / 1:110m Admin 0 countries v4.1.0 (public domain),
via world-atlas@2.0.2 (ISC, Mike Bostock).
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.path import Path as MplPath

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ANTARCTICA_ID = "010"
ATTRIBUTION = (
    'Borders: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain)'
    ' via world-atlas'
)
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
                   'contributors')


@dataclass(frozen=True)
class Basemap:
    """One basemap the reader can choose: in the sidebar, in a link (its key), on the map."""
    key: str
    label: str                    # the sidebar's choice
    layer: str                    # the map's layer control
    tiles: str | None = None      # a tile URL, fetched only when the reader picks it; None: drawn offline
    attribution: str = ""


# Every basemap, the default first; the command line, links, the sidebar and the map read this.
BASEMAPS_TABLE: tuple[Basemap, ...] = (
    Basemap("offline", "Offline (Natural Earth)", "Offline map (Natural Earth)"),
    Basemap("dark", "Offline, dark (Natural Earth)", "Offline map, dark (Natural Earth)"),
    Basemap("osm", "OpenStreetMap (online)", "OpenStreetMap (online)",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png", OSM_ATTRIBUTION),
    Basemap("carto", "CARTO light (online)", "CARTO light (online)",
            "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
            OSM_ATTRIBUTION + ' &copy; <a href="https://carto.com/attributions">CARTO</a>'),
)
BASEMAP_BY_KEY: dict[str, Basemap] = {b.key: b for b in BASEMAPS_TABLE}
BASEMAPS = tuple(BASEMAP_BY_KEY)          # the names, as links and the command line take them

SEA_COLOUR = "#dce9f2"
LAND_COLOUR = "#f4f1ea"
BORDER_COLOUR = "#b9b2a3"


class BasemapMissing(FileNotFoundError):
    """world-atlas is not installed (run `make assets`)."""


def topojson_path(resolution: str = "50m") -> Path:
    """Where the world-atlas TopoJSON is: assets/vendor first, node_modules second."""
    name = f"countries-{resolution}.json"
    for folder in ("assets/vendor/world-atlas", "node_modules/world-atlas"):
        candidate = PROJECT_ROOT / folder / name
        if candidate.is_file():
            return candidate
    raise BasemapMissing(f"{name} not found; run `make assets` (npm ci) to install world-atlas")


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """Arcs as (n, 2) float arrays of [lon, lat]: undo delta encoding and quantisation."""
    scale = np.asarray(topology["transform"]["scale"], dtype=float)
    translate = np.asarray(topology["transform"]["translate"], dtype=float)
    return [np.cumsum(np.asarray(arc, dtype=float), axis=0) * scale + translate
            for arc in topology["arcs"]]


def ring_from_arcs(arc_indices: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """Join arcs into one ring; a negative index ~i means arc i reversed (TopoJSON spec)."""
    pieces = []
    for position, index in enumerate(arc_indices):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # consecutive arcs share their joining point; keep it once
        pieces.append(arc if position == 0 else arc[1:])
    return np.concatenate(pieces)


def unwrap_ring(ring: np.ndarray) -> np.ndarray:
    """Make longitudes continuous (no step over 180°), so the ring crosses the date line."""
    lon = np.degrees(np.unwrap(np.radians(ring[:, 0])))
    return np.column_stack([lon, ring[:, 1]])


def date_line_copies(polygon: list[np.ndarray]) -> list[list[np.ndarray]]:
    """The polygon, plus a copy shifted by 360° when it pokes past ±180°."""
    lons = np.concatenate([ring[:, 0] for ring in polygon])
    copies = [polygon]
    if lons.max() > 180:
        copies.append([ring - [360.0, 0.0] for ring in polygon])
    if lons.min() < -180:
        copies.append([ring + [360.0, 0.0] for ring in polygon])
    return copies


def geometry_polygons(geometry: dict, arcs: list[np.ndarray]) -> list[list[np.ndarray]]:
    """Polygons (outer ring first, then holes) of a TopoJSON Polygon/MultiPolygon."""
    if geometry["type"] == "Polygon":
        polygons_arcs = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons_arcs = geometry["arcs"]
    else:
        return []
    polygons = []
    for rings_arcs in polygons_arcs:
        polygon = [unwrap_ring(ring_from_arcs(ring, arcs)) for ring in rings_arcs]
        polygons.extend(date_line_copies(polygon))
    return polygons


@functools.lru_cache(maxsize=4)
def country_polygons(resolution: str = "50m") -> tuple[tuple[str, str, tuple], ...]:
    """(id, name, polygons) for each country except Antarctica, date-line safe."""
    topology = json.loads(topojson_path(resolution).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") == ANTARCTICA_ID:
            continue
        name = geometry.get("properties", {}).get("name", "")
        polygons = geometry_polygons(geometry, arcs)
        if polygons:
            countries.append((geometry.get("id", ""), name, tuple(tuple(p) for p in polygons)))
    return tuple(countries)


def _rounded(ring: np.ndarray, decimals: int, lon_shift: float) -> list[list[float]]:
    shifted = np.round(ring + [lon_shift, 0.0], decimals)
    # drop consecutive duplicates created by rounding; keeps the layer small
    keep = np.ones(len(shifted), dtype=bool)
    keep[1:] = np.any(shifted[1:] != shifted[:-1], axis=1)
    return shifted[keep].tolist()


def world_copies_for(lon_min: float, lon_max: float) -> list[int]:
    """Which 360° copies of the world a view spanning lon_min..lon_max needs.

    Routes keep longitudes continuous across the date line (Beijing → Washington runs
    116° → 283°), so the land under them must be drawn at +360° too.
    """
    first = int(np.floor((lon_min + 180) / 360))
    last = int(np.floor((lon_max + 180) / 360))
    return list(range(first, last + 1))


def countries_geojson(resolution: str = "110m", decimals: int = 2,
                      copies: list[int] | tuple[int, ...] = (0,)) -> dict:
    """Countries as a GeoJSON FeatureCollection for Leaflet (one MultiPolygon each).

    `copies` lists world copies (k → shift by 360·k degrees) to draw.
    """
    features = []
    for shift in copies:
        for country_id, name, polygons in country_polygons(resolution):
            coordinates = [[_rounded(ring, decimals, 360.0 * shift) for ring in polygon]
                           for polygon in polygons]
            features.append({
                "type": "Feature",
                "properties": {"name": name, "id": country_id},
                "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
            })
    return {"type": "FeatureCollection", "features": features}


@functools.lru_cache(maxsize=4)
def _land_index(resolution: str) -> tuple[np.ndarray, list[tuple[MplPath, list[MplPath]]]]:
    """Bounding boxes and matplotlib paths (outer ring, holes) of every land polygon."""
    from matplotlib.path import Path as MplPath  # only the land test needs matplotlib (0.8 s to import)
    boxes, paths = [], []
    for _id, _name, polygons in country_polygons(resolution):
        for polygon in polygons:
            outer, holes = polygon[0], polygon[1:]
            boxes.append([outer[:, 0].min(), outer[:, 1].min(), outer[:, 0].max(), outer[:, 1].max()])
            paths.append((MplPath(outer), [MplPath(h) for h in holes]))
    return np.asarray(boxes), paths


def land_contains_many(lons, lats, *, resolution: str = "50m", margin_deg: float = 0.0) -> np.ndarray:
    """Vectorised `land_contains`: a bool array, True where the point is on land.

    Longitudes may be continuous (e.g. 283 for Washington); they are folded to -180..180.
    `margin_deg` widens each outline (in degrees, roughly 111 km per degree of latitude)
    to forgive the coarse 1:50m coastline for routes that hug the shore.
    Holes in a country (enclaves such as Lesotho) are other countries, so a hole only
    counts as sea when no other country contains the point.
    """
    lons = (np.asarray(lons, dtype=float) + 180.0) % 360.0 - 180.0
    lats = np.asarray(lats, dtype=float)
    points = np.column_stack([lons.ravel(), lats.ravel()])
    inside = np.zeros(len(points), dtype=bool)
    boxes, paths = _land_index(resolution)
    for box, (outer, holes) in zip(boxes, paths):
        candidates = np.flatnonzero(
            ~inside
            & (points[:, 0] >= box[0] - margin_deg) & (points[:, 0] <= box[2] + margin_deg)
            & (points[:, 1] >= box[1] - margin_deg) & (points[:, 1] <= box[3] + margin_deg))
        if candidates.size == 0:
            continue
        subset = points[candidates]
        hit = _contains(outer, subset, margin_deg)
        for hole in holes:
            hit &= ~_contains(hole, subset, -margin_deg)
        inside[candidates[hit]] = True
    return inside.reshape(np.shape(lons))


def _contains(path: MplPath, points: np.ndarray, margin_deg: float) -> np.ndarray:
    # matplotlib's radius grows or shrinks the path; its sign depends on ring orientation
    if margin_deg == 0:
        return path.contains_points(points)
    grown = path.contains_points(points, radius=margin_deg)
    shrunk = path.contains_points(points, radius=-margin_deg)
    return grown | shrunk if margin_deg > 0 else grown & shrunk


def land_contains(lon: float, lat: float, *, resolution: str = "50m", margin_deg: float = 0.0) -> bool:
    """True when (lon, lat) is on land (any country but Antarctica, Natural Earth 1:50m)."""
    return bool(land_contains_many([lon], [lat], resolution=resolution, margin_deg=margin_deg)[0])
