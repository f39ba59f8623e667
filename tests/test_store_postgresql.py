"""A study in PostgreSQL: blinding enforced by the database, moving studies between engines, clear refusals."""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
import pytest

from observer.cli import main
from observer.errors import StudyError
from observer.store import Study
from observer.store.copying import TABLES, copy_study
from observer.store.engine import SCHEMA_VERSION

from conftest import make_session, study_rows

PASSWORDS = {"ann": "ann-secret-1", "bob": "bob-secret-2", "sue": "sue-secret-3"}


@pytest.fixture
def shared(pg_cluster, new_database, mini_scheme):
    """A PostgreSQL study with two raters and a supervisor, each with an account and some work."""
    url = new_database("shared")
    with Study.create(url, mini_scheme) as study:
        study.add_sessions([make_session("s1"), make_session("s2")])
        for name, role in (("ann", "rater"), ("bob", "rater"), ("sue", "supervisor")):
            study.add_account(name, role, PASSWORDS[name])
        for name in ("ann", "bob"):
            view = study.for_rater(name)
            view.set_value("s1", 0, "wd_minimal", 1)
            view.set_note("s1", 0, "wd_minimal", f"{name.upper()}'S NOTE")
            view.set_evidence("s1", 0, "wd_minimal", [1])
            view.set_unit_note("s1", 0, f"{name.upper()}'S UNIT NOTE")
            view.set_complete("s1", 1)
        study.record_consensus("s1", 0, "wd_minimal", 1, reason="SUE'S REASON", decided_by="sue")
    return pg_cluster, url


def _as(url: str, name: str, password: str | None = None) -> str:
    """The study's URL for logging in as an account, with its password."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{quote(name)}:{quote(password or PASSWORDS[name])}@{host}"))


def _login(shared_study, name: str) -> psycopg.Connection:
    return psycopg.connect(_as(shared_study[1], name), autocommit=True)


def _everything_readable(conn: psycopg.Connection) -> str:
    """Every row of every table the role may read, as text (refused tables count as nothing read)."""
    seen = []
    for table in TABLES:
        try:
            seen.append(repr(conn.execute(f"SELECT * FROM {table}").fetchall()))
        except psycopg.errors.InsufficientPrivilege:
            seen.append(f"{table}: refused")
    return "\n".join(seen)


def test_a_rater_connecting_with_plain_sql_sees_no_other_raters_work(shared):
    with _login(shared, "ann") as ann:
        seen = _everything_readable(ann)
        assert "BOB" not in seen and "'bob'" not in seen and "SUE" not in seen
        assert "ANN'S NOTE" in seen and "ANN'S UNIT NOTE" in seen  # their own work is there
        assert "accounts: refused" in seen and "consensus_decisions: refused" in seen
        assert ann.execute("SELECT count(*) FROM utterances").fetchone()[0] > 0  # the transcripts are shared
        assert {r for (r,) in ann.execute("SELECT DISTINCT rater FROM history")} == {"ann"}


@pytest.mark.parametrize("statement", [
    "UPDATE codes SET note = 'changed by ann' WHERE rater = 'bob'",
    "DELETE FROM codes WHERE rater = 'bob'",
    "INSERT INTO codes (session_id, segment, rater, item, value, coded_at, scheme_hash)"
    " SELECT 's1', 2, 'bob', 'wd_shift', '1', 'now', hash FROM schemes",
    "INSERT INTO history (at, rater, session_id, segment, item, action, old, new)"
    " VALUES ('now', 'bob', 's1', 0, 'wd_minimal', 'set', '{}', '{}')",
    "UPDATE sessions SET client = 'someone'",
    "DELETE FROM utterances",
    "UPDATE meta SET value = 'x'",
])
def test_a_rater_cannot_touch_another_raters_work_or_the_shared_tables(shared, statement):
    _, url = shared
    with Study.open(url) as study:
        before = study_rows(study)
    with _login(shared, "ann") as ann:
        try:
            changed = ann.execute(statement).rowcount
        except psycopg.errors.InsufficientPrivilege:
            changed = 0
    assert changed == 0
    with Study.open(url) as study:
        assert study_rows(study) == before


def test_a_supervisor_sees_every_rater_and_the_consensus(shared):
    with _login(shared, "sue") as sue:
        raters = {r for (r,) in sue.execute("SELECT DISTINCT rater FROM codes")}
        assert raters == {"ann", "bob", "consensus"}
        assert sue.execute("SELECT reason FROM consensus_decisions").fetchone()[0] == "SUE'S REASON"


def test_the_observer_api_as_a_rater_role_codes_only_as_that_rater(shared):
    with Study.open(_as(shared[1], "ann")) as study:
        with pytest.raises(StudyError, match="can code only as 'ann'"):
            study.for_rater("bob")
        ann = study.for_rater("ann")
        ann.set_value("s2", 0, "wd_shift", 1)
        assert ann.undo("s2")[0].item == "wd_shift"
        assert {c.rater for c in study.codes()} == {"ann"}
        with pytest.raises(StudyError, match="may not do this"):
            study.record_consensus("s1", 1, "wd_shift", 1, reason="ann tries", decided_by="ann")


def test_the_owner_acts_as_a_raters_role_through_the_role_option(shared):
    _, url = shared
    with Study.open(f"{url}&options=-c%20role%3Dbob") as study:
        assert study.db.acting_rater() == "bob"
        assert {c.rater for c in study.codes()} == {"bob"}


def test_an_account_can_log_in_with_its_password_only(shared):
    _, url = shared
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(_as(url, "ann", "wrong-password"))
    assert main(["users", "remove", url, "ann"]) == 0
    with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
        _login(shared, "ann")  # the role stays (other studies may use it), without the right to this one


def test_copy_to_a_file_and_back_keeps_every_export_identical(shared, new_database, tmp_path, capsys):
    _, url = shared
    file = tmp_path / "copy.observer"
    back = new_database("back")
    assert main(["copy", url, str(file)]) == 0
    assert main(["copy", str(file), back]) == 0
    assert "need a password" in capsys.readouterr().out
    for what in ("codes", "utterances", "segments", "sessions", "summary"):
        outputs = []
        for source in (url, file, back):
            out = tmp_path / f"{what}-{len(outputs)}.csv"
            assert main(["export", str(source), "--what", what, "-o", str(out)]) == 0
            outputs.append(out.read_bytes())
        assert outputs[0] == outputs[1] == outputs[2], what
    histories = []
    for source in (url, file, back):
        capsys.readouterr()
        assert main(["history", str(source), "--format", "json"]) == 0
        histories.append(capsys.readouterr().out)
    assert histories[0] == histories[1] == histories[2]
    with Study.open(url) as first, Study.open(back) as third:
        assert study_rows(first) == study_rows(third)
        assert first.consensus_decisions() == third.consensus_decisions()


def test_a_copy_continues_the_history_ids(shared, new_database):
    _, url = shared
    back = new_database("ids")
    copy_study(url, back)
    with Study.open(back) as study:
        last = max(e.id for e in study.history())
        study.for_rater("ann").set_value("s2", 1, "wd_shift", 1)
        assert study.history()[-1].id == last + 1


def test_copy_refuses_a_target_that_is_not_empty_and_changes_nothing(shared, tmp_path):
    _, url = shared
    with Study.open(url) as study:
        before = study_rows(study)
    with pytest.raises(StudyError, match="already holds a study"):
        copy_study(url, url)
    existing = tmp_path / "there.observer"
    existing.write_bytes(b"keep")
    with pytest.raises(StudyError, match="already exists"):
        copy_study(url, existing)
    assert existing.read_bytes() == b"keep"
    with Study.open(url) as study:
        assert study_rows(study) == before


def test_a_failed_copy_leaves_an_empty_database(shared, new_database, monkeypatch):
    _, url = shared
    target = new_database("half")
    import observer.store.copying as copying

    monkeypatch.setitem(copying.TABLES, "access_log", ("id", "no_such_column"))
    with pytest.raises(StudyError):
        copy_study(url, target)
    with psycopg.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0


def test_a_database_that_is_not_a_study_or_too_new_is_refused(new_database, mini_scheme):
    empty = new_database("plain")
    with pytest.raises(StudyError, match="holds no observer study"):
        Study.open(empty)
    Study.create(empty, mini_scheme).close()
    with psycopg.connect(empty, autocommit=True) as conn:
        conn.execute("UPDATE meta SET value = %s WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(StudyError, match="newer than this observer"):
        Study.open(empty)


def test_connection_failures_are_one_clear_message(pg_cluster, capsys):
    missing = pg_cluster.url("no_such_database")
    assert main(["sessions", missing]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err and "createdb" in err
    assert main(["sessions", "postgresql://ann:hunter2@/x?host=/nonexistent/socket"]) == 2
    err = capsys.readouterr().err
    assert "cannot connect" in err and "hunter2" not in err and "ann:***@" in err


def test_a_feedback_report_is_written_from_a_database(shared, tmp_path, capsys):
    _, url = shared
    out = tmp_path / "s1.html"
    assert main(["report", url, "--session", "s1", "--rater", "ann", "-o", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>") and "s1" in out.read_text()
    assert main(["report", url, "--all", "-o", str(tmp_path / "all")]) == 0
    assert (tmp_path / "all" / "index.html").is_file()
