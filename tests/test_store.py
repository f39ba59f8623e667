"""The study store: creation, opening, sessions, codes, rules, history, undo, blindness."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from observer.errors import CodesError, StudyError
from observer.store import Study
from observer.store.engine import SCHEMA_VERSION
from observer.store.sqlite import SQLiteDatabase
from observer.store.frames import codes_frame, segments_frame

from conftest import APPEND_ONLY_ERRORS, make_session


@pytest.mark.sqlite_only
def test_study_file_is_private_and_in_wal_mode(study):
    mode = stat.S_IMODE(study.path.stat().st_mode)
    assert mode == 0o600
    assert study.db.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert study.db.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_create_refuses_an_existing_file(tmp_path, mini_scheme):
    path = tmp_path / "x.observer"
    path.write_text("keep me")
    with pytest.raises(StudyError, match="already exists"):
        Study.create(path, mini_scheme)
    assert path.read_text() == "keep me"


def test_open_rejects_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "notes.observer"
    path.write_text("this is a text file, not a database\n" * 20)
    with pytest.raises(StudyError, match="not an observer study file"):
        Study.open(path)


def test_open_rejects_an_unrelated_sqlite_file(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StudyError, match="not an observer study"):
        Study.open(path)


@pytest.mark.sqlite_only
def test_open_rejects_a_newer_layout(study):
    study.db.connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    study.close()
    with pytest.raises(StudyError, match="newer than this observer"):
        Study.open(study.target)


def test_missing_study_names_the_command_to_create_one(tmp_path):
    with pytest.raises(StudyError) as info:
        Study.open(tmp_path / "nowhere.observer")
    assert "observer init" in str(info.value)


def test_migration_from_version_1_keeps_data(tmp_path, mini_scheme):
    path = tmp_path / "old.observer"
    conn = sqlite3.connect(path, isolation_level=None)
    SQLiteDatabase(conn, path).migrate(1)
    conn.execute("INSERT INTO meta VALUES ('scheme_hash', ?)", (mini_scheme.content_hash,))
    conn.execute("INSERT INTO schemes VALUES (?, 'mini', '1', ?, 'then')",
                 (mini_scheme.content_hash, mini_scheme.text))
    conn.execute("INSERT INTO sessions (id, duration, imported_at) VALUES ('old1', 120, 'then')")
    conn.execute("INSERT INTO segments VALUES ('old1', 0, 0, 60), ('old1', 1, 60, 120)")
    conn.execute("INSERT INTO raters VALUES ('ann', 'then')")
    conn.execute("INSERT INTO codes (session_id, segment, rater, item, value, coded_at, scheme_hash)"
                 " VALUES ('old1', 0, 'ann', 'wd_minimal', 1, 'then', ?)", (mini_scheme.content_hash,))
    conn.close()

    with Study.open(path) as migrated:
        assert migrated.db.schema_version() == SCHEMA_VERSION
        info = migrated.session("old1")
        assert info.media_offset == 0.0 and info.n_segments == 2
        (code,) = migrated.codes()
        assert (code.item, code.value, code.evidence) == ("wd_minimal", 1, ())


def test_duplicate_session_is_refused_and_nothing_is_added(study):
    before = [s.id for s in study.sessions()]
    with pytest.raises(StudyError, match="already in the study"):
        study.add_sessions([make_session("s3"), make_session("s1")])
    assert [s.id for s in study.sessions()] == before


def test_unknown_session_lists_known_ones(study):
    with pytest.raises(StudyError) as info:
        study.session("s9")
    assert "s1, s2" in str(info.value)


def test_set_value_commits_and_records_history(study):
    ann = study.for_rater("ann")
    ann.set_value("s1", 0, "wd_minimal", 1)
    with Study.open(study.target) as other:  # another connection sees it at once
        (code,) = other.codes("s1")
        assert (code.rater, code.segment, code.item, code.value) == ("ann", 0, "wd_minimal", 1)
        assert code.coded_at.endswith(("Z", "+00:00")) or "+" in code.coded_at or "-" in code.coded_at[19:]
    (entry,) = study.history("s1")
    assert (entry.action, entry.old, entry.new["value"]) == ("set", {}, 1)


def test_values_are_checked_against_the_scale(study):
    ann = study.for_rater("ann")
    with pytest.raises(CodesError, match="not on scale"):
        ann.set_value("s1", 0, "wd_significance", 7)
    with pytest.raises(CodesError, match="no item"):
        ann.set_value("s1", 0, "nonsense", 1)
    with pytest.raises(CodesError, match="session-level"):
        ann.set_value("s1", 0, "gl_resolved", 2)
    with pytest.raises(CodesError, match="no segment 10"):
        ann.set_value("s1", 9, "wd_minimal", 1)
    assert study.codes() == []


def test_completion_is_refused_while_rules_are_broken(study):
    ann = study.for_rater("ann")
    ann.set_value("s1", 0, "wd_minimal", 1)
    with pytest.raises(CodesError, match="Withdrawal significance is required"):
        ann.set_complete("s1", 0)
    ann.set_value("s1", 0, "wd_significance", 2)
    ann.set_complete("s1", 0)
    assert ann.unit_states("s1")[0].complete
    ann.set_value("s1", 1, "wd_significance", 2)
    with pytest.raises(CodesError, match="must be empty"):
        ann.set_complete("s1", 1)


def test_undo_and_redo_walk_the_history(study):
    ann = study.for_rater("ann")
    ann.set_value("s1", 0, "wd_minimal", 1)
    ann.set_value("s1", 0, "wd_significance", 3)
    ann.set_value("s1", 0, "wd_significance", 1)
    assert ann.codes("s1")[(0, "wd_significance")].value == 1
    ann.undo("s1")
    assert ann.codes("s1")[(0, "wd_significance")].value == 3
    ann.undo("s1")
    assert (0, "wd_significance") not in ann.codes("s1")
    ann.redo("s1")
    assert ann.codes("s1")[(0, "wd_significance")].value == 3
    ann.set_note("s1", 0, "wd_minimal", "long pause")  # a new change clears the redo stack
    assert ann.redo("s1") == []
    ann.undo("s1")
    ann.undo("s1")
    ann.undo("s1")
    assert ann.codes("s1") == {}
    assert ann.undo("s1") == []
    actions = [e.action for e in study.history("s1")]
    assert actions == ["set", "set", "set", "undo", "undo", "redo", "set", "undo", "undo", "undo"]


def test_undo_survives_a_restart(study):
    study.for_rater("ann").set_value("s1", 2, "wd_shift", 1)
    study.close()
    with Study.open(study.target) as reopened:
        ann = reopened.for_rater("ann")
        ann.undo("s1")
        assert ann.codes("s1") == {}


def test_undo_is_per_rater(study):
    study.for_rater("ann").set_value("s1", 0, "wd_minimal", 1)
    study.for_rater("bob").set_value("s1", 0, "wd_shift", 1)
    study.for_rater("ann").undo("s1")
    assert study.for_rater("bob").codes("s1")[(0, "wd_shift")].value == 1
    assert study.for_rater("ann").codes("s1") == {}


def test_history_is_append_only(study):
    study.for_rater("ann").set_value("s1", 0, "wd_minimal", 1)
    with pytest.raises(APPEND_ONLY_ERRORS, match="append-only"):
        study.db.connection.execute("UPDATE history SET rater = 'mallory'")
    with pytest.raises(APPEND_ONLY_ERRORS, match="append-only"):
        study.db.connection.execute("DELETE FROM history")


def test_rater_view_is_blind_to_other_raters(study):
    study.for_rater("ann").set_value("s1", 0, "wd_minimal", 1)
    study.for_rater("ann").set_unit_note("s1", 0, "ann's note")
    bob = study.for_rater("bob")
    bob.set_value("s1", 1, "wd_shift", 1)
    assert set(bob.codes("s1")) == {(1, "wd_shift")}
    assert bob.unit_states("s1") == {}
    assert {e.rater for e in bob.history()} == {"bob"}
    assert bob.problems("s1", 0) == []
    bob.undo("s1")
    assert study.for_rater("ann").codes("s1")[(0, "wd_minimal")].value == 1


def test_evidence_and_notes_are_stored_with_the_code(study):
    ann = study.for_rater("ann")
    ann.set_value("s1", 0, "wd_minimal", 1)
    ann.set_evidence("s1", 0, "wd_minimal", [3, 1, 3])
    ann.set_note("s1", 0, "wd_minimal", "one-word answers")
    code = ann.codes("s1")[(0, "wd_minimal")]
    assert code.evidence == (1, 3) and code.note == "one-word answers"


def test_codes_frame_fills_unmarked_markers_of_complete_units(study):
    ann = study.for_rater("ann")
    ann.set_value("s1", 0, "wd_minimal", 1)
    ann.set_value("s1", 0, "wd_significance", 2)
    ann.set_complete("s1", 0)
    ann.set_value("s1", 1, "wd_shift", 1)  # segment 1 is not complete: no zeros
    ann.set_value("s1", None, "gl_resolved", 3)
    frame = codes_frame(study)
    seg0 = frame[frame["segment_index"] == 0].set_index("item")["value"].to_dict()
    assert seg0 == {"wd_minimal": 1, "wd_shift": 0, "wd_significance": 2, "rs_clarify": 0}
    seg1 = frame[frame["segment_index"] == 1]
    assert list(seg1["item"]) == ["wd_shift"]
    glob = frame[frame["segment_index"].isna()]
    assert list(glob["item"]) == ["gl_resolved"] and glob["segment_start"].isna().all()
    assert list(frame.columns[:9]) == ["session_id", "segment_index", "segment_start", "segment_end", "rater",
                                       "item", "value", "note", "coded_at"]
    assert frame.loc[frame["item"] == "wd_minimal", "segment_end"].item() == 60.0


def test_segments_frame_has_completion_and_notes_per_rater(study):
    ann = study.for_rater("ann")
    ann.set_unit_note("s1", 2, "client looked away")
    frame = segments_frame(study, session_id="s1")
    row = frame[(frame["segment_index"] == 2) & (frame["rater"] == "ann")].iloc[0]
    assert row["note"] == "client looked away" and not row["complete"]
    assert list(frame["segment_index"]) == [0, 1, 2]
    assert frame.iloc[0]["n_utterances"] == 6


def test_a_batch_that_loses_a_race_runs_again_from_the_start_and_is_one_undo_step(study):
    from observer.store.engine import TransientError

    ann = study.for_rater("ann")
    attempts = []

    def change() -> None:
        ann.set_value("s1", 0, "wd_minimal", 1)
        attempts.append(len(attempts))
        if len(attempts) == 1:
            raise TransientError("another writer won")
        ann.set_value("s1", 0, "wd_significance", 2)

    ann.in_batch(change)
    assert len(attempts) == 2
    assert [(e.item, e.action) for e in study.history("s1")] == [("wd_minimal", "set"), ("wd_significance", "set")]
    assert len(ann.undo("s1")) == 2 and ann.codes("s1") == {}
