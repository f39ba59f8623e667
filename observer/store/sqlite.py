"""The SQLite engine: one private study file, write-ahead logging, its layout version by version."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Iterable

from observer.errors import StudyError
from observer.store.engine import SCHEMA_VERSION, Database

BUSY_TIMEOUT_MS = 10_000
_BUSY_RETRIES = 5
_STUDY_TABLES = {"meta", "schemes", "sessions", "segments", "codes", "history"}

# Each entry takes a study file from version N-1 to version N. Append, never edit; a new
# version needs its twin in observer.store.postgresql.MIGRATIONS.
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
    5: """
    ALTER TABLE utterances RENAME COLUMN end TO stop;
    ALTER TABLE segments RENAME COLUMN end TO stop;
    ALTER TABLE history ADD COLUMN batch INTEGER;   -- changes made by one action share it; undo takes them all
    CREATE TABLE accounts (             -- who may log in to observer serve, and as what
        name          TEXT PRIMARY KEY,
        role          TEXT NOT NULL CHECK (role IN ('rater', 'supervisor')),
        password_hash TEXT NOT NULL,
        created_at    TEXT NOT NULL
    );
    CREATE TABLE access_log (           -- logins, failed logins and logouts
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        at      TEXT NOT NULL,
        account TEXT NOT NULL,
        event   TEXT NOT NULL,
        address TEXT NOT NULL DEFAULT ''
    );
    CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
        BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
    CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
        BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
    """,
}


class SQLiteDatabase(Database):
    """A study file opened with the pragmas every study connection needs."""

    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        super().__init__(connection, path, path)

    @classmethod
    def create(cls, path: Path) -> SQLiteDatabase:
        """Create an empty private study file and open it."""
        create_file(path)
        return cls(connect(path), path)

    @classmethod
    def open(cls, path: Path) -> SQLiteDatabase:
        """Open an existing file that is an observer study; refuse anything else before writing to it."""
        if not path.is_file():
            raise StudyError("no study file here", file=path,
                             hint="Check the path, or create one with: observer init STUDY --scheme 3rs-2015")
        read_layout(path)
        return cls(connect(path), path)

    @classmethod
    def write_copy(cls, source: Database, target: Path) -> None:
        """Fill the new, empty file ``target`` with a consistent copy of another engine's study (for backups)."""
        from observer.store.copying import copy_rows

        try:
            copy = cls(connect(target), target)
            try:
                with copy.transaction():
                    copy_rows(source, copy)
                copy.connection.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                copy.close()
        except (sqlite3.DatabaseError, StudyError) as exc:
            raise StudyError(f"the backup could not be written: {exc}", file=target,
                             hint="Check the free space and permissions of the backup folder.") from None

    @property
    def name(self) -> str:
        """The file name."""
        return self.path.name

    def same_as(self, other: Database) -> bool:
        """Whether the other database is this very file (under any name)."""
        return isinstance(other, SQLiteDatabase) and os.path.samefile(self.path, other.path)

    def execute(self, sql: str, params: Iterable = ()) -> sqlite3.Cursor:
        """Run one statement; a database failure becomes a StudyError a user can act on."""
        try:
            return self.connection.execute(sql, tuple(params))
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path) from None

    def executemany(self, sql: str, rows: Iterable[Iterable]) -> sqlite3.Cursor:
        """Run one statement per row of parameters."""
        try:
            return self.connection.executemany(sql, rows)
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path) from None

    def schema_version(self) -> int:
        """``PRAGMA user_version``."""
        return self.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self, target: int) -> int:
        """Apply the file's missing migrations in one transaction."""
        start = self.schema_version()
        if start >= target:
            return start
        with self.transaction():
            for version in range(start + 1, target + 1):
                for statement in _statements(MIGRATIONS[version]):
                    self.connection.execute(statement)
            self.connection.execute(f"PRAGMA user_version = {int(target)}")
        return start

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the file, so it stands alone."""
        self.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def snapshot(self, target: Path) -> None:
        """Copy a consistent snapshot into the new private file ``target`` (SQLite's online backup)."""
        try:
            copy = sqlite3.connect(target, isolation_level=None)
            try:
                self.connection.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                check = [row[0] for row in copy.execute("PRAGMA integrity_check")]
            finally:
                copy.close()
        except sqlite3.DatabaseError as exc:
            raise StudyError(f"the backup could not be written: {exc}.", file=target,
                             hint="Check the free space and permissions of the backup folder.") from None
        if check != ["ok"]:
            raise StudyError(
                "the backup copy failed its integrity check: " + "; ".join(check[:3]) + ".", file=target,
                hint="The study itself may be damaged: keep your older backups and do not delete any.",
            )

    def discard(self) -> None:
        """Close and remove a study file whose creation failed (and its WAL files)."""
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    def _begin(self) -> None:
        for attempt in range(_BUSY_RETRIES):
            try:
                self.connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise explain(exc, self.path) from None
                time.sleep(0.05 * (attempt + 1))
        raise StudyError("the study file stayed locked by another program", file=self.path,
                         hint="Close other programs writing to it and try again.")

    def _begin_reading(self) -> None:
        self.execute("BEGIN")  # deferred: the snapshot is taken at the first read, and held

    def _commit(self) -> None:
        try:
            self.connection.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path) from None

    def _rollback(self) -> None:
        """Roll back if SQLite has not already done so (a failed COMMIT on a full disk has)."""
        if self.connection.in_transaction:
            try:
                self.connection.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass  # the first failure is the one to report


def create_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise StudyError(
            "a file already exists here",
            file=path,
            hint="Choose a new path. To move an existing study to a new scheme, use: "
            "observer scheme upgrade STUDY NEW.yaml --map MAP.yaml",
        ) from None
    except OSError as exc:
        raise StudyError(f"cannot create the file: {exc.strerror}", file=path,
                         hint="Choose a folder you can write to.") from None
    os.close(fd)


def read_layout(path: Path) -> int:
    """The file's layout version, checked to be an observer study's, read without changing a byte."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            marked = "meta" in tables and conn.execute(
                "SELECT count(*) FROM meta WHERE key = 'scheme_hash'").fetchone()[0] == 1
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise explain(exc, path) from None
    if version > SCHEMA_VERSION:
        raise StudyError(
            f"the study file has layout version {version}, newer than this observer understands ({SCHEMA_VERSION})",
            file=path, hint="Upgrade observer: pip install --upgrade observer",
        )
    if version <= 0 or not _STUDY_TABLES <= tables or not marked:
        raise StudyError("this SQLite file is not an observer study", file=path,
                         hint="Create a study with: observer init STUDY --scheme 3rs-2015")
    return version


def connect(path: Path) -> sqlite3.Connection:
    """Open a connection with the pragmas every study connection needs."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        # WAL + NORMAL: a committed change survives the process being killed.
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise explain(exc, path) from None
    if mode.lower() != "wal":
        conn.close()
        raise StudyError("cannot switch the study file to write-ahead logging", file=path,
                         hint="Put the study on a local disk you can write to.")
    return conn


def explain(exc: sqlite3.DatabaseError, path: Path) -> StudyError:
    """Turn an SQLite failure into a message a user can act on."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return StudyError("this is not an observer study file, or it is damaged", file=path,
                          hint="Check the path; restore a backup (observer backup) if the file was damaged.")
    if "locked" in text or "busy" in text:
        return StudyError("the study file is locked by another program", file=path,
                          hint="Close other programs writing to it and try again.")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StudyError("the study file cannot be written", file=path,
                          hint="Check that the file and its folder are writable by you "
                               "(a read-only study can be read with observer export or observer sessions).")
    if "full" in text:
        return StudyError("the disk is full; the change was not written", file=path,
                          hint="Free some space and try again; everything committed before is safe.")
    if "disk I/O" in text:
        return StudyError("the disk failed while writing; the change was not written", file=path,
                          hint="Check the disk; restore a backup (observer backup) if the file is damaged.")
    return StudyError(f"the study file could not be used: {text}", file=path)


def _statements(script: str) -> list[str]:
    """Split a migration script into complete statements (triggers contain semicolons)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return [s for s in statements if s]
