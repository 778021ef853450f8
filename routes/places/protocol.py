"""What the library asks of a geocoder, as typing.Protocols.

Two kinds are accepted where places are looked up (routes.places.placing):

- a ``Resolver`` (the offline ``Gazetteer``, the ``OnlineGeocoder`` in front of it) answers
  with a ``Place``: a confidence, alternatives and a source, so weak answers can be
  looked up again with the trip around them as context;
- any geopy geocoder (``GeopyGeocoder``: Nominatim, Photon, …) answers with a
  ``geopy.location.Location`` or None; its answers are trusted as they are.

Both kinds take the query positionally and every option by keyword, as geopy does. Errors:
an option a geocoder does not know is a ``TypeError`` (nothing is swallowed); a place not
found is not an error (an unresolved ``Place``, or None / []); the offline gazetteer raises
nothing else for a query; an online service's failures are geopy's ``GeopyError`` subclasses,
which ``OnlineGeocoder`` catches and reports in its ``notices`` (keeping the offline answer).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from routes.places.place import Place


@runtime_checkable
class Resolver(Protocol):
    """A geocoder of this library: a Place for a name, never an exception for an unknown one."""

    def resolve(self, query: str, *, country: str | None = None, kind: str | None = None,
                context: Sequence[tuple[float, float]] = ()) -> Place:
        """The best place for ``query``; ``country`` (a name or code) and ``kind`` ("city",
        "airport", …) narrow it, ``context`` (lat, lon pairs of the trip around it) breaks
        ties between namesakes. Unresolved (``place.resolved`` false) when nothing fits."""
        ...


class GeopyGeocoder(Protocol):
    """Any geopy geocoder, as far as the library uses one."""

    def geocode(self, query: str, *, exactly_one: bool = True, **options: Any) -> Any:
        """A ``geopy.location.Location`` (a list of them unless ``exactly_one``), None / [] when
        not found; raises geopy's ``GeopyError`` subclasses when the service fails."""
        ...
