"""Which media mode fits this terminal, and where mpv is."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping

from observer.errors import MediaError

MODES = ("auto", "video", "audio", "off")


def has_display(environ: Mapping[str, str] | None = None) -> bool:
    """Whether mpv can open its own window: an X11 or Wayland display, or a local macOS desktop."""
    env = os.environ if environ is None else environ
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return True
    return sys.platform == "darwin" and not env.get("SSH_CONNECTION")


def choose_mode(requested: str = "auto", environ: Mapping[str, str] | None = None) -> str:
    """Resolve a requested media mode to ``video``, ``audio`` or ``off`` (``auto``: video when a display exists)."""
    if requested not in MODES:
        raise MediaError(
            f"unknown media mode {requested!r}",
            field="media mode",
            hint="Use one of: " + ", ".join(MODES) + ".",
        )
    if requested == "auto":
        return "video" if has_display(environ) else "audio"
    if requested == "video" and not has_display(environ):
        raise MediaError(
            "video needs a display, and none is available (DISPLAY and WAYLAND_DISPLAY are unset)",
            field="media mode",
            hint="Use audio mode on a plain terminal or over SSH, or run observer in a graphical session.",
        )
    return requested


def find_mpv(executable: str = "mpv") -> str:
    """Full path of the mpv executable, or a MediaError saying how to install it."""
    found = shutil.which(executable)
    if found is None:
        raise MediaError(
            f"the media player {executable!r} is not installed (not found on PATH)",
            hint="Install mpv (Debian/Ubuntu: `sudo apt-get install mpv`; Fedora: `sudo dnf install mpv`; "
            "macOS: `brew install mpv`), or code with media off.",
        )
    return found
