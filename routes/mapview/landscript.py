"""The offline land and the place names on it, as page script: a JSON.parse expression the
map's own script carries, or, for a host that ships the map's fixed part once, a script of
its own that sets ``LAND_VARIABLE`` and ``LABELS_VARIABLE`` (the app serves it as a cacheable
file; the standalone page packs it with the other scripts, routes/mapview/standalone.py).
"""
from __future__ import annotations

import functools

from routes.mapview import basemap as offline_basemap
from routes.mapview import placelabels
from routes.mapview.escape import json_parse_script


@functools.lru_cache(maxsize=1)
def countries_expression() -> str:
    """The offline basemap as a JSON.parse expression, computed once.

    All countries as ONE MultiPolygon: one Leaflet layer instead of hundreds (the outlines
    are not interactive, so nothing needs to know which country a ring belongs to). One
    world only: the page draws the copies a view across the date line needs
    (config "landCopies"), which cost 0.2 s here and a third of a megabyte each.
    """
    countries = offline_basemap.countries_geojson("110m", decimals=2)["features"]
    land = {"type": "Feature", "properties": {"name": "land"},
            "geometry": {"type": "MultiPolygon",
                         "coordinates": [polygon for country in countries
                                         for polygon in country["geometry"]["coordinates"]]}}
    return json_parse_script(land)


LAND_VARIABLE = "window.LeaderRoutesLand"
LABELS_VARIABLE = "window.LeaderRoutesPlaceLabels"


@functools.lru_cache(maxsize=1)
def land_script() -> str:
    """The offline land and the place names on it as a script of their own (``LAND_VARIABLE``,
    ``LABELS_VARIABLE``), for a host that ships the map's fixed part once: the app serves it
    as a cacheable file instead of sending it with every rerun, the standalone page packs it
    with the scripts (routes/mapview/standalone.py)."""
    labels = json_parse_script([list(label) for label in placelabels.labels()])
    return f"{LAND_VARIABLE} = {countries_expression()};\n{LABELS_VARIABLE} = {labels};\n"
