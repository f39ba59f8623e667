"""The server's own connection to the study, on one thread: accounts, the access log, who may play which recording.

Every call runs on a single worker thread (SQLite connections stay on the thread
that opened them; a password check takes Argon2's ~50 ms there, never on the event
loop). The server connects as the study's owner; the apps it starts connect as each
account (``observer.web.apps``).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from observer.errors import StudyError

if TYPE_CHECKING:
    from observer.store import Study
    from observer.store.accounts import Account


class Refused(Exception):
    """A request the account may not make: ``status`` is the HTTP status to answer (403 or 404)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class StudyGate:
    """Asks the study what the server needs to know, off the event loop."""

    def __init__(self, target: str | Path) -> None:
        self.target = target
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="observer-study")
        self._study: Study | None = None

    async def run(self, work: Callable[..., Any], *args: Any) -> Any:
        """Run ``work(study, *args)`` on the study's thread."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._call, work, args)

    def _call(self, work: Callable[..., Any], args: tuple) -> Any:
        if self._study is None:
            from observer.store import Study

            self._study = Study.open(self.target)
        try:
            return work(self._study, *args)
        except StudyError:  # a lost database connection, a locked file: open the study afresh next time
            self._study.close()
            self._study = None
            raise

    def close(self) -> None:
        """Close the study on its own thread, then stop the thread."""
        def close() -> None:
            if self._study is not None:
                self._study.close()
                self._study = None

        self._executor.submit(close).result()
        self._executor.shutdown()

    # -- what the server asks ---------------------------------------------------------

    async def check_password(self, name: str, password: str) -> Account | None:
        """The account when the password is right (Argon2 check on the study's thread)."""
        return await self.run(lambda study: study.check_password(name, password))

    async def account(self, name: str) -> Account | None:
        """The account of that name, None when there is none (any more)."""
        return await self.run(lambda study: study.account(name))

    async def log(self, account: str, event: str, address: str) -> None:
        """Append a login, failed login, logout or lock-out to the study's access log."""
        await self.run(lambda study: study.log_access(account, event, address))

    async def name(self) -> str:
        """The study's name, for page titles."""
        return await self.run(lambda study: study.name)

    async def has_session(self, session_id: str) -> bool:
        """Whether the study holds that session."""
        return await self.run(lambda study: any(info.id == session_id for info in study.sessions()))

    async def recording(self, account: Account, session_id: str) -> Path:
        """The recording of a session the account may play; Refused (403 or 404) otherwise."""
        return await self.run(_recording, account, session_id)

    async def session_playing(self, account: Account, path: str) -> str:
        """The session whose recording is at ``path``, when the account may play it; Refused otherwise."""
        return await self.run(_session_playing, account, path)


def may_play(study: Study, account: Account, session_id: str) -> bool:
    """Supervisors play every recording; a rater plays any session while the study has no assignments,
    and then only the sessions assigned to them (as primary or second coder)."""
    if account.is_supervisor:
        return True
    if not study.assignments():
        return True
    return session_id in study.assigned_sessions(account.name)


def _not_assigned(session_id: str) -> Refused:
    return Refused(403, f"session {session_id} is not assigned to you; its recording plays only for its raters")


def _recording(study: Study, account: Account, session_id: str) -> Path:
    from observer.tui.media_control import media_source

    info = next((info for info in study.sessions() if info.id == session_id), None)
    if info is None:
        raise Refused(404, f"no session {session_id!r} in this study")
    if not may_play(study, account, session_id):
        raise _not_assigned(session_id)
    source = media_source(study.path, study.location, info)
    if source is None or not source.path.is_file():
        raise Refused(404, f"session {session_id} has no recording on the server")
    return source.path


def _session_playing(study: Study, account: Account, path: str) -> str:
    from observer.tui.media_control import media_source

    wanted = Path(path).resolve()
    sources = (media_source(study.path, study.location, info) for info in study.sessions())
    matching = [source.session_id for source in sources if source is not None and source.path.resolve() == wanted]
    allowed = [session_id for session_id in matching if may_play(study, account, session_id)]
    if allowed:
        return allowed[0]
    if matching:
        raise _not_assigned(matching[0])
    raise Refused(404, "that recording belongs to no session of the study")
