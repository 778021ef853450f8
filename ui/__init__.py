"""Streamlit widgets for app.py. Everything they show comes from the routes library."""
