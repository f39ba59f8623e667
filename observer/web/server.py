"""LabServer: textual-serve's Server with logins, per-account apps, the recording in the page, safe headers.

Routes (everything but the login form and the page's code answers 401, or sends a
page to ``/login``, without a live login):

- ``GET/POST /login``, ``POST /logout``: the login form and the session cookie;
- ``GET /``: the account's app (a rater's coding app, a supervisor's start screen);
  ``GET /review`` and ``GET /consensus/{session}``: the supervisor's views (403 for raters);
- ``GET /ws/{page}``: the page's terminal (one app process); ``GET /channel/{page}``: its
  media element and downloads; both refuse another login's page and a foreign Origin;
- ``GET /media/{session}``: a recording, to accounts that may play it (``gate.may_play``);
- ``GET /download/{key}``: a file the account's own app delivered.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp_jinja2
from aiohttp import WSMsgType, web
from textual_serve.server import Server, to_int

from observer.errors import ObserverError
from observer.store.accounts import Account
from observer.store.engine import shown
from observer.web.app_process import AccountApp
from observer.web.apps import app_command, app_environment, choose_app
from observer.web.channel import MediaChannel
from observer.web.config import ServeConfig, tls_context
from observer.web.gate import Refused, StudyGate
from observer.web.headers import add_security_headers, same_origin
from observer.web.logins import COOKIE, TLS_COOKIE, Login, Logins
from observer.web.pages import Page, Pages
from observer.web.recordings import recording_response
from observer.web.throttle import Limits, LoginThrottle

log = logging.getLogger("observer.serve")

HERE = Path(__file__).parent
MAX_NAME = 256
MAX_PASSWORD = 4096
SWEEP_SECONDS = 1.0
TERMINAL_MESSAGE_BYTES = 1024 * 1024
CHANNEL_MESSAGE_BYTES = 16 * 1024
FOREIGN_ORIGIN = (4403, "refused: this page was not loaded from this server (foreign Origin)")
LOGIN_ENDED = (4401, "your login has ended: log in again")
ALREADY_OPEN = (4409, "this page is already connected: reload it")


@web.middleware
async def study_errors(request: web.Request, handler) -> web.StreamResponse:
    """A study that cannot be read or written now (a lost database, a full disk) answers 503 with the reason."""
    try:
        return await handler(request)
    except ObserverError as error:
        log.error("%s %s: %s", request.method, request.path, error)
        raise web.HTTPServiceUnavailable(text=f"the study cannot be reached: {error}") from None


def _refusal(refused: Refused) -> web.HTTPException:
    return {403: web.HTTPForbidden, 404: web.HTTPNotFound}[refused.status](text=refused.message)


class LabServer(Server):
    """Serves one study to its accounts; each page runs the app its account may use."""

    def __init__(self, config: ServeConfig, *, limits: Limits | None = None) -> None:
        super().__init__("observer serve", host=config.host, port=config.port, title="observer",
                         templates_path=HERE / "templates")
        self.config = config
        self.gate = StudyGate(config.study)
        self.logins = Logins(config.session_seconds)
        self.throttle = LoginThrottle(limits)
        self.pages = Pages()
        self.cookie = TLS_COOKIE if config.tls else COOKIE
        self.study_name = ""
        self._rundir: Path | None = None
        self._numbers = itertools.count(1)
        self._proxy_logins: dict[str, Login] = {}
        self._apps: set[AccountApp] = set()
        self._sweeper: asyncio.Task[None] | None = None

    # -- the aiohttp application ---------------------------------------------------------

    async def make_app(self) -> web.Application:
        """textual-serve's application (page, terminal, downloads, its static files) with observer's routes."""
        app = await self._make_app()
        app.router.add_routes([
            web.get("/login", self.login_form, name="login"),
            web.post("/login", self.login),
            web.post("/logout", self.logout, name="logout"),
            web.get("/review", self.review_page, name="review"),
            web.get("/consensus/{session}", self.consensus_page, name="consensus"),
            web.get("/ws/{page}", self.handle_websocket, name="terminal"),
            web.get("/channel/{page}", self.page_channel, name="channel"),
            web.get("/media/{session}", self.recording, name="media"),
            web.static("/observer-static", HERE / "static", name="observer-static"),
            web.get("/favicon.ico", self.no_icon),
        ])
        app.on_response_prepare.append(add_security_headers)
        app.middlewares.append(study_errors)
        return app

    @staticmethod
    async def no_icon(request: web.Request) -> web.Response:
        """No icon (rather than a 404 in the browser's console)."""
        return web.Response(status=204)

    def serve(self, debug: bool = False) -> None:
        """Run until Ctrl+C or SIGTERM (TLS when configured)."""
        self.debug = debug
        self.initialize_logging()
        web.run_app(self.make_app(), host=self.config.host, port=self.config.port,
                    ssl_context=tls_context(self.config), print=None, handle_signals=True)

    async def on_startup(self, app: web.Application) -> None:
        self._rundir = Path(tempfile.mkdtemp(prefix="observer-serve-"))
        self.study_name = await self.gate.name()
        self._sweeper = asyncio.create_task(self._sweep())
        how = f"trusting {self.config.trust_proxy_header} from the proxy" if self.config.trust_proxy_header \
            else "log in at /login"
        print(f"observer serve: {shown(self.config.study)} on {self.config.url} ({how}); Ctrl+C stops", flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
        for page in self.pages:
            await self._close_page(page, (1001, "the server is stopping"))
        await asyncio.gather(*(app.finish() for app in list(self._apps)))
        await asyncio.get_running_loop().run_in_executor(None, self.gate.close)
        if self._rundir is not None:
            shutil.rmtree(self._rundir, ignore_errors=True)

    # -- who is asking -------------------------------------------------------------------

    async def current_login(self, request: web.Request) -> Login | None:
        """The live login behind a request: its cookie's, or the trusted proxy's header's; None otherwise."""
        header = self.config.trust_proxy_header
        if header is None:
            return self.logins.find(request.cookies.get(self.cookie))
        name = unicodedata.normalize("NFC", request.headers.get(header, "")).strip()
        if not name:
            return None
        account = await self.gate.account(name)
        if account is None:
            return None
        login = self._proxy_logins.get(name)
        if login is None or login.role != account.role or not self.logins.is_live(login):
            login = self.logins.begin(account.name, account.role, self._address(request))[1]
            self._proxy_logins[name] = login
            await self.gate.log(account.name, "login", self._address(request))
        return login

    async def _checked_login(self, request: web.Request) -> Login | None:
        """The login, when its account still exists with the same role (a removed account is logged out)."""
        login = await self.current_login(request)
        if login is None:
            return None
        account = await self.gate.account(login.account)
        if account is None or account.role != login.role:
            self.logins.end(login)
            return None
        return login

    @staticmethod
    def _address(request: web.Request) -> str:
        return request.remote or ""

    async def _required_login(self, request: web.Request) -> Login:
        login = await self.current_login(request)
        if login is None:
            raise web.HTTPUnauthorized(text="log in first: /login")
        return login

    # -- logging in and out ----------------------------------------------------------------

    async def login_form(self, request: web.Request) -> web.StreamResponse:
        if self.config.trust_proxy_header or await self.current_login(request) is not None:
            raise web.HTTPSeeOther("/")
        return self._login_page(request)

    def _login_page(self, request: web.Request, message: str = "", status: int = 200, username: str = "",
                    headers: dict[str, str] | None = None) -> web.Response:
        response = aiohttp_jinja2.render_template("login.html", request, {
            "study": self.study_name, "message": message, "username": username}, status=status)
        response.headers.update(headers or {})
        return response

    async def login(self, request: web.Request) -> web.StreamResponse:
        """Check the name and password (throttled), start a login, set its cookie; the outcome goes to the log."""
        if self.config.trust_proxy_header:
            raise web.HTTPNotFound(text="the proxy in front of this server does the logging in")
        if not same_origin(request, required=False):
            raise web.HTTPForbidden(text="refused: the login form was not sent from this server's page")
        form = await request.post()
        username = unicodedata.normalize("NFC", str(form.get("username", ""))).strip()[:MAX_NAME]
        password = str(form.get("password", ""))
        address = self._address(request)
        if not username or not password:
            return self._login_page(request, "Type your account name and your password.", 400, username)
        refusal = self.throttle.refusal(username, address)
        if refusal is not None:
            wait = max(1, round(refusal.seconds))
            what = "Too many failed logins: logging in is locked" if refusal.locked else "Too many failed logins"
            return self._login_page(request, f"{what}; try again in {wait} s.", 429, username,
                                    {"Retry-After": str(wait)})
        account = None
        if len(password) <= MAX_PASSWORD:
            account = await self.gate.check_password(username, password)
        if account is None:
            await self.gate.log(username, "login_failed", address)
            for _ in self.throttle.failed(username, address):
                await self.gate.log(username, "locked_out", address)
            return self._login_page(request, "Wrong account name or password.", 401, username)
        self.throttle.succeeded(username)
        token, _ = self.logins.begin(account.name, account.role, address)
        await self.gate.log(account.name, "login", address)
        response = web.Response(status=303, headers={"Location": "/"})
        response.set_cookie(self.cookie, token, httponly=True, samesite="Strict", secure=self.config.tls, path="/",
                            max_age=int(self.config.session_seconds))
        return response

    async def logout(self, request: web.Request) -> web.StreamResponse:
        """End the login (its pages close), clear the cookie, log it."""
        if not same_origin(request, required=False):
            raise web.HTTPForbidden(text="refused: logging out was not asked from this server's page")
        login = await self.current_login(request)
        if login is not None:
            self.logins.end(login)
            self._proxy_logins.pop(login.account, None)
            await self.gate.log(login.account, "logout", self._address(request))
            for page in self.pages:
                if page.login.key == login.key:
                    await self._close_page(page, (4401, "you have logged out"))
        response = web.Response(status=303, headers={"Location": "/login"})
        response.del_cookie(self.cookie, path="/")
        return response

    # -- the pages -----------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        return await self._app_page(request, "home")

    async def review_page(self, request: web.Request) -> web.StreamResponse:
        return await self._app_page(request, "review")

    async def consensus_page(self, request: web.Request) -> web.StreamResponse:
        session = request.match_info["session"]
        if not await self.gate.has_session(session):
            raise web.HTTPNotFound(text=f"no session {session!r} in this study")
        return await self._app_page(request, "consensus", session)

    async def _app_page(self, request: web.Request, route: str, session: str | None = None) -> web.StreamResponse:
        login = await self._checked_login(request)
        if login is None and self.config.trust_proxy_header:
            raise web.HTTPUnauthorized(text=f"the proxy did not name an account of this study in "
                                            f"{self.config.trust_proxy_header}")
        if login is None:
            raise web.HTTPSeeOther("/login")
        try:
            choice = choose_app(login, route, session)
        except Refused as refused:
            raise _refusal(refused) from None
        assert self._rundir is not None
        channel = MediaChannel(self._rundir / f"{next(self._numbers)}.sock", self._authorizer(login))
        if choice.plays_media:
            await channel.open()
        page = self.pages.add(login, choice, channel)
        return aiohttp_jinja2.render_template("app.html", request, {
            "page": page.id, "account": login.account, "role": login.role, "title": choice.title,
            "study": self.study_name, "media": choice.plays_media, "home": route != "home",
            "proxy": self.config.trust_proxy_header is not None,
            "font_size": min(max(to_int(request.query.get("fontsize", "16"), 16), 8), 32)})

    def _authorizer(self, login: Login):
        account = Account(login.account, login.role)

        async def authorize(path: str) -> tuple[str, str]:
            session = await self.gate.session_playing(account, path)
            return f"/media/{quote(session, safe='')}", f"session {session}"

        return authorize

    async def _page_of(self, request: web.Request) -> Page:
        login = await self._required_login(request)
        try:
            return self.pages.find(request.match_info.get("page", ""), login)
        except Refused as refused:
            raise _refusal(refused) from None

    # -- the page's two websockets -----------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """The page's terminal: starts the account's app process and relays keys and screen."""
        page = await self._page_of(request)
        socket = web.WebSocketResponse(heartbeat=15, max_msg_size=TERMINAL_MESSAGE_BYTES)
        if not same_origin(request, required=True):
            return await self._refuse(socket, request, FOREIGN_ORIGIN)
        if page.started:
            return await self._refuse(socket, request, ALREADY_OPEN)
        page.started = True
        await socket.prepare(request)
        page.sockets.append(socket)
        login = page.login
        channel = page.channel
        app = AccountApp(app_command(page.choice),
                         app_environment(self.config.study, login.account,
                                         channel.path if page.choice.plays_media else None),
                         account=login.account, write_bytes=socket.send_bytes, write_str=socket.send_str,
                         close=socket.close, download_manager=self.download_manager,
                         announce_download=lambda key: channel.tell_page({"event": "observer-download",
                                                                          "url": f"/download/{key}"}))
        self._apps.add(app)
        try:
            await app.start(to_int(request.query.get("width", "80"), 80),
                            to_int(request.query.get("height", "24"), 24))
            await self._process_messages(socket, app)
        except asyncio.CancelledError:
            pass
        except Exception as error:  # a malformed message from the page ends its connection, not the server
            log.warning("the terminal of %s's page ended: %r", login.account, error)
        finally:
            await self._close_page(page, (1000, "the app has ended"))
            await app.finish()
            self._apps.discard(app)
        return socket

    async def page_channel(self, request: web.Request) -> web.WebSocketResponse:
        """The page's media element and downloads: relayed to and from the app's player."""
        page = await self._page_of(request)
        socket = web.WebSocketResponse(heartbeat=15, max_msg_size=CHANNEL_MESSAGE_BYTES)
        if not same_origin(request, required=True):
            return await self._refuse(socket, request, FOREIGN_ORIGIN)
        await socket.prepare(request)
        if not await page.channel.attach(socket):
            await socket.close(code=ALREADY_OPEN[0], message=ALREADY_OPEN[1].encode())
            return socket
        page.sockets.append(socket)
        try:
            async for message in socket:
                if message.type == WSMsgType.TEXT:
                    await page.channel.from_page(message.data)
        finally:
            page.channel.detach(socket)
        return socket

    @staticmethod
    async def _refuse(socket: web.WebSocketResponse, request: web.Request, reason: tuple[int, str]) -> Any:
        """Open the websocket only to close it at once with a code and a reason the page can show."""
        await socket.prepare(request)
        await socket.close(code=reason[0], message=reason[1].encode())
        return socket

    async def _close_page(self, page: Page, reason: tuple[int, str]) -> None:
        self.pages.remove(page)
        for socket in page.sockets:
            if not socket.closed:
                await socket.close(code=reason[0], message=reason[1].encode())
        await page.channel.close()

    async def _sweep(self) -> None:
        """Close the pages of logins that ended (expiry) and pages that never connected."""
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            self.logins.sweep()
            for page in self.pages:
                if not self.logins.is_live(page.login):
                    await self._close_page(page, LOGIN_ENDED)
            for page in self.pages.unused():
                await self._close_page(page, (1000, "the page did not connect"))

    # -- recordings and downloads ------------------------------------------------------------

    async def recording(self, request: web.Request) -> web.StreamResponse:
        """A session's recording, with byte ranges, when the account may play that session."""
        login = await self._required_login(request)
        try:
            path = await self.gate.recording(Account(login.account, login.role), request.match_info["session"])
        except Refused as refused:
            raise _refusal(refused) from None
        return recording_response(path)

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file the account's own app delivered (another account's key is not found)."""
        login = await self._required_login(request)
        try:
            download = await self.download_manager.get_download_metadata(request.match_info["key"])
        except KeyError:
            raise web.HTTPNotFound(text="no such download (it may have been fetched already)") from None
        if getattr(download.app_service, "account", None) != login.account:
            raise web.HTTPNotFound(text="no such download (it may have been fetched already)")
        return await super().handle_download(request)
