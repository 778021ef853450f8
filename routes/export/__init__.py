"""Exports: what users take away from a view (CSV, GeoJSON, KML, PNG/SVG, HTML) and the `render` command."""
