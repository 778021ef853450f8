"""Scoring the gazetteer against lists of real places with independent coordinates."""

from __future__ import annotations

from routes.places.context import haversine_km


def score(gazetteer, rows: list[dict], query_key: str) -> tuple[float, list[str]]:
    """Share of rows resolved within their ``tolerance_km``, and a line per miss."""
    hits, misses = 0, []
    for row in rows:
        place = gazetteer.resolve(row[query_key], country=row["country"] or None)
        distance = (haversine_km(place.lat, place.lon, float(row["lat"]), float(row["lon"]))
                    if place.resolved else None)
        if distance is not None and distance <= float(row["tolerance_km"]):
            hits += 1
        else:
            got = f"{distance:.1f} km off" if distance is not None else "unresolved"
            misses.append(f"{row[query_key]} [{row['country']}, {row.get('kind', '')}]: "
                          f"{place.name or 'nothing'} ({got}, tolerance {row['tolerance_km']} km)")
    share = hits / len(rows)
    print(f"\n{hits}/{len(rows)} = {share:.1%} within tolerance; misses:\n  " + "\n  ".join(misses))
    return share, misses
