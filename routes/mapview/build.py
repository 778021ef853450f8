"""The one map the app, the HTML snapshot and the CLI all draw, in two parts:

* the **base map** (`build_base_map`): what stays while filters change — basemap and
  online tile choices, legend of every leader and mode of the dataset, layer control,
  minimap, fullscreen, scale bar, the initial view;
* the **routes** (`routes_layer`): the legs, stops and timeline shown now.

`build_map` puts both on one folium Map (HTML snapshot, CLI). The Streamlit app keeps
one base map per dataset and swaps only the routes (ui/mapview.py).

Layout of the folium tree (order matters: layers exist before the elements use them):
  Map (canvas renderer, scale bar)
  ├─ offline basemap FeatureGroup + OpenStreetMap / CARTO tiles (base layers)
  ├─ LeaderRoutesBase   (basemap outlines, legend, layer control, minimap, notices)
  ├─ Fullscreen
  └─ LeaderRoutesLayer  (one layer per leader, one sub-layer per trip when ≤ 40 trips)
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

import folium
import numpy as np

from routes.geometry.trackset import as_trackset
from routes.mapview import assets, placelabels, style
from routes.mapview import basemap as offline_basemap
from routes.mapview.escape import html_text
from routes.mapview.fullscreen import Fullscreen
from routes.mapview.landscript import LAND_VARIABLE, countries_expression
from routes.mapview.packing import pack_rows
from routes.mapview.payload import LARGE_LEGS, build_groups, legend_of, page_data, prefetch_lines, selected_rows
from routes.mapview.plugin import LeaderRoutesBase, LeaderRoutesLayer
from routes.view.whereabouts import ROW_PACKING

ARROWS_MAX_LEGS = 3000
WORLD = [[-50, -170], [70, 190]]
ATTRIBUTION = (offline_basemap.ATTRIBUTION
               + ' | Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)')
OFFLINE_LABEL = offline_basemap.BASEMAP_BY_KEY["offline"].layer
DARK_LABEL = offline_basemap.BASEMAP_BY_KEY["dark"].layer
# (choice, tile URL, label, attribution); fetched only when the reader picks the layer
ONLINE_TILES = tuple((b.key, b.tiles, b.layer, b.attribution) for b in offline_basemap.BASEMAPS_TABLE if b.tiles)
ASSETS_NOTICE = ("Map scripts are not installed (run `make assets`): loading them from "
                 "public CDNs, which needs internet access.")


def feature_bounds(features, selected_trip=None):
    """[[south, west], [north, east]] of the legs (of the selected trip if it has any)."""
    tracks = as_trackset(features)
    if selected_trip not in (None, ""):
        chosen = np.flatnonzero(selected_rows(tracks.properties, selected_trip))
        if len(chosen) and tracks.lengths[chosen].any():
            return tracks.take(chosen).bounds()
    return tracks.bounds()


def _add_basemaps(m: folium.Map, choice: str, notices: list[str], land_apart: bool = False):
    """Offline outlines (default) plus online tiles: (base layers by label, offline layer, outlines)."""
    # the offline outlines show unless another known basemap is chosen
    shown = choice == "offline" or choice not in offline_basemap.BASEMAP_BY_KEY
    offline = folium.FeatureGroup(name=OFFLINE_LABEL, overlay=False, show=shown)
    offline.add_to(m)
    dark = folium.FeatureGroup(name=DARK_LABEL, overlay=False, show=choice == "dark")
    dark.add_to(m)
    layers: dict[str, folium.FeatureGroup | folium.TileLayer] = {OFFLINE_LABEL: offline, DARK_LABEL: dark}
    for key, tiles, label, attribution in ONLINE_TILES:
        layer = folium.TileLayer(tiles, name=label, attr=attribution, overlay=False, show=choice == key,
                                 max_zoom=19)
        layer.add_to(m)
        layers[label] = layer
    try:
        countries = countries_expression()
        if land_apart:
            countries = LAND_VARIABLE
    except offline_basemap.BasemapMissing:
        notices.append("Offline basemap not installed (run `make assets`); choose an online layer.")
        countries = None
    return layers, offline, countries


def build_base_map(*, leaders: dict[str, str], modes: list[str], bounds=None, basemap: str = "offline",
                   title: str | None = None, notices: list[str] | None = None, fit: bool = True,
                   marks: dict[str, str] | None = None, view: dict | None = None,
                   land_apart: bool = False) -> folium.Map:
    """The constant part of the map: everything but the routes.

    leaders: leader → colour for the legend until routes are mounted (the legend then
    lists what they draw); marks: leader → second cue (style.assign_marks); modes: the
    modes for the legend; bounds: the initial view, fitted inside the map's furniture
    once the routes are mounted (fit=True); view: {"center": [lat, lon], "zoom": z} to
    open at instead (an export of what the reader was looking at); land_apart: the page
    takes the offline land from ``LAND_VARIABLE`` (``land_script()``, loaded before the map)
    instead of carrying it.
    The map's `notices` attribute lists what the reader should know (also on the map).
    """
    notices = list(notices or [])
    if not assets.is_installed() and ASSETS_NOTICE not in notices:
        notices.append(ASSETS_NOTICE)
    bounds = bounds or WORLD
    if view:
        fit = False
    centre = view["center"] if view else [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    # A reader's zoom can be fractional (zoom_snap 0.25); folium passes it on as it is, though annotated int.
    zoom: int = float(view["zoom"]) if view else 3  # type: ignore[assignment]
    m = folium.Map(location=[float(centre[0]), float(centre[1])], zoom_start=zoom,
                   tiles=None, prefer_canvas=True, control_scale=True, zoom_snap=0.25 if view else 1)
    layers, offline, countries = _add_basemaps(m, basemap, notices, land_apart)
    config = {"title": title or "", "styles": style.client_styles(), "notices": notices,
              "leaders": [{"name": name, "colour": colour, "mark": (marks or {}).get(name, style.MARKS[0])}
                          for name, colour in leaders.items()],
              "modes": list(modes), "minimap": True, "attribution": ATTRIBUTION,
              "landCopies": offline_basemap.world_copies_for(bounds[0][1], bounds[1][1]),
              # the page fits these bounds inside its controls when the routes are mounted
              "fit": bounds if fit else None, "darkLabel": DARK_LABEL if countries else None,
              # apart: the page reads them from LABELS_VARIABLE, with the land
              "placeLabels": None if countries and land_apart
              else [list(label) for label in placelabels.labels()] if countries else []}
    LeaderRoutesBase(config, layers, basemap=offline, countries_script=countries, notices=notices).add_to(m)
    Fullscreen(position="topleft").add_to(m)
    if fit:   # a first view until the routes come (the app asks for its own fits: fit=False)
        m.fit_bounds(bounds, padding=(20, 20))
    assets.localise_tree(m, notices)
    if title:
        m.get_root().title = html_text(title)
    m.notices = notices
    return m


def routes_layer(features, stops=None, *, selected_trip=None, palette: dict[str, str] | None = None,
                 timeline: bool = True, when: list | None = None, moment_ms: float | None = None) -> LeaderRoutesLayer:
    """The legs and stops to draw, as an element for a base map (see build_base_map).

    stops: Itinerary.stops rows (or dicts) to draw; None derives stops from the legs.
    selected_trip: a trip name, or (leader, trip), drawn thicker with the rest dimmed.
    The element's `notices` (simplified lines, legs not drawn) are also shown on the map;
    `leaders` and `modes` list what it draws, in order.
    when: routes.view.whereabouts.page_data of the leaders shown, so the map marks where they are on its
    timeline as the page does; moment_ms: the page's moment, where the map's timeline starts.
    """
    groups, facts = build_groups(features, stops=stops, selected_trip=selected_trip,
                                 palette=palette)
    config = {"styles": style.client_styles(), "groups": page_data(groups),
              "strings": facts["strings"], "perTrip": facts["per_trip"],
              "hasApproximate": facts["approximate"], "hasStops": any(g.stops for g in groups),
              "arrows": facts["legs"] <= ARROWS_MAX_LEGS, "patterns": facts["patterns"],
              "timeline": bool(timeline), "lineScale": facts["line_scale"],
              "notices": facts["notices"]}
    if when is not None:
        config["when"], config["moment"] = [_packed_person(person) for person in when], moment_ms
    layer = LeaderRoutesLayer(config, notices=facts["notices"])
    layer.leaders = OrderedDict((g.leader, g.colour) for g in groups)
    layer.modes = facts["modes"]
    layer.bounds = facts["bounds"]
    return layer


def _packed_person(person: dict) -> dict:
    """A leader's where-was-everyone legs as packed columns (LR.whenLegs unpacks them)."""
    packed = {key: value for key, value in person.items() if key != "legs"}
    packed["columns"] = pack_rows(person["legs"], ROW_PACKING)
    return packed


def build_map(features: Mapping, stops=None, *, title: str | None = None, selected_trip=None,
              basemap: str = "offline", timeline: bool = True,
              palette: dict[str, str] | None = None, view: dict | None = None,
              land_apart: bool = False) -> folium.Map:
    """A folium Map of the Tracks FeatureCollection (docs/architecture.md).

    basemap: "offline" (Natural Earth outlines), "osm" or "carto" (online tiles).
    palette: leader → colour (e.g. style.assign_colours(all leaders)); others hash.
    The map's `notices` attribute lists what the reader should know (CDN fallback,
    simplification, legs not drawn); they are also shown on the map.
    view: {"center": [lat, lon], "zoom": z} to open at instead of fitting the routes.
    land_apart: the land and place names are left for the page's fixed part (map_html).
    """
    tracks = as_trackset(features)
    # the base map first, while the routes' lines are encoded on the second core
    prefetch_lines(tracks)
    leaders, modes = legend_of(tracks, palette)
    m = build_base_map(leaders=leaders, modes=modes, bounds=feature_bounds(tracks, selected_trip),
                       basemap=basemap, title=title, marks=style.assign_marks(palette or {}), view=view,
                       land_apart=land_apart)
    routes = routes_layer(tracks, stops, selected_trip=selected_trip, palette=palette, timeline=timeline)
    routes.add_to(m)
    m.notices = m.notices + routes.notices
    return m


def map_html(features: Mapping, stops=None, **options) -> str:
    """The map as one self-contained HTML page: its fixed part (scripts, styles, land, place
    names) packed once (routes/mapview/standalone.py), its data as text."""
    from routes.mapview.standalone import standalone_html

    return standalone_html(build_map(features, stops, land_apart=True, **options))


__all__ = ["LAND_VARIABLE", "LARGE_LEGS", "build_base_map", "build_map", "feature_bounds", "map_html", "routes_layer"]
