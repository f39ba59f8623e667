"""The media channel of one page: the app process's Unix socket on one side, the page's websocket on the other.

The app (``observer.media.browser``) speaks mpv's JSON IPC; the server passes its
lines to the page and the page's answers back, one JSON object at a time. On the way
it turns a ``loadfile`` of a file path into the URL of that session's recording,
once the account may play it, and answers a refusal itself: the page never learns a
path and never chooses what it plays. Messages for a page not connected yet wait
(the first ones of a load may come before the page's socket opens).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections import deque
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from observer.web.gate import Refused

log = logging.getLogger(__name__)

MAX_LINE = 64 * 1024
WAITING = 256  # messages kept for a page that has not connected yet

Authorize = Callable[[str], Awaitable[tuple[str, str]]]
"""Maps a recording's path to (its URL, its title), or raises Refused."""


class MediaChannel:
    """Relays between the app's player (any number, one after another) and the page's media element."""

    def __init__(self, path: Path, authorize: Authorize) -> None:
        self.path = path
        self._authorize = authorize
        self._server: asyncio.AbstractServer | None = None
        self._app: asyncio.StreamWriter | None = None
        self._page: web.WebSocketResponse | None = None
        self._waiting: deque[str] = deque(maxlen=WAITING)

    async def open(self) -> None:
        """Listen on the app's socket (only this user may connect)."""
        self._server = await asyncio.start_unix_server(self._app_connected, path=str(self.path), limit=MAX_LINE)
        os.chmod(self.path, 0o600)

    async def close(self) -> None:
        """Stop listening and drop both sides."""
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._app is not None:
            self._app.close()
            self._app = None
        self.path.unlink(missing_ok=True)

    # -- the page's side ----------------------------------------------------------------

    async def attach(self, page: web.WebSocketResponse) -> bool:
        """Take the page's websocket (one at a time) and send it what waited; False when one is attached."""
        if self._page is not None and not self._page.closed:
            return False
        self._page = page
        while self._waiting:
            await page.send_str(self._waiting.popleft())
        return True

    def detach(self, page: web.WebSocketResponse) -> None:
        """The page's websocket has closed."""
        if self._page is page:
            self._page = None

    async def from_page(self, text: str) -> None:
        """Pass one reply or event of the page to the app (anything else is dropped)."""
        try:
            message = json.loads(text)
        except ValueError:
            return
        if not isinstance(message, dict) or not ("event" in message or "request_id" in message):
            return
        await self._to_app(message)

    async def tell_page(self, message: dict[str, Any]) -> None:
        """Send the page a message of the server's own (a download to fetch)."""
        await self._to_page(json.dumps(message))

    async def _to_page(self, text: str) -> None:
        page = self._page
        if page is None or page.closed:
            self._waiting.append(text)
            return
        try:
            await page.send_str(text)
        except ConnectionError:
            self._waiting.append(text)

    # -- the app's side -----------------------------------------------------------------

    async def _app_connected(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """A player of the app connected: it replaces the one before (the app opened another session)."""
        if self._app is not None:
            self._app.close()
        self._app = writer
        try:
            while line := await reader.readline():
                await self._from_app(line)
        except (ConnectionError, ValueError, asyncio.LimitOverrunError):
            pass
        finally:
            if self._app is writer:
                self._app = None
            writer.close()

    async def _from_app(self, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        command = message.get("command")
        if isinstance(command, dict) and command.get("name") == "loadfile":
            try:
                url, title = await self._authorize(str(command.get("url", "")))
            except Refused as refused:
                await self._to_app({"request_id": message.get("request_id"), "error": refused.message})
                return
            message["command"] = {**command, "url": url, "title": title}
        await self._to_page(json.dumps(message))

    async def _to_app(self, message: dict[str, Any]) -> None:
        writer = self._app
        if writer is None:
            return
        try:
            writer.write(json.dumps(message).encode("utf-8") + b"\n")
            await writer.drain()
        except ConnectionError:
            pass
