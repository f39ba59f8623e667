"""BrowserPlayer: the page's HTML5 media element under ``observer serve``, driven exactly as mpv is.

The lab server gives each app process a Unix socket (its path in ``OBSERVER_MEDIA_CHANNEL``)
and relays what is written there to the page's media element, which answers in mpv's
JSON IPC protocol (replies by request id; ``property-change``, ``seek``,
``playback-restart``, ``file-loaded`` and ``end-file`` events). So this player is
MediaPlayer itself, connected to the page instead of to an mpv it started: the
automatic stop, loops, seeks and transcript time work the same. The server maps the
recording's path to its session and checks that the account may play it.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from observer.errors import MediaError
from observer.media.ipc import STUCK_HINT
from observer.media.player import LOAD_TIMEOUT, MediaPlayer

CHANNEL_VARIABLE = "OBSERVER_MEDIA_CHANNEL"
PAGE_TIMEOUT = 4.0  # a round trip through the server to the browser and back
BROWSER_FORMATS_HINT = ("Convert it to a format browsers play (MP4 with H.264 and AAC, WebM, Ogg, MP3 or WAV), "
                        "for example `ffmpeg -i IN -c:v libx264 -c:a aac OUT.mp4`, and link that file: "
                        "observer media link STUDY SESSION OUT.mp4")


class BrowserPlayer(MediaPlayer):
    """Plays a recording in the browser page this app is shown in (``channel``: the server's socket)."""

    def __init__(self, mode: str = "browser", *, offset: float = 0.0, extra_args: tuple[str, ...] | list[str] = (),
                 channel: str | None = None, timeout: float = PAGE_TIMEOUT) -> None:
        super().__init__("video", offset=offset, timeout=timeout)
        self.channel = channel if channel is not None else os.environ.get(CHANNEL_VARIABLE, "")

    def start(self) -> BrowserPlayer:
        """Connect to the page's media element through the server's channel."""
        if self._closed:
            raise MediaError("this media player has been closed", hint="Create a new player.")
        if self._conn is not None:
            return self
        if not self.channel:
            raise MediaError("media mode 'browser' plays recordings only in a page of observer serve",
                             field="media mode", hint="In a terminal code with --media auto, video, audio or off.")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(self.channel)
        except OSError as exc:
            sock.close()
            raise MediaError(f"cannot reach the page's media element ({exc})", hint="Reload the page.") from exc
        try:
            self._attach(sock)
        except MediaError as exc:
            self.close()
            raise MediaError(f"the page's media element does not answer ({exc.message})",
                             hint="Reload the page; " + STUCK_HINT) from exc
        return self

    def load(self, path: str | Path, start: float | None = None, *, timeout: float = LOAD_TIMEOUT) -> None:
        """Open the recording in the page (paused); a MediaError with the browser's reason when it cannot."""
        try:
            super().load(path, start, timeout=timeout)
        except MediaError as exc:
            if exc.file is None:  # the server refused it, or the page did not answer: the message says which
                raise
            raise MediaError(f"the browser cannot play the recording {Path(exc.file).name} ({exc.message})",
                             hint=BROWSER_FORMATS_HINT) from exc
