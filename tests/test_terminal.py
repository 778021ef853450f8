"""No cell, file name or argument can drive the terminal: every line the command line
writes shows control and direction characters as escapes (run as a subprocess, bytes read)."""
from __future__ import annotations

import re
import subprocess
import sys

from routes.cli.terminal import visible
from tests.conftest import ROOT

ESCAPES = ["\x1b[2J\x1b[H", "\x1b]0;pwned title\x07", "\x07bell", "3 errors\r0 errors  ", "\u202egnp.exe",
           "\x9b31m", "\x00nul", "\u2028sep"]
# bytes a terminal acts on: C0 but newline and tab, DEL, C1 (as UTF-8), direction controls
LIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def hostile_file(tmp_path):
    name = "itinerary\x1b[31m\u202e.csv"
    path = tmp_path / name
    rows = ["leader,trip,origin,destination,depart,arrive,mode"]
    for number, payload in enumerate(ESCAPES):
        text = payload.replace("\x00", "")   # a NUL is removed by the reader with a warning
        rows.append(f'"{text} #{number}","{text}","{text}","Beijing",2019-01-07,not a date {text},{text}')
    path.write_bytes(("\n".join(rows) + "\n").encode("utf-8"))
    return path


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "routes", *map(str, args)], cwd=ROOT, capture_output=True,
                          timeout=300)


def _assert_nothing_live(output: bytes) -> str:
    text = output.decode("utf-8")
    assert not LIVE.search(text), repr(LIVE.search(text).group())
    return text


def test_visible_escapes_every_control_and_keeps_line_ends():
    assert visible("a\x1b[2Jb\r\n\tc\u202e\x9b") == "a\\x1b[2Jb\n\tc\\u202e\\x9b"
    for payload in ESCAPES:
        assert not LIVE.search(visible(payload)), payload


def test_validate_prints_cells_and_file_names_escaped(tmp_path):
    done = run("validate", hostile_file(tmp_path))
    assert done.returncode == 1
    text = _assert_nothing_live(done.stderr + done.stdout)
    assert "\\x1b[2J" in text and "\\x07" in text and "\\u202e" in text


def test_render_prints_problems_escaped(tmp_path):
    done = run("render", hostile_file(tmp_path), "--out", tmp_path / "out.csv")
    text = _assert_nothing_live(done.stderr + done.stdout)
    assert "\\x1b" in text


def test_bad_arguments_are_echoed_escaped():
    done = run("validate", "--format", "te\x1b]0;x\x07xt", "f.csv")
    assert done.returncode == 2
    assert "\\x1b]0;x\\x07" in _assert_nothing_live(done.stderr)


def test_an_unexpected_error_is_printed_escaped_too(tmp_path):
    """A traceback quotes the failing value: escaped like every other line."""
    code = ("import sys, runpy; import routes.cli.commandline as c; "
            "c.main = lambda argv=None: (_ for _ in ()).throw(RuntimeError('cell \\x1b]0;title\\x07'));"
            "sys.argv = ['routes']; runpy.run_module('routes', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == 1
    text = _assert_nothing_live(done.stderr)
    assert "RuntimeError: cell \\x1b]0;title\\x07" in text
