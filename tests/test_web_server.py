"""observer serve over plain HTTP and websockets: logins, what each role may open, recordings, safe headers."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

import pytest
from media_fixtures import make_tone
from test_tui_support import build_study, session
from test_web_support import (PASSWORDS, RunningServer, add_accounts, fetch, log_in, open_socket, page_id)

from observer.store import Study
from observer.store.records import Assignment
from observer.web.throttle import Limits


@pytest.fixture
def study_path(tmp_path):
    path = build_study(tmp_path, sessions=(session("s1", 60.0, 3.0, 20.0), session("s2", 60.0, 3.0, 20.0)))
    add_accounts(path)
    return path


@pytest.fixture
def server(study_path):
    with RunningServer(study_path) as running:
        yield running


def access_log(path) -> list[tuple[str, str, str]]:
    with Study.open(path) as study:
        return [(event.account, event.event, event.address) for event in study.access_log()]


# -- logging in -------------------------------------------------------------------------------


def test_the_login_form_asks_for_username_and_password_with_safe_headers(server):
    answer = fetch(server, "GET", "/login")
    assert answer.status == 200
    text = answer.body.decode()
    assert 'name="username"' in text and 'name="password"' in text and 'method="post"' in text
    policy = answer.header("Content-Security-Policy")
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "http" not in policy and "unsafe" not in policy  # no other server, no inline script or style
    assert answer.header("X-Frame-Options") == "DENY"
    assert answer.header("Cache-Control") == "no-store"
    assert answer.header("X-Content-Type-Options") == "nosniff"


def test_a_right_password_sets_an_httponly_strict_cookie_and_is_logged(server, study_path):
    answer = fetch(server, "POST", "/login", form={"username": "ann", "password": PASSWORDS["ann"]})
    assert answer.status == 303 and answer.header("Location") == "/"
    (cookie,) = answer.set_cookies()
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert "httponly" in attributes and "samesite=strict" in attributes and "path=/" in attributes
    assert "secure" not in attributes  # no TLS here; with --certfile the cookie is Secure and __Host- named
    token = cookie.split(";", 1)[0].split("=", 1)[1]
    assert len(token) >= 40
    page = fetch(server, "GET", "/", cookie=token)
    assert page.status == 200 and b"ann (rater)" in page.body
    assert access_log(study_path) == [("ann", "login", "127.0.0.1")]


def test_a_wrong_password_gets_no_cookie_and_is_logged_without_the_password(server, study_path):
    answer = fetch(server, "POST", "/login", form={"username": "ann", "password": "not-her-password"})
    assert answer.status == 401 and not answer.set_cookies()
    assert b"Wrong account name or password" in answer.body
    assert access_log(study_path) == [("ann", "login_failed", "127.0.0.1")]
    with Study.open(study_path) as study:
        dumped = repr(study.access_log())
    assert "not-her-password" not in dumped


def test_the_history_command_lists_the_logins(server, study_path, capsys):
    from observer.cli import main

    fetch(server, "POST", "/login", form={"username": "bob", "password": "wrong-password"})
    log_in(server, "ann")
    assert main(["history", str(study_path), "--logins", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(row["account"], row["event"], row["address"]) for row in rows] == [
        ("bob", "login_failed", "127.0.0.1"), ("ann", "login", "127.0.0.1")]
    assert main(["history", str(study_path), "--logins", "--rater", "ann"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["id", "at", "account", "event", "address"] and len(table) == 3


@pytest.mark.parametrize("cookie", [None, "forged-token-that-no-login-ever-had-0123456789abcdef"])
def test_without_a_live_login_every_route_gives_nothing(server, cookie):
    assert fetch(server, "GET", "/", cookie=cookie).status == 303  # pages go to the login form
    assert fetch(server, "GET", "/", cookie=cookie).header("Location") == "/login"
    for path in ("/media/s1", "/download/somekey", "/ws/somepage", "/channel/somepage"):
        assert fetch(server, "GET", path, cookie=cookie).status == 401, path
    refused = open_socket(server, "/ws/somepage", token=cookie)
    assert refused.status == 401 and not refused.received


def test_an_expired_login_opens_nothing_and_its_open_terminal_is_closed(study_path):
    with RunningServer(study_path, session_seconds=2.0) as server:
        token = log_in(server, "ann")
        page = page_id(server, token)
        outcome = open_socket(server, f"/ws/{page}", token=token, seconds=6.0)
        assert outcome.received  # the app painted before the login ran out
        assert outcome.close_code == 4401 and "log in again" in outcome.reason
        assert fetch(server, "GET", "/", cookie=token).header("Location") == "/login"
        assert fetch(server, "GET", "/media/s1", cookie=token).status == 401


def test_logging_out_ends_the_login_and_is_logged(server, study_path):
    token = log_in(server, "ann")
    answer = fetch(server, "POST", "/logout", cookie=token, headers={"Origin": server.url})
    assert answer.status == 303 and answer.header("Location") == "/login"
    assert any("observer_session=\"\"" in cookie or "Max-Age=0" in cookie for cookie in answer.set_cookies())
    assert fetch(server, "GET", "/", cookie=token).status == 303
    assert [event for _, event, _ in access_log(study_path)] == ["login", "logout"]


def test_a_login_form_posted_from_another_site_is_refused(server):
    answer = fetch(server, "POST", "/login", form={"username": "ann", "password": PASSWORDS["ann"]},
                   headers={"Origin": "http://evil.example"})
    assert answer.status == 403 and not answer.set_cookies()


def test_failed_logins_slow_down_then_lock_the_account_and_are_logged(study_path):
    limits = Limits(free=2, lock=4, first_delay=0.5, max_delay=0.5, lock_seconds=60)
    with RunningServer(study_path, limits=limits) as server:
        wrong = {"username": "bob", "password": "guess-000"}
        assert fetch(server, "POST", "/login", form=wrong).status == 401
        assert fetch(server, "POST", "/login", form=wrong).status == 401
        assert fetch(server, "POST", "/login", form=wrong).status == 401  # the third failure: now slowed down
        too_soon = fetch(server, "POST", "/login", form={"username": "bob", "password": PASSWORDS["bob"]})
        assert too_soon.status == 429 and too_soon.header("Retry-After") == "1" and not too_soon.set_cookies()
        time.sleep(0.6)
        assert fetch(server, "POST", "/login", form=wrong).status == 401  # the fourth: locked
        locked = fetch(server, "POST", "/login", form={"username": "bob", "password": PASSWORDS["bob"]})
        assert locked.status == 429 and b"locked" in locked.body and int(locked.header("Retry-After")) > 50
        assert fetch(server, "POST", "/login", form={"username": "ann", "password": PASSWORDS["ann"]}).status == 303
    events = [(account, event) for account, event, _ in access_log(study_path)]
    assert events == [("bob", "login_failed")] * 4 + [("bob", "locked_out"), ("ann", "login")]


# -- who may open what ----------------------------------------------------------------------


def test_a_rater_gets_403_for_the_supervisor_views_and_a_supervisor_gets_them(server):
    rater = log_in(server, "ann")
    assert fetch(server, "GET", "/review", cookie=rater).status == 403
    assert fetch(server, "GET", "/consensus/s1", cookie=rater).status == 403
    supervisor = log_in(server, "sue")
    assert fetch(server, "GET", "/review", cookie=supervisor).status == 200
    assert fetch(server, "GET", "/consensus/s1", cookie=supervisor).status == 200
    assert fetch(server, "GET", "/consensus/nope", cookie=supervisor).status == 404
    home = fetch(server, "GET", "/", cookie=supervisor)
    assert b"sue (supervisor)" in home.body and b"/observer-static/player.js" not in home.body


def test_another_logins_page_is_refused(server):
    ann_page = page_id(server, log_in(server, "ann"))
    bob = log_in(server, "bob")
    assert fetch(server, "GET", f"/ws/{ann_page}", cookie=bob).status == 403
    refused = open_socket(server, f"/ws/{ann_page}", token=bob)
    assert refused.status == 403 and not refused.received


def test_a_foreign_origin_is_closed_with_a_reason_and_starts_no_app(server):
    token = log_in(server, "ann")
    page = page_id(server, token)
    outcome = open_socket(server, f"/ws/{page}", token=token, origin="http://evil.example")
    assert outcome.close_code == 4403 and "foreign Origin" in outcome.reason and not outcome.received
    missing = open_socket(server, f"/channel/{page}", token=token, origin=None)
    assert missing.close_code == 4403
    started = open_socket(server, f"/ws/{page}", token=token, seconds=10.0, enough=1000)  # the page itself may
    assert len(started.received) >= 1000


# -- recordings -------------------------------------------------------------------------------


@pytest.fixture
def linked(study_path, tmp_path):
    recording = make_tone(tmp_path / "tone.wav", 6.0)
    with Study.open(study_path) as study:
        study.set_media("s1", str(recording))
        study.set_media("s2", str(recording.with_name("missing.wav")))
    return recording


def test_a_recording_streams_in_byte_ranges_with_its_media_type(server, linked):
    token = log_in(server, "ann")
    whole = fetch(server, "GET", "/media/s1", cookie=token)
    assert whole.status == 200 and whole.header("Content-Type") == "audio/wav"
    assert whole.body == linked.read_bytes() and whole.header("Cache-Control") == "no-store"
    part = fetch(server, "GET", "/media/s1", cookie=token, headers={"Range": "bytes=100-199"})
    assert part.status == 206 and part.body == linked.read_bytes()[100:200]
    assert part.header("Content-Range") == f"bytes 100-199/{linked.stat().st_size}"
    assert fetch(server, "GET", "/media/s2", cookie=token).status == 404  # linked, but not on the server
    assert fetch(server, "GET", "/media/s9", cookie=token).status == 404


def test_with_assignments_a_rater_plays_only_the_assigned_sessions(server, linked, study_path):
    with Study.open(study_path) as study:
        study.set_media("s2", str(linked))
        study.set_assignments([Assignment("s1", "bob", "primary")])
    ann, bob, sue = (log_in(server, name) for name in ("ann", "bob", "sue"))
    refused = fetch(server, "GET", "/media/s1", cookie=ann)
    assert refused.status == 403 and b"not assigned to you" in refused.body
    assert fetch(server, "GET", "/media/s2", cookie=ann).status == 403
    assert fetch(server, "GET", "/media/s1", cookie=bob).status == 200
    assert fetch(server, "GET", "/media/s2", cookie=bob).status == 403
    assert fetch(server, "GET", "/media/s2", cookie=sue).status == 200  # supervisors play every session


def test_only_the_serve_command_imports_the_web_package():
    import observer

    root = Path(observer.__file__).parent
    importers = {path.relative_to(root).as_posix() for path in root.rglob("*.py")
                 if "observer.web" in path.read_text() and path.parent.name != "web"}
    assert importers == {"commands/serve.py"}


def test_building_the_parser_loads_no_web_server():
    code = "import sys, observer.cli; observer.cli.build_parser(); print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert not {"aiohttp", "textual_serve", "observer.web.server"} & set(done.stdout.split())


def test_behind_a_trusted_proxy_the_account_comes_from_its_header(study_path):
    with RunningServer(study_path, trust_proxy_header="X-Remote-User") as server:
        for _ in range(2):
            page = fetch(server, "GET", "/", headers={"X-Remote-User": "ann"})
            assert page.status == 200 and b"ann (rater)" in page.body and b"/logout" not in page.body
        assert fetch(server, "GET", "/review", headers={"X-Remote-User": "ann"}).status == 403
        assert fetch(server, "GET", "/review", headers={"X-Remote-User": "sue"}).status == 200
        assert fetch(server, "GET", "/").status == 401
        assert fetch(server, "GET", "/", headers={"X-Remote-User": "mallory"}).status == 401
        assert fetch(server, "GET", "/media/s1").status == 401
        assert fetch(server, "GET", "/login").header("Location") == "/"
        assert fetch(server, "POST", "/login", form={"username": "ann", "password": PASSWORDS["ann"]}).status == 404
    assert [(account, event) for account, event, _ in access_log(study_path)] == [("ann", "login"), ("sue", "login")]


def _launched_apps() -> list[int]:
    """The app processes this test process has started (the server runs in it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:"))
        if int(parent) == os.getpid() and b"observer.web.launch" in command:
            found.append(int(entry.name))
    return found


def test_one_terminal_per_page_and_closing_it_ends_its_app(server):
    token = log_in(server, "ann")
    page = page_id(server, token)
    before = set(_launched_apps())

    async def twice():
        headers = {"Cookie": f"{server.server.cookie}={token}"}
        async with aiohttp.ClientSession() as session:
            first = await session.ws_connect(f"{server.url}/ws/{page}", headers=headers, origin=server.url)
            await first.receive()  # the app is running
            running = set(_launched_apps()) - before
            second = await session.ws_connect(f"{server.url}/ws/{page}", headers=headers, origin=server.url)
            refused = await second.receive()
            await first.close()
            return running, refused

    running, refused = asyncio.run(twice())
    assert len(running) == 1
    assert refused.data == 4409 and "already connected" in refused.extra
    deadline = time.monotonic() + 10
    while running & set(_launched_apps()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running & set(_launched_apps())  # the tab closed: its app process is gone


def test_a_study_that_cannot_be_read_answers_503_and_is_opened_afresh_after(server, monkeypatch):
    from observer.errors import StudyError

    def fail(study):
        raise StudyError("the database went away", hint="Start it again.")

    with pytest.raises(StudyError):
        server.call(server.server.gate.run(fail))
    assert server.server.gate._study is None  # closed: the next request opens the study again
    assert fetch(server, "POST", "/login", form={"username": "ann", "password": PASSWORDS["ann"]}).status == 303

    async def unreachable(name, password):
        raise StudyError("the database went away", hint="Start it again.")

    monkeypatch.setattr(server.server.gate, "check_password", unreachable)
    answer = fetch(server, "POST", "/login", form={"username": "ann", "password": PASSWORDS["ann"]})
    assert answer.status == 503 and b"the study cannot be reached: the database went away" in answer.body


def test_with_tls_the_cookie_is_secure_and_host_prefixed(study_path, tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: no certificate to test with")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    with RunningServer(study_path, certfile=cert, keyfile=key) as server:
        context = ssl.create_default_context(cafile=str(cert))
        context.check_hostname = False
        connection = http.client.HTTPSConnection("127.0.0.1", server.port, context=context, timeout=30)
        connection.request("POST", "/login", body=f"username=ann&password={PASSWORDS['ann']}",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        cookie = response.getheader("Set-Cookie")
        connection.close()
    assert response.status == 303
    assert cookie.startswith("__Host-observer_session=")
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert {"secure", "httponly", "samesite=strict", "path=/"} <= set(attributes)


def test_the_serve_command_runs_until_stopped_and_leaves_nothing_behind(study_path, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = set(Path(tempfile.gettempdir()).glob("observer-serve-*"))
    server = subprocess.Popen([sys.executable, "-m", "observer", "serve", str(study_path), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        assert line.startswith(f"observer serve: {study_path} on http://127.0.0.1:{port}/ (log in at /login)")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/login")
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(30) == 0
    assert set(Path(tempfile.gettempdir()).glob("observer-serve-*")) == before
    assert "Traceback" not in server.stderr.read()
