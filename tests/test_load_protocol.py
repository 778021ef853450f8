"""The load run in miniature against the real `streamlit run app.py`: two concurrent
sessions over Streamlit's protocol upload their own files, export, filter and export again.
Guards the protocol client (bench/load_protocol.py) against Streamlit changes, and the app
against sessions seeing each other's data. `make load` runs 20 sessions."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402

pytestmark = pytest.mark.slow


def test_two_concurrent_sessions_see_only_their_own_uploads():
    # The HTML snapshot also renders PNGs (seconds per session): the full run covers it.
    result = load.run(count=2, browsers=0, rounds=1, budget=300, snapshot=False)
    assert result["failures"] == {}
    assert result["page_errors"] == 0 and result["server_tracebacks"] == 0
    assert result["cut_at"] == ""
    assert list(result["phases_s"]) == ["open", "upload", "share section", "exports (all modes)",
                                        "round 1: filter train", "round 1: exports"]
    # per session: open, upload, share, filter; downloads do not rerun the script (on_click="ignore")
    assert result["script_runs"] == 2 * 4
    assert result["rss_mb"]["round 1: exports"] > result["rss_mb"]["idle server"]
    assert result["pass"]
