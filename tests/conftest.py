"""Shared fixtures: small schemes and studies built in temporary folders."""

from __future__ import annotations

import itertools
import sqlite3
import sys
from pathlib import Path

import psycopg
import pytest

from observer.scheme import load_scheme
from observer.store import NewSession, SessionInfo, StoredUtterance, Study

FIXTURES = Path(__file__).parent / "fixtures"
BENCH = Path(__file__).parent.parent / "bench"
ENGINES = ("sqlite", "postgresql")
_database_ids = itertools.count(1)


def pytest_generate_tests(metafunc):
    """Tests that use a study run on both engines, unless marked sqlite_only (they test the file itself)."""
    if "backend" in metafunc.fixturenames:
        only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("backend", ENGINES[:1] if only_sqlite else ENGINES)


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path, monkeypatch):
    """The user data folder (demo study, backups of databases) lives in the test's own folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster for the whole run (bench/pg_cluster.py); skipped when none can start."""
    sys.path.insert(0, str(BENCH))
    from pg_cluster import ClusterUnavailable, ThrowawayCluster

    cluster = ThrowawayCluster()
    try:
        cluster.start()
    except ClusterUnavailable as exc:
        cluster.stop()
        pytest.skip(f"PostgreSQL cannot run here: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture
def new_database(pg_cluster):
    """Make a new, empty database in the throwaway cluster (a unique name per call); returns its URL."""
    return lambda name="study": pg_cluster.create_database(f"t{next(_database_ids)}_{name}")


@pytest.fixture
def new_location(backend, tmp_path, request):
    """Make the location of a new, empty study for the test's engine: a file path, or an empty database's URL."""

    def make(name: str = "study") -> Path | str:
        if backend == "sqlite":
            return tmp_path / f"{name}.observer"
        return request.getfixturevalue("new_database")(name)

    return make


@pytest.fixture
def mini_scheme_path() -> Path:
    return FIXTURES / "mini-scheme.yaml"


@pytest.fixture
def mini_scheme(mini_scheme_path):
    return load_scheme(mini_scheme_path)


def make_session(session_id: str, duration: float = 150.0, segment_seconds: float = 60.0) -> NewSession:
    """A session of alternating therapist/client utterances every 10 s."""
    bounds = []
    start = 0.0
    while start < duration:
        bounds.append((start, min(start + segment_seconds, duration)))
        start += segment_seconds
    utterances = [
        StoredUtterance(i, t, t + 8.0, "Therapist" if i % 2 == 0 else "Client", f"utterance {i}",
                        int(t // segment_seconds))
        for i, t in enumerate(range(0, int(duration) - 8, 10))
    ]
    return NewSession(SessionInfo(id=session_id, duration=duration, therapist="T1", client="C1"),
                      utterances, bounds)


def code_units(study: Study | Path, rater: str, session: str, values: dict, *, evidence: dict | None = None,
               notes: dict | None = None, complete=(0, 1, 2, None)) -> None:
    """Write a rater's values {(segment, item): value}, evidence and notes; mark the listed units complete."""
    if not isinstance(study, Study):
        with Study.open(study) as opened:
            return code_units(opened, rater, session, values, evidence=evidence, notes=notes, complete=complete)
    view = study.for_rater(rater)
    for (segment, item), value in values.items():
        view.set_value(session, segment, item, value)
    for (segment, item), utterances in (evidence or {}).items():
        view.set_evidence(session, segment, item, utterances)
    for (segment, item), note in (notes or {}).items():
        view.set_note(session, segment, item, note)
    for segment in complete:
        view.set_complete(session, segment)


def study_rows(study: Study) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: what "unchanged" means on either engine."""
    from observer.store.copying import ENGINE_META, TABLES

    rows = {}
    for table, columns in TABLES.items():
        found = study.db.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
        if table == "meta":
            found = [row for row in found if row[0] not in ENGINE_META]
        rows[table] = sorted((tuple(row) for row in found), key=repr)
    return rows


APPEND_ONLY_ERRORS = (sqlite3.DatabaseError, psycopg.Error)  # what either driver raises for a forbidden change


@pytest.fixture
def study(new_location, mini_scheme):
    """A study with the mini scheme and two sessions (3 segments each), on each engine."""
    s = Study.create(new_location("test"), mini_scheme)
    s.add_sessions([make_session("s1"), make_session("s2")])
    yield s
    s.close()
