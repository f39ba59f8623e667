"""One session's recording in mpv, driven from the UI thread without waiting on it.

Commands go into a queue and run in order on a Textual thread worker, which
starts the player (about 250 ms), loads the recording and then serves the queue.
What the player reports comes back to the owning screen as messages posted from
the player's reader thread (posting is all that thread may do).
"""

from __future__ import annotations

import bisect
import queue
import shlex
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.dom import DOMNode
from textual.message import Message

from observer.errors import MediaError

if TYPE_CHECKING:
    from observer.media import MediaPlayer
    from observer.store import SessionInfo

Range = tuple[float, float]
Operation = Callable[["MediaPlayer"], None]

NO_OUTPUT_HINT = (
    "Most often no audio output works here (a server reached over SSH has none): code with `--media off`, "
    "or name a working output in mpv's own mpv.conf (ao=...). Run `mpv FILE` to see mpv's message."
)


@dataclass(frozen=True)
class MediaSource:
    """A session's recording: where it is, where the transcript's zero lies in it, how to relink it."""

    session_id: str
    path: Path
    offset: float
    relink: str


def media_source(study_path: Path | None, location: str, session: SessionInfo) -> MediaSource | None:
    """The recording linked to a session (a relative path is taken from the study file's folder), None if unlinked."""
    if not session.media_path:
        return None
    path = Path(session.media_path).expanduser()
    if not path.is_absolute() and study_path is not None:
        path = Path(study_path).resolve().parent / path
    relink = f"observer media link {shlex.quote(location)} {shlex.quote(session.id)} NEW_PATH"
    return MediaSource(session.id, path, float(session.media_offset), relink)


class MediaChanged(Message):
    """News of the player: one of its changes (``time-pos`` in transcript seconds, ``pause``, ``speed``,
    ``duration``, ``eof-reached``, ``stopped`` when auto-stop fired, ``closed`` when mpv went away), ``ready``
    (the recording is loaded; its length) or ``seeked`` (a seek key's command is done; the playhead)."""

    def __init__(self, name: str, value: Any) -> None:
        super().__init__()
        self.name = name
        self.value = value


class MediaFailed(Message):
    """The recording cannot be played (``fatal``: media is off for this session) or one command failed."""

    def __init__(self, error: MediaError, *, fatal: bool) -> None:
        super().__init__()
        self.error = error
        self.fatal = fatal


class MediaControl:
    """The player of one session's recording; every method returns at once and the worker does the rest.

    ``segment_ends`` are the segments' end times: automatic stop pauses at the end
    of the segment the playhead is in, unless a segment is looping.
    """

    def __init__(self, owner: DOMNode, source: MediaSource, mode: str, segment_ends: Sequence[float], *,
                 extra_args: Sequence[str] = ()) -> None:
        self.owner = owner
        self.source = source
        self.mode = mode
        self.extra_args = tuple(extra_args)
        self.player: MediaPlayer | None = None
        self.finished = threading.Event()
        """Set once the worker has ended and mpv is gone."""
        self._ends = sorted(segment_ends)
        self._operations: queue.SimpleQueue[Operation | None] = queue.SimpleQueue()
        self._closing = threading.Event()
        self._loaded = threading.Event()
        self._had_duration = False
        self._auto_stop = True  # worker-side copies of what the screen asked for
        self._loop: Range | None = None

    # -- the UI thread's side ------------------------------------------------------------

    def start(self) -> None:
        """Start mpv and load the recording on a worker thread."""
        self.owner.run_worker(self._serve, name=f"mpv for {self.source.session_id}", group="media",
                              thread=True, exit_on_error=False)

    def close(self) -> None:
        """Quit mpv once the commands already given have run (it never outlives the app)."""
        self._closing.set()
        self._operations.put(None)

    def toggle(self, segment: Range) -> None:
        """Pause, or play on from the playhead; from the segment's start when the playhead is outside it."""
        self._submit(lambda player: self._toggle(player, segment))

    def play_segment(self, segment: Range) -> None:
        """Play a segment from its start."""
        self._submit(lambda player: self._play_from(player, segment[0]))

    def seek_by(self, seconds: float) -> None:
        """Move the playhead by ``seconds`` (back when negative) within the recording; ``seeked`` says where to."""
        self._submit(lambda player: self._seek_by(player, seconds))

    def set_speed(self, factor: float) -> None:
        """Play at ``factor`` times the normal speed (the player keeps it within 0.5-2)."""
        self._submit(lambda player: player.set_speed(factor))

    def set_loop(self, segment: Range | None) -> None:
        """Repeat a segment (jumping to its start when the playhead is outside it), or stop repeating."""
        self._submit(lambda player: self._set_loop(player, segment))

    def set_auto_stop(self, enabled: bool) -> None:
        """Pause at the end of the playhead's segment, or play on through segment ends."""
        self._submit(lambda player: self._set_auto_stop(player, enabled))

    def _submit(self, operation: Operation) -> None:
        if not self._closing.is_set():
            self._operations.put(operation)

    # -- the worker's side ---------------------------------------------------------------

    def _serve(self) -> None:
        """Open the player, then run commands in order until closed; the player is closed on the way out."""
        if self._closing.is_set():  # the session was left before the worker got going: no mpv at all
            self.finished.set()
            return
        try:
            player = self._open()
        except MediaError as error:
            self._post(MediaFailed(error, fatal=True))
            self.finished.set()
            return
        try:
            while (operation := self._operations.get()) is not None:
                try:
                    operation(player)
                except MediaError as error:
                    if not self._closing.is_set():
                        self._post(MediaFailed(error, fatal=False))
        finally:
            self._closing.set()
            player.close()
            self.finished.set()

    def _open(self) -> MediaPlayer:
        """Start mpv and load the recording; MediaError saying what to do when either fails."""
        if self.mode == "browser":  # under observer serve: the page's media element, spoken to as mpv
            from observer.media.browser import BrowserPlayer as MediaPlayer
        else:
            from observer.media import MediaPlayer

        source = self.source
        if not source.path.is_file():
            raise MediaError(f"the recording of session {source.session_id} is not there", file=source.path,
                             hint=f"If it was moved, link it again: {source.relink}")
        player = self.player = MediaPlayer(self.mode, offset=source.offset, extra_args=self.extra_args)
        player.add_listener(self._relay)
        try:
            player.start()
            player.load(source.path)
        except MediaError as error:
            player.close()
            if error.file is None:  # mpv itself is missing or failed
                raise
            raise MediaError(error.message, file=error.file,
                             hint=f"Check that it plays (`mpv FILE`) or convert it with ffmpeg; to use another "
                                  f"file: {source.relink}") from error
        self._loaded.set()
        self._post(MediaChanged("ready", player.duration))
        return player

    def _relay(self, name: str, value: Any) -> None:
        """Hand a player change to the screen (reader thread: post only, never wait)."""
        if self._closing.is_set():
            return
        if name == "closed":  # mpv went away (its window closed, or it crashed): end the worker too
            if not self._loaded.is_set():
                return  # a failed start: _open reports it
            self._closing.set()
            self._operations.put(None)
        elif name == "duration":
            if value is None and self._had_duration:  # mpv dropped the recording it had opened
                self._closing.set()
                self._operations.put(None)
                self._post(MediaFailed(MediaError("mpv stopped playing the recording right after opening it",
                                                  file=self.source.path, hint=NO_OUTPUT_HINT), fatal=True))
                return
            self._had_duration = value is not None
        self._post(MediaChanged(name, value))

    def _post(self, message: Message) -> None:
        self.owner.post_message(message)

    def _toggle(self, player: MediaPlayer, segment: Range) -> None:
        if not player.paused:
            player.pause()
            return
        start, end = segment
        position = player.read_position()
        if position is None or not start <= position <= end:
            self._play_from(player, start)
            return
        self._arm_stop(player, position)
        player.play()

    def _play_from(self, player: MediaPlayer, start: float) -> None:
        player.seek(start)
        self._arm_stop(player, start)
        player.play()

    def _seek_by(self, player: MediaPlayer, seconds: float) -> None:
        player.seek((player.read_position() or 0.0) + seconds)
        position = player.read_position()
        self._arm_stop(player, position)
        self._post(MediaChanged("seeked", position))

    def _set_loop(self, player: MediaPlayer, segment: Range | None) -> None:
        self._loop = segment
        if segment is None:
            player.clear_loop()
        else:
            player.loop(*segment)
        self._arm_stop(player, player.read_position())

    def _set_auto_stop(self, player: MediaPlayer, enabled: bool) -> None:
        self._auto_stop = enabled
        self._arm_stop(player, player.read_position())

    def _arm_stop(self, player: MediaPlayer, position: float | None) -> None:
        """Stop at the end of the segment ``position`` is in (at an end: the next one's), unless looping or off."""
        stop = None
        if self._auto_stop and self._loop is None and position is not None:
            index = bisect.bisect_right(self._ends, position)
            stop = self._ends[index] if index < len(self._ends) else None
        player.stop_at(stop)
