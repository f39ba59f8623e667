"""What each browser connection runs, decided by the server from the account and the route, never by the page.

A rater's page runs the coding app as that rater, with the recording in the page; a
supervisor's start page runs the start screen, and the supervisor's routes run the
review and the consensus screens. The app process learns the study and the account
from its environment (not its command line, which every local user can read); on
PostgreSQL it connects acting as the account's own database role, so the database
itself keeps a rater blind.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from observer.media.browser import CHANNEL_VARIABLE
from observer.store.engine import is_url
from observer.web.gate import Refused
from observer.web.logins import Login

STUDY_VARIABLE = "OBSERVER_SERVE_STUDY"
ACCOUNT_VARIABLE = "OBSERVER_SERVE_ACCOUNT"

CODE, START, REVIEW, CONSENSUS = "code", "start", "review", "consensus"
SUPERVISOR_ONLY = frozenset({START, REVIEW, CONSENSUS})
ROUTES = {CODE: "/", START: "/", REVIEW: "/review", CONSENSUS: "/consensus/{session}"}


@dataclass(frozen=True)
class AppChoice:
    """One kind of app (code, start, review, consensus), for one session when it is a consensus."""

    kind: str
    session: str | None = None

    @property
    def title(self) -> str:
        """How the page names what it runs."""
        return {CODE: "coding", START: "start screen", REVIEW: "review",
                CONSENSUS: f"consensus of session {self.session}"}[self.kind]

    @property
    def plays_media(self) -> bool:
        """Whether the page shows the recording beside the terminal."""
        return self.kind == CODE


def choose_app(login: Login, route: str, session: str | None = None) -> AppChoice:
    """The app a route runs for this login; Refused (403) when the account's role may not open it."""
    if route == "home":
        return AppChoice(START if login.is_supervisor else CODE)
    choice = AppChoice(route, session)
    if route not in SUPERVISOR_ONLY:
        raise Refused(404, f"no such view {route!r}")
    if not login.is_supervisor:
        raise Refused(403, f"the {choice.title} is for supervisors; you are logged in as rater {login.account}")
    return choice


def app_command(choice: AppChoice) -> list[str]:
    """The app process's command line: this Python running ``observer.web.launch``."""
    return [sys.executable, "-m", "observer.web.launch", choice.kind, *([choice.session] if choice.session else [])]


def app_environment(target: str | Path, account: str, channel: Path | None) -> dict[str, str]:
    """What the app process needs to know: the study (acting as the account on PostgreSQL), the account, the
    media channel."""
    environment = {STUDY_VARIABLE: str(acting_target(target, account)), ACCOUNT_VARIABLE: account}
    if channel is not None:
        environment[CHANNEL_VARIABLE] = str(channel)
    return environment


def acting_target(target: str | Path, account: str) -> str | Path:
    """The study as the account reaches it: a PostgreSQL URL gains ``options=-c role=NAME`` (libpq), so the
    server's connection acts as the account's role; a file stays as it is (the app keeps the blinding)."""
    if not is_url(target):
        return target
    parts = urlsplit(str(target))
    query = parse_qsl(parts.query, keep_blank_values=True)
    role = "-c role=" + account.replace("\\", "\\\\").replace(" ", "\\ ")
    options = [value for key, value in query if key == "options"]
    query = [(key, value) for key, value in query if key != "options"]
    query.append(("options", " ".join([*options, role])))
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))  # libpq reads no '+' as a space
