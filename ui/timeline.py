"""The timeline slider: pick a moment and see where everyone shown was."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from routes.view.filters import time_bounds


def moment_slider(legs: pd.DataFrame):
    bounds = time_bounds(legs)
    if bounds is None:
        return None
    start, end = (b.tz_convert("UTC").tz_localize(None).to_pydatetime().replace(minute=0, second=0) for b in bounds)
    end = end + timedelta(hours=1)
    step = timedelta(hours=1) if (end - start) < timedelta(days=120) else timedelta(days=1)
    from_map = st.session_state.pop("moment_from_map", None)   # where the reader stopped the map's play
    if from_map is not None:
        stamp = pd.Timestamp(from_map, unit="ms").to_pydatetime()
        st.session_state["moment"] = start + (stamp - start) // step * step   # on the slider's steps
    chosen = st.session_state.get("moment")
    if chosen is not None:
        stamp = pd.Timestamp(chosen)
        chosen = (stamp.tz_convert("UTC").tz_localize(None) if stamp.tzinfo else stamp).to_pydatetime()
    # The slider works in naive UTC; a link's moment outside the data falls back to the start.
    st.session_state["moment"] = chosen if chosen is not None and start <= chosen <= end else start
    return st.slider("Timeline (UTC): where was everyone at this moment?", min_value=start, max_value=end,
                     step=step, format="YYYY-MM-DD HH:mm", key="moment")


def chosen(legs: pd.DataFrame, moment):
    """The moment the map's timeline should show: the slider's, once the reader has moved it from
    its first position (until then the map shows every route, as before any moment is chosen)."""
    bounds = time_bounds(legs)
    if moment is None or bounds is None:
        return None
    first = bounds[0].tz_convert("UTC").tz_localize(None).to_pydatetime().replace(minute=0, second=0)
    return None if pd.Timestamp(moment) == pd.Timestamp(first) else moment
