"""Cached loaders: each dataset is read, geocoded and traced once per process, and what the
panels derive from it is computed once too."""

from __future__ import annotations

import hashlib

import streamlit as st

from routes.itinerary.itinerary import Itinerary, read_itinerary
from routes.reading import csvfile
from routes.reading.csvfile import read_header, read_table
from routes.reading.schema import ImportRecipe
from routes.reading.spreadsheet import sheet_names
from routes.view.pipeline import DEFAULT_SET, Prepared, load_bundled, prepare
from ui.plain import md


@st.cache_resource(show_spinner="Reading the bundled journeys…")
def bundled(name: str = DEFAULT_SET) -> Prepared:
    # Shared by every session and never mutated: cache_resource avoids copying 10,000s of legs per rerun.
    return prepare(load_bundled(name))


def _progress_bar():
    bar = st.progress(0.0, text="Geocoding places…")

    def report(done: int, total: int, name: str = "") -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"Geocoding places… {done}/{total} {md(name, 60)}")

    return bar, report


@st.cache_resource(show_spinner=False, max_entries=32)
def _uploaded(digest: str, _data: bytes, name: str, recipe_key: str, _recipe, online: str | None,
              sheet: str | None = None) -> Prepared:
    # Underscored arguments are not hashed by Streamlit: the digest and recipe_key stand for them.
    itinerary = read_itinerary(_data, name=name, recipe=_recipe, sheet=sheet)
    bar, report = _progress_bar()
    geocoder = online_geocoder(online) if online else None
    prepared = prepare(itinerary, geocoder=geocoder, progress=report)
    bar.empty()
    return prepared


def uploaded(data: bytes, name: str, recipe: ImportRecipe | None = None, online: str | None = None,
             sheet: str | None = None) -> Prepared:
    digest = hashlib.sha256(data).hexdigest()
    key = repr(sorted(vars(recipe).items())) if recipe else ""
    return _uploaded(digest, data, name, key, recipe, online, sheet)


def sheets(data: bytes) -> list[str]:
    """A workbook's sheet names ([] for a text file), read once per upload."""
    return _sheets(hashlib.sha256(data).hexdigest(), data)


@st.cache_data(show_spinner=False, max_entries=32)
def _sheets(digest: str, _data: bytes) -> list[str]:
    return sheet_names(_data, csvfile.MAX_BYTES)


def header(data: bytes, name: str, sheet: str | None) -> list[str]:
    """The upload's header, read once per upload and sheet (a workbook is slow to open)."""
    return _header(hashlib.sha256(data).hexdigest(), data, name, sheet)


@st.cache_data(show_spinner=False, max_entries=32)
def _header(digest: str, _data: bytes, name: str, sheet: str | None) -> list[str]:
    # a text file: its first kilobytes hold the header, a refusal costs nothing
    if not sheet_names(_data, csvfile.MAX_BYTES):
        return read_header(_data, name)
    return read_table(_data, name, sheet).header


# A person waits for the page: a slow server gives way to the offline answer sooner than a script's would.
ONLINE_TIMEOUT_S = 5.0
ONLINE_CACHE_DIR = None   # None: the user's cache folder


def online_geocoder(server: str):
    from routes.places import Gazetteer
    from routes.places.online import OnlineGeocoder
    return OnlineGeocoder.from_setting(server, Gazetteer.default(), timeout=ONLINE_TIMEOUT_S,
                                       cache_dir=ONLINE_CACHE_DIR)


def itinerary_only(data: bytes, name: str) -> Itinerary:
    return read_itinerary(data, name=name)
