"""The map: folium routes that read at a glance, play in time and render offline."""
