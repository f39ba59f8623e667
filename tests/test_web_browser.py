"""observer serve in a real browser: Debian's Chromium driven by Playwright, keys typed into the page.

The terminal is drawn on a canvas, so what the page shows is read from the bytes its
terminal websocket received (Playwright sees every frame); what was saved is read
from the study. The coding tests run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from media_fixtures import make_tone
from test_tui_support import build_study, session
from test_web_support import PASSWORDS, RunningServer, add_accounts

from observer.scheme import load_scheme
from observer.store import Study

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
pytestmark = [
    pytest.mark.chromium,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)"),
]
WAIT = 20.0


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def until(condition: Callable[[], Any], what: str, timeout: float = WAIT, page=None) -> Any:
    """Wait until ``condition()`` is true (letting the page run); fail saying ``what`` did not happen."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {timeout:g} s")
        if page is not None:
            page.wait_for_timeout(50)
        else:
            time.sleep(0.05)
    return result


class Tab:
    """One browser tab of its own (cookies included), with what its terminal has been sent."""

    def __init__(self, browser, server: RunningServer) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 800}, accept_downloads=True)
        self.page = self.context.new_page()
        self.server = server
        self.frames = bytearray()
        self.errors: list[str] = []
        self.page.on("websocket", self._socket)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))

    def _socket(self, socket) -> None:
        if "/ws/" in socket.url:
            socket.on("framereceived", lambda data: self.frames.extend(data if isinstance(data, bytes)
                                                                        else data.encode()))

    def log_in(self, name: str) -> Tab:
        self.page.goto(self.server.url + "/login")
        self.page.fill("#username", name)
        self.page.fill("#password", PASSWORDS[name])
        self.page.click("button[type=submit]")
        self.page.wait_for_url(self.server.url + "/")
        return self

    def shows(self, text: str) -> bool:
        return text.encode() in self.frames

    def wait_for(self, text: str, timeout: float = WAIT) -> None:
        until(lambda: self.shows(text), f"the page showing {text!r}", timeout, self.page)

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            self.page.wait_for_timeout(120)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=30)

    def media(self) -> dict:
        return self.page.evaluate("""() => {
            const v = document.getElementById('recording');
            const played = [];
            for (let i = 0; i < v.played.length; i++) played.push([v.played.start(i), v.played.end(i)]);
            return {time: v.currentTime, paused: v.paused, src: v.currentSrc, played: played};
        }""")

    def close(self) -> None:
        self.context.close()


def codes(study: str | Path, rater: str) -> dict:
    with Study.open(study) as opened:
        return {(c.session_id, c.segment, c.item): c.value for c in opened.codes(rater=rater)}


def team_study(location: str | Path) -> str | Path:
    """The 3RS 2015 scheme, sessions s1 and s2 (60 s, three 20 s segments), raters ann and bob, supervisor sue."""
    with Study.create(location, load_scheme("3rs-2015")) as study:
        study.add_sessions((session("s1", 60.0, 3.0, 20.0), session("s2", 60.0, 3.0, 20.0)))
    add_accounts(location)
    return location


@pytest.fixture
def team(new_location):
    return team_study(new_location("team"))


def test_raters_code_with_the_keyboard_in_the_page_and_stay_blind(browser, team):
    with RunningServer(team) as server:
        ann = Tab(browser, server).log_in("ann")
        ann.wait_for("rater ann")
        ann.press("Enter")  # the picker's first session, s1
        ann.wait_for("Segment 1/3")
        ann.press("d", "W", "3")  # denial, then the withdrawal significance rated 3
        until(lambda: codes(team, "ann") == {("s1", 0, "wd_denial"): 1, ("s1", 0, "wd_significance"): 3},
              "ann's marker and significance reaching the study")
        ann.press("Control+n")
        ann.type("annsecretnote")
        ann.press("Escape")
        ann.page.reload()  # a new app process: the note comes back from the study
        ann.frames.clear()
        ann.wait_for("rater ann")
        ann.press("Enter")
        ann.wait_for("annsecretnote")
        assert not ann.errors
        ann.close()

        bob = Tab(browser, server).log_in("bob")
        bob.wait_for("rater bob")
        bob.press("Enter")
        bob.wait_for("Segment 1/3")
        bob.page.wait_for_timeout(1000)
        assert not bob.shows("annsecretnote")
        assert not bob.shows("rater ann")
        assert codes(team, "bob") == {}
        bob.close()
    with Study.open(team) as study:
        assert [(e.account, e.event) for e in study.access_log()] == [("ann", "login"), ("bob", "login")]


@pytest.fixture
def recorded(tmp_path):
    """A study whose session s1 (12 s, segments of 4 s) plays a 12 s tone."""
    path = build_study(tmp_path, sessions=(session("s1", 12.0, 1.0, 4.0),))
    with Study.open(path) as study:
        study.set_media("s1", str(make_tone(tmp_path / "tone.wav", 12.0)))
    add_accounts(path, ("ann",))
    return path


def test_the_replay_key_plays_the_segment_in_the_page_and_auto_stop_pauses_at_its_end(browser, recorded):
    with RunningServer(recorded) as server:
        ann = Tab(browser, server).log_in("ann")
        ann.wait_for("rater ann")
        ann.press("Enter")
        ann.wait_for("Segment 1/3")
        until(lambda: ann.media()["src"].endswith("/media/s1"), "the recording loading in the page", page=ann.page)
        ann.press("ArrowRight")  # segment 2: 4-8 s
        ann.wait_for("Segment 2/3")
        ann.press("Control+r")
        playing = until(lambda: (state := ann.media()) and not state["paused"] and state, "playback starting",
                        page=ann.page)
        assert 4.0 <= playing["time"] < 4.8
        stopped = until(lambda: (state := ann.media()) and state["paused"] and state["time"] > 7.0 and state,
                        "the automatic stop", timeout=10, page=ann.page)
        assert stopped["time"] == pytest.approx(8.0, abs=0.01)  # paused exactly at the segment's end
        (start, end), *_ = [span for span in stopped["played"] if span[1] > 5.0]
        assert start == pytest.approx(4.0, abs=0.05) and end == pytest.approx(8.0, abs=0.15)
        assert not ann.errors
        ann.close()


def test_a_supervisor_downloads_a_report_and_opens_the_review_and_a_consensus(browser, team):
    with Study.open(team) as study:
        for rater, significance in (("ann", 4), ("bob", 2)):
            view = study.for_rater(rater)
            view.set_value("s1", 0, "wd_denial", 1)
            view.set_value("s1", 0, "wd_significance", significance)
    with RunningServer(team) as server:
        sue = Tab(browser, server).log_in("sue")
        sue.wait_for("supervisor sue")
        sue.wait_for("Report of session s1")
        assert sue.shows("Consensus of session s1 (ann, bob)")
        sue.press("End")
        with sue.page.expect_download(timeout=WAIT * 1000) as delivered:
            sue.press("Enter")
        download = delivered.value
        assert download.suggested_filename == "report-s1.html"
        html = Path(download.path()).read_text()
        assert html.startswith("<!DOCTYPE html>") and "s1" in html
        sue.press("Home", "Enter")  # the review opens as a page of its own
        sue.page.wait_for_url(server.url + "/review")
        sue.frames.clear()
        sue.wait_for("Review")
        sue.page.goto(server.url + "/")  # back on the start screen: the consensus of s1
        sue.frames.clear()
        sue.wait_for("Consensus of session s1")
        sue.press("ArrowDown", "Enter")
        sue.page.wait_for_url(server.url + "/consensus/s1")
        sue.wait_for("Withdrawal significance")
        assert not sue.errors
        sue.close()
