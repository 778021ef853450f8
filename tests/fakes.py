"""Stand-ins shared by tests."""

from __future__ import annotations


class FakeGeocoder:
    """A geopy-shaped geocoder (like geopy.geocoders.Nominatim): answers, or fails, as told; counts calls."""

    def __init__(self, answer=None, error=None):
        self.answer, self.error, self.calls = answer, error, []

    def geocode(self, query, exactly_one=True, timeout=None, **kwargs):
        self.calls.append(query)
        if self.error is not None:
            raise self.error
        return self.answer
