"""Opening the study file safely: owner-only permissions, WAL, foreign keys, busy waits."""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from observer.errors import StudyError

BUSY_TIMEOUT_MS = 10_000
_BUSY_RETRIES = 5


def create_file(path: Path) -> None:
    """Create an empty study file readable and writable by its owner only."""
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
        raise StudyError(f"cannot create the study file: {exc.strerror}", file=path) from None
    os.close(fd)


def read_layout(path: Path) -> tuple[int, set[str]]:
    """The file's schema version and table names, read without changing a byte of it."""
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _explain(exc, path) from None
    return version, tables


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
        raise _explain(exc, path) from None
    if mode.lower() != "wal":
        conn.close()
        raise StudyError(
            "cannot switch the study file to write-ahead logging",
            file=path,
            hint="Put the study on a local disk you can write to.",
        )
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """Run a block as one write transaction: all of it is committed or none of it."""
    for attempt in range(_BUSY_RETRIES):
        try:
            conn.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise _explain(exc, path) from None
            time.sleep(0.05 * (attempt + 1))
    else:
        raise StudyError(
            "the study file stayed locked by another program",
            file=path,
            hint="Close other programs writing to it and try again.",
        )
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        conn.execute("ROLLBACK")
        raise _explain(exc, path) from None


def _explain(exc: sqlite3.DatabaseError, path: Path) -> StudyError:
    """Turn an SQLite failure into a message a user can act on."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return StudyError(
            "this is not an observer study file, or it is damaged",
            file=path,
            hint="Check the path; restore a backup (observer backup) if the file was damaged.",
        )
    if "locked" in text or "busy" in text:
        return StudyError(
            "the study file is locked by another program",
            file=path,
            hint="Close other programs writing to it and try again.",
        )
    if "readonly" in text or "unable to open" in text:
        return StudyError(
            "cannot open the study file for writing",
            file=path,
            hint="Check that the file and its folder are writable by you.",
        )
    return StudyError(f"the study file could not be used: {text}", file=path)
