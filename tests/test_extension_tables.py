"""One table per extension point, read by every consumer: modes (routes.itinerary.modes.TABLE), export
formats (routes.export.formats.FORMATS) and basemaps (routes.mapview.basemap.BASEMAPS_TABLE)."""
from __future__ import annotations

import json

from routes.draft.mentions import find_modes
from routes.export import command
from routes.export.formats import BY_EXTENSION, BY_KEY, FORMATS
from routes.export.permalink import BASEMAPS as LINK_BASEMAPS
from routes.geometry import measure
from routes.itinerary import modes
from routes.mapview import build, style
from routes.mapview.basemap import BASEMAP_BY_KEY, BASEMAPS, BASEMAPS_TABLE
from tests.conftest import ROOT


def test_every_mode_is_read_back_by_its_name_and_its_words():
    for mode in modes.TABLE:
        assert modes.parse_mode(mode.name) == mode.name
        single = mode.words
        for phrase in mode.phrases:
            single = single.replace(phrase, " ")
        for word in single.split():
            assert modes.parse_mode(word) in modes.MODES
        for phrase in mode.phrases:
            assert phrase in mode.words and modes.parse_mode(phrase) == mode.name


def test_the_map_the_checks_and_the_drafts_take_their_modes_from_the_table():
    assert list(style.MODE_STYLES) == [m.name for m in modes.TABLE if m.name != modes.UNKNOWN]
    assert style.UNKNOWN_MODE == modes.BY_NAME[modes.UNKNOWN].style
    assert measure.MAX_AVERAGE_KMH is modes.MAX_AVERAGE_KMH
    assert modes.MAX_AVERAGE_KMH == {"train": 250.0, "car": 150.0}   # the limits that were applied
    assert style.leg_style("train", "#000")["lineCap"] == "butt"
    assert style.leg_style("flight", "#000")["lineCap"] == "round"
    assert [m.mode for m in find_modes("Er reiste mit dem Sonderzug.")] == ["train"]


def test_the_data_package_lists_the_tables_modes():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for resource in package["resources"] for f in resource["schema"]["fields"]}
    assert fields["mode"]["constraints"]["enum"] == list(modes.MODES)


def test_the_command_line_writes_the_tables_formats_by_extension():
    assert command.FORMATS == {f.extension: f.label for f in FORMATS if f.command_line}
    assert set(BY_EXTENSION) == {".html", ".png", ".svg", ".geojson", ".kml", ".csv"}
    assert len(BY_KEY) == len(FORMATS)
    assert all(f.file_name.endswith(f.extension) and "/" in f.mime for f in FORMATS)


def test_links_the_sidebar_and_the_map_take_their_basemaps_from_the_table():
    assert LINK_BASEMAPS == BASEMAPS == tuple(b.key for b in BASEMAPS_TABLE)
    assert BASEMAPS[0] == "offline"
    assert [t[0] for t in build.ONLINE_TILES] == [b.key for b in BASEMAPS_TABLE if b.tiles]
    assert build.OFFLINE_LABEL == BASEMAP_BY_KEY["offline"].layer
