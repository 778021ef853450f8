"""Leader Routes: where political leaders travel, and how.

The package follows the data's one-way flow: CSV → itinerary (validated) →
places (geocoded) → geometry (paths) → view (filtered in time) → outputs.
"""

__version__ = "0.1.0"
