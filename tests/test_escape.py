"""Escaping of user text on its way into the map page."""
from __future__ import annotations

import json

import pytest

from routes.mapview.escape import html_text, json_for_script, safe_url, split_sources, strip_bidi

# Injection strings placed in every text field (here and in the map tests).
PAYLOADS = [
    "`", "``", "${alert(1)}", "`${window.__pwned=1}`", "</script><script>window.__pwned=1</script>",
    "</SCRIPT >", "<!--", "<!-- <script>", "<img src=x onerror=\"window.__pwned=1\">",
    "<img src=x onerror=window.__pwned=1>", "<svg onload=window.__pwned=1>",
    "<iframe src=javascript:window.__pwned=1>", "javascript:window.__pwned=1",
    " JaVaScRiPt:window.__pwned=1", "data:text/html,<script>window.__pwned=1</script>",
    "\"; window.__pwned=1; \"", "'; window.__pwned=1; '", "\\\"; window.__pwned=1; //",
    "\u2028window.__pwned=1", "\u2029", "{{ 7*7 }}", "{% raw %}", "%0a%0d", "\r\n<script>",
    "\u202egnp.exe", "\u2066isolated\u2069", "<a href=\"javascript:window.__pwned=1\">x</a>",
    "<style>*{display:none}</style>", "<b onmouseover=window.__pwned=1>hover</b>",
    "&lt;script&gt;", "\x00nul", "]]>", "<![CDATA[", "')}); window.__pwned=1; ({a:('",
    "x\\u003cscript\\u003e", "😀 Ким Чен Ын 김정은 金正恩 كيم", "<math><mi xlink:href=\"javascript:alert(1)\">",
]


def test_there_are_at_least_30_payloads():
    assert len(set(PAYLOADS)) >= 30


@pytest.mark.parametrize("payload", PAYLOADS)
def test_json_for_script_round_trips_and_cannot_end_the_script(payload):
    text = json_for_script({"notes": payload, "list": [payload]})
    assert json.loads(text) == {"notes": payload, "list": [payload]}
    for forbidden in ("<", ">", "`", "'", "\u2028", "\u2029", "{{", "{%", "{#"):
        assert forbidden not in text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_text_leaves_no_markup(payload):
    escaped = html_text(payload)
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped and "`" not in escaped
    assert "\u202e" not in escaped
    assert "{" not in escaped and "}" not in escaped      # folium re-reads output as Jinja


def test_json_for_script_turns_nan_into_null():
    assert json.loads(json_for_script({"x": float("nan"), "y": [float("inf")]})) == {"x": None, "y": [None]}


@pytest.mark.parametrize("url", ["https://www.nknews.org/2019/02/x/", "http://www.koreaherald.com/view.php?ud=1"])
def test_safe_url_accepts_http_and_https(url):
    assert safe_url(url) == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", " javascript:alert(1)", "JAVASCRIPT:alert(1)",
                                 "data:text/html,x", "vbscript:x", "//evil.example/x", "https://",
                                 "https://a.example/\"onmouseover=x", "KCNA, 2018-06-14",
                                 "https://a.example/\u202ex", "ftp://a.example/x", None, 42])
def test_safe_url_rejects_everything_else(url):
    assert safe_url(url) is None


def test_split_sources_on_separators_used_in_the_data():
    text = "http://a.example/1 ; https://b.example/2|KCNA, 2018-06-14 (\"Kim Jong Un Returns Home\")"
    assert split_sources(text) == ["http://a.example/1", "https://b.example/2",
                                   "KCNA, 2018-06-14 (\"Kim Jong Un Returns Home\")"]
    assert split_sources("") == []


def test_strip_bidi_removes_direction_controls_only():
    assert strip_bidi("a\u202eb\u2066c\u2069d\u200f") == "abcd"
    assert strip_bidi("كيم 김정은") == "كيم 김정은"
