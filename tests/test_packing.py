"""The page's packed number columns (routes/mapview/packing.py) give back exactly the
values the page would have read as JSON: in Python, and through LR.unpack in Chromium."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routes.mapview import assets, payload
from routes.mapview.build import map_html
from routes.mapview.packing import PACKED, pack, split, unpack
from tests.browser import offline_page, require_browser
from tests.map_tracks import hanoi_train, synthetic

MS_1906, MS_2100 = -2_019_686_400_000, 4_102_444_800_000


def expected(values: np.ndarray, decimals: int) -> list:
    """What the JSON column held: the rounded value, None where unknown."""
    if values.dtype == bool:
        return values.tolist()
    return [None if not math.isfinite(v) else round(v, decimals) for v in values.tolist()]


def groups_of(values: np.ndarray, cuts: list[int]) -> np.ndarray:
    return np.array(sorted({0, *[c % (len(values) + 1) for c in cuts]}), dtype=np.int64)


def round_trip(values: np.ndarray, starts: np.ndarray, decimals: int, delta: bool) -> list[list]:
    column, ends = pack(values, starts, decimals, delta)
    return [unpack(part) for part in split(column, ends)]


@settings(max_examples=300, deadline=None, database=None)
@given(values=st.lists(st.one_of(st.none(), st.integers(MS_1906, MS_2100)), max_size=60),
       minutes=st.booleans(), cuts=st.lists(st.integers(0, 60), max_size=5), delta=st.booleans())
def test_times_come_back_to_the_millisecond(values, minutes, cuts, delta):
    numbers = np.array([np.nan if v is None else float(v - v % 60_000 if minutes else v) for v in values])
    starts = groups_of(numbers, cuts)
    got = round_trip(numbers, starts, 0, delta)
    bounds = list(starts) + [len(numbers)]
    for part, a, b in zip(got, bounds, bounds[1:]):
        assert part == expected(numbers[a:b], 0)


@settings(max_examples=300, deadline=None, database=None)
@given(values=st.lists(st.one_of(st.none(), st.floats(-1e7, 1e7, allow_nan=False)), max_size=60),
       decimals=st.sampled_from([0, 1, 2]), cuts=st.lists(st.integers(0, 60), max_size=5))
def test_rounded_numbers_come_back_as_the_same_floats(values, decimals, cuts):
    # the page columns hold numbers already rounded (columns._numbers): pack sees those
    numbers = np.array([np.nan if v is None else v for v in values], dtype=float).round(decimals)
    starts = groups_of(numbers, cuts)
    got = round_trip(numbers, starts, decimals, False)
    bounds = list(starts) + [len(numbers)]
    for part, a, b in zip(got, bounds, bounds[1:]):
        assert part == expected(numbers[a:b], decimals)
        # the very same doubles, not merely equal after rounding (JavaScript has only doubles)
        # (−0 comes back as 0: JavaScript shows both as "0")
        def as_doubles(vs):
            return [None if v is None else (float(v) + 0.0).hex() for v in vs]
        assert as_doubles(part) == as_doubles(expected(numbers[a:b], decimals))


def test_flags_and_empty_groups():
    flags = np.array([True, False, False, True])
    assert round_trip(flags, np.array([0, 0, 2, 4]), 0, False) == [[], [True, False], [False, True], []]
    assert round_trip(np.zeros(0), np.array([0]), 0, True) == [[]]


def test_numbers_the_page_cannot_add_up_exactly_stay_json():
    # the page sums 5-bit groups as doubles: codes must stay below 2^53
    assert pack(np.array([2.0 ** 51]), np.array([0])) is None
    assert pack(np.array([1e300, np.nan]), np.array([0])) is None
    assert pack(np.array([2.0 ** 51 - 1, -(2.0 ** 51 - 1)]), np.array([0]), 0, True) is not None
    groups, _ = payload.build_groups(synthetic(20))
    groups[0].columns["distance_km"] = np.full(len(groups[0].columns["distance_km"]), 1e300)
    page = payload.page_data(groups)
    assert page[0]["columns"]["distance_km"] == groups[0].as_data()["columns"]["distance_km"]
    assert isinstance(page[0]["columns"]["leg_id"], dict)


def test_minutes_pack_shorter_than_milliseconds():
    minutes = np.arange(1000, dtype=float) * 3_600_000 + 1_546_300_800_000
    packed_minutes, _ = pack(minutes, np.array([0]), 0, True)
    packed_ms, _ = pack(minutes + 1, np.array([0]), 0, True)
    assert packed_minutes["unit"] == 60_000 and packed_ms["unit"] == 1
    assert len(packed_minutes["packed"]) < len(packed_ms["packed"]) / 2


def test_page_groups_hold_the_columns_build_groups_made():
    groups, _ = payload.build_groups(synthetic(300))
    pages = payload.page_data(groups)
    # leg ids and the times' texts are written again by the page (columns.py)
    assert set(PACKED) - {"leg_id", "depart", "arrive"} <= set(pages[0]["columns"])
    for group, page in zip(groups, pages):
        lists = group.as_data()["columns"]
        unpacked = {name: unpack(column) for name, column in page["columns"].items()}
        # one source a leg: a number column "source" instead of a list per leg
        sources = lists.pop("sources")
        assert unpacked.pop("source") == [cited[0] if cited else None for cited in sources]
        assert unpacked == lists
        assert all(isinstance(page["columns"][name], dict) for name in PACKED if name in page["columns"])


def test_sources_stay_lists_when_a_leg_cites_more_than_one():
    tracks = synthetic(50)
    tracks["features"][3]["properties"]["source"] = "https://example.org/a ; https://example.org/b"
    groups, facts = payload.build_groups(tracks)
    page = payload.page_data(groups)
    assert all("source" not in group["columns"] for group in page)
    cited = [[facts["strings"][i] for i in sources] for group in page for sources in group["columns"]["sources"]]
    assert ["https://example.org/a", "https://example.org/b"] in cited


@pytest.mark.browser
@pytest.mark.skipif(not assets.is_installed(), reason="map assets not installed (make assets)")
def test_the_page_unpacks_what_python_packed(tmp_path):
    require_browser()
    rng = np.random.default_rng(5)
    columns = {
        "ms": (np.where(rng.random(200) < 0.1, np.nan, rng.integers(MS_1906, MS_2100, 200).astype(float)), 0, True),
        "minutes": ((rng.integers(0, 10**8, 200) * 60_000).astype(float), 0, True),
        "km": (np.where(rng.random(200) < 0.2, np.nan, rng.uniform(-5e4, 5e4, 200).round(1)), 1, False),
        "hours": (rng.uniform(0, 100, 200).round(2), 2, False),
        "index": (rng.integers(0, 150_000, 200).astype(float), 0, False),
        "flags": (rng.random(200) < 0.5, 0, False),
        # the largest the page can sum exactly: differences up to 2^52, codes up to 2^53
        "edge": (np.array([2.0 ** 51 - 1, -(2.0 ** 51 - 1), 0.0, 2.0 ** 51 - 1, np.nan]), 0, True),
    }
    packed = {name: pack(values, np.array([0]), decimals, delta)[0]
              for name, (values, decimals, delta) in columns.items()}
    path = tmp_path / "page.html"
    path.write_text(map_html(hanoi_train()), encoding="utf-8")
    with offline_page() as session:
        session.page.goto(session.file_url(path))
        session.page.wait_for_function("window.LeaderRoutes && typeof LeaderRoutes.unpack === 'function'")
        got = session.page.evaluate("(cols) => JSON.stringify(LeaderRoutes.unpackColumns(cols))", packed)
        assert session.errors == []
    got = json.loads(got)
    for name, (values, decimals, _) in columns.items():
        assert got[name] == unpack(packed[name]) == expected(values, decimals), name


def test_where_was_everyone_goes_packed_and_comes_back_the_same():
    from routes.mapview.packing import pack_rows
    from routes.view.whereabouts import ROW_PACKING
    rows = [[0, 1, 2, 3, 4, 1.5465e12, 1.5465e12, 1.5466e12, None, 1.5465e12 + 0.4, None, 39.90139, 125.75417],
            [5, 1, 3, 2, 4, None, None, 1.5467e12, 1.5467e12 + 60_000, None, None, -33.86785, -151.20732]]
    columns = pack_rows(rows, ROW_PACKING)
    back = [unpack(column) for column in columns]
    for k in range(len(ROW_PACKING)):
        expected = [row[k] if row[k] is None else round(row[k], ROW_PACKING[k][0]) for row in rows]
        assert back[k] == pytest.approx(expected, abs=1e-9), k
