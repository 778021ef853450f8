"""Names kept importable from here: the line encoding (now routes/mapview/polyline.py) and
where a traveller is at a given time (routes/geometry/position.py)."""
from __future__ import annotations

from routes.geometry.position import (  # noqa: F401
    DECIMALS,
    EARTH_KM,
    cumulative_km,
    feature_latlngs,
    point_at_fraction,
    position_along,
    position_at,
)
from routes.mapview.polyline import decode_polyline, encode_flat, encode_polyline, encode_polylines  # noqa: F401
