"""Nothing the data or a link carries becomes Markdown, HTML, a link or an image in the app.

Streamlit renders most strings as Markdown with its extras (colours, icons, shortcodes,
LaTeX, GFM autolinks). Every payload of tests/payloads.py goes into every text field of an
upload (and its file name), every link parameter, a mapped header and a drafted story; the
real app runs through AppTest, and every string of every element it sends is checked: where
Streamlit would read it as Markdown, no construct the data wrote may be live; links only to
the validated http(s) sources, labelled with their host; no image at all.
"""
from __future__ import annotations

import csv
import io
import re

import pytest
from streamlit.testing.v1 import AppTest

from routes.mapview.escape import safe_url
from tests.conftest import ROOT
from tests.payloads import MARKDOWN, PAYLOADS
from tests.test_injection import hostile_csv
from ui.plain import WORD_JOINER, md, source_link
from ui.share import DROPPED_LINK_NOTICE

TIMEOUT = 300

# Fields Streamlit shows as plain text (never Markdown): the payloads may appear there as they are.
PLAIN = {("Text", "body"), ("Selectbox", "options"), ("Selectbox", "raw_value"), ("Selectbox", "default"),
         ("MultiSelect", "options"), ("MultiSelect", "raw_values"), ("MultiSelect", "default"),
         ("TextInput", "value"), ("TextInput", "default"), ("TextArea", "value"), ("TextArea", "default"),
         ("Code", "code_text"), ("ButtonGroup", "options"), ("LinkButton", "url")}

# Elements with their own escaping and tests: the map frame (tests/test_map_injection.py,
# tests/test_app_browser.py) and Vega-Lite specs (data as JSON; tooltips escape HTML).
OWN_CHECKS = {"ComponentInstance", "ArrowVegaLiteChart", "VegaLiteChart"}
IDENTIFIERS = {"id", "form_id", "key", "element_id", "fragment_id", "url", "data", "column_order", "format",
               "min", "max", "default", "value", "mime_type", "file_name"}

# What stays live in Streamlit Markdown. Syntax (links, images, HTML, directives, LaTeX) is
# stopped by a backslash; autolinks, emoji and icon shortcodes are matched in the text left
# once escapes are resolved (seen in Chromium), so those are looked for there.
_UNESCAPED = r"(?<!\\)(?:\\\\)*"
SYNTAX = {
    "link, image or directive": re.compile(_UNESCAPED + r"\["),
    "HTML or autolink": re.compile(_UNESCAPED + r"<"),
    "LaTeX": re.compile(_UNESCAPED + r"\$"),
}
IN_TEXT = {
    "shortcode, icon or directive": re.compile(r":[A-Za-z/+\-]"),
    "bare URL": re.compile(r"(?i)(https?://|www\.)"),
    "e-mail autolink": re.compile(r"[\w.+-]@[\w-]"),
}


def live_constructs(markdown: str) -> list[str]:
    resolved = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
    return ([name for name, pattern in SYNTAX.items() if pattern.search(markdown)]
            + [name for name, pattern in IN_TEXT.items() if pattern.search(resolved)])


def _strings(message, kind: str, field: str = ""):
    """(element kind, field, text) of every string in a proto message, recursively."""
    for descriptor, value in message.ListFields():
        name = descriptor.name
        repeated = not isinstance(value, (str, bytes)) and not hasattr(value, "ListFields") \
            and hasattr(value, "__iter__")
        values = value if repeated else [value]
        for item in values:
            if isinstance(item, str):
                yield kind, name, item
            elif hasattr(item, "ListFields"):
                yield from _strings(item, kind if kind != "Element" else type(item).__name__, name)


def element_strings(at: AppTest):
    stack = [at._tree]
    while stack:
        node = stack.pop()
        stack.extend(getattr(node, "children", {}).values())
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            yield from _strings(proto, type(proto).__name__)


def assert_nothing_live(at: AppTest, allowed_urls: set[str] = frozenset()) -> int:
    assert not at.exception, at.exception
    checked = 0
    for kind, field, text in element_strings(at):
        if (kind, field) in PLAIN or field in IDENTIFIERS or kind in OWN_CHECKS:
            continue
        if kind == "Html":   # the page's only HTML: a constant, no data in it
            assert field != "body" or text == DROPPED_LINK_NOTICE, text[:200]
            continue
        checked += 1
        found = live_constructs(text)
        assert not found, f"{kind}.{field} would render {found}: {text[:200]!r}"
    for button in at.get("link_button"):
        url = button.proto.url
        assert safe_url(url) == url and url in allowed_urls, url
    assert not at.get("imgs") and not at.get("image"), "an image in the page"
    return checked


def test_md_renders_as_its_text_and_leaves_nothing_live():
    for payload in PAYLOADS:
        escaped = md(payload)
        assert not live_constructs(escaped), (payload, escaped)
        # unescaping gives the text back, minus controls and line breaks
        back = re.sub(r"\\(.)", r"\1", escaped).replace(WORD_JOINER, "")
        assert back.replace(" ", "") == re.sub(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]",
                                              "", payload).replace(" ", ""), payload


def test_source_links_only_for_http_urls_labelled_with_their_host():
    assert source_link("https://history.state.gov/x?y=1") == ("Source: history\\.state\\.gov",
                                                              "https://history.state.gov/x?y=1")
    for bad in ("javascript:alert(1)", "//evil.example/x", "data:text/html,x", "[a](http://e.x)", "ftp://e.x/"):
        assert source_link(bad) is None, bad


@pytest.fixture(scope="module")
def hostile_upload() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.file_uploader(key="upload").set_value((f"{MARKDOWN[0]}.csv", hostile_csv(), "text/csv")).run()
    assert not at.exception, at.exception
    return at


def with_real_sources(data: bytes) -> bytes:
    """The hostile file with a real http(s) source after each payload source."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    column = rows[0].index("source")
    for number, row in enumerate(rows[1:]):
        row[column] += f" ; https://s{number}.example/page?n={number}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("name", ["Trips and legs", "Statistics", "Compare", "Share"])
def test_every_section_of_a_hostile_upload_shows_data_as_text(hostile_upload, name):
    at = hostile_upload
    at.button_group(key="section").set_value(name).run()
    if name == "Compare":
        leaders = at.selectbox(key="cmp_a").options
        assert len(leaders) == len(PAYLOADS)
        for leader in leaders[:: max(1, len(leaders) // 6)]:
            at.selectbox(key="cmp_a").set_value(leader).run()
            assert_nothing_live(at)
    assert assert_nothing_live(at) > 10
    # the data is there, as text: every leader is a filter option as written
    assert set(at.multiselect(key="leaders").options) == {at.multiselect(key="leaders").options[i]
                                                         for i in range(len(PAYLOADS))}


def _details_script(csv: bytes) -> None:
    import streamlit as st

    from routes.itinerary.itinerary import read_itinerary
    from routes.view.pipeline import prepare
    from ui import panels

    prepared = st.cache_resource(lambda: prepare(read_itinerary(csv, name="hostile.csv")))()
    for leg_id in prepared.legs["leg_id"]:
        panels.details(prepared, leg_id)


@pytest.mark.slow
def test_details_of_every_hostile_leg_are_text_and_links_only_to_sources():
    at = AppTest.from_function(_details_script, args=(with_real_sources(hostile_csv()),), default_timeout=TIMEOUT)
    at.run()
    real = {f"https://s{n}.example/page?n={n}" for n in range(len(PAYLOADS))}
    assert assert_nothing_live(at, real) > len(PAYLOADS)
    assert {b.proto.url for b in at.get("link_button")} == real
    texts = " ".join(t.value for t in at.text)
    assert MARKDOWN[0] in texts and ":red[red]" in texts   # shown, as written
    labels = {b.proto.label for b in at.get("link_button")}
    assert labels and all(label.startswith("Source: ") for label in labels), labels


@pytest.mark.parametrize("half", [0, 1])
def test_every_payload_in_every_link_parameter_is_ignored_as_text(half):
    params = ["src", "leader", "year", "from", "to", "mode", "trip", "t", "map", "c", "z", "bogus"]
    chunk = PAYLOADS[half::2]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update({p: chunk for p in params})
    at.run()
    assert_nothing_live(at)
    notices = [w.value for w in at.warning]
    assert notices and all("ignored" in n for n in notices)
    assert len(at.toast) >= 1


def test_mapping_step_shows_a_hostile_header_as_options():
    header = ",".join(f'"{p}"' for p in MARKDOWN if '"' not in p and "\n" not in p)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.file_uploader(key="upload").set_value(("[x](http://evil.example).csv", (header + "\n1,2\n").encode(),
                                              "text/csv")).run()
    assert_nothing_live(at)
    assert any("Map them" in i.value for i in at.info)
