"""Many leaders stay apart (issue #17): twenty colours that differ from each other and from
the land they are drawn on, then a second cue (the mark) for leaders whose colour comes
round again; both stable whatever is filtered, and the same in the page's data."""
from __future__ import annotations

import math

import pytest

from routes.mapview import style
from routes.mapview.basemap import LAND_COLOUR
from routes.mapview.payload import build_groups, legend_of
from tests.map_tracks import hanoi_train, with_text

MIN_DELTA_E = 19      # CIE76 distance between any two palette colours
MIN_ON_LAND = 40      # … and between each colour and the land


def _lab(colour: str) -> tuple[float, float, float]:
    """sRGB hex → CIELAB (D65), the usual formulas (IEC 61966-2-1, CIE 1976)."""
    def linear(c):
        return ((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92
    r, g, b = (linear(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _delta_e(a: str, b: str) -> float:
    return math.dist(_lab(a), _lab(b))


def test_twenty_colours_apart_from_each_other_and_from_the_land():
    palette = style.PALETTE
    assert len(palette) >= 20 and len({c.lower() for c in palette}) == len(palette)
    closest = min(_delta_e(a, b) for i, a in enumerate(palette) for b in palette[i + 1:])
    assert closest >= MIN_DELTA_E
    assert min(_delta_e(c, LAND_COLOUR) for c in palette) >= MIN_ON_LAND


@pytest.mark.parametrize("count", [5, 20, 21, 47, 80])
def test_no_two_leaders_share_colour_and_mark(count):
    leaders = [f"President {i}" for i in range(count)]
    palette = style.assign_colours(leaders)
    marks = style.assign_marks(palette)
    pairs = {(palette[name], marks[name]) for name in leaders}
    assert len(pairs) == count
    if count <= len(style.PALETTE):
        assert len(set(palette.values())) == count and set(marks.values()) == {"circle"}


def test_colour_and_mark_do_not_change_with_filters_or_order():
    leaders = [f"Leader {i}" for i in range(30)]
    palette = style.assign_colours(leaders)
    marks = style.assign_marks(palette)
    again = style.assign_colours(reversed(leaders))
    assert again == palette and style.assign_marks(again) == marks
    # a view of a few leaders takes the whole dataset's palette: same colours, same marks
    shown = leaders[21:24]
    for name in shown:
        assert style.leader_colour(name, palette) == palette[name]
        assert style.leader_mark(name, palette) == marks[name]


def test_the_page_data_carries_each_leaders_colour_and_mark():
    tracks = hanoi_train()
    features = []
    names = [f"Leader {i}" for i in range(22)]
    for name in names:
        features.extend(with_text(tracks, name, fields=("leader",))["features"])
    collection = {"type": "FeatureCollection", "features": features}
    palette = style.assign_colours(names)
    marks = style.assign_marks(palette)
    groups, _ = build_groups(collection, palette=palette)
    assert {g.leader: (g.colour, g.mark) for g in groups} == {n: (palette[n], marks[n]) for n in names}
    assert len({(g.colour, g.mark) for g in groups}) == len(names)
    leaders, _ = legend_of(collection, palette)
    assert dict(leaders) == palette


def test_a_leg_of_unreported_mode_is_named_so_in_every_legend():
    # "Other" read as a mode the data gave; the data gave none
    from routes.export.png import _mode_handle
    assert style.client_styles()["unknown"]["label"] == "Mode not reported"
    assert _mode_handle("unknown").get_label() == "Mode not reported"
    assert _mode_handle("balloon").get_label() == "balloon"      # outside the table: as written
