"""Draft an itinerary from a news story: paste, check, correct, then add or download."""

from __future__ import annotations

import hashlib
from datetime import date

import streamlit as st

from routes.draft.draft import draft_story
from routes.draft.joining import join_trip, keep_apart, overlapping_trips, stops_bounds
from routes.draft.story import read_story
from routes.export.csvout import frame_csv
from ui.plain import md

MIN_HALF_SPAN = 1.0   # degrees around the drafted stops when the map looks at them

SEPARATE = "(keep it as a trip of its own)"


def panel(prepared=None) -> None:
    st.write("Paste a wire story (any language) or upload a .txt; check and correct the proposed stops.")
    upload = st.file_uploader("Story (.txt)", type=["txt"], key="story_file")
    text = upload.getvalue().decode("utf-8", errors="replace") if upload else ""
    text = st.text_area("Story text", value=text, height=180, key="story_text")
    if not text.strip():
        return
    story_date = _story_date(text)
    draft = draft_story(text, story_date)
    st.text(f"Leader: {draft.leader or 'not found'} · language: {draft.language}")
    if draft.story_date is None:
        st.caption("The story gives no date: set the story date above to date its weekdays and days.")
    frame = draft.to_stops_frame()
    edited = st.data_editor(frame, num_rows="dynamic", key="draft_editor", width="stretch")
    if draft.background:
        st.caption("Mentioned as background, not part of this trip: "
                   + md("; ".join(b.place for b in draft.background)))
    legs = prepared.legs if prepared is not None else None
    trip = _trip_to_join(edited, legs)
    cols = st.columns(2)
    cols[0].download_button("Download draft (CSV)", frame_csv(edited), "draft-itinerary.csv", "text/csv",
                            key="draft_csv", on_click="ignore")   # formula-safe for spreadsheets
    if cols[1].button("Add to this session's data", key="draft_add"):
        _add(edited, trip, legs)


def _story_date(text: str):
    """The story's own date by default (never a day after today); each story its own widget,
    so a new story does not inherit the last one's date."""
    own = read_story(text).date
    today = date.today()
    key = "story_date_" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return st.date_input("Story date", value=min(own, today) if own else None, max_value=today, key=key,
                         help="Taken from the story's date line or dateline when it has one; "
                              "set it when the story has none.")


def _trip_to_join(edited, legs) -> str | None:
    """The leader's trip on the draft's dates, when there is one and the user keeps the choice."""
    matches = overlapping_trips(edited, legs)
    if not matches:
        return None
    options = [m.trip for m in matches] + [SEPARATE]
    choice = st.radio("The leader already has a trip on these dates: add the draft to it?", options,
                      key="draft_trip")
    return None if choice == SEPARATE else choice


def _add(edited, trip: str | None, legs) -> None:
    rows = join_trip(edited, trip, legs) if trip else keep_apart(edited, legs)
    if rows.empty:
        st.info(f"Every stop of this draft is already in the trip {trip}.")
        return
    st.session_state["drafted"] = rows.to_csv(index=False).encode("utf-8")
    bounds = stops_bounds(rows)
    if bounds:
        # The map looks at the drafted stops (fitted by the page, clear of its controls),
        # not at every route of the new data; a single stop gets some country around it.
        (south, west), (north, east) = bounds
        st.session_state["map_fit_to"] = [[south - MIN_HALF_SPAN, west - MIN_HALF_SPAN],
                                          [north + MIN_HALF_SPAN, east + MIN_HALF_SPAN]]
    st.rerun()
