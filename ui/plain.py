r"""Data as text in Streamlit: never Markdown, HTML, a link or an image the data made.

Most Streamlit elements render their strings as Markdown (alerts, toasts, captions, labels,
metric values, progress text, button labels) with Streamlit's extras: `:red[…]` colours,
`:material/…:` icons, `:shortcodes:`, `$LaTeX$`, and GFM autolinks (`www.…`, `http://…`,
`a@b.c`). A data string shown in such an element goes through ``md``: every ASCII punctuation
character is backslash-escaped (CommonMark allows that for all of them, and it stops every
construct of the syntax: links, images, HTML, directives, LaTeX). Autolinks, emoji and icon
shortcodes are not syntax: they are found in the parsed text, after the escapes are resolved
(checked in Chromium: `http\:\/\/host` still became a link). So a WORD JOINER, which shows
nothing, follows every colon and `@` and splits `www.`, and none of those patterns can match.
Control and direction characters are dropped; line breaks become spaces.
Where an element can take plain text (``st.text``, tables) the data goes there instead.
"""

from __future__ import annotations

import re
import string
from urllib.parse import urlsplit

from routes.mapview.escape import safe_url

WORD_JOINER = "\u2060"
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile("[\t\n\r\u2028\u2029]+")
_TEXT_PATTERNS = re.compile(r"([:@])|(?i:(www)(?=\\\.))")


def md(value, limit: int | None = None) -> str:
    """``value`` as Markdown that renders exactly as its text (cut to ``limit`` characters)."""
    text = _BREAKS.sub(" ", _CONTROLS.sub("", "" if value is None else str(value)))
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    escaped = _PUNCTUATION.sub(r"\\\1", text)
    return _TEXT_PATTERNS.sub(lambda m: (m.group(1) or m.group(2)) + WORD_JOINER, escaped)


def source_link(source: str) -> tuple[str, str] | None:
    """(label, url) of a source that is an absolute http(s) URL: the label is its host, so the
    reader sees where the link goes whatever the data called it. None for anything else."""
    url = safe_url(source)
    if url is None:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    return f"Source: {md(host)}", url
