"""Files → rows: CSV files and workbooks read as text columns, refused early when they cannot be itineraries,
and the column shapes a header maps onto."""
