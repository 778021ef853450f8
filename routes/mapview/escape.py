"""Escaping user text on its way into the map page.

The map never pastes user text into HTML or JavaScript source. User strings travel as
*data*: JSON embedded in a script with `json_for_script`, and the page's script puts
them on screen with `textContent`. The few places where HTML is unavoidable (labels of
Leaflet's layer control, which sets innerHTML; the legend; the title) go through
`html_text`. Links are made only from `http(s)` URLs (`safe_url`).

Unicode direction controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F) can make text
read differently from what it is ("gpj.exe" tricks); they are removed from displayed
text, and the page also isolates each user string with `unicode-bidi: isolate`.
"""
from __future__ import annotations

import functools
import html
import json
import math
import re
from urllib.parse import urlsplit

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Characters that must not appear literally inside a <script> element or a JS string:
# "<" (</script>, <!--), ">" and "&" (for XHTML-ish parsers), U+2028/2029 (line
# terminators in older JS engines), and the quote characters for attribute contexts.
_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
    "'": "\\u0027",
    "`": "\\u0060",
}
_JINJA_OPEN_RE = re.compile(r"\{(?=[{%#])")


def strip_bidi(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


def html_text(value) -> str:
    """Text safe to place between HTML tags or inside a quoted attribute.

    Braces become character references too: folium re-reads rendered scripts as
    Jinja templates, where "{{ … }}" in a layer name would be evaluated.
    """
    escaped = html.escape(strip_bidi("" if value is None else str(value)), quote=True)
    # backticks too, so no user text can ever open a JS template literal
    return escaped.replace("{", "&#123;").replace("}", "&#125;").replace("`", "&#96;")


def _finite(value):
    # JSON has no NaN/Infinity; json.dumps would emit bare NaN, which is not JSON
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def json_for_script(value) -> str:
    """JSON text that is also a safe JavaScript expression inside an inline <script>.

    Nothing in the output can end the script element, open a comment, start a template
    literal or break a line in a JS string, whatever the input strings contain.
    """
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:  # NaN or infinity somewhere: walk the data only in that rare case
        text = json.dumps(_finite(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for character, escaped in _SCRIPT_UNSAFE.items():
        if character in text:   # a search is a tenth of a replace, which copies 24 MB at 100,000 legs
            text = text.replace(character, escaped)
    # folium (branca) compiles each element's rendered script once more as a Jinja
    # template, so "{{", "{%" and "{#" in data would be evaluated on the server.
    # JSON's own braces are never followed by these, so only string content changes.
    return _JINJA_OPEN_RE.sub(r"\\u007b", text)


def json_parse_script(value) -> str:
    """`JSON.parse('…')`: the value as JSON inside a single-quoted JavaScript string.

    Browsers parse a large JSON string much faster than the same data written as a
    JavaScript literal. json_for_script's output has no quote ' and no line break, so
    only its backslashes need doubling to sit inside '…'; every guarantee of
    json_for_script (no </script>, no backtick, no template braces) still holds.
    """
    text = json_for_script(value)
    return "JSON.parse('" + (text.replace("\\", "\\\\") if "\\" in text else text) + "')"


def js_string(value) -> str:
    """A JavaScript string literal (double-quoted) for any text."""
    return json_for_script("" if value is None else str(value))


def safe_url(value) -> str | None:
    """The URL if it is an absolute http(s) URL with a host, else None (no link)."""
    if not isinstance(value, str):
        return None
    candidate = value.strip()
    if not candidate or any(ch in candidate for ch in "\x00\r\n\t<>\"'` ") or BIDI_CONTROLS.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return candidate


_SOURCES_RE = re.compile(r"\s*[;|]\s*|\s+(?=https?://)")


def split_sources(source) -> list[str]:
    """Sources as written: several are separated by ';', '|' or whitespace-separated URLs."""
    if not source:
        return []
    return list(_split_sources(str(source)))


@functools.lru_cache(maxsize=4096)
def _split_sources(source: str) -> tuple[str, ...]:
    # archives repeat a handful of sources over thousands of legs: split each once
    pieces = _SOURCES_RE.split(source)
    return tuple(piece.strip() for piece in pieces if piece.strip())
