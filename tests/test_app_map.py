"""The map inside the Streamlit app (issue #6): a constant base map, routes swapped per
filter, only the events the app uses, the clicked leg read from the popup."""
from __future__ import annotations

import base64
import json
import re

import pytest
import streamlit_folium
from streamlit.testing.v1 import AppTest

from routes.mapview.build import build_base_map, routes_layer
from routes.mapview.plugin import LEG_ID_LABEL, leg_id_from_popup_text, plugin_sources
from tests.conftest import ROOT
from tests.map_tracks import hanoi_train
from ui import mapcomponent, mapview

TIMEOUT = 180


def _map_args(at: AppTest) -> dict:
    components = [c for c in at.get("component_instance") if c.proto.component_name.endswith(mapcomponent.NAME)]
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


def _routes_config(script: str) -> dict:
    literal = script.split("JSON.parse('", 1)[1].rsplit("')", 1)[0]
    return json.loads(literal.replace("\\\\", "\\"))


@pytest.fixture(scope="module")
def app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def _base():
    return build_base_map(leaders={"Kim Jong Un": "#0072B2"}, modes=["train"], bounds=[[20, 100], [42, 130]])


def _same_up_to_ids(text: str) -> str:
    # folium names each element with a random hex id; streamlit-folium renames most of them
    return re.sub(r"_[0-9a-f]{32}", "_ID", text) if isinstance(text, str) else text


def test_frame_sends_what_st_folium_would_send(monkeypatch):
    ours = mapview.frame_args(_base())
    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))
    streamlit_folium.st_folium(_base(), key=mapview.COMPONENT_KEY, height=mapview.HEIGHT,
                               returned_objects=mapview.RETURNED, use_container_width=True)
    for name in ("script", "header", "html", "id", "key", "default", "returned_objects", "height", "width"):
        assert _same_up_to_ids(ours[name]) == _same_up_to_ids(sent[name]), name
    assert re.search(r"LeaderRoutes\.mountBase\(\s*map_div,", ours["script"])
    # the same scripts and styles, in the same order: st_folium inlines each, ours are one file
    # of each kind in the component's folder, named by its content
    assert ours["css_links"] == sent["css_links"]      # styles inlined: they apply before the layout
    for name, extension in (("js_links", ".js"),):
        assert all(link.startswith("data:") for link in sent[name])
        (bundle,) = ours[name]
        assert bundle.startswith(f"{mapcomponent.SERVED}/") and bundle.endswith(extension)
        content = (mapcomponent.FOLDER / bundle).read_bytes()
        position = 0
        for inlined in sent[name]:
            payload = base64.b64decode(inlined.split("base64,", 1)[1])
            position = content.index(payload, position) + len(payload)     # each, in order
        assert ours[name] == mapcomponent.served(sent[name])       # the same name every time


def test_a_changed_file_gets_a_new_bundle_and_other_links_keep_their_place():
    one, other, css = (f"data:{mime};charset=utf-8;base64,{base64.b64encode(text).decode()}"
                       for mime, text in (("text/javascript", b"var a = 1; // end"), ("text/javascript", b"var b = 2;"),
                                          ("text/css", b"p { }")))
    first = mapcomponent.served([one, other])
    assert len(first) == 1 and first[0].endswith(".js")
    assert (mapcomponent.FOLDER / first[0]).read_text().startswith("var a = 1; // end\n")   # not swallowed
    changed = mapcomponent.served([one, one])
    assert changed != first
    kept = mapcomponent.served([one, "https://example.org/x.js", other, css])
    assert kept[1] == "https://example.org/x.js" and len(kept) == 4 and kept[3].endswith(".css")


def test_routes_script_mounts_on_the_components_map_variable():
    script = routes_layer(hanoi_train()).script_for(mapview.MAP_VARIABLE)
    assert script.startswith("window.feature_group = LeaderRoutes.mountRoutes(map_div, JSON.parse('")
    with pytest.raises(ValueError):
        routes_layer(hanoi_train()).script_for("map_div); alert(1")


def test_popup_label_matches_the_page_script():
    assert f"LR.LEG_ID_LABEL = '{LEG_ID_LABEL}';" in plugin_sources()["leader_routes.js"]


@pytest.mark.parametrize("text, expected", [
    ("Pyongyang \u2192 Dandong\nDeparts\t23 Feb 2019\nleg id: Kim Jong Un|2019-02 Hanoi summit|1",
     "Kim Jong Un|2019-02 Hanoi summit|1"),
    ("Dong Dang\nArrived 26 Feb 2019", None), (None, None), ("", None),
])
def test_leg_id_from_popup_text(text, expected):
    assert leg_id_from_popup_text(text) == expected


def test_clicked_leg_prefers_the_popup_and_falls_back_to_the_nearest_leg(bundled_prepared):
    legs = bundled_prepared.legs
    shown = set(legs["leg_id"])
    some = legs["leg_id"].iloc[3]
    popup = {"last_object_clicked_popup": f"x \u2192 y\n{LEG_ID_LABEL}{some}",
             "last_object_clicked": {"lat": 0.0, "lng": 0.0}}
    assert mapview.clicked_leg(popup, bundled_prepared, shown) == some
    assert mapview.clicked_leg(popup, bundled_prepared, shown - {some}) is None     # filtered out since
    feature = next(f for f in bundled_prepared.features["features"] if f["geometry"])
    lon, lat = feature["geometry"]["coordinates"][0]
    nearest = mapview.clicked_leg({"last_object_clicked": {"lat": lat, "lng": lon}}, bundled_prepared, shown)
    assert nearest in shown
    assert mapview.clicked_leg({}, bundled_prepared, shown) is None


def test_filter_change_keeps_the_base_map_and_swaps_only_the_routes(app):
    before = _map_args(app)
    assert before["returned_objects"] == mapview.RETURNED
    # The viewport comes back (the permalink holds it); the map is not remounted for it.
    assert {"center", "zoom"} <= set(before["returned_objects"])
    app.multiselect(key="leaders").set_value(["Donald Trump"]).run()
    assert not app.exception
    after = _map_args(app)
    # same key and script: the component is not remounted, the reader's view stays
    assert after["key"] == before["key"] and after["script"] == before["script"]
    assert after["feature_group"] != before["feature_group"]
    assert {g["leader"] for g in _routes_config(after["feature_group"])["groups"]} == {"Donald Trump"}
    assert "Kim Jong Un" in {g["leader"] for g in _routes_config(before["feature_group"])["groups"]}
    # the legend lists every leader of the dataset whatever the filter
    assert "Kim Jong Un" in after["script"] and "Donald Trump" in after["script"]


def test_basemap_choice_is_part_of_the_base_map(app):
    before = _map_args(app)
    app.selectbox(key="basemap").set_value("osm").run()
    assert not app.exception
    assert _map_args(app)["key"] != before["key"]
    app.selectbox(key="basemap").set_value("offline").run()
    assert _map_args(app)["key"] == before["key"]


def test_the_apps_map_takes_its_land_from_the_served_scripts_not_from_every_rerun():
    from routes.mapview.landscript import LAND_VARIABLE, land_script

    base = build_base_map(leaders={"Kim Jong Un": "#0072B2"}, modes=["train"], bounds=[[20, 100], [42, 130]],
                          land_apart=True)
    args = mapview.frame_args(base)
    assert LAND_VARIABLE in args["script"] and '"MultiPolygon"' not in args["script"]
    assert len(args["script"]) < 100_000
    (bundle,) = args["js_links"]
    assert land_script().encode("utf-8") in (mapcomponent.FOLDER / bundle).read_bytes()
    # a map built to be one file (an export) still carries its land
    assert "MultiPolygon" in _base().get_root().render()
