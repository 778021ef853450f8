"""The derived index: built once, reused, rebuilt when missing, stale or corrupted; never blocked by a
read-only cache."""

from __future__ import annotations

import os
import sqlite3

import pytest

from routes.places import Gazetteer
from routes.places.index import index_path

pytestmark = pytest.mark.slow

SMALL = "cities15000"   # the same code path as cities500, in a fraction of the time


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    directory = tmp_path_factory.mktemp("cache")
    gaz = Gazetteer(cache_dir=directory, cities=SMALL)
    return directory, gaz


def test_first_use_builds_and_second_use_reuses(built):
    directory, first = built
    path = index_path(directory, SMALL)
    assert path.exists() and any("built" in n for n in first.notices)
    stamp = path.stat().st_mtime_ns
    second = Gazetteer(cache_dir=directory, cities=SMALL)
    assert second.notices == []
    assert path.stat().st_mtime_ns == stamp
    assert second.resolve("Pyongyang").country == "KP"


def test_corrupted_index_is_rebuilt(built, tmp_path):
    directory, _ = built
    copy = tmp_path / "cache"
    copy.mkdir()
    source = index_path(directory, SMALL)
    damaged = index_path(copy, SMALL)
    damaged.write_bytes(b"this is not a database" + source.read_bytes()[100:5000])
    gaz = Gazetteer(cache_dir=copy, cities=SMALL)
    assert any("built" in n for n in gaz.notices)
    assert gaz.resolve("Hanoi").country == "VN"
    with sqlite3.connect(damaged) as conn:
        assert conn.execute("SELECT v FROM meta WHERE k = 'complete'").fetchone() == ("1",)


def test_stale_index_is_rebuilt(built, tmp_path):
    directory, _ = built
    copy = tmp_path / "cache"
    copy.mkdir()
    target = index_path(copy, SMALL)
    target.write_bytes(index_path(directory, SMALL).read_bytes())
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE meta SET v = '0.0' WHERE k = 'airportsdata'")
    gaz = Gazetteer(cache_dir=copy, cities=SMALL)
    assert any("built" in n for n in gaz.notices)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT v FROM meta WHERE k = 'airportsdata'").fetchone() != ("0.0",)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only directories")
def test_read_only_cache_falls_back_with_a_notice(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    try:
        gaz = Gazetteer(cache_dir=locked, cities=SMALL)
    finally:
        locked.chmod(0o700)
    assert any("not writable" in n for n in gaz.notices)
    assert gaz.resolve("Seoul").country == "KR"


def test_unwritable_cache_path_falls_back_with_a_notice(tmp_path, monkeypatch):
    # A cache "directory" that is a file cannot be created, even by root.
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    gaz = Gazetteer(cache_dir=blocker / "cache", cities=SMALL)
    assert any("not writable" in n for n in gaz.notices)
    assert gaz.resolve("Seoul").country == "KR"
