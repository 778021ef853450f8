"""What the reader looks at: filters, the time model (zones, timing, whereabouts, journeys),
statistics and tables, and the whole flow for one dataset (pipeline)."""
