"""The page writes the times' texts again from their instants (routes/mapview/columns.py,
written_times; LR.timeText): run in Node on real page data, every text comes out as the
itinerary wrote it, and a text the page could not write again goes as it is."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from routes.geometry.trackset import as_trackset
from routes.mapview import payload
from routes.mapview.columns import written_times
from routes.view.pipeline import load_bundled, prepare

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")

# the page's own scripts, loaded as the JS tests load them; legs as the popups read them
READER = """
const { LR } = require(%s).loadScripts();
const page = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const out = [];
for (const group of page.groups) {
  const legs = LR.columnsToLegs(LR.unpackColumns(group.columns), page.strings);
  legs.forEach((leg) => out.push([leg.depart || '', leg.arrive || '']));
}
process.stdout.write(JSON.stringify(out));
"""


def page_times(tracks) -> tuple[list[list[str]], dict]:
    groups, facts = payload.build_groups(tracks, per_trip=False)
    page = {"groups": payload.page_data(groups), "strings": facts["strings"]}
    script = READER % json.dumps(str(ROOT / "tests" / "js" / "load.js"))
    result = subprocess.run(["node", "-e", script], input=json.dumps(page), capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout), page


def expected_times(tracks) -> list[list[str]]:
    frame = as_trackset(tracks).properties
    groups, _ = payload.build_groups(tracks, per_trip=False)
    rows = [frame[frame["leader"] == g.leader] for g in groups]
    return [[str(d or ""), str(a or "")] for part in rows for d, a in zip(part["depart"], part["arrive"])]


@pytest.fixture(scope="module")
def bundled():
    return prepare(load_bundled()).features


def test_the_bundled_times_are_written_again_exactly(bundled):
    frame = as_trackset(bundled).properties
    assert written_times(frame, "depart") is not None and written_times(frame, "arrive") is not None
    written, page = page_times(bundled)
    assert all("depart" not in g["columns"] and "depart_zone" in g["columns"] for g in page["groups"])
    assert sorted(map(tuple, written)) == sorted(map(tuple, expected_times(bundled)))
    assert any("+09:00" in depart for depart, _ in written)          # offsets kept
    assert any(len(depart) == 10 for depart, _ in written)           # day-only dates stay days


def test_zones_and_seconds_give_their_offsets_and_zone_texts(bundled):
    # what the page then writes from them: tests/js/routes.test.js (timeText)
    frame = as_trackset(bundled).properties.copy()
    moments = {0: ("2019-02-26T08:15:30Z", "second", pd.Timestamp("2019-02-26T08:15:30Z")),
               2: ("2019-02-23T17:00[Asia/Pyongyang]", "minute", pd.Timestamp("2019-02-23T08:00Z")),
               3: ("2019-02", "month", pd.Timestamp("2019-02-01T00:00Z"))}
    for row, (text, precision, instant) in moments.items():
        frame.loc[row, ["depart", "depart_precision", "depart_ms"]] = [text, precision, instant.value // 10**6]
    offset, zones = written_times(frame, "depart")
    assert offset[0] == 0 and zones[0] == "Z"
    assert offset[2] == 540 and zones[2] == "[Asia/Pyongyang]"
    assert offset[3] == 0 and zones[3] == ""


def test_a_text_the_page_cannot_write_again_goes_as_it_is(bundled):
    frame = as_trackset(bundled).properties.copy()
    known = frame.index[frame["depart"].astype(str).str.len() > 0][0]
    frame.loc[known, "depart_ms"] = frame.loc[known, "depart_ms"] + 1      # not the text's instant
    assert written_times(frame, "depart") is None
    frame.loc[known, "depart"] = "about noon"
    assert written_times(frame, "depart") is None
