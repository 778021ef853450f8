"""Terminal output that data cannot drive.

A cell's ESC or BEL printed as is can clear the screen, set the window title, recolour or
overwrite lines (a carriage return prints a fake "0 errors" over the real count), and a
direction override reorders what is shown. Every line the command line writes goes
through ``visible``: control, direction and line-separator characters are shown as Python
escapes (``\\x1b``, ``\\u202e``), so the reader sees that they are there and what they are.
Newlines and tabs the program itself writes stay.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys

_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def visible(text: str) -> str:
    """``text`` with every control character written as its escape (line ends kept)."""
    return _INVISIBLE.sub(_escape, text.replace("\r\n", "\n"))


def _escape(match: re.Match) -> str:
    char = match.group()
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


class VisibleStream(io.TextIOBase):
    """A text stream that writes through ``visible`` to another."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    @property
    def encoding(self):
        return getattr(self._stream, "encoding", "utf-8")


@contextlib.contextmanager
def visible_output():
    """For the duration: sys.stdout and sys.stderr show control characters as escapes."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(saved[0]), VisibleStream(saved[1])
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = saved
