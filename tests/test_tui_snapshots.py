"""Snapshots of the coding screen at 80x24 and 160x48 (Textual 8.2.8, pytest-textual-snapshot 1.1.0)."""

from __future__ import annotations

from importlib.metadata import version

import pytest
from test_tui_support import app_on, build_study

from observer.store import Study

TEXTUAL = "8.2.8"
pytestmark = pytest.mark.skipif(version("textual") != TEXTUAL,
                                reason=f"the snapshots were drawn by Textual {TEXTUAL} (pinned in pyproject)")


@pytest.fixture
def coded_study(tmp_path):
    """A study where ann has coded part of the first segment of s1: markers, a rating, a note, evidence."""
    path = build_study(tmp_path)
    with Study.open(path) as study:
        ann = study.for_rater("ann")
        ann.set_value("s1", 0, "wd_minimal_response", 1)
        ann.set_evidence("s1", 0, "wd_minimal_response", [1])
        ann.set_value("s1", 0, "wd_significance", 2)
        ann.set_value("s1", 0, "cf_rejects_intervention", 1)
        ann.set_note("s1", 0, "wd_minimal_response", "clipped answer")
        ann.set_unit_note("s1", 0, "client arrives late")
    return path


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_main_screen(snap_compare, coded_study, size):
    assert snap_compare(app_on(coded_study), terminal_size=size)


def test_session_picker(snap_compare, coded_study):
    assert snap_compare(app_on(coded_study, session_id=None), terminal_size=(80, 24))
