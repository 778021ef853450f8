"""Why a file is refused before anything is read from it, and the size limit: shared by the CSV
and workbook readers."""
from __future__ import annotations

import os

# The largest file read (bytes); routes.reading.csvfile re-exports it, and tests there may lower it.
MAX_BYTES = int(os.environ.get("LEADER_ROUTES_MAX_BYTES", 50 * 1024 * 1024))


class CsvRefusedError(ValueError):
    """The file cannot be read as an itinerary (empty, binary, an archive); nothing was read."""


class CsvLimitError(CsvRefusedError):
    """The file is larger than the configured limits; nothing was read."""
