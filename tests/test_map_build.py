"""The map without a browser: styling decisions, generated page, scripts' syntax,
offline assets, basemap, timeline interpolation, payload size."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import numpy as np
import pytest

from routes.mapview import assets, basemap, payload, style
from routes.mapview.build import build_map, map_html
from routes.mapview.columns import thin
from routes.mapview.escape import json_parse_script
from routes.mapview.plugin import plugin_source
from routes.mapview.timeline import (
    cumulative_km,
    decode_polyline,
    encode_polyline,
    encode_polylines,
    feature_latlngs,
    position_at,
)
from tests.map_tracks import hanoi_train, synthetic, with_text
from tests.test_escape import PAYLOADS

needs_assets = pytest.mark.skipif(not assets.is_installed(), reason="map assets not installed (make assets)")
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


# ---------- style ----------

def test_leader_colour_does_not_depend_on_who_else_is_shown():
    alone = style.leader_colour("Kim Jong Un")
    assert style.leader_colour("Kim Jong Un") == alone
    assert style.leader_colour("  kim   jong un ") == alone        # spelling-insensitive key
    assert alone in style.PALETTE


def test_assign_colours_gives_distinct_colours_up_to_palette_size():
    leaders = [f"Leader {i}" for i in range(len(style.PALETTE))]
    colours = style.assign_colours(leaders)
    assert len(set(colours.values())) == len(style.PALETTE)
    # computed from all leaders once, a filtered view reuses the same mapping
    assert style.assign_colours(reversed(leaders)) == colours


def test_modes_are_visibly_different():
    dashes = {mode: style.mode_style(mode)["dash_array"] for mode in style.MODE_STYLES}
    assert dashes["train"] is None and style.mode_style("train")["casing"]
    assert len(set(dashes.values())) == len(dashes)      # every mode has its own pattern
    assert style.casing_style("flight") is None and style.casing_style("train")["color"] == "#ffffff"


def test_approximate_legs_are_thinner_and_lighter():
    exact = style.leg_style("train", "#0072B2")
    rough = style.leg_style("train", "#0072B2", approximate=True)
    assert rough["weight"] < exact["weight"] and rough["opacity"] < exact["opacity"]


def test_selected_trip_is_emphasised_and_others_dimmed():
    plain = style.leg_style("flight", "#000000")
    assert style.leg_style("flight", "#000000", selected=True)["weight"] > plain["weight"]
    assert style.leg_style("flight", "#000000", selected=False)["opacity"] < plain["opacity"]


def test_stop_radius_grows_with_time_spent_and_is_capped():
    radii = [style.stop_radius(h) for h in (None, 0, 1, 10, 48, 24 * 30)]
    assert radii == sorted(radii) and radii[-1] == 14.0 and radii[0] == 3.0


# ---------- timeline ----------

def test_position_at_follows_the_timetable_along_the_line():
    leg = hanoi_train()["features"][1]           # Dandong → Dong Dang, about 60 hours
    props = leg["properties"]
    latlngs = feature_latlngs(leg)
    assert position_at(leg, props["depart_ms"]) == pytest.approx(latlngs[0])
    assert position_at(leg, props["arrive_ms"]) == pytest.approx(latlngs[-1])
    assert position_at(leg, props["depart_ms"] - 1) is None
    assert position_at(leg, props["arrive_ms"] + 1) is None
    middle = position_at(leg, (props["depart_ms"] + props["arrive_ms"]) / 2)
    # halfway in time is halfway in distance along the line (a geodesic: nearly straight)
    total = cumulative_km(latlngs)[-1]
    assert cumulative_km([latlngs[0], middle])[-1] == pytest.approx(total / 2, rel=0.02)
    assert cumulative_km([middle, latlngs[-1]])[-1] == pytest.approx(total / 2, rel=0.02)


def test_position_at_is_none_without_times_or_geometry():
    leg = hanoi_train()["features"][0]
    no_time = {"geometry": leg["geometry"], "properties": dict(leg["properties"], depart_ms=None)}
    no_line = {"geometry": None, "properties": leg["properties"]}
    t = leg["properties"]["arrive_ms"]
    assert position_at(no_time, t) is None and position_at(no_line, t) is None


def test_polyline_encoding_round_trips_with_continuous_longitudes():
    points = [(39.00472, 125.73639), (38.9, 282.96), (-33.5, -70.25), (0.0, 0.0)]
    assert np.allclose(decode_polyline(encode_polyline(points)), points, atol=1e-5)


def test_polyline_encoding_matches_googles_reference_example():
    # developers.google.com/maps/documentation/utilities/polylinealgorithm, with the three
    # characters our alphabet swaps (backslash, backtick, "{") for script-safe ones
    google = "_p~iF~ps|U_ulLnnqC_mqNvxq`@"
    ours = encode_polyline([(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)])
    assert ours == google.translate(str.maketrans("\\`{", "!()")) and "`" not in ours
    assert decode_polyline(ours) == [(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)]
    assert encode_polylines([[], [(1.0, 2.0)], []]) == ["", encode_polyline([(1.0, 2.0)]), ""]


def test_thin_drops_collinear_vertices_keeps_corners_and_ends():
    straight = [(0.0, float(x)) for x in range(17)]
    corner = [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
    points = np.array(straight + corner)
    thinned, lengths = thin(points, np.array([17, 3]), 0.01)
    assert lengths[1] == 3 and lengths[0] < 17
    assert tuple(thinned[0]) == straight[0] and tuple(thinned[lengths[0] - 1]) == straight[-1]


# ---------- payload ----------

def test_groups_are_per_trip_with_rows_for_every_leg():
    tracks = hanoi_train()
    groups, facts = payload.build_groups(tracks["features"])
    assert [g.trip for g in groups] == ["2019-02 Hanoi summit"]
    assert len(groups[0].columns["seq"]) == len(tracks["features"])
    assert facts["modes"] == ["train", "car"]
    drawn = [line for line in groups[0].columns["line"] if line]
    assert len(drawn) == sum(1 for f in tracks["features"] if f["geometry"])
    origins = [facts["strings"][i] for i in groups[0].columns["origin"]]
    assert origins == [f["properties"]["origin"] for f in tracks["features"]]


def test_leg_ids_go_only_when_the_page_cannot_compose_them():
    tracks = hanoi_train()
    groups, facts = payload.build_groups(tracks["features"])
    columns, strings = groups[0].columns, facts["strings"]
    # "leader|trip|seq", as the itinerary makes them: the page composes them (LR.legId)
    assert "leg_id" not in columns
    composed = [f"{groups[0].leader}|{strings[t]}|{int(s)}" for t, s in zip(columns["trip"], columns["seq"])]
    assert composed == [f["properties"]["leg_id"] for f in tracks["features"]]
    # an id of another shape goes as it is
    tracks["features"][1]["properties"]["leg_id"] = "custom id"
    columns = payload.build_groups(tracks["features"])[0][0].columns
    assert "leg_id" in columns and len(columns["leg_id"]) == len(tracks["features"])


def test_derived_stops_measure_time_between_legs():
    tracks = hanoi_train()
    stops = payload.build_groups(tracks["features"])[0][0].stops
    legs = tracks["features"]
    dandong = next(s for s in stops if s["name"] == "Dandong Station")
    expected = (legs[1]["properties"]["depart_ms"] - legs[0]["properties"]["arrive_ms"]) / 3.6e6
    assert dandong["hours"] is None if expected < 0 else dandong["hours"] == pytest.approx(expected, abs=0.01)
    assert stops[0]["name"] == "Pyongyang Station"


def test_many_trips_fall_back_to_leader_layers_and_huge_data_is_simplified(monkeypatch):
    tracks = synthetic(450, legs_per_trip=10)
    groups, facts = payload.build_groups(tracks["features"])
    assert not facts["per_trip"] and len(groups) == 7
    assert all(g.stops for g in groups)
    monkeypatch.setattr(payload, "STOPS_MAX_LEGS", 100)
    monkeypatch.setattr(payload, "LARGE_LEGS", 200)
    thinned, facts = payload.build_groups(tracks["features"])
    assert facts["large"] and any("simplified" in n for n in facts["notices"])
    assert all(not g.stops for g in thinned)
    def size(gs):
        return sum(len(line) for g in gs for line in g.columns["line"])
    assert size(thinned) < size(groups)


# ---------- the page ----------

def _inline_scripts(html: str) -> list[str]:
    # what a browser runs: not the packed fixed part (a data block, type application/octet-stream)
    return [body for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
            if "src=" not in attrs and body.strip() and ("type=" not in attrs or "javascript" in attrs)]


@needs_node
def test_plugin_script_is_valid_javascript(tmp_path):
    path = tmp_path / "plugin.js"
    path.write_text(plugin_source(), encoding="utf-8")
    subprocess.run(["node", "--check", str(path)], check=True, capture_output=True)


@needs_node
@pytest.mark.parametrize("payload_text", PAYLOADS[:12] + ["`${x}`</script>\u2028<img src=x onerror=1>"])
def test_every_inline_script_passes_node_check_with_hostile_text(tmp_path, payload_text):
    html = map_html(with_text(hanoi_train(), payload_text), title=payload_text)
    scripts = _inline_scripts(html)
    assert scripts
    for index, body in enumerate(scripts):
        path = tmp_path / f"s{index}.js"
        path.write_text(body, encoding="utf-8")
        result = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[:500]


@pytest.mark.parametrize("payload_text", PAYLOADS)
def test_hostile_text_never_appears_raw_in_the_page(payload_text):
    html = map_html(with_text(hanoi_train(), payload_text), title=payload_text)
    neutral = map_html(with_text(hanoi_train(), "plain"), title="plain")
    if any(ch in payload_text for ch in "<>`"):
        # vendor scripts contain some of these characters themselves: compare counts
        assert html.count(payload_text) == neutral.count(payload_text)
    assert "window.__pwned=1</script>" not in html


@needs_assets
def test_page_uses_no_cdn_when_assets_are_installed():
    m = build_map(hanoi_train())
    html = m.get_root().render()
    assert not re.findall(r'(?:src|href)="https?://', html)
    assert m.notices == ["4 leg(s) not drawn: places not located."]


def test_missing_assets_fall_back_to_cdn_with_a_notice(monkeypatch, tmp_path):
    monkeypatch.setattr(assets, "VENDOR", tmp_path / "nothing")
    m = build_map(hanoi_train())
    html = m.get_root().render()
    assert 'src="https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js"' in html
    assert any("make assets" in notice for notice in m.notices)


def test_layer_names_reach_the_page_only_as_json_data():
    html = map_html(with_text(hanoi_train(), "<b>{{ 7*7 }}</b>", fields=("leader",)))
    # inside JSON.parse('…') (backslashes doubled); the page escapes it for the layer control
    assert "\\\\u003cb\\\\u003e\\\\u007b{ 7*7 }}\\\\u003c/b\\\\u003e" in html
    # (folium's element ids are random hex, which may hold "49": left out of the search)
    assert "<b>" not in html and "49" not in re.sub(r"[0-9a-f]{32}", "", html.split("<script")[0])


def test_template_syntax_in_user_text_is_not_evaluated():
    html = map_html(with_text(hanoi_train(), "{{ 7*7 }}{% if true %}JINJA{% endif %}"))
    # evaluated, it would leave "49JINJA"; kept as data, the braces are escaped
    assert "\\\\u007b{ 7*7 }}\\\\u007b% if true %}JINJA\\\\u007b% endif %}" in html
    assert "49JINJA" not in html


@needs_node
@pytest.mark.parametrize("payload_text", PAYLOADS)
def test_json_parse_script_gives_back_the_data_in_javascript(tmp_path, payload_text):
    data = {"text": payload_text, "list": [payload_text, 1.5, None], "nested": {"k": payload_text}}
    path = tmp_path / "parse.js"
    path.write_text("process.stdout.write(JSON.stringify(" + json_parse_script(data) + "));", encoding="utf-8")
    result = subprocess.run(["node", str(path)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == data


def test_coordinates_are_rounded_to_five_decimals():
    groups, facts = payload.build_groups(hanoi_train()["features"])
    line = groups[0].columns["line"][0]
    assert facts["line_scale"] == 1e5
    for lat, lon in decode_polyline(line):
        assert round(lat, 5) == lat and round(lon, 5) == lon


def test_thinned_lines_go_at_four_decimals_and_keep_their_ends():
    tracks = synthetic(payload.STOPS_MAX_LEGS + 10)
    groups, facts = payload.build_groups(tracks["features"])
    assert facts["line_scale"] == 1e4
    lines = [line for group in groups for line in group.columns["line"] if line]
    assert len(lines) > payload.STOPS_MAX_LEGS // 2
    starts = np.array([f["geometry"]["coordinates"][0][::-1] for f in tracks["features"] if f["geometry"]])
    for line in lines[:300]:
        points = decode_polyline(line, 4)
        assert all(round(lat, 4) == lat and round(lon, 4) == lon for lat, lon in points)
        # a leg still starts where its track does, to half the last decimal (after rounding to 5 first)
        assert np.abs(starts - np.array(points[0])).max(axis=1).min() <= 0.5e-4 + 0.5e-5 + 1e-9


def test_page_is_much_smaller_than_one_object_per_leg():
    tracks = synthetic(1000)
    html = map_html(tracks)
    points = sum(len(f["geometry"]["coordinates"]) for f in tracks["features"])
    # well under the ~40 bytes a point plain JSON coordinates would take
    assert len(html) < 1_000_000 + 20 * points


# ---------- basemap ----------

@pytest.mark.skipif(not assets.is_installed() and not (assets.NODE_MODULES / "world-atlas").is_dir(),
                    reason="world-atlas not installed (make assets)")
class TestBasemap:
    def test_land_and_sea(self):
        assert basemap.land_contains(125.75, 39.03)          # Pyongyang
        assert basemap.land_contains(106.73, 21.96)          # Dong Dang
        assert not basemap.land_contains(123.5, 36.5)        # Yellow Sea
        assert not basemap.land_contains(-30, 30)            # Atlantic
        assert basemap.land_contains(282.96, 38.9)           # Washington, continuous longitude

    def test_both_sides_of_the_date_line(self):
        assert basemap.land_contains(-175, 67) and basemap.land_contains(185, 67)   # Chukotka
        assert basemap.land_contains(178.0, -17.8) and basemap.land_contains(179.3, -16.5)  # Fiji

    def test_vectorised_variant_agrees(self):
        lons, lats = np.array([125.75, 123.5, -175]), np.array([39.03, 36.5, 67])
        assert basemap.land_contains_many(lons, lats).tolist() == [True, False, True]

    def test_no_ring_jumps_across_the_map_and_no_antarctica(self):
        collection = basemap.countries_geojson("110m")
        names = {f["properties"]["name"] for f in collection["features"]}
        assert "Antarctica" not in names and {"Russia", "Fiji"} <= names
        for f in collection["features"]:
            for polygon in f["geometry"]["coordinates"]:
                for ring in polygon:
                    lons = np.array([p[0] for p in ring])
                    assert np.all(np.abs(np.diff(lons)) < 180), f["properties"]["name"]

    def test_world_copies_follow_continuous_longitudes(self):
        assert basemap.world_copies_for(116, 283) == [0, 1]
        collection = basemap.countries_geojson("110m", copies=[0, 1])
        assert len(collection["features"]) == 2 * len(basemap.countries_geojson("110m")["features"])


def test_fullscreen_control_is_added_with_its_local_script():
    page = map_html(hanoi_train())
    assert re.search(r"L\.control\.fullscreen\(\s*\{[^}]*\"titleCancel\": \"Exit Full Screen\"", page)
    if assets.is_installed():   # served from the npm copy, never the CDN
        assert "cdn.jsdelivr.net/npm/leaflet.fullscreen" not in page


@pytest.mark.slow
def test_sessions_drawing_one_dataset_at_once_get_what_one_alone_gets():
    """The app's sessions share a dataset's page columns: built once, while others wait,
    and never changed under a session reading them."""
    from concurrent.futures import ThreadPoolExecutor

    from routes.geometry.trackset import as_trackset
    collection = synthetic(payload.STOPS_MAX_LEGS + 500)
    ids = [f["properties"]["leg_id"] for f in collection["features"]]
    picks = [ids, ids[::2], ids[1::3], ids[:700], ids]

    def page(tracks, leg_ids):
        groups, facts = payload.build_groups(tracks.subset(leg_ids))
        return json.dumps([payload.page_data(groups), facts["strings"]])

    alone = [page(as_trackset(collection), leg_ids) for leg_ids in picks]   # a fresh set each time
    shared = as_trackset(collection)
    with ThreadPoolExecutor(max_workers=len(picks)) as pool:
        together = list(pool.map(lambda leg_ids: page(shared, leg_ids), picks))
    assert together == alone
    assert len(shared.derived.page_columns) == len({payload.page_tolerance(len(p)) for p in picks})
