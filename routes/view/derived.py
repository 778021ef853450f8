"""What the views compute from one dataset, kept with the dataset itself.

A dataset (``routes.view.pipeline.Prepared``) holds one ``Derived``. Each value is computed
the first time a view asks for it, by name, and lives exactly as long as the dataset: no
registry elsewhere, nothing keyed by ``id()``. The names in use:

- ``filter_choices``: leaders, years and trips to offer (ui/sidebar.py);
- ``undated``: which legs have no known time (ui/sidebar.py);
- ``timing``: the time model of all the legs (each constrains the others);
- ``whereabouts``: where-was-everyone, shared by its panel and the map's timeline;
- ``journeys``: runs of legs by one mode, and which run each leg is in;
- ``leg_table``, ``trip_table``, ``leg_table_arrow``: the tables, and the legs table
  converted for display once;
- ``quality_tables``: the problems and unplaced places as shown;
- ``stop_markers``: every stop as the map draws it.

Values are read-only once built (sessions share them). ``token`` names the dataset in the
app's caches (unique per dataset, never reused, unlike an ``id()``). Not pickled: a copy of
the dataset derives its own.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Derived:
    def __init__(self) -> None:
        self.token = uuid.uuid4().hex
        self._values: dict[str, Any] = {}
        self._lock = threading.RLock()

    def get(self, name: str, build: Callable[[], T]) -> T:
        """The value called ``name``, built by ``build()`` the first time (once, however many
        sessions ask at the same moment)."""
        if name in self._values:
            return self._values[name]
        with self._lock:
            if name not in self._values:
                self._values[name] = build()
            return self._values[name]

    def names(self) -> list[str]:
        """The values built so far."""
        return list(self._values)

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        self.__init__()  # type: ignore[misc]
