"""Copy a whole study between engines (a file and a PostgreSQL database), ids and history included."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from observer.errors import StudyError
from observer.store.engine import SCHEMA_VERSION, Database, is_url, shown

# Every table and column of layout 5, parents before children (foreign keys).
TABLES: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "schemes": ("hash", "scheme_id", "version", "text", "added_at"),
    "sessions": ("id", "therapist", "client", "date", "media_path", "duration", "source", "source_format",
                 "metadata", "imported_at", "media_offset"),
    "utterances": ("session_id", "idx", "start", "stop", "speaker", "text", "segment"),
    "segments": ("session_id", "idx", "start", "stop"),
    "raters": ("name", "created_at"),
    "codes": ("session_id", "segment", "rater", "item", "value", "note", "coded_at", "scheme_hash", "evidence"),
    "unit_state": ("session_id", "segment", "rater", "complete", "note", "updated_at"),
    "history": ("id", "at", "rater", "session_id", "segment", "item", "action", "target", "old", "new", "batch"),
    "assignments": ("session_id", "role", "rater", "assigned_at", "seed"),
    "consensus_decisions": ("history_id", "decided_by", "reason"),
    "master_sessions": ("session_id", "source", "marked_at"),
    "accounts": ("name", "role", "password_hash", "created_at"),
    "access_log": ("id", "at", "account", "event", "address"),
}
ENGINE_META = ("schema_version",)  # meta entries an engine keeps for itself, never copied
BATCH_ROWS = 5_000


@dataclass(frozen=True)
class CopyReport:
    """What a copy brought over: rows per table, and the accounts that still need a password to log in."""

    rows: dict[str, int]
    accounts_without_login: tuple[str, ...] = ()


def copy_study(source: str | Path, dest: str | Path) -> CopyReport:
    """Copy the study at ``source`` into a new study at ``dest`` (a new file or an empty database), in one transaction."""
    from observer.store.study import Study

    with Study.open(source, allow_scheme_drift=True) as study:
        target = _create(dest)
        try:
            with target.transaction():
                rows = copy_rows(study.db, target)
                missing = _logins(study, target)
        except BaseException:
            target.discard()
            raise
        target.close()
    return CopyReport(rows, missing)


def _create(dest: str | Path) -> Database:
    if is_url(dest):
        from observer.store.postgresql import PostgresDatabase

        return PostgresDatabase.create(str(dest))
    from observer.store.sqlite import SQLiteDatabase

    path = Path(dest)
    if not path.parent.is_dir():
        raise StudyError("the folder for the copy does not exist", file=path, hint="Create the folder first.")
    return SQLiteDatabase.create(path)


def copy_rows(source: Database, target: Database) -> dict[str, int]:
    """Create the layout in ``target`` and fill it with ``source``'s rows as of one moment."""
    target.migrate(SCHEMA_VERSION)
    counts = {}
    with source.reading():
        for table, columns in TABLES.items():
            select = f"SELECT {', '.join(columns)} FROM {table}"
            if table == "meta":
                select += " WHERE key NOT IN (" + ", ".join("?" for _ in ENGINE_META) + ")"
            insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
            value_at = columns.index("value") if table == "codes" else None
            cursor = source.execute(select, ENGINE_META if table == "meta" else ())
            counts[table] = 0
            while batch := cursor.fetchmany(BATCH_ROWS):
                if value_at is not None:
                    batch = [row[:value_at] + (target.value_param(row[value_at]),) + row[value_at + 1:]
                             for row in batch]
                target.executemany(insert, batch)
                counts[table] += len(batch)
    target.after_copy()
    return counts


def _logins(study, target: Database) -> tuple[str, ...]:
    """Give each copied account its role in the target engine; returns those that cannot log in yet."""
    for account in study.accounts():
        target.grant_login(account.name, account.role, None)
    return tuple(a.name for a in study.accounts()) if target.has_logins else ()


def describe(report: CopyReport, source: str | Path, dest: str | Path) -> str:
    """What ``observer copy`` prints."""
    total = sum(report.rows.values())
    lines = [f"copied {shown(source)} to {shown(dest)}: {total} rows ({report.rows['sessions']} sessions, "
             f"{report.rows['codes']} codes, {report.rows['history']} history entries)"]
    if report.accounts_without_login:
        lines.append(f"{len(report.accounts_without_login)} account(s) need a password before they can log in to "
                     f"the database itself: observer users password {shown(dest)} NAME")
    return "\n".join(lines)
