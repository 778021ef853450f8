"""The validated itinerary: legs and stops from rows, every cell checked, every problem located."""
