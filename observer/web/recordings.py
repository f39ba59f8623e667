"""A session's recording as an HTTP response: byte ranges (aiohttp's FileResponse) and the right media type."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

MEDIA_TYPES = {
    ".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm",
    ".mkv": "video/x-matroska", ".ogv": "video/ogg", ".mp3": "audio/mpeg", ".m4a": "audio/mp4",
    ".aac": "audio/aac", ".wav": "audio/wav", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".opus": "audio/ogg",
    ".flac": "audio/flac",
}
"""What browsers are told each recording is (the file name's ending decides, as mpv's users name them)."""


def media_type(path: Path) -> str:
    """The media type of a recording, from its file name's ending."""
    return MEDIA_TYPES.get(path.suffix.casefold(), "application/octet-stream")


def recording_response(path: Path) -> web.FileResponse:
    """The recording, whole or the byte range asked for (206 with Content-Range), never cached."""
    return web.FileResponse(path, headers={"Content-Type": media_type(path), "Accept-Ranges": "bytes",
                                           "Content-Disposition": "inline"})
