"""Offline map assets: which npm files the map needs, installing them, and serving them.

The list below is data: every script, stylesheet and data file the map uses, with the
npm package it comes from (exact versions live in package.json / package-lock.json),
its licence, and the CDN URL used when the files are not installed.

`python -m routes.mapview.assets install` copies the files from node_modules/ into
assets/vendor/<package>/ (gitignored). At render time the map carries each file as a
`data:` URL: a `<script src="data:…">` works both in a standalone HTML file and inside
streamlit-folium, which loads `default_js` by URL but inserts header HTML with
innerHTML (where inline scripts would never run). Stylesheet `url(…)` references
(Leaflet's layer icon, the fullscreen icon) are inlined too, so nothing is fetched.
"""
from __future__ import annotations

import base64
import functools
import mimetypes
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = PROJECT_ROOT / "node_modules"
VENDOR = PROJECT_ROOT / "assets" / "vendor"


@dataclass(frozen=True)
class Asset:
    name: str        # key folium uses in default_js / default_css (or our own)
    package: str     # npm package
    version: str     # as pinned in package.json
    file: str        # path inside the package
    kind: str        # "js", "css" or "data"
    licence: str
    cdn: str         # fallback URL when assets/vendor is missing


ASSETS: tuple[Asset, ...] = (
    Asset("leaflet", "leaflet", "1.9.4", "dist/leaflet.js", "js", "BSD-2-Clause",
          "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js"),
    Asset("leaflet_css", "leaflet", "1.9.4", "dist/leaflet.css", "css", "BSD-2-Clause",
          "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.css"),
    Asset("leaflet_layers_png", "leaflet", "1.9.4", "dist/images/layers.png", "data", "BSD-2-Clause",
          "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/images/layers.png"),
    Asset("leaflet_layers_2x_png", "leaflet", "1.9.4", "dist/images/layers-2x.png", "data", "BSD-2-Clause",
          "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/images/layers-2x.png"),
    Asset("leaflet_marker_png", "leaflet", "1.9.4", "dist/images/marker-icon.png", "data", "BSD-2-Clause",
          "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/images/marker-icon.png"),
    Asset("jquery", "jquery", "3.7.1", "dist/jquery.min.js", "js", "MIT",
          "https://code.jquery.com/jquery-3.7.1.min.js"),
    Asset("Control.Fullscreen.js", "leaflet.fullscreen", "3.0.0", "Control.FullScreen.js", "js", "MIT",
          "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js"),
    Asset("Control.FullScreen.css", "leaflet.fullscreen", "3.0.0", "Control.FullScreen.css", "css", "MIT",
          "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css"),
    Asset("fullscreen_icon_svg", "leaflet.fullscreen", "3.0.0", "icon-fullscreen.svg", "data", "MIT",
          "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/icon-fullscreen.svg"),
    Asset("Control_MiniMap_js", "leaflet-minimap", "3.6.1", "dist/Control.MiniMap.min.js", "js",
          "BSD-2-Clause", "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.js"),
    Asset("Control_MiniMap_css", "leaflet-minimap", "3.6.1", "dist/Control.MiniMap.min.css", "css",
          "BSD-2-Clause", "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.css"),
    Asset("minimap_toggle_svg", "leaflet-minimap", "3.6.1", "dist/images/toggle.svg", "data", "BSD-2-Clause",
          "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/images/toggle.svg"),
    Asset("minimap_toggle_png", "leaflet-minimap", "3.6.1", "dist/images/toggle.png", "data", "BSD-2-Clause",
          "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/images/toggle.png"),
    Asset("featuregroupsubgroupjs", "leaflet.featuregroup.subgroup", "1.0.2",
          "dist/leaflet.featuregroup.subgroup.js", "js", "BSD-2-Clause",
          "https://unpkg.com/leaflet.featuregroup.subgroup@1.0.2/dist/leaflet.featuregroup.subgroup.js"),
    Asset("topojson_client", "topojson-client", "3.1.0", "dist/topojson-client.min.js", "js", "ISC",
          "https://cdn.jsdelivr.net/npm/topojson-client@3.1.0/dist/topojson-client.min.js"),
    Asset("countries_110m", "world-atlas", "2.0.2", "countries-110m.json", "data",
          "ISC (data: Natural Earth, public domain)",
          "https://cdn.jsdelivr.net/npm/world-atlas@2.0.2/countries-110m.json"),
    # the standalone page's inflater (routes/mapview/standalone.py); CommonJS, wrapped there
    Asset("tiny_inflate", "tiny-inflate", "1.0.3", "index.js", "data", "MIT",
          "https://cdn.jsdelivr.net/npm/tiny-inflate@1.0.3/index.js"),
    Asset("countries_50m", "world-atlas", "2.0.2", "countries-50m.json", "data",
          "ISC (data: Natural Earth, public domain)",
          "https://cdn.jsdelivr.net/npm/world-atlas@2.0.2/countries-50m.json"),
)

ASSETS_BY_NAME = {asset.name: asset for asset in ASSETS}
# Folium's own keys that the map does not need at all: its popups are built without jQuery
# (one script less to parse before the first paint).
UNUSED_FOLIUM_KEYS = {"jquery", "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
                      "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css"}


def vendor_path(asset: Asset) -> Path:
    return VENDOR / asset.package / asset.file


def is_installed() -> bool:
    return all(vendor_path(asset).is_file() for asset in ASSETS)


def install(source: Path = NODE_MODULES, target: Path = VENDOR) -> list[Path]:
    """Copy every declared file from node_modules into assets/vendor; return the copies."""
    missing = [a for a in ASSETS if not (source / a.package / a.file).is_file()]
    if missing:
        names = ", ".join(sorted({a.package for a in missing}))
        raise FileNotFoundError(f"not in {source}: {names} (run `npm ci` first)")
    copied = []
    for asset in ASSETS:
        destination = target / asset.package / asset.file
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / asset.package / asset.file, destination)
        copied.append(destination)
    for package in {a.package for a in ASSETS}:
        licence = next((p for p in (source / package).glob("LICENSE*")), None)
        if licence:
            shutil.copyfile(licence, target / package / licence.name)
    _cached_data_url.cache_clear()
    return copied


def _mime(path: Path) -> str:
    if path.suffix == ".js":
        return "text/javascript"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _css_with_inlined_urls(css: str, folder: Path) -> str:
    """Replace url(relative) in a stylesheet by data: URLs of the files next to it."""
    def inline(match: re.Match) -> str:
        reference = match.group(1).strip("'\"")
        local = folder / reference
        if reference.startswith(("#", "data:")) or not local.is_file():
            return match.group(0)
        encoded = base64.b64encode(local.read_bytes()).decode("ascii")
        return f"url(data:{_mime(local)};base64,{encoded})"
    return re.sub(r"url\(([^)]*)\)", inline, css)


@functools.lru_cache(maxsize=64)
def _cached_data_url(path_text: str) -> str:
    path = Path(path_text)
    payload = path.read_bytes()
    if path.suffix == ".css":
        payload = _css_with_inlined_urls(payload.decode("utf-8"), path.parent).encode("utf-8")
    return f"data:{_mime(path)};charset=utf-8;base64,{base64.b64encode(payload).decode('ascii')}"


def asset_url(name: str, notices: list[str] | None = None) -> str:
    """A data: URL of the installed file, or its CDN URL (with a notice) when missing."""
    asset = ASSETS_BY_NAME[name]
    path = vendor_path(asset)
    if path.is_file():
        return _cached_data_url(str(path))
    if notices is not None:
        message = ("Map scripts are not installed (run `make assets`): loading them from "
                   "public CDNs, which needs internet access.")
        if message not in notices:
            notices.append(message)
    return asset.cdn


def asset_text(name: str) -> str | None:
    """The installed file as text, or None when it is not installed."""
    path = vendor_path(ASSETS_BY_NAME[name])
    return path.read_text(encoding="utf-8") if path.is_file() else None


def localise(element, notices: list[str] | None = None) -> None:
    """Point one folium element's default_js/default_css at local copies.

    Keys the project declares are replaced; folium extras the map never uses
    (Bootstrap, Font Awesome, awesome-markers) are dropped; any other key is left alone.
    """
    for attribute in ("default_js", "default_css"):
        entries = getattr(element, attribute, None)
        if not entries:
            continue
        localised = []
        for key, url in entries:
            if key in UNUSED_FOLIUM_KEYS:
                continue
            localised.append((key, asset_url(key, notices) if key in ASSETS_BY_NAME else url))
        # instance attribute: never mutate folium's class-level lists
        setattr(element, attribute, localised)


def walk(root):
    """root and every element below it, in the order folium renders them (and adds their
    links to the page): an element before its children, children in the order added."""
    stack = [root]
    while stack:
        element = stack.pop(0)
        yield element
        stack[0:0] = list(getattr(element, "_children", {}).values())


def page_links(root) -> tuple[list[str], list[str]]:
    """(stylesheets, scripts) every element below root links, in page order, each once (the
    walk st_folium makes: only folium's JSCSSMixin elements render their links)."""
    from folium.elements import JSCSSMixin

    css: list[str] = []
    js: list[str] = []
    for element in walk(root):
        if not isinstance(element, JSCSSMixin):
            continue
        css.extend(href for _, href in getattr(element, "default_css", None) or [])
        js.extend(src for _, src in getattr(element, "default_js", None) or [])
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def localise_tree(root, notices: list[str] | None = None) -> None:
    """`localise` every element below (and including) root."""
    for element in walk(root):
        localise(element, notices)


def main(argv: list[str]) -> int:
    if argv[:1] != ["install"]:
        print("usage: python -m routes.mapview.assets install", file=sys.stderr)
        return 2
    try:
        copied = install()
    except FileNotFoundError as error:
        print(f"map assets: {error}; the map will load scripts from CDNs", file=sys.stderr)
        return 1
    for asset in ASSETS:
        print(f"{asset.package}@{asset.version} {asset.file} ({asset.licence})")
    print(f"map assets: {len(copied)} files in {VENDOR.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
