"""Exports take the view the reader is looking at (issue #17) unless asked for every
route: the HTML page opens at the map's centre and zoom, the images show the map's
bounds."""
from __future__ import annotations

import re

import pytest

from routes.export.png import map_frame
from routes.export.snapshot import render_all
from routes.mapview.build import map_html

KOREA = [[33.0, 124.0], [43.0, 131.0]]


def test_image_frame_is_the_view_not_the_routes(bundled_prepared):
    whole = map_frame(bundled_prepared.features)
    view = map_frame(bundled_prepared.features, view_bounds=KOREA)
    assert whole.lon_max - whole.lon_min > 100          # the bundled routes span the world
    assert view.lon_min <= 124.0 and view.lon_max >= 131.0 and view.lat_min <= 33.0 and view.lat_max >= 43.0
    assert view.lon_max - view.lon_min < 30
    # the view's centre is the image's centre
    column, _row = view.pixel(127.5, 38.0)
    left, _bottom, width, _height = view.axes
    assert column == pytest.approx((left + width / 2) * view.width_px, abs=2)


def test_a_view_panned_past_the_date_line_is_brought_back():
    frame = map_frame({"type": "FeatureCollection", "features": []}, view_bounds=[[30.0, 480.0], [45.0, 495.0]])
    assert (frame.lon_min + frame.lon_max) / 2 == pytest.approx(127.5)     # 487.5° is 127.5°
    assert (frame.lat_min + frame.lat_max) / 2 == pytest.approx(37.5)


def test_html_opens_at_the_view_and_does_not_refit(bundled_prepared):
    page = map_html(bundled_prepared.features, title="t", view={"center": [39.02, 125.75], "zoom": 6.5})
    assert re.search(r"center:\s*\[39\.02,\s*125\.75\]", page)
    assert re.search(r'"zoom": 6\.5,', page)
    assert ".fitBounds(" not in page


@pytest.mark.slow
def test_render_all_follows_the_view_unless_it_is_none(bundled_prepared):
    legs = bundled_prepared.legs[bundled_prepared.legs["leader"] == "Kim Jong Un"]
    view = {"center": [39.0, 125.7], "zoom": 6, "bounds": KOREA}
    shown = render_all(bundled_prepared, legs, title="Kim", view=view)
    every = render_all(bundled_prepared, legs, title="Kim", view=None)
    assert shown["png"] != every["png"] and shown["svg"] != every["svg"]
    assert b".fitBounds(" in every["html"] and b".fitBounds(" not in shown["html"]
