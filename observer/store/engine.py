"""What the shared store code needs of a database engine, and how a study's location picks one.

The store's SQL is written once, with ``?`` placeholders and the subset both engines
speak (``ON CONFLICT``, ``RETURNING``, no implicit row ids); everything else that differs between
SQLite and PostgreSQL lives in ``observer.store.sqlite`` or ``observer.store.postgresql``.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

from observer.errors import StudyError

SCHEMA_VERSION = 5  # the layout this observer writes; every engine's migrations end here
URL_SCHEMES = ("postgresql://", "postgres://")
WRITE_ATTEMPTS = 8  # a write that meets a transient conflict is run again this often

T = TypeVar("T")


def is_url(target: object) -> bool:
    """Whether a study location is a PostgreSQL URL rather than a file path."""
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


def study_target(text: str) -> str | Path:
    """A STUDY argument as given: a PostgreSQL URL stays a string, anything else is a path."""
    return text if is_url(text) else Path(text)


def shown(target: str | Path) -> str:
    """A study location as printed: a URL loses its password (``postgresql://ann:***@host/db``)."""
    if not is_url(target):
        return str(target)
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(str(target))
    if parts.password is None:
        return str(target)
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


class TransientError(Exception):
    """A write lost a race with another writer and may simply be run again."""


class Database(ABC):
    """One open study database; subclasses supply the connection and the dialect."""

    dialect = ""
    has_logins = False  # whether accounts are also logins of the database itself

    def __init__(self, connection: Any, target: str | Path, path: Path | None = None) -> None:
        self.connection = connection
        self.target = target  # as given, to open the study again (a URL keeps its password)
        self.location = shown(target)
        self.path = path
        self._depth = 0

    # -- what every engine provides ------------------------------------------------

    @abstractmethod
    def execute(self, sql: str, params: Iterable = ()) -> Any:
        """Run one statement with ``?`` placeholders; returns a cursor."""

    @abstractmethod
    def executemany(self, sql: str, rows: Iterable[Iterable]) -> Any:
        """Run one statement for each row of parameters."""

    @abstractmethod
    def schema_version(self) -> int:
        """The layout version recorded in the database (0 for an empty one)."""

    @abstractmethod
    def migrate(self, target: int) -> int:
        """Bring the layout up to ``target`` in one transaction; returns the version it had."""

    @abstractmethod
    def snapshot(self, target: Path) -> None:
        """Write a consistent copy of the whole study into the new SQLite file ``target``."""

    @abstractmethod
    def _begin(self) -> None:
        """Start a write transaction (waiting out other writers where the engine must)."""

    @abstractmethod
    def _commit(self) -> None:
        """Commit; a failure leaves nothing written and raises a StudyError (or TransientError)."""

    @abstractmethod
    def _rollback(self) -> None:
        """Roll back whatever is pending, quietly (the first failure is the one to report)."""

    @abstractmethod
    def _begin_reading(self) -> None:
        """Start a read-only transaction that sees one moment of the study."""

    @contextmanager
    def reading(self) -> Iterator[None]:
        """A read-only block that sees one moment of the study, however long the reading takes."""
        if self._depth:
            yield
            return
        self._begin_reading()
        self._depth = 1
        try:
            yield
        finally:
            self._depth = 0
            self._rollback()

    def acting_rater(self) -> str | None:
        """The one rater this connection may code as, when the engine restricts it (None: anyone)."""
        return None

    def after_copy(self) -> None:
        """Bring the engine's counters in line after a copy inserted rows with their ids."""

    def value_param(self, value: object) -> object:
        """A code's value as the engine stores it in the ``value`` column."""
        return value

    def grant_login(self, account: str, role: str, password: str | None) -> None:
        """Let an account log in to the database itself, as its role allows (call inside a transaction)."""

    def revoke_login(self, account: str) -> None:
        """Take away an account's own login to the database (call inside a transaction)."""

    def close(self) -> None:
        """Close the connection (changes are already committed)."""
        self.connection.close()

    def discard(self) -> None:
        """Close a study whose creation failed, leaving nothing of it behind."""
        self.close()

    @property
    def name(self) -> str:
        """A short name for titles: the file name or the database name."""
        return self.location

    def same_as(self, other: Database) -> bool:
        """Whether two open databases are the same study."""
        return self.dialect == other.dialect and self.location == other.location

    # -- shared behaviour ---------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction block is open on this connection."""
        return self._depth > 0

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction: everything in the block is committed, or nothing (blocks nest)."""
        return self._transaction(retryable=False)

    def write(self, change: Callable[[], T]) -> T:
        """Run ``change`` in a transaction, again from the start when it lost a race (never shown to a user)."""
        if self.in_transaction:
            return change()
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self._transaction(retryable=True):
                    return change()
            except TransientError:
                time.sleep(0.005 * 2 ** min(attempt, 5))
        raise _busy(self.location)

    @contextmanager
    def _transaction(self, *, retryable: bool) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield
            self._commit()
        except TransientError:
            self._rollback()
            if retryable:
                raise
            raise _busy(self.location) from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0


def _busy(location: str) -> StudyError:
    return StudyError("the study stayed busy with other writers", file=location,
                      hint="Try again in a moment; nothing of this change was written.")
