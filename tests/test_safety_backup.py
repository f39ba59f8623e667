"""Backups: online copies that are complete, checked, private, never overwrite, and roll."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from observer.cli import main
from observer.errors import StudyError
from observer.store import Study
from observer.store.backup import BACKUPS_ENV, backup_study, backups_folder, rolling_backup, rolling_backups

from conftest import study_rows


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def coded(study):
    ann = study.for_rater("ann")
    ann.set_value("s1", 0, "wd_minimal", 1)
    ann.set_value("s1", 0, "wd_significance", 2)
    ann.set_complete("s1", 0)
    study.for_rater("bob").set_value("s2", None, "gl_resolved", 3)
    return study


def test_a_backup_is_a_complete_checked_private_study(coded):
    target = backup_study(coded.target)
    assert target.parent == backups_folder(coded.target)
    assert target.name.startswith(f"{Path(coded.name).stem}-") and target.suffix == ".observer"
    assert _mode(target) == 0o600 and _mode(target.parent) == 0o700
    with Study.open(target) as copy:
        assert study_rows(copy) == study_rows(coded)
        assert copy.codes() == coded.codes() and copy.history() == coded.history()
        assert copy.db.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not list(target.parent.glob(".*.partial"))


def test_a_backup_is_one_self_contained_file(coded):
    target = backup_study(coded.target)
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


@pytest.mark.sqlite_only
def test_a_backup_taken_during_a_write_holds_only_committed_changes(coded):
    writer = sqlite3.connect(coded.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM codes")
    target = backup_study(coded.target)
    writer.execute("ROLLBACK")
    writer.close()
    with Study.open(target) as copy:
        assert len(copy.codes()) == 3


def test_dest_may_be_a_new_file_or_a_folder(coded, tmp_path):
    file = backup_study(coded.target, tmp_path / "monday.observer")
    assert file == tmp_path / "monday.observer" and _mode(file) == 0o600
    folder = tmp_path / "usb"
    folder.mkdir()
    inside = backup_study(coded.target, folder)
    assert inside.parent == folder and inside.name.startswith(f"{Path(coded.name).stem}-")


def test_a_backup_never_overwrites_a_file(coded, tmp_path):
    existing = tmp_path / "keep.observer"
    existing.write_text("precious")
    with pytest.raises(StudyError, match="already exists"):
        backup_study(coded.target, existing)
    assert existing.read_text() == "precious"
    assert not list(tmp_path.glob(".*.partial"))


def test_a_missing_destination_folder_is_refused(coded, tmp_path):
    with pytest.raises(StudyError, match="folder for the backup does not exist"):
        backup_study(coded.target, tmp_path / "nowhere" / "b.observer")


def test_a_file_that_is_not_a_study_is_not_backed_up(tmp_path):
    notes = tmp_path / "notes.observer"
    notes.write_text("not a study\n" * 50)
    with pytest.raises(StudyError, match="not an observer study"):
        backup_study(notes)
    assert not backups_folder(notes).exists()


@pytest.mark.sqlite_only
def test_rolling_backups_keep_the_newest_and_spare_manual_ones(coded):
    manual = backup_study(coded.target)
    made = [rolling_backup(coded.target, keep=2) for _ in range(4)]
    assert rolling_backups(coded.target) == made[-2:]
    assert manual.exists()


@pytest.mark.sqlite_only
def test_the_number_kept_comes_from_the_environment(coded, monkeypatch):
    monkeypatch.setenv(BACKUPS_ENV, "3")
    for _ in range(5):
        rolling_backup(coded.target)
    assert len(rolling_backups(coded.target)) == 3
    monkeypatch.setenv(BACKUPS_ENV, "0")
    assert rolling_backup(coded.target) is None
    assert len(rolling_backups(coded.target)) == 3


def test_a_bad_environment_value_is_a_clear_error(coded, monkeypatch):
    monkeypatch.setenv(BACKUPS_ENV, "ten")
    with pytest.raises(StudyError) as info:
        rolling_backup(coded.target)
    assert BACKUPS_ENV in str(info.value) and "whole number" in str(info.value)


def test_the_backup_command(coded, tmp_path, capsys):
    assert main(["backup", str(coded.target), str(tmp_path / "b.observer")]) == 0
    assert "b.observer" in capsys.readouterr().out
    assert main(["backup", str(coded.target), str(tmp_path / "b.observer")]) == 2
    assert "already exists" in capsys.readouterr().err


@pytest.mark.sqlite_only
def test_opening_the_coder_makes_a_rolling_backup(coded, monkeypatch):
    from observer.tui import ObserverApp

    monkeypatch.setattr(ObserverApp, "run", lambda self: None)
    assert main(["code", str(coded.target), "--rater", "ann", "--session", "s1"]) == 0
    (backup,) = rolling_backups(coded.target)
    with Study.open(backup) as copy:
        assert len(copy.codes()) == 3
