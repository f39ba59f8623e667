"""The pages the server has handed out: each names its login, the app it runs, and its two websockets.

A page is created when the browser loads it and lives until its terminal closes. Its
websockets must come from the same login; a page whose terminal never connected is
dropped after a minute.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from aiohttp import web

from observer.web.apps import AppChoice
from observer.web.channel import MediaChannel
from observer.web.gate import Refused
from observer.web.logins import Login

PAGE_WAIT = 60.0  # seconds a loaded page may take to open its terminal


@dataclass(eq=False)
class Page:
    """One loaded page: whose, what it runs, its media channel and open websockets."""

    id: str
    login: Login
    choice: AppChoice
    channel: MediaChannel
    opened: float
    started: bool = False
    sockets: list[web.WebSocketResponse] = field(default_factory=list)


class Pages:
    """The live pages by id."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._pages: dict[str, Page] = {}

    def __iter__(self) -> Iterator[Page]:
        return iter(list(self._pages.values()))

    def __len__(self) -> int:
        return len(self._pages)

    def add(self, login: Login, choice: AppChoice, channel: MediaChannel) -> Page:
        """A new page for a login, with an id nobody can guess."""
        page = Page(secrets.token_urlsafe(18), login, choice, channel, self._clock())
        self._pages[page.id] = page
        return page

    def find(self, page_id: str, login: Login) -> Page:
        """The page of that id when it belongs to this login; Refused (404 unknown, 403 another login's)."""
        page = self._pages.get(page_id)
        if page is None:
            raise Refused(404, "this page has closed; reload it")
        if page.login.key != login.key:
            raise Refused(403, "this page belongs to another login")
        return page

    def remove(self, page: Page) -> None:
        """Forget a page (its sockets are closed by the caller)."""
        self._pages.pop(page.id, None)

    def unused(self) -> list[Page]:
        """Pages whose terminal never connected within PAGE_WAIT."""
        now = self._clock()
        return [page for page in self._pages.values() if not page.started and now - page.opened > PAGE_WAIT]
