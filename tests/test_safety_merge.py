"""Merging a copy of the study coded elsewhere: what it brings, what it refuses, and conflicts resolved only as told."""

from __future__ import annotations

import time

import pytest

from observer.cli import main
from observer.errors import StudyError
from observer.scheme import load_scheme_text
from observer.store import Study
from observer.store.backup import backup_study
from observer.store.merge import merge_studies

from conftest import make_session, study_rows


def _values(study: Study) -> dict:
    return {(c.session_id, c.segment, c.rater, c.item): (c.value, c.note) for c in study.codes()}


@pytest.fixture
def ours(study):
    ann = study.for_rater("ann")
    ann.set_value("s1", 0, "wd_minimal", 1)
    ann.set_value("s1", 0, "wd_significance", 2)
    ann.set_value("s1", 1, "wd_shift", 1)
    return study


@pytest.fixture
def copy(ours, tmp_path):
    """The study as copied to a laptop (observer backup: a plain copy of an open study may miss its WAL)."""
    with Study.open(backup_study(ours.target, tmp_path / "laptop.observer")) as other:
        yield other


def test_changes_made_in_the_copy_come_in_with_their_history(ours, copy):
    ann, bob = copy.for_rater("ann"), copy.for_rater("bob")
    ann.set_value("s1", 0, "wd_significance", 3)   # changed there only
    ann.set_value("s1", 1, "wd_shift", None)       # cleared there only
    bob.set_value("s2", 2, "wd_minimal", 1)        # new there
    bob.set_value("s2", 2, "wd_significance", 1)
    bob.set_complete("s2", 2)
    report = merge_studies(ours, copy, backup=False)
    assert _values(ours) == _values(copy)
    assert ours.for_rater("bob").unit_states("s2")[2].complete
    assert (report.added, report.updated, report.identical, report.conflicts) == (3, 2, 0, [])
    assert report.history_copied == 5
    copied = [e for e in ours.history() if e.action.startswith("merge:")]
    assert [e.action for e in copied] == ["merge:set"] * 5
    assert [e.at for e in copied] == [e.at for e in copy.history()[-5:]]
    assert sum(e.action == "merge" for e in ours.history()) == 5


def test_merging_twice_changes_nothing_more(ours, copy):
    copy.for_rater("bob").set_value("s2", 0, "wd_shift", 1)
    merge_studies(ours, copy, backup=False)
    before = study_rows(ours)
    report = merge_studies(ours, copy, backup=False)
    assert report.history_copied == 0 and study_rows(ours) == before


def test_the_same_value_reached_on_both_sides_is_not_a_conflict(ours, copy):
    copy.for_rater("ann").set_value("s2", 0, "wd_shift", 1)
    time.sleep(0.002)  # history times have millisecond resolution: within one, the two changes are one event
    ours.for_rater("ann").set_value("s2", 0, "wd_shift", 1)
    report = merge_studies(ours, copy, backup=False)
    assert report.identical == 1 and report.conflicts == [] and report.changed == 0


@pytest.fixture
def conflicted(ours, copy):
    """ann changed one cell differently in each file: the copy first, then here."""
    copy.for_rater("ann").set_value("s1", 0, "wd_significance", 3)
    ours.for_rater("ann").set_value("s1", 0, "wd_significance", 1)
    copy.for_rater("bob").set_value("s2", 0, "wd_shift", 1)  # no conflict: comes in whatever is preferred
    return ours, copy


def test_a_conflict_is_listed_and_nothing_is_merged(conflicted):
    ours, copy = conflicted
    before = study_rows(ours)
    with pytest.raises(StudyError) as info:
        merge_studies(ours, copy, backup=False)
    message = str(info.value)
    assert "1 conflict(s)" in message and "ann, session s1, segment 1, wd_significance" in message
    assert "ours 1" in message and "theirs 3" in message and "--prefer" in message
    assert study_rows(ours) == before


@pytest.mark.parametrize(("prefer", "expected"), [("ours", 1), ("theirs", 3), ("newest", 1)])
def test_a_conflict_is_resolved_as_told(conflicted, prefer, expected):
    ours, copy = conflicted
    report = merge_studies(ours, copy, prefer, backup=False)
    assert _values(ours)[("s1", 0, "ann", "wd_significance")] == (expected, "")
    assert _values(ours)[("s2", 0, "bob", "wd_shift")] == (1, "")
    assert len(report.conflicts) == 1
    assert (report.kept_ours, report.took_theirs) == ((0, 1) if expected == 3 else (1, 0))


def test_newest_takes_the_later_change(ours, copy):
    ours.for_rater("ann").set_value("s1", 0, "wd_significance", 1)
    time.sleep(0.002)  # times are kept to the millisecond, and a tie keeps ours
    copy.for_rater("ann").set_value("s1", 0, "wd_significance", 3)  # later than ours
    merge_studies(ours, copy, "newest", backup=False)
    assert _values(ours)[("s1", 0, "ann", "wd_significance")] == (3, "")


def test_undo_after_a_merge_never_replays_the_other_files_changes(ours, copy):
    copy.for_rater("ann").set_value("s2", 0, "wd_shift", 1)
    merge_studies(ours, copy, backup=False)
    ann = ours.for_rater("ann")
    assert ann.undo("s2") == [] and ann.codes("s2")[(0, "wd_shift")].value == 1


def test_a_different_scheme_version_is_refused_naming_both_hashes(ours, tmp_path):
    text = ours.scheme.text.replace('version: "1"', 'version: "2"')
    other = Study.create(tmp_path / "v2.observer", load_scheme_text(text, "v2"))
    other.add_sessions([make_session("s1"), make_session("s2")])
    with pytest.raises(StudyError) as info:
        merge_studies(ours, other, backup=False)
    message = str(info.value)
    assert ours.scheme_hash[:12] in message and other.scheme_hash[:12] in message
    assert "observer scheme upgrade" in message
    other.close()


def test_codes_for_a_session_missing_here_are_refused(ours, copy):
    copy.add_sessions([make_session("s3")])
    copy.for_rater("bob").set_value("s3", 0, "wd_shift", 1)
    with pytest.raises(StudyError, match="lacks: s3"):
        merge_studies(ours, copy, backup=False)


def test_a_study_is_not_merged_with_itself(ours):
    with Study.open(ours.target) as again, pytest.raises(StudyError, match="with itself"):
        merge_studies(ours, again, backup=False)


def test_the_merge_backs_the_study_up_first(ours, copy):
    copy.for_rater("bob").set_value("s2", 0, "wd_shift", 1)
    report = merge_studies(ours, copy)
    with Study.open(report.backup) as before:
        assert ("s2", 0, "bob", "wd_shift") not in _values(before)


def test_the_merge_command_reports_counts_and_refuses_conflicts(conflicted, capsys):
    ours, copy = conflicted
    assert main(["merge", str(ours.target), str(copy.target)]) == 2
    assert "conflict" in capsys.readouterr().err
    assert main(["merge", str(ours.target), str(copy.target), "--prefer", "theirs"]) == 0
    out = capsys.readouterr().out
    assert "1 added" in out and "1 in conflict (0 kept ours, 1 took theirs)" in out
    assert "conflict: ann, session s1, segment 1, wd_significance" in out


def test_the_other_file_is_only_read(ours, copy):
    copy.for_rater("bob").set_value("s2", 0, "wd_shift", 1)
    before = study_rows(copy)
    merge_studies(ours, copy, backup=False)
    assert study_rows(copy) == before


def test_a_consensus_decision_comes_with_who_made_it_and_why(ours, copy):
    copy.record_consensus("s1", 0, "wd_minimal", 1, reason="long silences", decided_by="sue")
    merge_studies(ours, copy, backup=False)
    (decision,) = ours.consensus_decisions()
    assert (decision.value, decision.reason, decision.decided_by) == (1, "long silences", "sue")
    assert _values(ours)[("s1", 0, "consensus", "wd_minimal")] == (1, "long silences")
