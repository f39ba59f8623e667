"""Snapshots of the review screens at 80x24 (Textual 8.2.8, pytest-textual-snapshot 1.1.0)."""

from __future__ import annotations

from importlib.metadata import version

import pytest
from test_tui_review import double_coded, review

TEXTUAL = "8.2.8"
pytestmark = pytest.mark.skipif(version("textual") != TEXTUAL,
                                reason=f"the snapshots were drawn by Textual {TEXTUAL} (pinned in pyproject)")


def after(*keys: str):
    """A run_before that waits for the workers after each key (and at the start)."""

    async def run(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        for key in keys:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run


def test_reliability_table(snap_compare, tmp_path):
    assert snap_compare(review(double_coded(tmp_path)), terminal_size=(80, 24), run_before=after("down", "down"))


def test_disagreements_and_a_segment(snap_compare, tmp_path):
    keys = ("f", "down", "down", "down", "enter", "enter")  # flagged rows, the third: wd_significance's kappa
    assert snap_compare(review(double_coded(tmp_path)), terminal_size=(80, 24), run_before=after(*keys))
