"""Snapshot of the coder's session summary at 80x24 (Textual 8.2.8, pytest-textual-snapshot 1.1.0)."""

from __future__ import annotations

from importlib.metadata import version

import pytest
from test_tui_summary import code
from test_tui_support import app_on, build_study

TEXTUAL = "8.2.8"
pytestmark = pytest.mark.skipif(version("textual") != TEXTUAL,
                                reason=f"the snapshots were drawn by Textual {TEXTUAL} (pinned in pyproject)")


def test_summary_in_the_coder(snap_compare, tmp_path):
    path = build_study(tmp_path)
    code(path, "ann", "s1", {(0, "wd_denial"): 1, (0, "wd_significance"): 2, (1, "rs_clarify"): 1,
                             (1, "rs_clarify_impact"): 3, (2, "cf_rejects_intervention"): 1, (2, "cf_significance"): 4},
         evidence={(2, "cf_rejects_intervention"): [33]}, complete=())  # no "all complete" toast

    async def open_summary(pilot) -> None:
        await pilot.press("ctrl+u")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app_on(path, "ann", "s1"), terminal_size=(80, 24), run_before=open_summary)
