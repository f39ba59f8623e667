"""The study file's tables and the migrations that build them, version by version."""

from __future__ import annotations

import sqlite3

# Each entry takes a study file from version N-1 to version N. Append, never edit.
MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE schemes (
        hash      TEXT PRIMARY KEY,
        scheme_id TEXT NOT NULL,
        version   TEXT NOT NULL,
        text      TEXT NOT NULL,
        added_at  TEXT NOT NULL
    );
    CREATE TABLE sessions (
        id            TEXT PRIMARY KEY,
        therapist     TEXT NOT NULL DEFAULT '',
        client        TEXT NOT NULL DEFAULT '',
        date          TEXT NOT NULL DEFAULT '',
        media_path    TEXT NOT NULL DEFAULT '',
        duration      REAL NOT NULL,
        source        TEXT NOT NULL DEFAULT '',
        source_format TEXT NOT NULL DEFAULT '',
        metadata      TEXT NOT NULL DEFAULT '{}',
        imported_at   TEXT NOT NULL
    );
    CREATE TABLE utterances (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        start      REAL NOT NULL,
        end        REAL NOT NULL,
        speaker    TEXT NOT NULL,
        text       TEXT NOT NULL,
        segment    INTEGER NOT NULL,
        PRIMARY KEY (session_id, idx)
    ) WITHOUT ROWID;
    CREATE TABLE segments (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        start      REAL NOT NULL,
        end        REAL NOT NULL,
        PRIMARY KEY (session_id, idx)
    ) WITHOUT ROWID;
    CREATE TABLE raters (
        name       TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
    );
    CREATE TABLE codes (
        session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        segment     INTEGER NOT NULL,   -- -1 for session-level items
        rater       TEXT NOT NULL REFERENCES raters(name),
        item        TEXT NOT NULL,
        value,
        note        TEXT NOT NULL DEFAULT '',
        coded_at    TEXT NOT NULL,
        scheme_hash TEXT NOT NULL REFERENCES schemes(hash),
        PRIMARY KEY (session_id, segment, rater, item)
    ) WITHOUT ROWID;
    CREATE TABLE unit_state (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        segment    INTEGER NOT NULL,    -- -1 for the session-level ratings
        rater      TEXT NOT NULL REFERENCES raters(name),
        complete   INTEGER NOT NULL DEFAULT 0,
        note       TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (session_id, segment, rater)
    ) WITHOUT ROWID;
    CREATE TABLE history (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        at         TEXT NOT NULL,
        rater      TEXT NOT NULL,
        session_id TEXT NOT NULL,
        segment    INTEGER NOT NULL,
        item       TEXT NOT NULL,       -- scheme item id, or '' for the unit's state
        action     TEXT NOT NULL,       -- set | undo | redo | import
        target     INTEGER,             -- the entry an undo or redo reverses
        old        TEXT NOT NULL,       -- JSON state before
        new        TEXT NOT NULL        -- JSON state after
    );
    CREATE INDEX history_by_rater ON history (rater, session_id, id);
    CREATE TRIGGER history_no_update BEFORE UPDATE ON history
        BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
    CREATE TRIGGER history_no_delete BEFORE DELETE ON history
        BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
    """,
    2: """
    ALTER TABLE sessions ADD COLUMN media_offset REAL NOT NULL DEFAULT 0;
    ALTER TABLE codes ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]';
    """,
    3: """
    CREATE TABLE assignments (
        session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        role        TEXT NOT NULL CHECK (role IN ('primary', 'second')),
        rater       TEXT NOT NULL REFERENCES raters(name),
        assigned_at TEXT NOT NULL,
        seed        INTEGER,            -- the seed of the random draw, to repeat it
        PRIMARY KEY (session_id, role)
    ) WITHOUT ROWID;
    CREATE TABLE consensus_decisions (  -- who decided a consensus change, and why
        history_id INTEGER PRIMARY KEY REFERENCES history(id),
        decided_by TEXT NOT NULL,
        reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0)
    );
    CREATE TRIGGER consensus_decisions_no_update BEFORE UPDATE ON consensus_decisions
        BEGIN SELECT RAISE(ABORT, 'consensus decisions are append-only'); END;
    CREATE TRIGGER consensus_decisions_no_delete BEFORE DELETE ON consensus_decisions
        BEGIN SELECT RAISE(ABORT, 'consensus decisions are append-only'); END;
    CREATE TABLE master_sessions (      -- sessions whose codes by `source` are the master codes
        session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        source     TEXT NOT NULL,
        marked_at  TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    4: """
    CREATE INDEX codes_by_scheme ON codes (scheme_hash);
    """,
}

SCHEMA_VERSION = max(MIGRATIONS)


def version_of(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the file (0 for an empty file)."""
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, *, target: int = SCHEMA_VERSION) -> int:
    """Bring the file up to ``target`` in one transaction; returns the version it had."""
    start = version_of(conn)
    if start >= target:
        return start
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(start + 1, target + 1):
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return start


def _statements(script: str) -> list[str]:
    """Split a migration script into complete statements (triggers contain semicolons)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return [s for s in statements if s]
