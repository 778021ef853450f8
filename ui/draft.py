"""Draft an itinerary from a news story: paste, check, correct, then add or download."""

from __future__ import annotations

from datetime import date

import streamlit as st

from routes.draft.draft import draft_story
from routes.draft.story import read_story
from routes.export.csvout import frame_csv
from ui.plain import md


def panel() -> None:
    st.write("Paste a wire story (any language) or upload a .txt; check and correct the proposed stops.")
    upload = st.file_uploader("Story (.txt)", type=["txt"], key="story_file")
    text = upload.getvalue().decode("utf-8", errors="replace") if upload else ""
    text = st.text_area("Story text", value=text, height=180, key="story_text")
    if not text.strip():
        return
    found = read_story(text).date
    story_date = st.date_input("Story date", value=found or date.today(), key="story_date",
                               help="Taken from a 'date' line or a dateline when the story has one.")
    draft = draft_story(text, story_date)
    st.text(f"Leader: {draft.leader or 'not found'} · language: {draft.language}")
    frame = draft.to_stops_frame()
    edited = st.data_editor(frame, num_rows="dynamic", key="draft_editor", width="stretch")
    if draft.background:
        st.caption("Mentioned as background, not part of this trip: "
                   + md("; ".join(b.place for b in draft.background)))
    csv = edited.to_csv(index=False).encode("utf-8")   # this session's data, as written
    cols = st.columns(2)
    cols[0].download_button("Download draft (CSV)", frame_csv(edited), "draft-itinerary.csv", "text/csv",
                            key="draft_csv", on_click="ignore")   # formula-safe for spreadsheets
    if cols[1].button("Add to this session's data", key="draft_add"):
        st.session_state["drafted"] = csv
        st.rerun()
