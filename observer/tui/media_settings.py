"""How the app plays recordings, resolved once when it starts (imports nothing of the player)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MediaSettings:
    """``mode`` is video, audio, browser (the page's media element, under observer serve) or off;
    ``extra_args`` go to mpv as they are."""

    mode: str = "off"
    extra_args: tuple[str, ...] = ()


def media_settings(requested: str, extra_args: Sequence[str] = ()) -> MediaSettings:
    """The settings for a requested mode (auto: video with a display, else audio); MediaError for a bad one."""
    if requested == "off":
        return MediaSettings()
    if requested == "browser":
        return MediaSettings("browser")
    from observer.media import choose_mode

    return MediaSettings(choose_mode(requested), tuple(extra_args))
