"""Guessing passwords made slow: failed logins per account and per address first delay, then lock, the next try.

Failures older than the window are forgotten. After ``free`` failures each further
attempt must wait (1 s, then doubling up to ``max_delay``); after ``lock`` failures the
account (or address) is refused outright for ``lock_seconds``. An address gets more
room than an account (a lab behind one router shares its address). Refused attempts
never reach the password check.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    """How many failures within ``window`` seconds slow down, then lock, an account and an address."""

    free: int = 3
    lock: int = 10
    address_free: int = 10
    address_lock: int = 50
    window: float = 900.0
    first_delay: float = 1.0
    max_delay: float = 30.0
    lock_seconds: float = 900.0


@dataclass
class _Record:
    failures: deque[float] = field(default_factory=deque)
    next_try: float = 0.0
    locked_until: float = 0.0


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused now: ``locked`` (or only too soon), and for how many more seconds."""

    locked: bool
    seconds: float


class LoginThrottle:
    """Counts failed logins per account name and per address; says when the next attempt may come."""

    MAX_RECORDS = 10_000  # beyond this, records with nothing left to remember are dropped

    def __init__(self, limits: Limits | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits or Limits()
        self._clock = clock
        self._records: dict[tuple[str, str], _Record] = {}

    def refusal(self, account: str, address: str) -> Refusal | None:
        """Why an attempt for ``account`` from ``address`` may not be checked now, or None when it may."""
        now = self._clock()
        worst: Refusal | None = None
        for key in self._keys(account, address):
            record = self._records.get(key)
            if record is None:
                continue
            if record.locked_until > now:
                refusal = Refusal(True, record.locked_until - now)
            elif record.next_try > now:
                refusal = Refusal(False, record.next_try - now)
            else:
                continue
            if worst is None or (refusal.locked, refusal.seconds) > (worst.locked, worst.seconds):
                worst = refusal
        return worst

    def failed(self, account: str, address: str) -> list[str]:
        """Count a failed login; the kinds ("account", "address") that this failure has just locked."""
        now = self._clock()
        locked = []
        for key in self._keys(account, address):
            free, lock = self._thresholds(key[0])
            record = self._records.setdefault(key, _Record())
            self._forget_old(record, now)
            record.failures.append(now)
            count = len(record.failures)
            if count >= lock and record.locked_until <= now:
                record.locked_until = now + self.limits.lock_seconds
                record.failures.clear()
                locked.append(key[0])
            elif count > free:
                delay = min(self.limits.first_delay * 2 ** (count - free - 1), self.limits.max_delay)
                record.next_try = now + delay
        self._prune(now)
        return locked

    def succeeded(self, account: str) -> None:
        """A right password clears the account's failures (not the address's)."""
        self._records.pop(("account", account.casefold()), None)

    def _thresholds(self, kind: str) -> tuple[int, int]:
        limits = self.limits
        return (limits.free, limits.lock) if kind == "account" else (limits.address_free, limits.address_lock)

    @staticmethod
    def _keys(account: str, address: str) -> tuple[tuple[str, str], ...]:
        return ("account", account.casefold()), ("address", address)

    def _forget_old(self, record: _Record, now: float) -> None:
        while record.failures and record.failures[0] <= now - self.limits.window:
            record.failures.popleft()

    def _prune(self, now: float) -> None:
        """Keep memory bounded when many names or addresses are tried."""
        if len(self._records) <= self.MAX_RECORDS:
            return
        for key, record in list(self._records.items()):
            self._forget_old(record, now)
            if not record.failures and record.locked_until <= now and record.next_try <= now:
                del self._records[key]
