"""Start mpv so that it never outlives its owner, connect to its socket, and end it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from observer.errors import MediaError
from observer.media.ipc import STUCK_HINT

STARTUP_TIMEOUT = 5.0

# Runs as mpv's parent and passes mpv's exit status through. It stops mpv on SIGTERM
# and as soon as the owner closes the watchdog's stdin or dies (the pipe reaches EOF),
# which works on any POSIX system and from any thread, unlike prctl(PR_SET_PDEATHSIG).
# Its first argument is the player's private folder (the IPC socket), removed when mpv
# has gone, so a killed owner leaves nothing behind.
_WATCHDOG = """\
import os, shutil, signal, subprocess, sys, threading, time
workdir = sys.argv[1]
player = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL)
def guard():
    while os.read(0, 512):
        pass
    player.terminate()
    time.sleep(3)
    player.kill()
signal.signal(signal.SIGTERM, lambda *_: player.terminate())
threading.Thread(target=guard, daemon=True).start()
status = player.wait()
shutil.rmtree(workdir, ignore_errors=True)
sys.exit(status)
"""


def spawn_watched(argv: list[str], workdir: Path) -> subprocess.Popen[bytes]:
    """Run ``argv`` under the watchdog, in its own session (terminal signals reach only the owner).

    The watchdog removes ``workdir`` once the program has exited.
    """
    return subprocess.Popen(
        [sys.executable, "-I", "-S", "-c", _WATCHDOG, str(workdir), *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def connect(process: subprocess.Popen[bytes], socket_path: Path, timeout: float = STARTUP_TIMEOUT) -> socket.socket:
    """Connect to mpv's IPC socket once it exists; MediaError if mpv exits first or takes too long."""
    deadline = time.monotonic() + timeout
    while True:
        status = process.poll()
        if status is not None:
            raise MediaError(
                f"mpv exited (status {status}) before opening its control socket",
                hint="Check the mpv options given to observer; run `mpv --idle=yes` with them "
                "in a terminal to see mpv's own message.",
            )
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(str(socket_path))
            return sock
        except OSError:
            sock.close()
        if time.monotonic() > deadline:
            raise MediaError(f"mpv did not open its control socket within {timeout:g} s", hint=STUCK_HINT)
        time.sleep(0.01)


def _exits_within(process: subprocess.Popen[bytes], seconds: float) -> bool:
    """Whether the process exits within ``seconds``."""
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        return False
    return True


def end_watched(process: subprocess.Popen[bytes], player_pid: int | None, *, grace: float, quitting: bool) -> None:
    """Give a quitting player ``grace`` s, then close the watchdog's pipe (it terminates mpv), then SIGKILL both."""
    exited = quitting and _exits_within(process, grace)
    if process.stdin is not None:
        process.stdin.close()
    if exited or _exits_within(process, grace):
        return
    if player_pid is not None:
        try:
            os.kill(player_pid, signal.SIGKILL)
        except OSError:
            pass
    process.kill()
    process.wait()
