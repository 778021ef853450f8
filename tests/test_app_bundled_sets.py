"""The Office of the Historian's records are bundled and selectable beside our own journeys."""

from __future__ import annotations

import pytest

from tests.test_app import new_app, table

PRESIDENTS = "US Presidents abroad, 1906–2024 (Office of the Historian)"


@pytest.mark.slow
def test_the_presidents_records_are_a_bundled_choice_spanning_their_years():
    at = new_app()
    choice = at.selectbox(key="bundled_set")
    assert PRESIDENTS in choice.options and len(choice.options) == 3
    choice.set_value(PRESIDENTS).run()
    assert not at.exception, at.exception
    legs = table(at, "legs_table")
    assert {"Theodore Roosevelt", "Woodrow Wilson", "Joseph R. Biden"} <= set(legs["Leader"])
    assert at.slider(key="years").value == (1906, 2024)
