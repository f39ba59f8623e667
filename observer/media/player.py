"""MediaPlayer: one mpv process playing one recording, controlled in transcript time.

Media time = transcript time + offset (the recording may start before the
transcript's zero). mpv runs under a watchdog so it never outlives its owner.
Every blocking call has a timeout; listeners run on the IPC reader thread and must
only hand the event on (for example with Textual's thread-safe ``post_message``).
"""

from __future__ import annotations

import atexit
import logging
import shutil
import socket
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from observer.errors import MediaError
from observer.media.ipc import STUCK_HINT, Command, IpcConnection, settle, wait_for
from observer.media.modes import find_mpv
from observer.media.process import connect, end_watched, spawn_watched

log = logging.getLogger(__name__)

SPEED_MIN = 0.5
SPEED_MAX = 2.0
OBSERVED_PROPERTIES = ("time-pos", "pause", "speed", "duration", "eof-reached")
LOAD_TIMEOUT = 5.0
RELINK_HINT = "Relink the session's recording with `observer media link STUDY SESSION PATH`."

Listener = Callable[[str, Any], None]

_LIVE_PLAYERS: weakref.WeakSet[MediaPlayer] = weakref.WeakSet()


@atexit.register
def _close_live_players() -> None:
    """Quit every player still open when the interpreter exits."""
    for player in list(_LIVE_PLAYERS):
        player.close()


class MediaPlayer:
    """One mpv process playing one recording; all times are transcript seconds (media time minus ``offset``)."""

    def __init__(
        self,
        mode: str = "audio",
        *,
        offset: float = 0.0,
        extra_args: tuple[str, ...] | list[str] = (),
        executable: str = "mpv",
        timeout: float = 2.0,
    ) -> None:
        if mode not in ("video", "audio"):
            raise MediaError(
                f"a media player needs mode 'video' or 'audio', not {mode!r}",
                field="media mode",
                hint="Resolve the mode with choose_mode() and open no player when it is 'off'.",
            )
        self.mode = mode
        self.offset = float(offset)
        self.extra_args = tuple(extra_args)
        self.executable = executable
        self.timeout = timeout
        self.pid: int | None = None
        self.path: Path | None = None
        self._state: dict[str, Any] = {}
        self._listeners: list[Listener] = []
        self._waiters: list[tuple[Callable[[dict[str, Any]], bool], Future[dict[str, Any]]]] = []
        self._lock = threading.Lock()
        self._stop_at: float | None = None  # media time
        self._last_time_pos: float | None = None  # media time; None right after a seek
        # Once audio output has started, mpv reports the playhead after a seek made while
        # paused as the target minus the audio buffer (about 0.2 s; mpv issue #12322),
        # although playback resumes at the target. So our paused seeks pin the reported
        # position to their target until playback resumes or someone else seeks.
        self._pinned: float | None = None  # media time
        self._own_seek_pending = False  # our seek is sent and its playback-restart not yet seen
        self._workdir: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._conn: IpcConnection | None = None
        self._closed = False

    # -- lifetime -----------------------------------------------------------

    def start(self) -> MediaPlayer:
        """Start mpv idle and paused, connect to its socket and observe its state."""
        if self._closed:
            raise MediaError("this media player has been closed", hint="Create a new MediaPlayer.")
        if self._process is not None:
            return self
        argv = [find_mpv(self.executable)]
        self._workdir = Path(tempfile.mkdtemp(prefix="observer-mpv-"))
        socket_path = self._workdir / "ipc.sock"
        argv += self._mpv_options(socket_path) + list(self.extra_args)
        try:
            self._process = spawn_watched(argv, self._workdir)
            _LIVE_PLAYERS.add(self)
            self._attach(connect(self._process, socket_path))
        except BaseException:
            self.close()
            raise
        return self

    def _attach(self, sock: socket.socket) -> None:
        """Talk to mpv over ``sock``: learn its pid and observe the cached properties."""
        self._conn = IpcConnection(sock, self._handle_event, self._handle_close, timeout=self.timeout)
        self.pid = self._conn.request(["get_property", "pid"])
        for number, name in enumerate(OBSERVED_PROPERTIES, start=1):
            self._conn.request(["observe_property", number, name])

    def __enter__(self) -> MediaPlayer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Quit mpv and wait for it; terminate, then kill, if it does not go. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        _LIVE_PLAYERS.discard(self)
        process, conn = self._process, self._conn
        quitting = False
        if conn is not None and not conn.closed:
            try:
                conn.send(["quit"])
                quitting = True
            except MediaError:
                pass
        if process is not None:
            end_watched(process, self.pid, grace=self.timeout, quitting=quitting)
        if conn is not None:
            conn.close()
        self._fail_waiters()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)

    def _mpv_options(self, socket_path: Path) -> list[str]:
        """The command-line options for a controllable, idle, paused player in this mode."""
        options = [
            f"--input-ipc-server={socket_path}",
            "--idle=yes",
            "--no-terminal",
            "--keep-open=yes",
            "--pause",
            "--no-resume-playback",
            "--save-position-on-quit=no",
            "--title=observer: ${filename}",
        ]
        if self.mode == "audio":
            options += ["--no-video", "--force-window=no"]
        return options

    # -- listeners and events (reader thread) -------------------------------

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(name, value)`` on the reader thread for each change.

        Names: ``time-pos`` (transcript seconds or None), ``pause``, ``speed``,
        ``duration`` (recording length), ``eof-reached``, ``stopped`` (stop_at
        fired; transcript seconds) and ``closed`` (mpv is gone; None).
        """
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        """Stop calling ``listener``."""
        with self._lock:
            self._listeners.remove(listener)

    def _notify(self, name: str, value: Any) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(name, value)
            except Exception:  # one faulty listener must not silence the others
                log.exception("media listener failed on %s", name)

    def _handle_event(self, message: dict[str, Any]) -> None:
        """Update the cached state, run stop_at, wake waiters and tell listeners."""
        event = message["event"]
        if event == "property-change" and message.get("name") in OBSERVED_PROPERTIES:
            self._property_changed(message["name"], message.get("data"))
        elif event == "seek":
            self._last_time_pos = None
            if not self._own_seek_pending:
                self._pinned = None
        elif event == "playback-restart":
            self._own_seek_pending = False
            if self._pinned is not None:
                self._property_changed("time-pos", self._pinned)
        self._wake_waiters(message)

    def _property_changed(self, name: str, value: Any) -> None:
        """Cache one observed property and pass it on (time-pos in transcript time)."""
        if name == "time-pos":
            if self._pinned is not None and self.paused:
                value = self._pinned
            if value == self._state.get("time-pos"):
                return
            self._check_stop(value)
        elif name == "pause" and not value:
            self._pinned = None
        self._state[name] = value
        self._notify(name, self._to_transcript(value) if name == "time-pos" else value)

    def _wake_waiters(self, message: dict[str, Any]) -> None:
        """Resolve the waiters whose predicate matches this event."""
        with self._lock:
            waiters = [entry for entry in self._waiters if not entry[1].done()]
            matched = [entry for entry in waiters if entry[0](message)]
            self._waiters = [entry for entry in waiters if entry not in matched]
        for _, future in matched:
            settle(future, message)

    def _handle_close(self) -> None:
        """mpv's socket ended: fail anything waiting and tell listeners."""
        self._fail_waiters()
        self._notify("closed", None)

    def _check_stop(self, media_pos: float | None) -> None:
        """Pause exactly at the stop time when playback crosses it (seeks over it do not count)."""
        last, self._last_time_pos = self._last_time_pos, media_pos
        stop = self._stop_at
        if stop is None or media_pos is None or last is None or not last < stop <= media_pos:
            return
        self._stop_at = None
        try:
            conn = self._connection()
            conn.send(["set_property", "pause", True])
            self._pin_seek(stop, paused=True)
            conn.send(["seek", stop, "absolute+exact"])
        except MediaError:
            return
        self._notify("stopped", self._to_transcript(stop))

    def _pin_seek(self, target: float | None, *, paused: bool) -> None:
        """Note that we are about to seek to media time ``target``; pin the position there if paused."""
        self._own_seek_pending = True
        self._pinned = target if paused else None

    def _expect(self, predicate: Callable[[dict[str, Any]], bool]) -> Future[dict[str, Any]]:
        """A future for the first event matching ``predicate`` from now on."""
        future: Future[dict[str, Any]] = Future()
        with self._lock:
            self._waiters.append((predicate, future))
        return future

    def _fail_waiters(self) -> None:
        with self._lock:
            waiters, self._waiters = self._waiters, []
        for _, future in waiters:
            settle(future, error=MediaError("the media player has closed", hint=STUCK_HINT))

    # -- commands -----------------------------------------------------------

    def _connection(self) -> IpcConnection:
        if self._conn is None or self._closed or self._conn.closed:
            raise MediaError("the media player is not running", hint="Open the media again (start the player).")
        return self._conn

    def _request(self, command: Command) -> Any:
        return self._connection().request(command)

    def _to_media(self, transcript_seconds: float) -> float:
        return max(0.0, transcript_seconds + self.offset)

    def _to_transcript(self, media_seconds: float | None) -> float | None:
        return None if media_seconds is None else media_seconds - self.offset

    def load(self, path: str | Path, start: float | None = None, *, timeout: float = LOAD_TIMEOUT) -> None:
        """Open a recording (paused), optionally at transcript time ``start``; MediaError if missing or unplayable."""
        path = Path(path)
        if not path.is_file():
            raise MediaError("recording not found", file=path, hint=RELINK_HINT)
        conn = self._connection()
        self.pause()
        command: dict[str, Any] = {"name": "loadfile", "url": str(path.resolve()), "flags": "replace"}
        if start is not None:
            command["options"] = f"start={self._to_media(start):.6f}"
        self._pin_seek(None if start is None else self._to_media(start), paused=True)
        outcome = self._expect(_load_outcome())
        self._state.pop("duration", None)  # the previous recording's
        conn.request(command)
        self.path = None  # the previous recording is gone, whatever happens to this one
        message = wait_for(outcome, timeout, f"open {path.name}")
        if message["event"] == "end-file":
            raise MediaError(
                f"the media player cannot play this file ({message.get('file_error', 'unknown error')})",
                file=path,
                hint="Check that it is an audio or video recording (convert it with ffmpeg if needed); " + RELINK_HINT,
            )
        self.path = path
        if self._state.get("duration") is None:  # its event may still be on the way: ask, so it is known now
            try:
                self._state["duration"] = self._request(["get_property", "duration"])
            except MediaError:  # not known yet (a stream): the observed property fills it in later
                pass

    def play(self) -> None:
        """Resume playback."""
        self._set_paused(False)

    def pause(self) -> None:
        """Pause playback."""
        self._set_paused(True)

    def toggle_pause(self) -> None:
        """Pause if playing, play if paused."""
        self._set_paused(not self.paused)

    def _set_paused(self, paused: bool) -> None:
        """Set mpv's pause and the cached state at once (mpv's own change event follows)."""
        self._request(["set_property", "pause", paused])
        self._state["pause"] = paused
        if not paused:
            self._pinned = None

    def seek(self, seconds: float, *, absolute: bool = True, exact: bool = True, wait: bool = True) -> None:
        """Move the playhead to transcript time ``seconds`` (or by ``seconds`` when not absolute).

        The target is kept within the recording. With ``wait`` the call returns once
        mpv has restarted playback there (its ``playback-restart`` event), so
        ``position`` is then fresh.
        """
        conn = self._connection()
        if self.path is None:
            raise MediaError("no recording is loaded", hint="Load the session's recording before seeking.")
        target = seconds + self.offset if absolute else (self._state.get("time-pos") or 0.0) + seconds
        if self.duration is not None:
            target = min(target, self.duration)
        target = max(0.0, target)
        flags = "absolute+exact" if exact else "absolute+keyframes"
        restarted = self._expect(lambda message: message["event"] == "playback-restart") if wait else None
        self._pin_seek(target, paused=self.paused)
        conn.request(["seek", target, flags])
        if restarted is not None:
            wait_for(restarted, self.timeout, "finish seeking")

    @property
    def position(self) -> float | None:
        """The playhead in transcript seconds as last reported by mpv (None before a recording is loaded)."""
        return self._to_transcript(self._state.get("time-pos"))

    def read_position(self) -> float | None:
        """The playhead in transcript seconds, asked from mpv now (the seek target while paused after a seek)."""
        if self.path is None:
            return None
        if self._pinned is not None and self.paused:
            return self._to_transcript(self._pinned)
        return self._to_transcript(self._request(["get_property", "time-pos"]))

    @property
    def paused(self) -> bool:
        """Whether playback is paused (mpv starts paused)."""
        return bool(self._state.get("pause", True))

    @property
    def speed(self) -> float:
        """The playback speed factor."""
        return float(self._state.get("speed", 1.0))

    @property
    def duration(self) -> float | None:
        """The recording's length in seconds (None before it is known)."""
        return self._state.get("duration")

    @property
    def eof_reached(self) -> bool:
        """Whether playback has reached the end of the recording."""
        return bool(self._state.get("eof-reached", False))

    def set_speed(self, factor: float) -> float:
        """Set the playback speed, clamped to 0.5-2.0; returns the speed applied."""
        applied = min(SPEED_MAX, max(SPEED_MIN, float(factor)))
        self._request(["set_property", "speed", applied])
        return applied

    def loop(self, start: float, end: float) -> None:
        """Repeat transcript range [start, end); jumps to ``start`` when the playhead is outside it."""
        if not end > start:
            raise MediaError(f"a loop must end after it starts (got {start:g} to {end:g} s)", field="loop")
        self._request(["set_property", "ab-loop-a", self._to_media(start)])
        self._request(["set_property", "ab-loop-b", self._to_media(end)])
        position = self.position
        if position is None or not start <= position < end:
            self.seek(start)

    def clear_loop(self) -> None:
        """Stop repeating a range."""
        self._request(["set_property", "ab-loop-a", "no"])
        self._request(["set_property", "ab-loop-b", "no"])

    def stop_at(self, seconds: float | None) -> None:
        """Pause once when playback crosses transcript time ``seconds`` (None disarms); listeners get ``stopped``."""
        self._stop_at = None if seconds is None else self._to_media(seconds)


def _load_outcome() -> Callable[[dict[str, Any]], bool]:
    """Match the end of a load: playback restarted after ``file-loaded``, or ``end-file`` with an error."""
    loaded = False

    def match(message: dict[str, Any]) -> bool:
        nonlocal loaded
        event = message["event"]
        if event == "end-file" and message.get("reason") == "error":
            return True
        if event == "file-loaded":
            loaded = True
        return loaded and event == "playback-restart"

    return match
