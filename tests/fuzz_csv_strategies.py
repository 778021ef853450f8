"""Hypothesis strategies for itinerary CSV files: valid rows whose content we know, mixed with
garbage, written in the encodings and dialects spreadsheets use.

A generated file is a ``Generated``: its bytes, the header, every record as written, and for
each valid record the values ``read_itinerary`` must keep. The fuzz tests and
``bench/fuzz.py`` share these strategies and the hypothesis profiles below.
"""
from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from tests.payloads import PAYLOADS

# ---- profiles -----------------------------------------------------------------------------
# "ci": sized so tests/test_fuzz_csv.py takes well under 60 s on 2 cores (see docs/security.md).
# "long": bench/fuzz.py, at least 10,000 generated files in total.
CI_EXAMPLES = {"structured": 300, "raw": 300, "mixed": 150}
LONG_EXAMPLES = {"structured": 6000, "raw": 3000, "mixed": 1500}
# No "explain" phase: on a failure it reruns the case many times to list lines, which took
# minutes here; the failing file itself is what a reader needs.
_COMMON = dict(deadline=None, database=None, print_blob=True, report_multiple_bugs=False,
               phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink),
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
for _name, _counts in (("ci", CI_EXAMPLES), ("long", LONG_EXAMPLES)):
    for _kind, _count in _counts.items():
        settings.register_profile(f"fuzz-{_name}-{_kind}", max_examples=_count, **_COMMON)

PROFILE = os.environ.get("LEADER_ROUTES_FUZZ_PROFILE", "ci")


def fuzz_settings(kind: str) -> settings:
    """The settings for one fuzz test under the chosen profile (no global side effects)."""
    return settings.get_profile(f"fuzz-{PROFILE}-{kind}")


# ---- what a file holds --------------------------------------------------------------------
HEADER = ["leader", "trip", "origin", "destination", "depart", "arrive", "mode",
          "origin_lat", "origin_lon", "destination_lat", "destination_lon",
          "via", "vehicle", "notes", "source", "confidence"]
# Written mode → the mode the itinerary must hold.
MODE_WORDS = {"train": "train", "Tog": "train", "armoured train": "train", "plane": "flight",
              "FLIGHT": "flight", "motorcade": "car", "ship": "ship", "heli": "helicopter",
              "on foot": "foot"}
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "cp1252")
DELIMITERS = (",", ";", "\t", "|")
LINE_ENDINGS = ("\r\n", "\n", "\r")

# Alphabets each encoding can carry without ambiguity. cp1252 text keeps to ASCII and the
# letters U+00C0–U+00FF: those bytes are UTF-8 lead bytes never followed by a continuation
# byte, so the file cannot also be valid UTF-8 (which would be read as UTF-8, rightly).
# UTF-16 without a BOM is recognised by its zero bytes, so it keeps to Latin-1 without NUL.
_RANGES = {  # encoding → the code points its text keeps to
    "ascii": ((0x01, 0x7E),),
    "cp1252": ((0x01, 0x7E), (0xC0, 0xFF)),
    "utf-16-le": ((0x01, 0xFF),),
}


def fits(text: str, encoding: str) -> bool:
    ranges = _RANGES.get(encoding)
    return ranges is None or all(any(lo <= ord(ch) <= hi for lo, hi in ranges) for ch in text)


def alphabet(encoding: str):
    ranges = _RANGES.get(encoding)
    if ranges is None:
        return st.characters(blacklist_categories=("Cs",))
    return st.one_of(*(st.characters(min_codepoint=lo, max_codepoint=hi) for lo, hi in ranges))


@dataclass
class Generated:
    data: bytes
    encoding: str
    delimiter: str
    header: list[str]
    records: list[list[str]]                        # every record after the header, as written
    expected: dict[int, dict] = field(default_factory=dict)   # row number → kept values

    def cell(self, row: int, column: str) -> str | None:
        """The cell as the reader sees it (NULs removed, stripped; "" when the row is short)."""
        cells = self.records[row - 2] if 2 <= row < len(self.records) + 2 else []
        if column not in self.header:
            return None
        index = self.header.index(column)
        return cleaned(cells[index]) if index < len(cells) else ""


def cleaned(text: str) -> str:
    return text.replace("\x00", "").strip()


# ---- valid rows ---------------------------------------------------------------------------
_BASE = datetime(1900, 1, 1)
_SPAN_MINUTES = 200 * 366 * 24 * 60


@st.composite
def moments(draw, after: datetime | None = None):
    """A UTC instant (naive) and its text in one of the forms the reader accepts; the text's
    window always contains the instant."""
    start = after or _BASE
    instant = start + timedelta(minutes=draw(st.integers(0, _SPAN_MINUTES if after is None else 60 * 24 * 90)))
    form = draw(st.sampled_from(("day", "month", "minute", "second", "offset", "zulu", "zone",
                                 "dotted", "dotted_time", "slashed")))
    if form == "day":
        return instant, instant.date().isoformat(), "day"
    if form == "month":
        return instant, instant.strftime("%Y-%m"), "month"
    if form == "minute":
        return instant, instant.strftime("%Y-%m-%dT%H:%M"), "minute"
    if form == "second":
        return instant, instant.strftime("%Y-%m-%d %H:%M:%S"), "second"
    if form == "offset":
        minutes = draw(st.integers(-12 * 60, 14 * 60).map(lambda m: m - m % 15))
        local = instant + timedelta(minutes=minutes)
        sign = "+" if minutes >= 0 else "-"
        offset = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        return instant, local.strftime("%Y-%m-%dT%H:%M") + offset, "minute"
    if form == "zulu":
        return instant, instant.strftime("%Y-%m-%dT%H:%MZ"), "minute"
    if form == "zone":
        name = draw(st.sampled_from(("Asia/Pyongyang", "Europe/Moscow", "America/New_York", "UTC")))
        local = instant.replace(tzinfo=UTC).astimezone(ZoneInfo(name))
        # Keep out local times that do not name the instant to the minute: DST gaps and
        # folds, and old local mean time (Moscow was UTC+2:30:17 in 1900).
        shown = local.replace(second=0, tzinfo=None).replace(tzinfo=ZoneInfo(name))
        if shown.astimezone(UTC) != instant.replace(tzinfo=UTC):
            return instant, instant.strftime("%Y-%m-%dT%H:%MZ"), "minute"
        return instant, local.strftime("%Y-%m-%dT%H:%M ") + name, "minute"
    if form == "dotted":
        return instant, f"{instant.day}.{instant.month}.{instant.year}", "day"
    if form == "dotted_time":
        return instant, f"{instant.day:02d}.{instant.month:02d}.{instant.year} {instant:%H:%M}", "minute"
    return instant, f"{instant.year}/{instant.month}/{instant.day}", "day"


def _text(alphabet, max_size=40):
    return st.text(alphabet, max_size=max_size)


def _number_text(value: float, style: str) -> str:
    text = f"{value:.5f}"
    if style == "comma":
        return text.replace(".", ",")
    if style == "minus":
        return text.replace("-", "\u2212")
    return text


@st.composite
def valid_rows(draw, index: int, encoding: str):
    """Cells of a row the reader must keep, and the values it must keep them with."""
    letters = alphabet(encoding)
    free = _text(letters) | st.sampled_from([p for p in PAYLOADS if fits(p, encoding)])
    name = lambda prefix: draw(_text(letters, 20).map(lambda t: f"{prefix}{index} {t}"))  # noqa: E731
    depart_at, depart, depart_precision = draw(moments())
    arrive_at, arrive, arrive_precision = draw(moments(after=depart_at))
    mode_word = draw(st.sampled_from(sorted(MODE_WORDS)))
    coords = {}
    for column, limit in (("origin_lat", 90), ("origin_lon", 180), ("destination_lat", 90),
                          ("destination_lon", 180)):
        if draw(st.booleans()):
            value = round(draw(st.floats(-limit, limit, allow_nan=False)), 5)
            styles = ("dot", "comma", "minus") if fits("\u2212", encoding) else ("dot", "comma")
            coords[column] = (value, _number_text(value, draw(st.sampled_from(styles))))
    values = {"leader": name("L"), "trip": name("T"), "origin": name("O"), "destination": name("D"),
              "depart": depart, "arrive": arrive, "mode": mode_word,
              "via": draw(free), "vehicle": draw(free), "notes": draw(free), "source": draw(free),
              "confidence": draw(free | st.sampled_from(("high", "Medium", "l", "mittel")))}
    values.update({column: text for column, (_, text) in coords.items()})
    cells = [values.get(column, "") for column in HEADER]
    expected = {column: cleaned(values[column]) for column in
                ("leader", "trip", "origin", "destination", "via", "vehicle", "notes", "source")}
    expected.update(mode=MODE_WORDS[mode_word], confidence=cleaned(values["confidence"]),
                    depart_precision=depart_precision, arrive_precision=arrive_precision,
                    depart_at=depart_at, arrive_at=arrive_at,
                    coords={column: value for column, (value, _) in coords.items()})
    return cells, expected


# ---- garbage ------------------------------------------------------------------------------
ODD_DATES = ["2019-02-30", "2019-13-01", "31.02.2019", "2019-00-10", "0000-01-01", "9999-12-31",
             "9999-12-31T23:59-14:00", "0001-01-01T00:00+14:00", "2019-01-01T25:00", "2019-01-01T12:60",
             "2019-01-01T12:00+15:00", "2019-01-01T12:00+0961", "2019-01-01 Mars/Olympus",
             "2019-01-01T12:00 Etc/../../etc/passwd", "2019-1-1", "1/2/2019", "yesterday", "2019",
             "20190101", "2019-01-01T12:00:00.123456789Z", "١٩٩٩-٠١-٠١", "2019-01-01T12:00[UTC]",
             "2262-04-12", "1677-09-21T00:00Z", "2019-01-07/2019-01-09", "NaT", "None", ""]
ODD_NUMBERS = ["nan", "NaN", "inf", "-inf", "1e400", "-0", "1,2,3", "1.234,5", "١٢٣", "0x1F",
               "90.0000001", "-180.5", "1_000", " 12 ", "12°30'N", "1e-400", "\u221245", "+", "."]
FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "=HYPERLINK(\"http://x\")", "=cmd|' /C calc'!A0"]


def garbage_cell(encoding: str, huge: int = 2000):
    constants = PAYLOADS + ODD_DATES + ODD_NUMBERS + FORMULAS + sorted(MODE_WORDS)
    return st.one_of(
        _text(alphabet(encoding)),
        st.sampled_from([c for c in constants if fits(c, encoding)]),
        st.text(st.characters(min_codepoint=1 if encoding == "utf-16-le" else 0, max_codepoint=0x1F),
                max_size=5),
        st.integers(1, huge).map(lambda n: "x" * n),
    )


@st.composite
def garbage_rows(draw, encoding: str, huge: int = 2000):
    cells = draw(st.lists(garbage_cell(encoding, huge), max_size=len(HEADER) + 3))
    if cells and cells[0].lstrip().startswith("L"):
        cells[0] = "G" + cells[0]    # never the same leader as a valid row
    return cells


# ---- whole files --------------------------------------------------------------------------
def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


def write_records(header, records, delimiter, line_ending) -> str:
    lines = [header] if header else []
    return "".join(write_row(cells, delimiter) + line_ending for cells in lines + list(records))


def write_row(cells, delimiter) -> str:
    """One record as Excel and LibreOffice write it. (The csv module leaves a lone "\r" in a
    field unquoted when the line ending is "\n", which splits the record on reading.)"""
    if cells == [""]:
        return '""'
    return delimiter.join(_quoted(cell, delimiter) for cell in cells)


def _quoted(cell: str, delimiter: str) -> str:
    if any(ch in cell for ch in (delimiter, '"', "\r", "\n")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@st.composite
def itinerary_files(draw, encodings=ENCODINGS):
    """A CSV file of valid and garbage rows in one encoding and dialect."""
    encoding = draw(st.sampled_from(encodings))
    delimiter = draw(st.sampled_from(DELIMITERS))
    kinds = draw(st.lists(st.booleans(), max_size=12))   # True: a valid row
    records, expected = [], {}
    for number, valid in enumerate(kinds, start=2):
        if valid:
            cells, values = draw(valid_rows(number, encoding))
            expected[number] = values
        else:
            cells = draw(garbage_rows(encoding))
        records.append(cells)
    text = write_records(HEADER, records, delimiter, draw(st.sampled_from(LINE_ENDINGS)))
    return Generated(encode(text, encoding), encoding, delimiter, HEADER, records, expected)


@st.composite
def mixed_encoding_files(draw):
    """ASCII valid rows, garbage rows each encoded its own way (UTF-8, cp1252, Latin-1), as
    when two programs appended to one file. (UTF-16 fragments are left out: enough of them
    rightly make the whole file read as UTF-16.)"""
    delimiter = draw(st.sampled_from(DELIMITERS))
    kinds = draw(st.lists(st.booleans(), max_size=10))
    chunks = [write_records(HEADER, [], delimiter, "\r\n").encode("ascii")]
    records, expected = [], {}
    for number, valid in enumerate(kinds, start=2):
        if valid:
            cells, values = draw(valid_rows(number, "ascii"))
            expected[number] = values
            chunks.append(_row_bytes(cells, delimiter, "ascii"))
        else:
            cells = draw(garbage_rows("utf-8", huge=50))
            chunks.append(_row_bytes(cells, delimiter, draw(st.sampled_from(("utf-8", "cp1252", "latin-1")))))
        records.append(cells)
    return Generated(b"".join(chunks), "mixed", delimiter, HEADER, records, expected)


def _row_bytes(cells, delimiter, encoding) -> bytes:
    return (write_row(cells, delimiter) + "\r\n").encode(encoding, errors="replace")


@st.composite
def raw_files(draw):
    """Random bytes, alone or after a real header."""
    body = draw(st.binary(max_size=3000))
    prefix = draw(st.sampled_from((b"", b"leader,trip,origin,destination,depart,arrive,mode\r\n",
                                   codecs.BOM_UTF8 + b"leader;trip;place;arrive;depart;mode\n",
                                   codecs.BOM_UTF16_LE + "leader\ttrip\n".encode("utf-16-le"))))
    return prefix + body
