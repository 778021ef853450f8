"""The map component: the project's own declared Streamlit component, on public interfaces only.

It serves streamlit-folium's published frontend (the `frontend/build` folder its package
ships) under a component of our own, so the app calls no private function of
streamlit-folium: the page script comes from its public `generate_leaflet_string`, the
header and body from folium's own renderers, and the key from its public
`generate_js_hash`. What the frontend is sent is what `st_folium` sends (checked by
tests/test_app_map.py against `st_folium` itself), but for the scripts: `st_folium` sends
them to every page, inlined (a map is one self-contained file), where this component serves
them from its own folder as one file, named by its content (Streamlit marks component
files cacheable, and a changed bundle gets a new name).
The routes travel in `feature_group`, which the frontend swaps in place without remounting
the map.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import uuid
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from textwrap import dedent

import branca.element
import folium
import streamlit.components.v1 as components
import streamlit_folium

from routes.places.cache import writable_dir

NAME = "leader_routes_map"
MAP_VARIABLE = "map_div"     # the name the frontend gives the map in its page
FRONTEND = Path(str(resources.files("streamlit_folium") / "frontend" / "build"))
SERVED = "lr"                # the component folder's subfolder of map scripts and styles
_DATA_URL = re.compile(r"data:(?P<mime>[^;,]+)(?:;charset=[^;,]+)?;base64,(?P<payload>.*)", re.S)
_EXTENSIONS = {"text/javascript": ".js", "application/javascript": ".js", "text/css": ".css"}


def _component_folder() -> Path | None:
    """streamlit-folium's frontend copied into a folder of ours (in the cache folder), which
    can also hold the map's files; None when nothing can be written (then the frontend is
    served from its package and the files stay inlined)."""
    cache = writable_dir(None, [])
    if cache is None:
        return None
    folder = cache / f"map-component-{version('streamlit-folium')}"
    try:
        if not (folder / "index.html").is_file():
            shutil.copytree(FRONTEND, folder, dirs_exist_ok=True)
        (folder / SERVED).mkdir(exist_ok=True)
    except OSError:
        return None
    return folder


FOLDER = _component_folder()
_map_component = components.declare_component(NAME, path=str(FOLDER or FRONTEND))


def served(links: list[str]) -> list[str]:
    """The inlined scripts (or stylesheets) as ONE file of the component's folder, named by its
    content: the frontend loads its scripts one after another, and one request costs what one
    of a dozen did (a changed file gets a new name; a kept one stays in the browser's cache).
    Links that are not inlined (a CDN's, when the assets are not installed) keep their place
    between the bundles; with no folder, every link stays as it is."""
    if FOLDER is None:
        return list(links)
    out: list[str] = []
    run: list[bytes] = []
    extension = ""
    for link in links:
        found = _DATA_URL.fullmatch(link)
        kind = _EXTENSIONS.get(found.group("mime")) if found else None
        if found is None or kind is None or (run and kind != extension):
            out += _bundle(run, extension)
            run = []
        if found is None or kind is None:
            out.append(link)
            continue
        run.append(base64.b64decode(found.group("payload")))
        extension = kind
    return out + _bundle(run, extension)


def _bundle(payloads: list[bytes], extension: str) -> list[str]:
    if not payloads:
        return []
    # a newline between files: a script ending in a line comment must not swallow the next
    content = b"\n;\n".join(payloads) if extension == ".js" else b"\n".join(payloads)
    name = f"{SERVED}/{hashlib.sha256(content).hexdigest()[:20]}{extension}"
    assert FOLDER is not None
    path = FOLDER / name
    if not path.is_file():
        try:
            temporary = path.with_suffix(f".{uuid.uuid4().hex}.tmp")
            temporary.write_bytes(content)
            temporary.replace(path)
        except OSError:
            return [f"data:text/{'javascript' if extension == '.js' else 'css'};charset=utf-8;base64,"
                    f"{base64.b64encode(content).decode('ascii')}"]
    return [name]


# The scripts and stylesheets go to the frontend as links; the header keeps the rest.
_SCRIPT_LINK = re.compile(r'<script\b[^>]*\bsrc=["\'][^"\']*["\'][^>]*>.*?</script\b[^>]*>', re.I | re.S)
_STYLE_LINK = re.compile(r'<link rel="stylesheet" href=".*?"/>')
# folium writes Leaflet's default icon path without "/images/" (streamlit-folium issue 275)
_ICON_PATH = re.compile(r'(L\.Icon\.Default\.imagePath\s*=\s*["\'])([^"\']*?/dist)(["\'])')
_MAP_DIV = re.compile(r'<div class="folium-map" id=".*" ></div>')
_DRAWN_ITEMS = re.compile(r"drawnItems_draw_control_div_\d+")


def map_id(folium_map: folium.Map) -> str:
    return streamlit_folium.get_full_id(folium_map)


def header(folium_map: folium.Map) -> str:
    text = _figure(folium_map).header.render()
    text = _STYLE_LINK.sub("", _SCRIPT_LINK.sub("", text))
    text = _ICON_PATH.sub(r"\1\2/images/\3", text)
    return text.replace(map_id(folium_map), MAP_VARIABLE)


def body(folium_map: folium.Map) -> str:
    return _MAP_DIV.sub("", _figure(folium_map).html.render()).strip()


def _figure(folium_map: folium.Map) -> branca.element.Figure:
    figure = folium_map.get_root()
    assert isinstance(figure, branca.element.Figure), "a folium map is drawn in a branca Figure"
    return figure


def script(folium_map: folium.Map) -> str:
    """The map's page script with the frontend's variable names (``map_div``, ``drawnItems``)."""
    text = streamlit_folium.generate_leaflet_string(folium_map).replace("alert(coords);", "")
    text = dedent(_DRAWN_ITEMS.sub("drawnItems", text))
    return text if "drawnItems" in text else text + "\nvar drawnItems = [];"


def component_key(page_script: str, key: str) -> str:
    return streamlit_folium.generate_js_hash(page_script, key, False)


def show(**args):
    """The component on the page; returns what the map reports (see ui.mapview.RETURNED)."""
    return _map_component(**args)
