"""Static map (PNG or SVG) drawn on the server with matplotlib, no browser needed.

Same choices as the interactive map: leader colours and mode line styles come from
routes.mapview.style, land and borders from the offline Natural Earth outlines
(routes.mapview.basemap). Sizes: 1x is 1200×800 px for the web, 2x is 2400×1600 px for print
(the same drawing at twice the dpi, so the layout is identical).
"""
from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import UTC, datetime

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D

from routes.export.frame import MapFrame, arrange, frame_for, frame_for_view
from routes.export.labels import Stop, choose_labels, stops_from_frame, stops_from_lines
from routes.itinerary.modes import UNKNOWN, line_cap
from routes.mapview import basemap
from routes.mapview.style import (
    APPROXIMATE_OPACITY,
    MODE_STYLES,
    OPACITY,
    assign_colours,
    casing_style,
    leg_style,
    mode_style,
    stop_radius,
)

SIZE_INCHES = (12.0, 8.0)
BASE_DPI = 100                       # 1x: 1200×800 px
AXES = (0.012, 0.045, 0.976, 0.845)   # map area: left, bottom, width, height (figure fractions)
PX_TO_PT = 72.0 / BASE_DPI           # the map's styles are in screen pixels at 1x
FONTS = ["DejaVu Sans", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK KR"]
ATTRIBUTION = ("Borders: Natural Earth (public domain) via world-atlas · "
               "Places: GeoNames (CC BY 4.0) · Leader Routes")
MAX_LEGEND_LEADERS = 12
FORMATS = ("png", "svg")


def static_map(features: Mapping, stops=None, *, title: str, subtitle: str | None = None, scale: int = 1,
               fmt: str = "png", palette: dict[str, str] | None = None, view_bounds=None) -> bytes:
    """The routes of a Tracks FeatureCollection as PNG or SVG bytes.

    view_bounds: [[south, west], [north, east]] of the map the reader was looking at, to
    draw that view; None draws all the routes.
    stops: Itinerary.stops rows (place, lat, lon, hours) to mark and label; None marks
    the legs' ends. subtitle: defaults to the date range of the legs.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    if scale not in (1, 2):
        raise ValueError("scale must be 1 (web) or 2 (print)")
    lines = leg_lines(features)
    frame = map_frame(features, view_bounds=view_bounds)
    palette = palette or assign_colours(str(p.get("leader", "")) for p, _ in lines)
    figure = Figure(figsize=SIZE_INCHES, dpi=BASE_DPI * scale)
    axes = figure.add_axes(AXES)
    notice = _draw_basemap(axes, frame)
    _draw_routes(axes, frame, lines, palette)
    stop_list = stops_from_frame(stops) if stops is not None else stops_from_lines(lines)
    _draw_stops(axes, frame, stop_list)
    _draw_legend(axes, lines, palette)
    _draw_texts(figure, title, subtitle if subtitle is not None else date_range_text(features), notice,
                empty=not lines)
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    figure.savefig(buffer, format=fmt, dpi=BASE_DPI * scale, metadata=metadata)
    return buffer.getvalue()


def map_frame(features: Mapping, scale: int = 1, view_bounds=None) -> MapFrame:
    """The frame `static_map` draws these features in (tests use `.pixel`)."""
    width, height = SIZE_INCHES
    if view_bounds is not None:
        return frame_for_view(view_bounds, int(width * BASE_DPI * scale), int(height * BASE_DPI * scale), AXES)
    lines = leg_lines(features)
    points = np.concatenate([line for _, line in lines]) if lines else np.empty((0, 2))
    return frame_for(points, int(width * BASE_DPI * scale), int(height * BASE_DPI * scale), AXES)


def leg_lines(features: Mapping) -> list[tuple[dict, np.ndarray]]:
    """(properties, n×2 [lon, lat]) for each drawable line, moved into one band of longitudes."""
    pieces = []
    for feature in features.get("features", []) or []:
        geometry = feature.get("geometry") or {}
        kind, coords = geometry.get("type"), geometry.get("coordinates")
        parts = [coords] if kind == "LineString" else coords if kind == "MultiLineString" else []
        for part in parts or []:
            line = _continuous(np.asarray(part, dtype=float).reshape(-1, 2))
            if len(line) >= 2 and np.isfinite(line).all():
                pieces.append((feature.get("properties") or {}, line))
    arranged = arrange([line for _, line in pieces])
    return [(props, line) for (props, _), line in zip(pieces, arranged)]


def _continuous(line: np.ndarray) -> np.ndarray:
    # tolerate lines already wrapped at ±180° (e.g. a re-imported GeoJSON export)
    steps = np.diff(line[:, 0])
    turns = np.concatenate([[0.0], np.cumsum(-360.0 * np.round(steps / 360.0))])
    return np.column_stack([line[:, 0] + turns, line[:, 1]])


def plain(text) -> str:
    """User text for matplotlib: `$` would switch to mathtext, so it is escaped."""
    return str(text or "").replace("$", r"\$")


def date_range_text(features: Mapping) -> str:
    """'7 Jan 2019 – 10 Jan 2019' from the legs' epoch-millisecond times."""
    stamps = [p.get(k) for f in features.get("features", []) or []
              for p in [f.get("properties") or {}] for k in ("depart_ms", "arrive_ms")]
    known = [float(s) for s in stamps if isinstance(s, (int, float)) and s == s]
    if not known:
        return ""
    first, last = (datetime.fromtimestamp(s / 1000.0, tz=UTC) for s in (min(known), max(known)))
    return date_range_label(first, last)


def date_range_label(first: datetime, last: datetime) -> str:
    shown = [f"{d.day} {d:%b %Y}" for d in (first, last)]
    return shown[0] if shown[0] == shown[1] else f"{shown[0]} – {shown[1]}"


def _draw_basemap(axes, frame: MapFrame) -> str:
    """Sea, land and borders; returns a notice when the outlines are not installed."""
    x0, x1, y0, y1 = frame.limits
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)
    axes.set_axis_off()
    axes.add_patch(_rectangle(x0, x1, y0, y1))
    resolution = "110m" if frame.lon_max - frame.lon_min > 60 else "50m"
    try:
        countries = basemap.country_polygons(resolution)
    except basemap.BasemapMissing:
        return "Basemap not installed (make assets): routes on plain background."
    from matplotlib.collections import PolyCollection
    rings = []
    for copy in basemap.world_copies_for(frame.lon_min, frame.lon_max):
        for _id, _name, polygons in countries:
            for polygon in polygons:
                ring = polygon[0] + [360.0 * copy, 0.0]
                if _overlaps(ring, frame):
                    rings.append(np.column_stack(frame.xy(ring[:, 0], ring[:, 1])))
    axes.add_collection(PolyCollection(rings, facecolors=basemap.LAND_COLOUR, edgecolors=basemap.BORDER_COLOUR,
                                       linewidths=0.5, zorder=1))
    return ""


def _rectangle(x0, x1, y0, y1):
    from matplotlib.patches import Rectangle
    return Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=basemap.SEA_COLOUR, edgecolor="none", zorder=0)


def _overlaps(ring: np.ndarray, frame: MapFrame) -> bool:
    return not (ring[:, 0].max() < frame.lon_min or ring[:, 0].min() > frame.lon_max
                or ring[:, 1].max() < frame.lat_min or ring[:, 1].min() > frame.lat_max)


def _dashes(pattern: str | None, weight: float):
    """A Leaflet dash pattern (px) as a matplotlib linestyle (in units of line width)."""
    if not pattern:
        return "solid"
    return (0, tuple(float(v) / weight for v in pattern.split()))


def _draw_routes(axes, frame: MapFrame, lines, palette: dict[str, str]) -> None:
    for props, line in lines:
        mode = str(props.get("mode", ""))
        approximate = bool(props.get("approximate"))
        style = leg_style(mode, palette.get(str(props.get("leader", "")), "#000000"), approximate=approximate)
        casing = casing_style(mode, approximate=approximate)
        for copy in _copies_in_view(line, frame):
            x, y = frame.xy(copy[:, 0], copy[:, 1])
            axes.plot(x, y, color=style["color"], alpha=style["opacity"], linewidth=style["weight"] * PX_TO_PT,
                      linestyle=_dashes(style["dashArray"], style["weight"]), solid_capstyle="round",
                      dash_capstyle=line_cap(mode), zorder=3)
            if casing:
                axes.plot(x, y, color=casing["color"], alpha=casing["opacity"],
                          linewidth=casing["weight"] * PX_TO_PT,
                          linestyle=_dashes(casing["dashArray"], casing["weight"]), zorder=4)


def _copies_in_view(line: np.ndarray, frame: MapFrame) -> list[np.ndarray]:
    """The line, plus its ±360° copies when a whole-world view cuts it at the edge
    (a route leaving the map on the left comes back in on the right)."""
    copies = []
    for turns in (-2, -1, 0, 1, 2):
        shifted = line + [360.0 * turns, 0.0]
        if shifted[:, 0].max() >= frame.lon_min and shifted[:, 0].min() <= frame.lon_max:
            copies.append(shifted)
    return copies


def _draw_stops(axes, frame: MapFrame, stops: list[Stop]) -> None:
    placed = [s for s in stops if frame.lat_min <= s.lat <= frame.lat_max]
    for stop in placed:
        x, y = frame.xy(frame.nearest_copy(stop.lon), stop.lat)
        axes.plot([x], [y], marker="o", markersize=2 * stop_radius(stop.hours) * PX_TO_PT,
                  markerfacecolor="white", markeredgecolor="#333333", markeredgewidth=0.8, zorder=5)
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for stop in choose_labels(placed, frame):
        x, y = frame.xy(frame.nearest_copy(stop.lon), stop.lat)
        # names near the right edge go to the left of their dot, so they are not cut off
        right_side = frame.pixel(stop.lon, stop.lat)[0] > 0.78 * frame.width_px
        axes.annotate(plain(stop.name), (float(x), float(y)), xytext=(-5 if right_side else 5, 4),
                      textcoords="offset points", ha="right" if right_side else "left",
                      fontsize=8.5, color="#222222", family=FONTS, path_effects=halo, zorder=6,
                      annotation_clip=True)


def _draw_legend(axes, lines, palette: dict[str, str]) -> None:
    leaders = list(dict.fromkeys(str(p.get("leader", "")) for p, _ in lines))
    modes = list(dict.fromkeys(str(p.get("mode", "")) for p, _ in lines))
    if not leaders:
        return
    handles = [Line2D([], [], color=palette.get(name, "#000000"), linewidth=3, label=plain(name))
               for name in leaders[:MAX_LEGEND_LEADERS]]
    if len(leaders) > MAX_LEGEND_LEADERS:
        handles.append(Line2D([], [], color="none", label=f"… and {len(leaders) - MAX_LEGEND_LEADERS} more"))
    for mode in modes:
        handles.append(_mode_handle(mode))
    if any(p.get("approximate") for p, _ in lines):
        handles.append(Line2D([], [], color="#555555", alpha=APPROXIMATE_OPACITY / OPACITY, linewidth=1.5,
                              label="Approximate path"))
    labels = [h[0].get_label() if isinstance(h, tuple) else h.get_label() for h in handles]
    legend = axes.legend(handles=handles, labels=labels, loc="lower left", framealpha=0.88,
                         prop={"family": FONTS, "size": 8.5}, handlelength=3.2,
                         handler_map={tuple: HandlerTuple(ndivide=1, pad=0)})
    legend.set_zorder(7)


def _mode_handle(mode: str):
    """A legend sample drawn like the mode's lines (a train gets its white sleepers too)."""
    style = mode_style(mode)
    # a mode outside the table is named as written; "unknown" reads as the table says
    known = not mode or str(mode).lower() in MODE_STYLES or str(mode).lower() == UNKNOWN
    label = plain(style["label"] if known else mode)
    line = Line2D([], [], color="#555555", linewidth=style["weight"] * PX_TO_PT * 1.2,
                  linestyle=_dashes(style["dash_array"], style["weight"]), label=label)
    casing = casing_style(mode)
    if not casing:
        return line
    sleepers = Line2D([], [], color=casing["color"], linewidth=casing["weight"] * PX_TO_PT * 1.2,
                      linestyle=_dashes(casing["dashArray"], casing["weight"]))
    return (line, sleepers)


def _draw_texts(figure, title: str, subtitle: str, notice: str, *, empty: bool) -> None:
    left = AXES[0]
    figure.text(left, 0.965, plain(title), fontsize=17, fontweight="bold", family=FONTS, va="top")
    if subtitle:
        figure.text(left, 0.918, plain(subtitle), fontsize=11, color="#444444", family=FONTS, va="top")
    figure.text(1 - left, 0.018, ATTRIBUTION, fontsize=7.5, color="#555555", family=FONTS, ha="right")
    if notice:
        figure.text(left, 0.018, notice, fontsize=7.5, color="#8a1c1c", family=FONTS)
    if empty:
        figure.text(0.5, 0.5, "No legs with coordinates in this view", fontsize=14, color="#444444",
                    family=FONTS, ha="center", va="center")
