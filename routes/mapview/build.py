"""build_map: the one map the app, the HTML snapshot and the CLI all draw.

Layout of the folium tree (order matters: Leaflet layers must exist before the
LeaderRoutes element fills them and before LayerControl lists them):
  Map (canvas renderer, scale bar)
  ├─ offline basemap FeatureGroup (base layer)  + OpenStreetMap / CARTO tiles (base layers)
  ├─ one FeatureGroup per leader  └─ one FeatureGroupSubGroup per trip (≤ 40 trips)
  ├─ LeaderRoutesLayer (routes, stops, legend, minimap, timeline — static/leader_routes.js)
  └─ LayerControl, Fullscreen
"""
from __future__ import annotations

import functools
from collections import OrderedDict

import folium
from folium.plugins import FeatureGroupSubGroup, Fullscreen

from routes import basemap as offline_basemap
from routes.mapview import assets, style
from routes.mapview.escape import html_text, json_for_script
from routes.mapview.payload import LARGE_LEGS, build_groups
from routes.mapview.plugin import LeaderRoutesLayer

ARROWS_MAX_LEGS = 3000
ATTRIBUTION = (offline_basemap.ATTRIBUTION
               + ' | Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)')
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
                   'contributors')
ONLINE_TILES = (
    # (tile URL, label, attribution); fetched only when the reader picks the layer
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "OpenStreetMap (online)", OSM_ATTRIBUTION),
    ("https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png", "CARTO light (online)",
     OSM_ATTRIBUTION + ' &copy; <a href="https://carto.com/attributions">CARTO</a>'),
)


def _feature_list(features) -> list[dict]:
    if isinstance(features, dict):
        return list(features.get("features") or [])
    return list(features or [])


def _selected_bounds(groups, facts, features, selected_trip):
    """Bounds of the selected trip if there is one, else of everything."""
    if selected_trip in (None, ""):
        return facts["bounds"]
    from routes.mapview.payload import is_selected
    from routes.mapview.timeline import feature_latlngs
    points = [p for f in features if is_selected(f.get("properties") or {}, selected_trip)
              for p in feature_latlngs(f)]
    if not points:
        return facts["bounds"]
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _add_basemaps(m: folium.Map, choice: str, lon_range, notices: list[str]):
    """Offline outlines (default) plus online tiles; returns the offline layer or None."""
    offline = folium.FeatureGroup(name="Offline map (Natural Earth)", overlay=False,
                                  show=choice == "offline")
    offline.add_to(m)
    for index, (tiles, label, attribution) in enumerate(ONLINE_TILES):
        wanted = (choice == "osm" and index == 0) or (choice == "carto" and index == 1)
        folium.TileLayer(tiles, name=label, attr=attribution, overlay=False, show=wanted,
                         max_zoom=19).add_to(m)
    try:
        countries = _countries_json(tuple(offline_basemap.world_copies_for(*lon_range)))
    except offline_basemap.BasemapMissing:
        notices.append("Offline basemap not installed (run `make assets`); choose an online layer.")
        countries = None
    return offline, countries


@functools.lru_cache(maxsize=8)
def _countries_json(copies: tuple[int, ...]) -> str:
    """The offline basemap as script-safe JSON, computed once per set of world copies."""
    return json_for_script(offline_basemap.countries_geojson("110m", decimals=2, copies=copies))


def _add_groups(m: folium.Map, groups, per_trip: bool) -> "OrderedDict[str, folium.FeatureGroup]":
    """Leader layers (and trip sub-layers) for the layer control; names are HTML-escaped
    because Leaflet's layer control puts them in with innerHTML."""
    leaders: OrderedDict[str, folium.FeatureGroup] = OrderedDict()
    containers: OrderedDict[str, folium.FeatureGroup] = OrderedDict()
    for group in groups:
        if group.leader not in leaders:
            leaders[group.leader] = folium.FeatureGroup(name=html_text(group.leader or "(no leader)"))
            leaders[group.leader].add_to(m)
    for group in groups:
        if per_trip:
            label = html_text(f"{group.leader} \u00b7 {group.trip or '(no trip)'}")
            sub = FeatureGroupSubGroup(leaders[group.leader], name=label)
            sub.add_to(m)
            containers[group.key] = sub
        else:
            containers[group.key] = leaders[group.leader]
    return containers


def _plugin_config(groups, facts, *, title, timeline, notices, map_id) -> dict:
    leaders = OrderedDict((g.leader, g.colour) for g in groups)
    return {
        "id": map_id, "title": title or "", "styles": style.client_styles(),
        "groups": [g.as_data() for g in groups], "strings": facts["strings"],
        "leaders": [{"name": name, "colour": colour} for name, colour in leaders.items()],
        "modes": facts["modes"], "hasApproximate": facts["approximate"],
        "hasStops": any(g.stops for g in groups),
        "arrows": facts["legs"] <= ARROWS_MAX_LEGS, "timeline": bool(timeline),
        "notices": list(notices), "minimap": True,
        "attribution": ATTRIBUTION,
    }


def build_map(features: dict, stops=None, *, title: str | None = None, selected_trip=None,
              basemap: str = "offline", timeline: bool = True,
              palette: dict[str, str] | None = None) -> folium.Map:
    """A folium Map of the Tracks FeatureCollection (docs/architecture.md).

    stops: Itinerary.stops rows (or dicts) to draw; None derives stops from the legs.
    selected_trip: a trip name, or (leader, trip), drawn thicker with the rest dimmed.
    basemap: "offline" (Natural Earth outlines), "osm" or "carto" (online tiles).
    palette: leader → colour (e.g. style.assign_colours(all leaders)); others hash.
    The map's `notices` attribute lists what the reader should know (CDN fallback,
    simplification, legs not drawn); they are also shown on the map.
    """
    feature_list = _feature_list(features)
    notices: list[str] = []
    if not assets.is_installed():
        notices.append("Map scripts are not installed (run `make assets`): loading them from "
                       "public CDNs, which needs internet access.")
    groups, facts = build_groups(feature_list, stops=stops, selected_trip=selected_trip, palette=palette)
    notices.extend(facts["notices"])
    bounds = _selected_bounds(groups, facts, feature_list, selected_trip) or [[-50, -170], [70, 190]]
    m = folium.Map(location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
                   zoom_start=3, tiles=None, prefer_canvas=True, control_scale=True)
    offline, countries = _add_basemaps(m, basemap, (bounds[0][1], bounds[1][1]), notices)
    containers = _add_groups(m, groups, facts["per_trip"])
    config = _plugin_config(groups, facts, title=title, timeline=timeline,
                            notices=notices, map_id=m.get_name())
    LeaderRoutesLayer(config, containers, basemap=offline, countries_json=countries,
                      notices=notices).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    Fullscreen(position="topleft").add_to(m)
    m.fit_bounds(bounds, padding=(20, 20))
    assets.localise_tree(m, notices)
    if title:
        m.get_root().title = html_text(title)
    m.notices = notices
    return m


def map_html(features: dict, stops=None, **options) -> str:
    """The map as one self-contained HTML page (scripts inlined as data: URLs)."""
    return build_map(features, stops, **options).get_root().render()


__all__ = ["build_map", "map_html", "LARGE_LEGS"]
