"""Drive the mpv media player over its JSON IPC socket, in transcript time.

``modes`` picks video, audio or no media for this terminal; ``ipc`` is the JSON
protocol (replies matched by request id, events to a callback); ``process`` starts
mpv under a watchdog so it never outlives observer; ``player`` is the API the
coding screen uses.
"""

from observer.media.ipc import IpcConnection
from observer.media.modes import MODES, choose_mode, find_mpv, has_display
from observer.media.player import SPEED_MAX, SPEED_MIN, MediaPlayer

__all__ = [
    "MODES",
    "SPEED_MAX",
    "SPEED_MIN",
    "IpcConnection",
    "MediaPlayer",
    "choose_mode",
    "find_mpv",
    "has_display",
]
