"""Streamlit alone: the floor under the browser benchmarks.

The app's leader filter and its legs heading, and nothing else: no map, no table. What this page
takes to appear, to answer a filter change and to start is what Streamlit itself costs on the
machine, measured in the same run as the app and the stock page (bench/browser_speed.py); the
difference is what the page's content costs.

    streamlit run bench/floor_app.py -- (the page takes ?set=kim|presidents like the app)
"""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from routes.view.pipeline import SET_SLUGS, load_bundled, prepare


@st.cache_resource
def dataset(slug: str):
    return prepare(load_bundled(SET_SLUGS[slug]))


legs = dataset(st.query_params.get("set", "kim")).legs
everyone = sorted(legs["leader"].unique())
leaders = st.multiselect("Leaders", everyone, placeholder="All leaders")
st.write(f"Legs ({int(legs['leader'].isin(leaders or everyone).sum())})")
