"""Styling decisions: leader colours, line style per mode, approximate and selected legs.

The page's script draws with exactly these values (they are shipped as data), so what
is tested here is what the reader sees.

Colours: Okabe & Ito (2008), "Color Universal Design", https://jfly.uni-koeln.de/color/
(safe for the common colour-vision deficiencies), minus its yellow, which vanishes on
the pale land colour, plus three of Paul Tol's "muted" scheme
(https://personal.sron.nl/~pault/), plus ten of Sasha Trubetskoy's "20 simple, distinct
colors" (https://sashamaps.net/docs/resources/20-colors/) that stand out on the land and
from the first ten, to have twenty. Beyond twenty leaders a colour comes round again with
a second cue: the leader's mark (the shape of its stops and legend swatch), so no two
leaders of a dataset share both colour and mark (tests/test_map_style.py measures the
colours' distances in CIELAB).
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable

from routes.itinerary.modes import BY_NAME, TABLE, UNKNOWN, line_cap

PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue (Okabe–Ito)
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#882255",  # wine (Tol muted)
    "#332288",  # indigo (Tol muted)
    "#999933",  # olive (Tol muted)
    "#e6194B",  # red (Trubetskoy)
    "#3cb44b",  # green
    "#911eb4",  # purple
    "#f032e6",  # magenta
    "#469990",  # teal
    "#9A6324",  # brown
    "#800000",  # maroon
    "#42d4f4",  # cyan
    "#bfef45",  # lime
    "#4363d8",  # blue
)
# A leader's second cue, in the order colours come round again: stop and swatch shapes.
MARKS: tuple[str, ...] = ("circle", "square", "triangle", "diamond")

# How each mode is drawn: its entry in routes.itinerary.modes.TABLE (weight, dashes, casing, label).
MODE_STYLES: dict[str, dict] = {m.name: m.style for m in TABLE if m.name != UNKNOWN}
UNKNOWN_MODE = BY_NAME[UNKNOWN].style

OPACITY = 0.9
APPROXIMATE_OPACITY = 0.45   # approximate legs: lighter …
APPROXIMATE_WEIGHT_FACTOR = 0.6  # … and thinner
DIMMED_OPACITY = 0.25        # other trips when one trip is selected
SELECTED_WEIGHT_BONUS = 2


def _normalised(leader: str) -> str:
    """Spelling-insensitive key: case, accents and spaces do not change the colour."""
    text = unicodedata.normalize("NFKD", str(leader or "")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def leader_colour(leader: str, palette: dict[str, str] | None = None) -> str:
    """The leader's colour: from `palette` if given there, else from a hash of the name.

    A hash (not the order of leaders on screen) keeps a leader's colour the same
    whatever filter is applied.
    """
    if palette and leader in palette:
        return palette[leader]
    digest = hashlib.sha256(_normalised(leader).encode("utf-8")).digest()
    return PALETTE[int.from_bytes(digest[:4], "big") % len(PALETTE)]


def assign_colours(all_leaders: Iterable[str]) -> dict[str, str]:
    """Distinct colours for a whole dataset's leaders (pass the unfiltered list).

    Each leader keeps its hash colour unless an earlier leader (in sorted order) took
    it; then it gets the next free one. Stable under filtering as long as the caller
    computes it once from all leaders. Beyond twenty leaders colours repeat (and
    `assign_marks` tells those leaders apart).
    """
    taken: dict[str, str] = {}
    used: set[str] = set()
    if hasattr(all_leaders, "unique"):   # a column: its distinct values, not 100,000 iterations
        all_leaders = all_leaders.unique()
    for leader in sorted(set(all_leaders), key=_normalised):
        colour = leader_colour(leader)
        start = PALETTE.index(colour)
        for step in range(len(PALETTE)):
            candidate = PALETTE[(start + step) % len(PALETTE)]
            if candidate not in used:
                colour = candidate
                break
        taken[leader] = colour
        used.add(colour)
        if len(used) == len(PALETTE):
            used.clear()
    return taken


def assign_marks(palette: dict[str, str]) -> dict[str, str]:
    """Each leader's mark: the first leader (in name order) of a colour gets a circle,
    the next one with the same colour a square, and so on. Computed from the whole
    dataset's palette, so it is as stable under filtering as the colours."""
    seen: dict[str, int] = {}
    marks: dict[str, str] = {}
    for leader in sorted(palette, key=_normalised):
        colour = palette[leader].lower()
        marks[leader] = MARKS[seen.get(colour, 0) % len(MARKS)]
        seen[colour] = seen.get(colour, 0) + 1
    return marks


def leader_mark(leader: str, palette: dict[str, str] | None = None) -> str:
    """The leader's mark within `palette` (a circle for a leader it does not list)."""
    if not palette or leader not in palette:
        return MARKS[0]
    return assign_marks(palette)[leader]


def mode_style(mode: str) -> dict:
    return MODE_STYLES.get(str(mode or "").lower(), UNKNOWN_MODE)


def leg_style(mode: str, colour: str, *, approximate: bool = False, selected: bool | None = None) -> dict:
    """Leaflet path options for one leg.

    selected: True = the selected trip (thicker), False = another trip while one is
    selected (dimmed), None = no selection.
    """
    base = mode_style(mode)
    weight = base["weight"] * (APPROXIMATE_WEIGHT_FACTOR if approximate else 1)
    opacity = APPROXIMATE_OPACITY if approximate else OPACITY
    if selected is True:
        weight += SELECTED_WEIGHT_BONUS
    elif selected is False:
        opacity = min(opacity, DIMMED_OPACITY)
    return {"color": colour, "weight": round(weight, 2), "opacity": opacity,
            "dashArray": base["dash_array"], "lineCap": line_cap(mode)}


def casing_style(mode: str, *, approximate: bool = False) -> dict | None:
    """The white 'sleepers' drawn over a train line, or None for other modes."""
    pattern = mode_style(mode)["casing"]
    if not pattern:
        return None
    weight = mode_style(mode)["weight"] * (APPROXIMATE_WEIGHT_FACTOR if approximate else 1)
    return {"color": "#ffffff", "weight": round(max(weight - 2, 1), 2), "opacity": 0.9,
            "dashArray": pattern, "lineCap": "butt"}


def stop_radius(hours: float | None) -> float:
    """CircleMarker radius in pixels: grows with the square root of the time spent
    (area ∝ time), 3 px for a brief stop, capped at 14 px (a week or more)."""
    if hours is None or hours != hours or hours <= 0:
        return 3.0
    return round(min(3.0 + 1.6 * hours ** 0.5, 14.0), 1)


def client_styles() -> dict:
    """Everything the page's script needs to style legs the same way as leg_style."""
    return {
        "modes": MODE_STYLES, "unknown": UNKNOWN_MODE, "opacity": OPACITY,
        "approximateOpacity": APPROXIMATE_OPACITY, "approximateWeight": APPROXIMATE_WEIGHT_FACTOR,
        "dimmedOpacity": DIMMED_OPACITY, "selectedWeightBonus": SELECTED_WEIGHT_BONUS,
    }
