"""Snapshots of the coding and consensus screens at 80x24, 120x40 and 160x48 (Textual 8.2.8,
pytest-textual-snapshot 1.1.0)."""

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


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 48)], ids=["80x24", "120x40", "160x48"])
def test_main_screen(snap_compare, coded_study, size):
    assert snap_compare(app_on(coded_study), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_a_later_group_scrolled_into_view(snap_compare, coded_study, size):
    """The items' cursor on the last strategy: the panel scrolls to it, every row labelled (no code changes,
    so no save time on the bar)."""
    assert snap_compare(app_on(coded_study), press=["tab", "end"], terminal_size=size)


def test_the_evidence_prompt(snap_compare, coded_study):
    """ctrl+e on the second utterance: one line over the footer, the transcript and items in sight."""
    assert snap_compare(app_on(coded_study), press=["down", "ctrl+e"], terminal_size=(80, 24))


def test_a_complete_segment(snap_compare, coded_study):
    """A complete segment: the status says which key reopens it."""
    with Study.open(coded_study) as study:
        study.for_rater("ann").set_complete("s1", 1)
    assert snap_compare(app_on(coded_study), press=["right"], terminal_size=(80, 24))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_the_consensus_screen(snap_compare, coded_study, size):
    """A disagreement beside its transcript; the footer shows the way out (^q) and the way to the transcript."""
    from conftest import code_units

    from observer.tui.consensus_app import ConsensusApp

    code_units(coded_study, "bob", "s1", {(0, "wd_minimal_response"): 1, (0, "wd_significance"): 4},
               complete=())
    assert snap_compare(ConsensusApp(coded_study, "s1", "sue"), terminal_size=size)


def test_session_picker(snap_compare, coded_study):
    assert snap_compare(app_on(coded_study, session_id=None), terminal_size=(80, 24))
