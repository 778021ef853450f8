"""Hostile strings placed in every text field of an itinerary by the injection and fuzz tests.

Each payload, if it ever ran, would set ``window.__pwned`` (the sentinel the browser tests
read) or open a dialog (which the browser tests listen for). Grouped by what they attack:
HTML markup, script elements, JavaScript strings and template literals, URLs, templates
(Jinja, which folium uses), spreadsheets (formulas), Markdown (Streamlit's, with its
directives and LaTeX) and display (direction overrides,
control characters).
"""
from __future__ import annotations

SENTINEL = "__pwned"

HTML = [
    "<img src=x onerror=\"window.__pwned=1\">",
    "<img src=x onerror=window.__pwned=1>",
    "<svg onload=window.__pwned=1>",
    "<svg><script>window.__pwned=1</script></svg>",
    "<iframe src=\"javascript:window.__pwned=1\"></iframe>",
    "<a href=\"javascript:window.__pwned=1\">click</a>",
    "<b onmouseover=window.__pwned=1>hover</b>",
    "<details open ontoggle=window.__pwned=1>",
    "<style>*{display:none}</style>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "&lt;script&gt;window.__pwned=1&lt;/script&gt;",
    "<!--",
    "-->",
]

SCRIPT = [
    "</script><script>window.__pwned=1</script>",
    "</SCRIPT ><script>alert(1)</script>",
    "<!-- <script>",
    "]]>",
    "<![CDATA[",
    "<script>alert(1)</script>",
]

JAVASCRIPT = [
    "`",
    "``",
    "${window.__pwned=1}",
    "`${window.__pwned=1}`",
    "\"; window.__pwned=1; \"",
    "'; window.__pwned=1; '",
    "\\\"; window.__pwned=1; //",
    "')}); window.__pwned=1; ({a:('",
    "\u2028window.__pwned=1",
    "\u2029",
    "x\\u003cscript\\u003e",
    "\\",
    "{\"__proto__\": {\"polluted\": 1}}",
]

URLS = [
    "javascript:window.__pwned=1",
    " JaVaScRiPt:window.__pwned=1",
    "java\tscript:alert(1)",
    "data:text/html,<script>window.__pwned=1</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "https://a.example/\"onmouseover=\"window.__pwned=1",
]

TEMPLATES = [
    "{{ 7*7 }}",
    "{% raw %}",
    "{{ self.__init__.__globals__ }}",
    "%0a%0d",
    "%s%s%s%n",
]

SPREADSHEET = [
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]

# Streamlit renders most of its strings as Markdown with its own extras: an image alone makes
# every viewer's browser fetch a URL; links, autolinks, colours, icons, emoji and LaTeX render.
MARKDOWN = [
    "![b](http://evil.example/x.png)",
    "![](//evil.example/y.png)",
    "[Log in again](http://evil.example/login)",
    "[x][r]\n\n[r]: http://evil.example/ref",
    "<http://evil.example/auto>",
    "www.evil.example/bare",
    "http://evil.example/bare",
    "mail someone@evil.example",
    ":red[red] :blue-background[bg] :rainbow[r]",
    ":material/warning: :streamlit: :smile:",
    "$\\frac{1}{2}$ and $$x^2$$",
    "**bold** _it_ ~~gone~~ `code`",
    "# Heading",
    "> quote\n- item",
    "| a | b |\n|---|---|\n| 1 | 2 |",
]

DISPLAY = [
    "\u202egnp.exe",
    "\u2066isolated\u2069",
    "\u200fRLM\u200e",
    "\x00nul",
    "bell\x07 escape\x1b[31m red",
    "\r\n<script>alert(1)</script>",
    "line1\nline2",
    "😀 Ким Чен Ын 김정은 金正恩 كيم",
    "\ufeffBOM inside",
    "Z\u0351\u0352\u0353\u0354\u0355algo",
]

PAYLOADS: list[str] = HTML + SCRIPT + JAVASCRIPT + URLS + TEMPLATES + SPREADSHEET + MARKDOWN + DISPLAY

# The text fields of the legs shape: every payload goes into each of them.
TEXT_FIELDS = ("leader", "trip", "origin", "destination", "vehicle", "notes", "source",
               "confidence", "via")

# Characters a spreadsheet reads as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
