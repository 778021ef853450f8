"""Readable everywhere (issue #17), in the real app through AppTest: the Gantt chart's
axis says the year and its bars carry trip names; a link opens the section it names and
the Share section offers the link in a block with a copy button."""
from __future__ import annotations

from tests.test_app import new_app, section


def _specs(at) -> list[dict]:
    import json
    return [json.loads(chart.proto.spec) for chart in at.get("arrow_vega_lite_chart")] or \
        [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def test_gantt_axis_has_years_and_bars_have_trip_labels():
    at = new_app(leader=["Kim Jong Un"])
    section(at, "Statistics")
    layered = [spec for spec in _specs(at) if "layer" in spec]
    assert len(layered) == 1, "no layered Gantt chart"
    layers = layered[0]["layer"]
    marks = {(layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]) for layer in layers}
    assert marks == {"bar", "text"}
    text = next(layer for layer in layers if "text" in layer.get("encoding", {}))
    assert text["encoding"]["text"]["field"] == "trip"
    for layer in layers:
        assert "%Y" in layer["encoding"]["x"]["axis"]["format"]


def test_a_link_opens_its_section_and_share_shows_a_copyable_link():
    at = new_app(s="statistics")
    assert at.button_group(key="section").value == "Statistics"
    section(at, "Share")
    links = [c.value for c in at.code]
    assert len(links) == 1 and "s=share" in links[0] and links[0].startswith("http")
