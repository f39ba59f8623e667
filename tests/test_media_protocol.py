"""The mpv IPC protocol and the player's state logic, against a fake mpv on a socket pair (no mpv needed)."""

from __future__ import annotations

import json
import queue
import socket
import threading
from collections.abc import Callable
from typing import Any

import pytest

from observer.errors import MediaError
from observer.media import IpcConnection, MediaPlayer, choose_mode, find_mpv, has_display

WAIT = 2.0  # generous upper bound for anything that should happen at once


class Refusal(str):
    """What ``respond`` returns to make the fake mpv answer with this error string."""


class FakeMpv:
    """The far end of a socket pair: records each command and answers it through ``respond``."""

    def __init__(self, sock: socket.socket, respond: Callable[[FakeMpv, Any], Any] | None = None) -> None:
        self.sock = sock
        self.respond = respond or (lambda fake, command: None)
        self.commands: queue.Queue[Any] = queue.Queue()
        self.requests: queue.Queue[dict[str, Any]] = queue.Queue()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            self._answer_lines()
        except OSError:  # the client has gone: nothing left to answer
            pass

    def _answer_lines(self) -> None:
        with self.sock.makefile("rb") as lines:
            for line in lines:
                request = json.loads(line)
                self.requests.put(request)
                self.commands.put(request["command"])
                data = self.respond(self, request["command"])
                if isinstance(data, Refusal):
                    self.reply(request["request_id"], None, error=data)
                elif data is not _NO_REPLY:
                    self.reply(request["request_id"], data)

    def send(self, message: dict[str, Any] | bytes) -> None:
        """Write one message (or raw bytes) to the client."""
        raw = message if isinstance(message, bytes) else json.dumps(message).encode() + b"\n"
        self.sock.sendall(raw)

    def reply(self, request_id: int, data: Any = None, error: str = "success") -> None:
        self.send({"request_id": request_id, "error": error, "data": data})

    def event(self, event: str, **fields: Any) -> None:
        self.send({"event": event, **fields})

    def change(self, name: str, value: Any) -> None:
        self.event("property-change", id=1, name=name, data=value)

    def next_command(self) -> Any:
        return self.commands.get(timeout=WAIT)

    def commands_until(self, wanted: Callable[[Any], bool]) -> list[Any]:
        """Commands received from now on, up to and including the first one ``wanted`` matches."""
        seen = [self.next_command()]
        while not wanted(seen[-1]):
            seen.append(self.next_command())
        return seen


_NO_REPLY = object()


def starts(*prefix: Any) -> Callable[[Any], bool]:
    """Match a positional command that begins with ``prefix``."""
    return lambda command: isinstance(command, list) and command[: len(prefix)] == list(prefix)


def arrives(items: queue.Queue[Any], wanted: Callable[[Any], bool]) -> bool:
    """Whether an item ``wanted`` matches arrives within WAIT."""
    try:
        while not wanted(items.get(timeout=WAIT)):
            pass
    except queue.Empty:
        return False
    return True


def barrier(player: MediaPlayer) -> None:
    """Return once the player has handled every event mpv sent before now (replies come after them)."""
    player.set_speed(1.0)


@pytest.fixture
def pair():
    client, server = socket.socketpair()
    yield client, server
    client.close()
    server.close()


def make_connection(client: socket.socket, timeout: float = WAIT):
    events: queue.Queue[dict[str, Any]] = queue.Queue()
    closed = threading.Event()
    conn = IpcConnection(client, events.put, closed.set, timeout=timeout)
    return conn, events, closed


# -- IpcConnection ---------------------------------------------------------------


def test_replies_are_matched_to_requests_by_id_even_out_of_order(pair):
    client, server = pair
    fake = FakeMpv(server, lambda fake, command: _NO_REPLY)
    conn, _, _ = make_connection(client)
    first = conn.send(["get_property", "time-pos"])
    second = conn.send(["get_property", "pause"])
    held = [fake.requests.get(timeout=WAIT), fake.requests.get(timeout=WAIT)]
    fake.reply(held[1]["request_id"], True)
    fake.reply(held[0]["request_id"], 12.5)
    assert second.result(WAIT) is True
    assert first.result(WAIT) == 12.5
    assert held[0]["request_id"] != held[1]["request_id"]
    conn.close()


def test_events_reach_the_callback_in_order_between_replies(pair):
    client, server = pair

    def answer_with_events(fake: FakeMpv, command: Any) -> Any:
        fake.event("seek")
        fake.change("time-pos", 3.0)
        return "ok"

    FakeMpv(server, answer_with_events)
    conn, events, _ = make_connection(client)
    assert conn.request(["seek", 3.0, "absolute+exact"]) == "ok"
    received = [events.get(timeout=WAIT), events.get(timeout=WAIT)]
    assert [message["event"] for message in received] == ["seek", "property-change"]
    assert received[1]["data"] == 3.0
    conn.close()


def test_malformed_and_split_lines_are_ignored_and_reading_goes_on(pair):
    client, server = pair

    def answer_after_junk(fake: FakeMpv, command: Any) -> Any:
        fake.send(b"this is not json\n")
        fake.send(b"[1, 2, 3]\n")
        fake.send(b"\n")
        fake.send(b'{"event": "pla')  # one message split across two writes
        fake.send(b'yback-restart"}\n')
        return 42

    FakeMpv(server, answer_after_junk)
    conn, events, _ = make_connection(client)
    assert conn.request(["get_property", "pid"]) == 42
    assert events.get(timeout=WAIT)["event"] == "playback-restart"
    assert events.empty()
    conn.close()


def test_a_request_without_reply_times_out_with_media_error_and_a_late_reply_is_dropped(pair):
    client, server = pair
    fake = FakeMpv(server, lambda fake, command: _NO_REPLY)
    conn, _, _ = make_connection(client, timeout=0.2)
    with pytest.raises(MediaError, match="did not answer 'get_property' within 0.2 s") as caught:
        conn.request(["get_property", "time-pos"])
    assert caught.value.hint and "close the media" in caught.value.hint
    late = fake.requests.get(timeout=WAIT)
    fake.respond = lambda fake, command: "fresh"
    fake.reply(late["request_id"], "stale")
    assert conn.request(["get_property", "time-pos"]) == "fresh"
    conn.close()


def test_an_error_reply_raises_media_error_naming_command_and_reason(pair):
    client, server = pair
    FakeMpv(server, lambda fake, command: Refusal("property unavailable"))
    conn, _, _ = make_connection(client)
    with pytest.raises(MediaError, match="refused 'get_property': property unavailable"):
        conn.request(["get_property", "duration"])
    conn.close()


def test_a_failing_event_callback_does_not_stop_the_reader(pair):
    client, server = pair
    FakeMpv(server, lambda fake, command: (fake.event("seek"), "still here")[1])
    calls = []

    def explode(message: dict[str, Any]) -> None:
        calls.append(message["event"])
        raise RuntimeError("listener bug")

    conn = IpcConnection(client, explode, timeout=WAIT)
    assert conn.request(["get_property", "pid"]) == "still here"
    assert conn.request(["get_property", "pid"]) == "still here"
    assert calls == ["seek", "seek"]
    conn.close()


def test_peer_closing_fails_pending_requests_and_reports_close_once(pair):
    client, server = pair
    fake = FakeMpv(server, lambda fake, command: _NO_REPLY)
    conn, _, closed = make_connection(client)
    pending = conn.send(["get_property", "time-pos"])
    fake.requests.get(timeout=WAIT)
    server.shutdown(socket.SHUT_RDWR)
    assert closed.wait(WAIT)
    with pytest.raises(MediaError, match="closed before answering 'get_property'"):
        pending.result(WAIT)
    assert conn.closed
    with pytest.raises(MediaError, match="has closed"):
        conn.send(["quit"])
    conn.close()


def test_waiting_for_mpv_from_the_reader_thread_is_refused(pair):
    client, server = pair
    FakeMpv(server, lambda fake, command: (fake.event("idle"), None)[1])
    failures: queue.Queue[BaseException] = queue.Queue()
    holder: list[IpcConnection] = []

    def wait_inside_callback(message: dict[str, Any]) -> None:
        try:
            holder[0].request(["get_property", "pid"])
        except RuntimeError as exc:
            failures.put(exc)

    conn = IpcConnection(client, wait_inside_callback, timeout=WAIT)
    holder.append(conn)
    conn.request(["get_property", "pid"])
    assert "use send()" in str(failures.get(timeout=WAIT))
    conn.close()


# -- MediaPlayer state logic ---------------------------------------------------------


class ScriptedMpv(FakeMpv):
    """A fake mpv that behaves enough like the real one for the player's bookkeeping."""

    def __init__(self, sock: socket.socket) -> None:
        self.paused = True
        self.buffer_lag = 0.2  # what real mpv reports after a paused seek (mpv issue #12322)
        super().__init__(sock, ScriptedMpv._answer)

    def _answer(self, command: Any) -> Any:
        name = command["name"] if isinstance(command, dict) else command[0]
        if command == ["get_property", "pid"]:
            return 4242
        if name == "loadfile":
            self.event("start-file")
            self.event("file-loaded")
            self.change("duration", 20.0)
            self._seek_to(float(command.get("options", "start=0").split("=")[1]))
        elif name == "seek":
            self._seek_to(command[1])
        elif command[:2] == ["set_property", "pause"]:
            self.paused = command[2]
            self.change("pause", command[2])
        elif command[0] == "observe_property" and command[2] == "pause":
            self.change("pause", True)
        return None

    def _seek_to(self, target: float) -> None:
        self.event("seek")
        self.change("time-pos", target)
        self.event("playback-restart")
        if self.paused:
            self.change("time-pos", target - self.buffer_lag)


@pytest.fixture
def scripted(pair, tmp_path):
    """A player attached to a ScriptedMpv, with a recording file that exists."""
    client, server = pair
    fake = ScriptedMpv(server)
    player = MediaPlayer("audio", offset=2.0, timeout=WAIT)
    player._attach(client)
    recording = tmp_path / "session.wav"
    recording.write_bytes(b"RIFF")
    yield player, fake, recording
    player.close()


def drain_until(fake: FakeMpv, wanted: Callable[[Any], bool]) -> Any:
    """The first command from now on that ``wanted`` matches."""
    return fake.commands_until(wanted)[-1]


def test_player_sends_media_time_and_reports_transcript_time(scripted):
    player, fake, recording = scripted
    player.load(recording, start=10.0)
    loadfile = drain_until(fake, lambda command: isinstance(command, dict))
    assert loadfile["options"] == "start=12.000000"
    player.seek(5.0)
    assert drain_until(fake, starts("seek")) == ["seek", 7.0, "absolute+exact"]
    assert player.position == 5.0
    assert player.pid == 4242


def test_a_paused_seek_pins_the_playhead_to_its_target_until_playback(scripted):
    player, fake, recording = scripted
    player.load(recording)
    changes: queue.Queue[tuple[str, Any]] = queue.Queue()
    player.add_listener(lambda name, value: changes.put((name, value)))
    player.seek(8.0)
    fake.change("time-pos", 9.7)  # the buffer-lagged report, sent again
    barrier(player)
    assert player.position == 8.0
    assert player.read_position() == 8.0
    assert ("time-pos", pytest.approx(7.7)) not in list(changes.queue)
    player.play()
    fake.change("time-pos", 10.1)
    assert arrives(changes, lambda item: item == ("time-pos", pytest.approx(8.1)))


def test_relative_seeks_and_seeks_past_the_end_stay_within_the_recording(scripted):
    player, fake, recording = scripted
    player.load(recording, start=3.0)
    player.seek(100.0)
    assert drain_until(fake, starts("seek"))[1] == 20.0
    player.seek(-30.0, absolute=False)
    assert drain_until(fake, starts("seek"))[1] == 0.0
    player.seek(1.5, absolute=False, exact=False)
    assert drain_until(fake, starts("seek")) == ["seek", 1.5, "absolute+keyframes"]


def test_stop_at_pauses_when_playback_crosses_the_time_but_not_when_a_seek_jumps_over_it(scripted):
    player, fake, recording = scripted
    player.load(recording, start=10.0)
    stopped: queue.Queue[float] = queue.Queue()
    player.add_listener(lambda name, value: name == "stopped" and stopped.put(value))
    player.stop_at(11.0)
    player.play()
    fake.event("seek")  # a jump over the stop time (here: made in mpv's own window)
    fake.change("time-pos", 14.0)
    fake.change("time-pos", 14.1)
    barrier(player)
    assert stopped.empty()
    player.seek(10.5)
    drain_until(fake, starts("seek"))
    for media_time in (12.55, 12.9, 13.05):
        fake.change("time-pos", media_time)
    assert stopped.get(timeout=WAIT) == 11.0
    sent = fake.commands_until(starts("seek"))
    assert sent[-2:] == [["set_property", "pause", True], ["seek", 13.0, "absolute+exact"]]
    fake.change("time-pos", 13.2)
    barrier(player)
    assert player.position == 11.0
    assert stopped.empty()


def test_speed_is_clamped_to_half_and_double(scripted):
    player, fake, _ = scripted
    assert player.set_speed(5) == 2.0
    assert drain_until(fake, starts("set_property", "speed")) == [
        "set_property", "speed", 2.0]
    assert player.set_speed(0.1) == 0.5
    assert player.set_speed(1.25) == 1.25


def test_loop_sets_both_points_in_media_time_and_rejects_an_empty_range(scripted):
    player, fake, recording = scripted
    player.load(recording, start=0.0)
    player.loop(3.0, 4.0)
    sent = [drain_until(fake, starts("set_property", "ab-loop-a")), fake.next_command()]
    assert sent == [["set_property", "ab-loop-a", 5.0], ["set_property", "ab-loop-b", 6.0]]
    assert drain_until(fake, starts("seek"))[1] == 5.0  # the playhead was outside
    with pytest.raises(MediaError, match="must end after it starts"):
        player.loop(4.0, 4.0)


def test_load_reports_a_missing_file_with_the_relink_command(scripted, tmp_path):
    player, _, _ = scripted
    missing = tmp_path / "moved.wav"
    with pytest.raises(MediaError) as caught:
        player.load(missing)
    assert caught.value.file == str(missing)
    assert "observer media link STUDY SESSION PATH" in str(caught.value)


def test_load_reports_an_unplayable_file_from_mpvs_end_file_event(pair, tmp_path):
    client, server = pair

    def refuse(fake: FakeMpv, command: Any) -> Any:
        if isinstance(command, dict):
            fake.event("end-file", reason="stop")  # the previous file ending is not the failure
            fake.event("end-file", reason="error", file_error="unrecognized file format")
        return 1 if command == ["get_property", "pid"] else None

    FakeMpv(server, refuse)
    player = MediaPlayer("audio", timeout=WAIT)
    player._attach(client)
    recording = tmp_path / "notes.wav"
    recording.write_text("not audio")
    with pytest.raises(MediaError, match=r"cannot play this file \(unrecognized file format\)") as caught:
        player.load(recording)
    assert caught.value.file == str(recording)
    assert player.path is None
    player.close()


def test_commands_after_mpv_went_away_raise_media_error_and_listeners_hear_closed(scripted):
    player, fake, _ = scripted
    heard: queue.Queue[str] = queue.Queue()
    player.add_listener(lambda name, value: heard.put(name))
    fake.sock.shutdown(socket.SHUT_RDWR)
    assert arrives(heard, lambda name: name == "closed")
    with pytest.raises(MediaError, match="not running"):
        player.play()


# -- modes and installation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [({"DISPLAY": ":0"}, "video"), ({"WAYLAND_DISPLAY": "wayland-0"}, "video"), ({"SSH_CONNECTION": "x"}, "audio")],
)
def test_auto_mode_uses_video_only_with_a_display(environ, expected, monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    assert choose_mode("auto", environ) == expected
    assert has_display(environ) is (expected == "video")


def test_explicit_modes_are_kept_and_video_without_display_is_refused(monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    assert choose_mode("audio", {}) == "audio"
    assert choose_mode("off", {"DISPLAY": ":0"}) == "off"
    with pytest.raises(MediaError, match="video needs a display") as caught:
        choose_mode("video", {})
    assert "audio mode" in caught.value.hint
    with pytest.raises(MediaError, match="unknown media mode 'loud'") as caught:
        choose_mode("loud", {})
    assert caught.value.hint == "Use one of: auto, video, audio, off."


def test_a_player_refuses_mode_off():
    with pytest.raises(MediaError, match="needs mode 'video' or 'audio'"):
        MediaPlayer("off")


def test_no_mpv_on_path_gives_media_error_with_install_hint(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MediaError, match="'mpv' is not installed") as caught:
        find_mpv()
    assert "apt-get install mpv" in caught.value.hint
    player = MediaPlayer("audio")
    with pytest.raises(MediaError, match="not installed"):
        player.start()


def test_toggle_pause_flips_between_play_and_pause(scripted):
    player, fake, recording = scripted
    player.load(recording)
    assert drain_until(fake, lambda command: isinstance(command, dict))["name"] == "loadfile"
    assert player.paused
    player.toggle_pause()
    assert drain_until(fake, starts("set_property", "pause")) == ["set_property", "pause", False]
    assert not player.paused
    player.toggle_pause()
    assert drain_until(fake, starts("set_property", "pause")) == ["set_property", "pause", True]
    assert player.paused
