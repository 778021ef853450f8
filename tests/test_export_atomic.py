import os
import stat

import pytest

from routes.export.atomic import write_atomic, write_with


def _leftovers(folder, name):
    return [p.name for p in folder.iterdir() if p.name != name]


def test_write_atomic_writes_the_bytes(tmp_path):
    target = tmp_path / "map.png"
    write_atomic(target, b"\x89PNG data")
    assert target.read_bytes() == b"\x89PNG data"
    assert _leftovers(tmp_path, "map.png") == []


def test_a_failure_half_way_leaves_no_file_and_no_temporary(tmp_path):
    target = tmp_path / "map.png"

    def half_then_fail(handle):
        handle.write(b"half a picture")
        raise RuntimeError("renderer crashed")

    with pytest.raises(RuntimeError):
        write_with(target, half_then_fail)
    assert not target.exists()
    assert _leftovers(tmp_path, "map.png") == []


def test_a_failure_keeps_the_previous_file_intact(tmp_path):
    target = tmp_path / "legs.csv"
    target.write_bytes(b"old, complete")

    def fail(handle):
        handle.write(b"new, incomp")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_with(target, fail)
    assert target.read_bytes() == b"old, complete"
    assert _leftovers(tmp_path, "legs.csv") == []


def test_the_file_gets_ordinary_permissions_not_the_temporary_0600(tmp_path):
    target = tmp_path / "page.html"
    write_atomic(target, b"<html></html>")
    mode = stat.S_IMODE(os.stat(target).st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask
