"""The media channel between a coding app's BrowserPlayer and its page, with the page played by a script here.

The browser tests drive the real page; these check the server's part of the relay:
a load is turned into the session's URL (the page never learns the path) only when
the account may play it, and a refusal reaches the app as a clear error.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest

from observer.errors import MediaError
from observer.media.browser import BrowserPlayer
from observer.tui.media_settings import media_settings
from observer.web.channel import MediaChannel
from observer.web.gate import Refused


class ScriptedPage:
    """Stands in for the page's websocket: records what it is sent and answers like player.js would."""

    closed = False

    def __init__(self, channel: MediaChannel, duration: float = 12.0) -> None:
        self.channel = channel
        self.duration = duration
        self.received: list[dict] = []

    async def send_str(self, text: str) -> None:
        message = json.loads(text)
        self.received.append(message)
        command = message["command"]
        name = command["name"] if isinstance(command, dict) else command[0]
        data = {"get_property": 0}.get(name)
        if command == ["get_property", "time-pos"]:
            data = 0.0
        await self.answer({"request_id": message["request_id"], "error": "success", "data": data})
        if name == "loadfile":
            await self.answer({"event": "file-loaded"})
            await self.answer({"event": "property-change", "name": "duration", "data": self.duration})
            await self.answer({"event": "playback-restart"})

    async def answer(self, message: dict) -> None:
        await self.channel.from_page(json.dumps(message))


@pytest.fixture
def open_channel(tmp_path):
    """Open a channel on a loop of its own (as the server's): ``open_channel(authorize) -> (channel, page)``."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    opened = []

    def run(coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, loop).result(5)

    def open_with(authorize):
        channel = MediaChannel(tmp_path / "page.sock", authorize)
        page = ScriptedPage(channel)
        run(channel.open())
        assert run(channel.attach(page))
        opened.append(channel)
        return channel, page

    yield open_with
    for channel in opened:
        run(channel.close())
    run(asyncio.sleep(0.1))  # the app side's reader sees its end
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()


def test_a_load_reaches_the_page_as_the_sessions_url_never_its_path(open_channel, tmp_path):
    recording = tmp_path / "secret-folder" / "s1.wav"
    recording.parent.mkdir()
    recording.write_bytes(b"RIFF")
    asked = []

    async def authorize(path: str) -> tuple[str, str]:
        asked.append(path)
        return "/media/s1", "session s1"

    channel, page = open_channel(authorize)
    player = BrowserPlayer(channel=str(channel.path), offset=1.5).start()
    try:
        player.load(recording)
        assert player.duration == 12.0
    finally:
        player.close()
    (load,) = [m["command"] for m in page.received if isinstance(m["command"], dict)]
    assert load["url"] == "/media/s1" and load["title"] == "session s1"
    assert "secret-folder" not in json.dumps(page.received)
    assert asked == [str(recording.resolve())]
    deadline = time.monotonic() + 5
    while page.received[-1]["command"] != ["quit"] and time.monotonic() < deadline:  # sent as the player closes
        time.sleep(0.02)
    assert page.received[-1]["command"] == ["quit"]


def test_a_refused_load_is_a_clear_error_in_the_app_and_the_page_hears_nothing_of_it(open_channel, tmp_path):
    recording = tmp_path / "s2.wav"
    recording.write_bytes(b"RIFF")

    async def authorize(path: str) -> tuple[str, str]:
        raise Refused(403, "session s2 is not assigned to you; its recording plays only for its raters")

    channel, page = open_channel(authorize)
    player = BrowserPlayer(channel=str(channel.path)).start()
    try:
        with pytest.raises(MediaError, match="refused 'loadfile': session s2 is not assigned to you"):
            player.load(recording)
    finally:
        player.close()
    assert not any(isinstance(m["command"], dict) for m in page.received)


def test_browser_media_needs_the_servers_channel():
    assert media_settings("browser").mode == "browser"
    with pytest.raises(MediaError, match="only in a page of observer serve"):
        BrowserPlayer(channel="").start()
