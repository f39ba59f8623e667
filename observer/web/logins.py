"""Login sessions: a random token in the browser's cookie, its account and expiry kept here, in memory only.

Only a hash of each token is kept, so nothing in the server's memory can be replayed
as a cookie. A server restart ends every login (the raters log in again; their codes
are all saved already).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

COOKIE = "observer_session"
TLS_COOKIE = "__Host-observer_session"  # the prefix makes the browser insist on Secure, Path=/ and no Domain


@dataclass(frozen=True)
class Login:
    """One logged-in browser: whose it is, from where, and until when (monotonic clock)."""

    key: str
    account: str
    role: str
    address: str
    expires: float

    @property
    def is_supervisor(self) -> bool:
        """Whether the account may open the supervisor's views."""
        return self.role == "supervisor"


def _key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


class Logins:
    """The live login sessions, each ending ``lifetime`` seconds after it began or at logout."""

    def __init__(self, lifetime: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.lifetime = lifetime
        self._clock = clock
        self._live: dict[str, Login] = {}

    def begin(self, account: str, role: str, address: str) -> tuple[str, Login]:
        """A new login: the token for the cookie, and the login it opens."""
        token = secrets.token_urlsafe(32)
        login = Login(_key(token), account, role, address, self._clock() + self.lifetime)
        self._live[login.key] = login
        return token, login

    def find(self, token: str | None) -> Login | None:
        """The live login a cookie's token opens; None for no token, a forged one or an expired one."""
        if not token:
            return None
        login = self._live.get(_key(token))
        if login is None or not self.is_live(login):
            return None
        return login

    def is_live(self, login: Login) -> bool:
        """Whether a login has neither expired nor ended."""
        if login.expires <= self._clock():
            self._live.pop(login.key, None)
            return False
        return login.key in self._live

    def end(self, login: Login) -> None:
        """Log out: the login's token opens nothing from now on."""
        self._live.pop(login.key, None)

    def end_account(self, account: str) -> list[Login]:
        """End every login of one account (its account was removed); the logins ended."""
        ended = [login for login in self._live.values() if login.account == account]
        for login in ended:
            self.end(login)
        return ended

    def sweep(self) -> None:
        """Forget the logins that have expired."""
        for login in list(self._live.values()):
            self.is_live(login)
