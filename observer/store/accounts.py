"""Accounts of the lab server: who may log in, as rater or supervisor; and the log of their logins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from observer.errors import StudyError
from observer.store.cells import now_iso, register_rater
from observer.store.names import clean_name

if TYPE_CHECKING:
    from observer.store.engine import Database

ACCOUNT_ROLES = ("rater", "supervisor")
ACCESS_EVENTS = ("login", "login_failed", "logout", "locked_out")
MIN_PASSWORD = 8


@dataclass(frozen=True)
class Account:
    """A person who may log in: their name (the rater name for a rater) and role."""

    name: str
    role: str
    created_at: str = ""

    @property
    def is_supervisor(self) -> bool:
        """Whether the account may review, settle consensus and write reports."""
        return self.role == "supervisor"


@dataclass(frozen=True)
class AccessEvent:
    """One login, failed login, logout or lock-out, with the address it came from."""

    id: int
    at: str
    account: str
    event: str
    address: str


class AccountStore:
    """Accounts (with slow salted password hashes) and the append-only access log."""

    db: Database
    location: str

    def accounts(self) -> list[Account]:
        """Every account, in name order."""
        rows = self.db.execute("SELECT name, role, created_at FROM accounts ORDER BY name").fetchall()
        return [Account(*row) for row in rows]

    def account(self, name: str) -> Account | None:
        """One account by name, or None."""
        row = self.db.execute("SELECT name, role, created_at FROM accounts WHERE name = ?", (name,)).fetchone()
        return Account(*row) if row else None

    def add_account(self, name: str, role: str, password: str) -> Account:
        """Create an account (a rater account is also the rater name); on PostgreSQL also its login role."""
        name = clean_name(name, what="account", field="NAME")
        if role not in ACCOUNT_ROLES:
            raise StudyError(f"unknown role {role!r}", field="--role", hint="Use --role rater or --role supervisor.")
        _check_password(password)
        if self.account(name) is not None:
            raise StudyError(f"there is already an account {name!r}", field="NAME",
                             hint=f"Remove it first: observer users remove STUDY {name}")
        stamp = now_iso()
        with self.db.transaction():
            self.db.execute("INSERT INTO accounts (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                            (name, role, hash_password(password), stamp))
            if role == "rater":
                register_rater(self.db, name, stamp)
            self.db.grant_login(name, role, password)
        return Account(name, role, stamp)

    def set_password(self, name: str, password: str) -> None:
        """Give an account a new password (on PostgreSQL also its database login)."""
        account = self._known(name)
        _check_password(password)
        with self.db.transaction():
            self.db.execute("UPDATE accounts SET password_hash = ? WHERE name = ?", (hash_password(password), name))
            self.db.grant_login(name, account.role, password)

    def remove_account(self, name: str) -> None:
        """Remove an account (its codes and history stay); on PostgreSQL also its login role."""
        self._known(name)
        with self.db.transaction():
            self.db.execute("DELETE FROM accounts WHERE name = ?", (name,))
            self.db.revoke_login(name)

    def check_password(self, name: str, password: str) -> Account | None:
        """The account when the password is right; None for a wrong password or an unknown name."""
        from argon2 import PasswordHasher
        from argon2.exceptions import InvalidHashError, VerificationError

        row = self.db.execute("SELECT password_hash FROM accounts WHERE name = ?", (name,)).fetchone()
        hasher = PasswordHasher()
        if row is None:
            hasher.hash(password)  # the same work as a real check, so timing does not tell which names exist
            return None
        try:
            hasher.verify(row[0], password)
        except (VerificationError, InvalidHashError):
            return None
        return self.account(name)

    def _known(self, name: str) -> Account:
        account = self.account(name)
        if account is None:
            known = ", ".join(a.name for a in self.accounts()) or "none yet"
            raise StudyError(f"no account {name!r}", field="NAME", hint=f"Known accounts: {known}.")
        return account

    def log_access(self, account: str, event: str, address: str = "") -> None:
        """Append a login, failed login, logout or lock-out to the access log."""
        if event not in ACCESS_EVENTS:
            raise ValueError(f"unknown access event {event!r}")
        with self.db.transaction():
            self.db.execute("INSERT INTO access_log (at, account, event, address) VALUES (?, ?, ?, ?)",
                            (now_iso(), account, event, address))

    def access_log(self, account: str | None = None) -> list[AccessEvent]:
        """The access log, oldest first, optionally for one account."""
        sql = "SELECT id, at, account, event, address FROM access_log"
        args: tuple = ()
        if account is not None:
            sql += " WHERE account = ?"
            args = (account,)
        return [AccessEvent(*row) for row in self.db.execute(sql + " ORDER BY id", args)]


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise StudyError(f"the password is {len(password)} characters long", field="password",
                         hint=f"Use at least {MIN_PASSWORD} characters.")


def hash_password(password: str) -> str:
    """A slow salted hash (Argon2id, argon2-cffi's defaults) of a password."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)
