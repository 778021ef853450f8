"""One failing part of the page says so in its own place; the rest of the page goes on."""

from __future__ import annotations

import logging
from contextlib import contextmanager

import streamlit as st

log = logging.getLogger("leader_routes.ui")


@contextmanager
def guarded(part: str):
    """Run a part of the page; an error becomes a short message there, never a traceback.

    Streamlit's own stop and rerun signals are BaseExceptions and pass through untouched.
    """
    try:
        yield
    except Exception as exc:
        log.exception("%s failed", part)
        st.error(f"{part} could not be shown ({type(exc).__name__}). The rest of the page works; "
                 "the details are in the server's log.")
