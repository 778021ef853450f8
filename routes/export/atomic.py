"""Write a file all at once or not at all.

A newsroom script that renders into a folder served on the web must never leave a
half-written PNG behind: the bytes go to a temporary file in the *same* directory
(so the final rename stays on one file system and is atomic), then `os.replace`.
A symlink or a folder at the path is refused, not replaced: whoever put a link there
may mean another file to be overwritten, or the reader may not expect the link to go.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def _read_umask() -> int:
    # os.umask can only be read by setting it; do it once, at import, before any threads
    current = os.umask(0)
    os.umask(current)
    return current


_UMASK = _read_umask()


def write_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write `data` to `path` atomically; returns the resolved path."""
    return write_with(path, lambda handle: handle.write(data))


class WriteRefused(OSError):
    """The path is not something we overwrite (a symlink, a folder)."""


def refusal(path: str | os.PathLike) -> str | None:
    """Why ``path`` cannot be written as a file, or None. Checked before any work and again
    just before the rename."""
    target = Path(path)
    if target.is_symlink():
        return f"{target} is a symbolic link; refusing to replace it (remove it or choose another name)"
    if target.is_dir():
        return f"{target} is a folder; give a file name (e.g. {target / 'map.html'})"
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        return f"folder {str(folder)!r} does not exist"
    return None


def write_with(path: str | os.PathLike, produce: Callable[[BinaryIO], object]) -> Path:
    """Call `produce(binary_file)` on a temporary file, then rename it onto `path`.

    If `produce` raises, the temporary file is removed and `path` is untouched
    (an existing file there keeps its old content).
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if (reason := refusal(target)) is not None:
        raise WriteRefused(reason)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            produce(handle)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; give the file the permissions a normal write would have
        os.chmod(temporary, 0o666 & ~_UMASK)
        if (reason := refusal(target)) is not None:   # appeared while we were writing
            raise WriteRefused(reason)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target.resolve()
