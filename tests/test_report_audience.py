"""Who a report is for: the therapist's copy names no rater and shows no notes or reasons; the supervisor's does."""

from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path

import pytest

from observer.cli import main
from observer.report import StudyFrames, session_report
from observer.store import Study
from observer.supervision import ConsensusSession
from test_report_support import Page, coded_demo

NOTE = "client barely answers; I felt shut out"
REASON = "seen on the recording at 7:41; agreed after review"


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> Path:
    """The demo coded by trainer and ana, a note by trainer, evidence on a rating, consensus with reasons by sue."""
    path = coded_demo(tmp_path_factory.mktemp("audience"), second_rater=True)
    with Study.open(path) as opened:
        trainer = opened.for_rater("trainer")
        trainer.set_note("s01", 1, "wd_minimal_response", NOTE)
        trainer.set_evidence("s01", 1, "rs_redirect_impact", [60])  # anchored on the impact rating, not the strategy
        walk = ConsensusSession(opened, "s01", "sue")
        walk.adopt_agreements()
        for comparison in walk.disagreements():
            if comparison.pending:
                walk.decide(comparison.segment, comparison.item.id, comparison.readings[0].value, REASON)
    return path


@pytest.fixture(scope="module")
def frames(study) -> StudyFrames:
    with Study.open(study) as opened:
        return StudyFrames.from_study(opened)


def words(page: Page) -> str:
    return " ".join(page.texts)


def test_the_therapists_copy_names_nobody_and_shows_no_notes_reasons_or_internal_labels(frames):
    for rater in (None, "trainer", "mean", "consensus"):
        text = words(Page(session_report(frames, "s01", rater=rater)))
        assert not {"trainer", "ana", "sue"} & set(re.findall(r"\w+", text)), rater
        for hidden in (NOTE, REASON, "agreed by", "- impact", "Supervisor's copy"):
            assert hidden not in text, (rater, hidden)
    text = words(Page(session_report(frames, "s01")))
    assert "Coded by two observers" in re.sub(r"\s+", " ", text)
    assert "the observers' consensus" in text
    assert "marked for: Redirects / refocuses" in text  # the rating stands for the strategy it rates


def test_the_supervisors_copy_shows_names_notes_and_reasons_and_says_so(frames):
    page = Page(session_report(frames, "s01", audience="supervisor"))
    assert page.text("audience").startswith("Supervisor's copy")
    header = page.text("session")
    assert "Coded by ana, trainer, consensus" in header and "yes: ana and trainer, independently" in header
    peaks = page.text("peaks")
    assert f"Abstract communication (consensus reason): {REASON}" in peaks
    assert f"Minimal response (trainer): {NOTE}" in peaks
    assert "agreed by" not in peaks  # the automatic reasons of adopted agreements are noise here
    assert "marked for: Redirect - impact" in peaks
    trainer = Page(session_report(frames, "s01", rater="trainer", audience="supervisor")).text("peaks")
    assert f"Minimal response (trainer): {NOTE}" in trainer and REASON not in trainer


def test_the_command_line_writes_either_copy_owner_only(study, tmp_path, capsys):
    therapist, supervisor = tmp_path / "therapist.html", tmp_path / "supervisor.html"
    assert main(["report", str(study), "--session", "s01", "-o", str(therapist)]) == 0
    assert "(the therapist's copy)" in capsys.readouterr().out
    assert main(["report", str(study), "--session", "s01", "--audience", "supervisor", "-o", str(supervisor)]) == 0
    assert NOTE not in therapist.read_text(encoding="utf-8") and NOTE in supervisor.read_text(encoding="utf-8")
    folder = tmp_path / "all"
    assert main(["report", str(study), "--all", "-o", str(folder)]) == 0
    for path in (therapist, supervisor, *folder.iterdir()):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path  # reports hold clients' words
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "trainer" not in index and "one observer&#39;s codes" in index


@pytest.mark.parametrize("target", ["study", "sqlite", "wal", "dot-observer", "folder"])
def test_a_report_never_replaces_a_study_an_sqlite_file_or_a_folder(study, tmp_path, capsys, target):
    copy = Path(shutil.copy(study, tmp_path / "lab.observer"))
    paths = {"study": copy, "sqlite": tmp_path / "other.db", "wal": Path(f"{copy}-wal"),
             "dot-observer": tmp_path / "report.observer", "folder": tmp_path}
    shutil.copy(study, tmp_path / "other.db")
    out = paths[target]
    before = out.read_bytes() if out.is_file() else None
    assert main(["report", str(copy), "--session", "s01", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("observer: error: ") and err.count("\n") == 1 and str(out) in err
    assert (out.read_bytes() if out.is_file() else None) == before
