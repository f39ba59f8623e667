"""The lab server run in a thread for tests, and plain HTTP and websocket clients (builders only; no tests here)."""

from __future__ import annotations

import asyncio
import http.client
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

from observer.store import Study
from observer.web.config import ServeConfig, tls_context
from observer.web.server import LabServer
from observer.web.throttle import Limits

PASSWORDS = {"ann": "ann-password-1", "bob": "bob-password-2", "sue": "sue-password-3"}
ROLES = {"ann": "rater", "bob": "rater", "sue": "supervisor"}


def add_accounts(study: str | Path, names=("ann", "bob", "sue")) -> None:
    """The test team: raters ann and bob, supervisor sue (passwords in PASSWORDS)."""
    with Study.open(study) as opened:
        for name in names:
            opened.add_account(name, ROLES[name], PASSWORDS[name])


class RunningServer:
    """A LabServer on a free loopback port, on its own event loop in a thread."""

    def __init__(self, study: str | Path, *, limits: Limits | None = None, **options) -> None:
        self.config = ServeConfig(study, port=0, **options)
        self.server = LabServer(self.config, limits=limits)
        self.port = 0
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._run, name="lab-server", daemon=True)
        self._error: BaseException | None = None

    def __enter__(self) -> RunningServer:
        self._thread.start()
        self._ready.wait(30)
        if self._error is not None:
            raise self._error
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(30)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            app = self.loop.run_until_complete(self.server.make_app())
            self._runner = web.AppRunner(app)
            self.loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=tls_context(self.config))
            self.loop.run_until_complete(site.start())
            self.port = self._runner.addresses[0][1]
        except BaseException as exc:  # the test reports it
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        self.loop.run_forever()
        self.loop.close()

    @property
    def url(self) -> str:
        return f"{'https' if self.config.tls else 'http'}://127.0.0.1:{self.port}"

    def call(self, coroutine):
        """Run a coroutine on the server's loop and wait for it (to look at its state)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(30)


@dataclass
class Answer:
    """An HTTP answer: status, headers (case-insensitive lookups through ``header``), body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes = b""
    cookies: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def set_cookies(self) -> list[str]:
        return [value for key, value in self.headers if key.lower() == "set-cookie"]


def fetch(server: RunningServer, method: str, path: str, *, cookie: str | None = None, form: dict | None = None,
          headers: dict | None = None) -> Answer:
    """One request, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    sent = dict(headers or {})
    body = None
    if cookie is not None:
        sent["Cookie"] = f"{server.server.cookie}={cookie}"
    if form is not None:
        body = urlencode(form)
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=sent)
    response = connection.getresponse()
    answer = Answer(response.status, response.getheaders(), response.read())
    connection.close()
    return answer


def log_in(server: RunningServer, name: str, password: str | None = None) -> str:
    """Log in through the form; the session cookie's token."""
    answer = fetch(server, "POST", "/login", form={"username": name, "password": password or PASSWORDS[name]})
    assert answer.status == 303, (answer.status, answer.body)
    (cookie,) = answer.set_cookies()
    return cookie.split(";", 1)[0].split("=", 1)[1]


def page_id(server: RunningServer, token: str, path: str = "/") -> str:
    """Load an app page; the id its websockets use."""
    answer = fetch(server, "GET", path, cookie=token)
    assert answer.status == 200, (answer.status, answer.body)
    text = answer.body.decode()
    return text.split('data-channel="/channel/', 1)[1].split('"', 1)[0]


@dataclass
class SocketOutcome:
    """What a websocket attempt got: the HTTP status of a refused handshake, or the close code, reason and data."""

    status: int | None = None
    close_code: int | None = None
    reason: str = ""
    received: bytes = b""


async def _open_socket(server: RunningServer, path: str, token: str | None, origin: str | None,
                       seconds: float, enough: int) -> SocketOutcome:
    headers = {}
    if token is not None:
        headers["Cookie"] = f"{server.server.cookie}={token}"
    async with aiohttp.ClientSession() as session:
        try:
            socket = await session.ws_connect(server.url + path, headers=headers, origin=origin)
        except aiohttp.WSServerHandshakeError as refused:
            return SocketOutcome(status=refused.status)
        outcome = SocketOutcome()
        try:
            async with asyncio.timeout(seconds):
                while True:
                    message = await socket.receive()
                    if message.type == aiohttp.WSMsgType.BINARY:
                        outcome.received += message.data
                    elif message.type == aiohttp.WSMsgType.TEXT:
                        outcome.received += message.data.encode()
                    else:
                        if message.type == aiohttp.WSMsgType.CLOSE:
                            outcome.close_code, outcome.reason = message.data, message.extra or ""
                        break
                    if enough and len(outcome.received) >= enough:
                        break
        except TimeoutError:
            pass
        await socket.close()
        outcome.close_code = outcome.close_code or socket.close_code
        return outcome


def open_socket(server: RunningServer, path: str, *, token: str | None, origin: str | None = "same",
                seconds: float = 3.0, enough: int = 0) -> SocketOutcome:
    """Try a websocket for ``seconds`` (or until ``enough`` bytes came); ``origin="same"`` sends this server's
    own Origin."""
    if origin == "same":
        origin = server.url
    return asyncio.run(_open_socket(server, path, token, origin, seconds, enough))
