"""The Study API: a scheme, sessions, codes and their history, in a SQLite file or a PostgreSQL database.

``Study`` gathers its concerns from one module each: ``sessions`` (sessions, segments,
transcripts), ``codes`` (raters, codes, progress, history), ``supervision``
(assignments, consensus, master codes) and ``accounts`` (who may log in). This module
opens and creates studies, holds the scheme and the study's settings.
"""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, TypeVar

from observer.errors import StudyError
from observer.store.accounts import AccountStore
from observer.store.cells import now_iso
from observer.store.codes import CodeStore
from observer.store.engine import SCHEMA_VERSION, Database, is_url
from observer.store.names import clean_name
from observer.store.sessions import SessionStore
from observer.store.supervision import SupervisionStore

if TYPE_CHECKING:
    from observer.scheme.model import Scheme
    from observer.store.rater_view import RaterView

T = TypeVar("T")


class Study(SessionStore, CodeStore, SupervisionStore, AccountStore):
    """A study: create or open one, then read and write through this object."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.current_batch: int | None = None

    # -- opening -------------------------------------------------------------

    @classmethod
    def create(cls, target: str | Path, scheme: Scheme) -> Study:
        """Create a new study (a file, or the tables in an empty PostgreSQL database) with ``scheme`` frozen in."""
        if is_url(target):
            from observer.store.postgresql import PostgresDatabase

            db = PostgresDatabase.create(target)
        else:
            from observer.store.sqlite import SQLiteDatabase

            path = Path(target)
            if not path.parent.is_dir():
                raise StudyError("the folder for the study does not exist", file=path,
                                 hint="Create the folder first.")
            db = SQLiteDatabase.create(path)
        study = cls(db)
        try:
            with db.transaction():
                db.migrate(SCHEMA_VERSION)
                study.add_scheme(scheme)
                db.execute("INSERT INTO meta (key, value) VALUES ('scheme_hash', ?)", (scheme.content_hash,))
                db.execute("INSERT INTO meta (key, value) VALUES ('created_at', ?)", (now_iso(),))
        except BaseException:
            db.discard()
            raise
        return study

    @classmethod
    def open(cls, target: str | Path, *, allow_scheme_drift: bool = False) -> Study:
        """Open an existing study, migrating an older layout in one transaction.

        Anything that is not a study is refused before anything writes to it. Codes made
        with another version of the scheme are refused unless ``allow_scheme_drift``
        (for ``observer scheme upgrade`` and backups).
        """
        if is_url(target):
            from observer.store.postgresql import PostgresDatabase

            db = PostgresDatabase.open(target)
        else:
            from observer.store.sqlite import SQLiteDatabase

            db = SQLiteDatabase.open(Path(target))
        study = cls(db)
        try:
            if not allow_scheme_drift:
                study._refuse_scheme_drift()
            db.migrate(SCHEMA_VERSION)
        except BaseException:
            db.close()
            raise
        return study

    def close(self) -> None:
        """Close the connection (changes are already committed)."""
        self.db.close()

    def __enter__(self) -> Study:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def location(self) -> str:
        """Where the study lives, as messages name it: the file path or the URL (without a password)."""
        return self.db.location

    @property
    def target(self) -> str | Path:
        """The location as given, to open the study again (a URL keeps its password)."""
        return self.db.target

    @property
    def path(self) -> Path | None:
        """The study file (None for a study in PostgreSQL)."""
        return self.db.path

    @property
    def name(self) -> str:
        """A short name for titles: the file name or the database name."""
        return self.db.name

    def transaction(self):
        """One write transaction: everything in the block is committed, or nothing."""
        return self.db.transaction()

    def write(self, change: Callable[[], T]) -> T:
        """Run ``change`` as one transaction, run again if it lost a race with another writer."""
        return self.db.write(change)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group the changes made inside the block: one transaction, and one step for undo and redo."""
        if self.current_batch is not None:
            yield
            return
        self.current_batch = secrets.randbits(52)
        try:
            with self.transaction():
                yield
        finally:
            self.current_batch = None

    def for_rater(self, name: str) -> RaterView:
        """A blind view for one rater: it never returns another rater's codes."""
        from observer.store.rater_view import RaterView

        acting = self.db.acting_rater()
        if acting is not None and clean_name(name) != acting:
            raise StudyError(f"you are logged in to the study's database as {acting!r} and can code only as "
                             f"{acting!r}, not {name!r}", field="--rater",
                             hint=f"Pass --rater {acting}, or connect as {name}'s own database account.")
        return RaterView(self, self.ensure_rater(name))

    # -- scheme and settings ----------------------------------------------------

    @property
    def scheme_hash(self) -> str:
        """The content hash of the study's current scheme."""
        return self.meta("scheme_hash")

    @cached_property
    def scheme(self) -> Scheme:
        """The study's scheme, loaded from the frozen copy in the study."""
        from observer.scheme import load_scheme_text

        row = self.db.execute("SELECT text FROM schemes WHERE hash = ?", (self.scheme_hash,)).fetchone()
        return load_scheme_text(row[0], f"{self.location}#scheme")

    def add_scheme(self, scheme: Scheme) -> None:
        """Freeze a scheme version into the study (once per content hash)."""
        self.db.execute(
            "INSERT INTO schemes (hash, scheme_id, version, text, added_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (hash) DO NOTHING",
            (scheme.content_hash, scheme.id, scheme.version, scheme.text, now_iso()),
        )

    def meta(self, key: str) -> str:
        """One entry of the study's meta table; a StudyError when it is missing."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise StudyError(f"the study lacks its {key!r} entry", file=self.location,
                             hint="Restore a backup of the study (observer backup makes them).")
        return row[0]

    def settings(self) -> dict[str, str]:
        """The study's own settings (e.g. calibration thresholds), by name."""
        rows = self.db.execute("SELECT key, value FROM meta WHERE key LIKE 'setting.%'").fetchall()
        return {key.removeprefix("setting."): value for key, value in rows}

    def set_setting(self, name: str, value: str) -> None:
        """Store one setting of the study."""
        with self.transaction():
            self.db.execute("INSERT INTO meta (key, value) VALUES (?, ?)"
                            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                            (f"setting.{name}", str(value)))

    def _refuse_scheme_drift(self) -> None:
        """Refuse a study holding codes made with a scheme version other than its current one."""
        current = self.scheme_hash
        # Two range scans of the codes_by_scheme index: near free however many codes there are.
        if self.db.execute("SELECT 1 FROM codes WHERE scheme_hash < ? OR scheme_hash > ? LIMIT 1",
                           (current, current)).fetchone() is None:
            return
        other = self.db.execute(
            "SELECT scheme_hash, count(*) FROM codes WHERE scheme_hash != ? GROUP BY scheme_hash", (current,)
        ).fetchall()
        counts = ", ".join(f"{n} with {h[:12]}" for h, n in other)
        raise StudyError(
            f"the study holds codes made with another version of its scheme ({counts}; "
            f"the study's scheme is {current[:12]}); codes of different versions are never mixed.",
            file=self.location,
            hint="Migrate them explicitly: observer scheme upgrade STUDY NEW.yaml --map MAP.yaml",
        )
