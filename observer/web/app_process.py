"""One browser connection's app process: textual-serve's AppService with the command the server chose.

The process is started without a shell, from an argument list, with the account's
environment added; it belongs to one account (downloads check it). A file the app
delivers is announced to the page's own script over the media channel, which fetches
it as a download, rather than to textual.js (whose pop-up window browsers block
when the report takes a moment).
"""

from __future__ import annotations

import asyncio
import json
import shlex
from asyncio.subprocess import PIPE, Process
from collections.abc import Awaitable, Callable, Mapping, Sequence

from textual_serve.app_service import AppService


class AccountApp(AppService):
    """The app process of one page, run for ``account`` with ``argv`` and extra ``environment``."""

    def __init__(self, argv: Sequence[str], environment: Mapping[str, str], *, account: str,
                 write_bytes: Callable[[bytes], Awaitable[None]], write_str: Callable[[str], Awaitable[None]],
                 close: Callable[[], Awaitable[None]], announce_download: Callable[[str], Awaitable[None]],
                 download_manager) -> None:
        self.argv = list(argv)
        self.environment = dict(environment)
        self.account = account
        self._write_terminal = write_str
        self._announce_download = announce_download
        super().__init__(shlex.join(self.argv), write_bytes=write_bytes, write_str=self._to_terminal, close=close,
                         download_manager=download_manager)

    @property
    def pid(self) -> int | None:
        """The app process's id, once started."""
        return self._process.pid if self._process is not None else None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment.update(self.environment)
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        """Start the app from its argument list (no shell)."""
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=PIPE, stdout=PIPE, stderr=PIPE, env=self._build_environment(width, height))
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def finish(self, grace: float = 5.0) -> None:
        """Ask the app to quit and wait for its process to end (killed after ``grace`` seconds)."""
        await self.stop()
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), grace)
        except TimeoutError:
            process.kill()
            await process.wait()

    async def _to_terminal(self, text: str) -> None:
        """Text for the page: a delivered file goes to the page's script, the rest to the terminal."""
        if text.startswith('["deliver_file_start"'):
            key = json.loads(text)[1]
            await self._announce_download(str(key))
            return
        await self._write_terminal(text)
