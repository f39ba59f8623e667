"""The lab server's rules without a server: login throttling and expiry, where it may listen, whose role an app
acts as."""

from __future__ import annotations

import subprocess
import sys

import pytest
from test_tui_support import session
from test_web_support import add_accounts

from observer.errors import ServeError
from observer.scheme import load_scheme
from observer.store import Study
from observer.web.apps import AppChoice, acting_target, app_environment, choose_app
from observer.web.config import ServeConfig, check_config, is_loopback
from observer.web.gate import Refused
from observer.web.logins import Login, Logins
from observer.web.throttle import Limits, LoginThrottle


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_failures_first_delay_doubling_then_lock_and_then_are_forgotten():
    clock = Clock()
    throttle = LoginThrottle(Limits(free=2, lock=5, first_delay=1.0, max_delay=3.0, lock_seconds=60, window=300),
                             clock)
    assert throttle.refusal("ann", "10.0.0.1") is None
    assert throttle.failed("ann", "10.0.0.1") == [] and throttle.refusal("ann", "10.0.0.1") is None
    throttle.failed("ann", "10.0.0.1")
    assert throttle.refusal("ann", "10.0.0.1") is None  # two free failures
    throttle.failed("ann", "10.0.0.1")
    refusal = throttle.refusal("ann", "10.0.0.1")
    assert not refusal.locked and refusal.seconds == pytest.approx(1.0)
    clock.now += 1.0
    throttle.failed("ann", "10.0.0.1")
    assert throttle.refusal("ann", "10.0.0.1").seconds == pytest.approx(2.0)  # doubled
    clock.now += 2.0
    assert throttle.failed("ann", "10.0.0.1") == ["account"]
    refusal = throttle.refusal("ANN", "10.9.9.9")  # the account is locked from any address, any case
    assert refusal.locked and refusal.seconds == pytest.approx(60.0)
    assert throttle.refusal("bob", "10.0.0.1") is None  # the address has more room than the account
    clock.now += 60.0
    assert throttle.refusal("ann", "10.0.0.1") is None


def test_an_address_trying_many_names_is_slowed_down_and_locked():
    clock = Clock()
    throttle = LoginThrottle(Limits(address_free=2, address_lock=4, lock_seconds=30), clock)
    for name in ("a1", "a2", "a3"):
        assert throttle.failed(name, "10.0.0.7") == []
    assert throttle.refusal("a4", "10.0.0.7").seconds == pytest.approx(1.0)  # the third name's failure: a delay
    clock.now += 1.0
    assert throttle.failed("a4", "10.0.0.7") == ["address"]
    assert throttle.refusal("fresh-name", "10.0.0.7").locked
    assert throttle.refusal("fresh-name", "10.0.0.8") is None


def test_a_right_password_clears_the_accounts_failures():
    throttle = LoginThrottle(Limits(free=1, first_delay=5))
    throttle.failed("ann", "10.0.0.1")
    throttle.failed("ann", "10.0.0.1")
    throttle.succeeded("ann")
    assert throttle.refusal("ann", "10.0.0.2") is None


def test_a_login_ends_at_its_expiry_or_logout_and_tokens_are_not_kept():
    clock = Clock()
    logins = Logins(60, clock)
    token, login = logins.begin("ann", "rater", "127.0.0.1")
    assert logins.find(token) == login and logins.find("x" + token) is None and logins.find(None) is None
    assert token not in repr(logins.__dict__)  # only a hash of the token is kept
    clock.now += 59
    assert logins.find(token) == login
    clock.now += 1
    assert logins.find(token) is None and not logins.is_live(login)
    other, second = logins.begin("bob", "rater", "127.0.0.1")
    logins.end(second)
    assert logins.find(other) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "lab.example.org", "::"])
def test_a_public_address_needs_tls_or_a_proxy(host, tmp_path):
    with pytest.raises(ServeError, match="without TLS"):
        check_config(ServeConfig("study.observer", host=host))
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("x")
    key.write_text("x")
    check_config(ServeConfig("study.observer", host=host, certfile=cert, keyfile=key))
    with pytest.raises(ServeError, match="loopback only"):
        check_config(ServeConfig("study.observer", host=host, trust_proxy_header="X-Remote-User"))


def test_loopback_addresses_and_option_mistakes():
    assert all(is_loopback(host) for host in ("127.0.0.1", "127.3.2.1", "localhost", "::1", "[::1]"))
    assert not any(is_loopback(host) for host in ("0.0.0.0", "10.0.0.1", "example.org"))
    check_config(ServeConfig("study.observer", trust_proxy_header="X-Remote-User"))
    for config, field in ((ServeConfig("s", certfile="c.pem"), "--certfile/--keyfile"),
                          (ServeConfig("s", trust_proxy_header="X Remote: User"), "--trust-proxy-header"),
                          (ServeConfig("s", port=70000), "--port"), (ServeConfig("s", session_seconds=0),
                                                                     "--session-hours")):
        with pytest.raises(ServeError) as raised:
            check_config(config)
        assert raised.value.field == field


def test_the_command_refuses_a_public_address_in_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "observer", "serve", str(tmp_path / "s.observer"), "--host",
                           "0.0.0.0"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("observer: error: --host: refusing to serve the study on 0.0.0.0 without TLS")


def test_routes_by_role():
    rater, supervisor = (Login("k", name, role, "", 0.0) for name, role in (("ann", "rater"), ("sue", "supervisor")))
    assert choose_app(rater, "home") == AppChoice("code") and choose_app(supervisor, "home") == AppChoice("start")
    assert choose_app(supervisor, "consensus", "s1") == AppChoice("consensus", "s1")
    for route in ("review", "consensus", "start"):
        with pytest.raises(Refused) as refused:
            choose_app(rater, route, "s1")
        assert refused.value.status == 403
    with pytest.raises(Refused):
        choose_app(supervisor, "code")  # a supervisor is no rater: no coding app through a route


def test_the_app_gets_the_study_by_environment_acting_as_the_account(new_location, backend):
    location = new_location("acting")
    with Study.create(location, load_scheme("3rs-2015")) as study:
        study.add_sessions((session("s1", 60.0, 3.0, 20.0),))
    add_accounts(location, ("ann", "bob"))
    with Study.open(location) as study:
        study.for_rater("ann").set_value("s1", 0, "wd_denial", 1)
    environment = app_environment(location, "bob", None)
    assert set(environment) == {"OBSERVER_SERVE_STUDY", "OBSERVER_SERVE_ACCOUNT"}
    assert environment["OBSERVER_SERVE_ACCOUNT"] == "bob"
    target = acting_target(location, "bob")
    if backend == "sqlite":
        assert target == location  # a file: the coding app's blind view is the only reader
        return
    assert "options=-c%20role%3Dbob" in target
    with Study.open(target) as study:  # the database itself keeps bob blind
        assert study.db.acting_rater() == "bob"
        assert study.codes() == []
        with pytest.raises(Exception, match="can code only as 'bob'"):
            study.for_rater("ann")


def test_a_port_in_use_is_one_clear_error(tmp_path):
    import socket

    path = tmp_path / "s.observer"
    Study.create(path, load_scheme("3rs-2015")).close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "observer", "serve", str(path), "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"observer: error: --port: cannot listen on 127.0.0.1:{port} (")
    assert "no accounts yet" in done.stdout
