import colorsys
import io
import warnings
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from routes.export.png import map_frame, static_map
from routes.mapview import basemap
from routes.mapview.style import assign_colours
from tests.export_samples import BEIJING_STATION, HICKAM, PYONGYANG_STATION, kim_and_trump


@pytest.fixture(scope="module", autouse=True)
def needs_basemap():
    try:
        basemap.topojson_path("110m")
    except basemap.BasemapMissing:
        pytest.skip("offline basemap not installed (make assets)")


def kim_only() -> dict:
    collection = kim_and_trump()
    collection["features"] = [f for f in collection["features"] if f["properties"]["leader"] == "Kim Jong Un"]
    return collection


def _hue_saturation(rgb) -> tuple[float, float]:
    h, _, _v = colorsys.rgb_to_hsv(*(c / 255 for c in rgb))
    s = (max(rgb) - min(rgb)) / max(max(rgb), 1)
    return h * 360, s


def route_pixels(image: Image.Image, centre, colour_hex: str, radius: int) -> int:
    """Pixels near `centre` whose hue is the leader's (lines are drawn translucent, so the
    hue survives blending with the pale land better than the exact RGB does)."""
    target = tuple(int(colour_hex[i:i + 2], 16) for i in (1, 3, 5))
    target_hue, _ = _hue_saturation(target)
    pixels = np.asarray(image.convert("RGB"))
    column, row = round(centre[0]), round(centre[1])
    window = pixels[max(row - radius, 0):row + radius + 1, max(column - radius, 0):column + radius + 1]
    count = 0
    for rgb in window.reshape(-1, 3):
        hue, saturation = _hue_saturation(tuple(int(v) for v in rgb))
        if saturation > 0.2 and min(abs(hue - target_hue), 360 - abs(hue - target_hue)) < 15:
            count += 1
    return count


@pytest.mark.parametrize("scale", [1, 2])
def test_png_has_route_colour_at_beijing_and_pyongyang_and_not_elsewhere(scale):
    features = kim_only()
    image = Image.open(io.BytesIO(static_map(features, title="Kim Jong Un", scale=scale)))
    assert image.size == (1200 * scale, 800 * scale)
    frame = map_frame(features, scale=scale)
    colour = assign_colours(["Kim Jong Un"])["Kim Jong Un"]
    for place in (BEIJING_STATION, PYONGYANG_STATION):
        assert route_pixels(image, frame.pixel(*place), colour, 8 * scale) >= 5 * scale, place
    # a point of the same map far from the line: the check can fail
    empty = frame.pixel(121.0, 36.9)
    assert route_pixels(image, empty, colour, 8 * scale) == 0


@pytest.mark.slow
def test_png_is_not_blank():
    pixels = np.asarray(Image.open(io.BytesIO(static_map(kim_and_trump(), title="t"))).convert("RGB"))
    colours = np.unique(pixels.reshape(-1, 3), axis=0)
    assert len(colours) > 100
    # sea and land both present: the basemap was drawn
    assert (np.abs(pixels.astype(int) - [0xdc, 0xe9, 0xf2]).sum(axis=2) < 6).mean() > 0.05
    assert (np.abs(pixels.astype(int) - [0xf4, 0xf1, 0xea]).sum(axis=2) < 6).mean() > 0.02


def test_a_date_line_route_is_drawn_in_one_piece_across_the_pacific():
    features = kim_and_trump()
    frame = map_frame(features)
    # Guam and Hickam both fall inside the image, on the same side of one map copy
    for place in (HICKAM, PYONGYANG_STATION):
        column, row = frame.pixel(*place)
        assert 0 < column < 1200 and 0 < row < 800, place
    assert frame.pixel(*HICKAM)[0] > frame.pixel(*PYONGYANG_STATION)[0]  # Hawaii east of Korea


def test_svg_is_valid_xml_with_the_title_text():
    data = static_map(kim_only(), title="Kim Jong Un & <Xi>", fmt="svg")
    root = ET.fromstring(data)
    assert root.tag.endswith("svg")
    assert b"<Xi>" not in data


def test_dollar_signs_do_not_switch_to_math_mode():
    # "$x$" would be typeset (or raise) as mathtext if passed through unescaped
    data = static_map(kim_only(), title="Costs $5 and $6 $\\frac{1}{0}$", subtitle="$$")
    assert Image.open(io.BytesIO(data)).size == (1200, 800)


def test_an_empty_view_still_renders_a_world_map():
    image = Image.open(io.BytesIO(static_map({"type": "FeatureCollection", "features": []}, title="None")))
    assert image.size == (1200, 800)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        static_map(kim_only(), title="x", fmt="gif")
    with pytest.raises(ValueError):
        static_map(kim_only(), title="x", scale=3)


def test_cjk_and_cyrillic_labels_have_glyphs():
    from matplotlib import font_manager
    try:
        font_manager.findfont("Noto Sans CJK JP", fallback_to_default=False)
    except ValueError:
        pytest.skip("Noto Sans CJK not installed (Debian fonts-noto-cjk)")
    collection = kim_only()
    collection["features"][0]["properties"]["origin"] = "평양역"
    collection["features"][0]["properties"]["destination"] = "北京站"
    collection["features"][1]["properties"].update(origin="北京站", destination="평양역")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        static_map(collection, title="Ким Чен Ын 김정은", fmt="png")
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []


def test_routes_round_the_world_get_a_whole_world_frame_centred_on_them():
    from tests.export_samples import feature, line_between
    collection = {"type": "FeatureCollection", "features": [
        feature("A", "t", 1, "flight", line_between((116.4, 39.9), (-77.0, 38.9)), "Beijing", "Washington"),
        feature("A", "t", 2, "flight", line_between((-77.0, 38.9), (2.35, 48.85)), "Washington", "Paris"),
        feature("A", "t", 3, "flight", line_between((2.35, 48.85), (116.4, 39.9)), "Paris", "Beijing"),
    ]}
    frame = map_frame(collection)
    assert frame.lon_max - frame.lon_min >= 360
    for lon, lat in ((116.4, 39.9), (-77.0, 38.9), (2.35, 48.85)):
        column, row = frame.pixel(lon, lat)
        assert 0 <= column <= 1200 and 0 <= row <= 800, (lon, lat)
