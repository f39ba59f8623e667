"""The length of a recording: stdlib ``wave`` for WAV files, else ``ffprobe`` when it is installed."""

from __future__ import annotations

import math
import shutil
import subprocess
import wave
from pathlib import Path

from observer.errors import IngestError

FFPROBE_TIMEOUT_S = 60
_ASK_FOR_DURATION = "pass the session's length with --duration SECONDS."


def media_duration(path: str | Path) -> float:
    """The duration in seconds of an audio or video file."""
    path = Path(path)
    if not path.is_file():
        raise IngestError("the recording does not exist.", file=path, hint="Check the --media path.")
    if path.suffix.lower() == ".wav":
        seconds = _wav_duration(path)
        if seconds is not None:
            return seconds
    return _ffprobe_duration(path)


def _wav_duration(path: Path) -> float | None:
    """The duration of a PCM WAV file, or None when ``wave`` cannot read it (e.g. float samples)."""
    try:
        with wave.open(str(path)) as recording:
            rate = recording.getframerate()
            return recording.getnframes() / rate if rate else None
    except (wave.Error, EOFError):
        return None


def _ffprobe_duration(path: Path) -> float:
    """The duration ``ffprobe`` reports for the file's container."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        raise IngestError(
            "the recording's length cannot be read: ffprobe (part of FFmpeg) is not installed.", file=path,
            hint=f"Install FFmpeg, or {_ASK_FOR_DURATION}",
        )
    command = [ffprobe, "-v", "error", "-show_entries", "format=duration",
               "-of", "default=noprint_wrappers=1:nokey=1", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=FFPROBE_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise IngestError(f"ffprobe failed ({error}).", file=path, hint=f"Check the file, or {_ASK_FOR_DURATION}") from None
    output = done.stdout.strip()
    try:
        seconds = float(output)
    except ValueError:
        seconds = math.nan
    if done.returncode != 0 or not math.isfinite(seconds) or seconds < 0:
        reason = (done.stderr.strip().splitlines() or [output or "no duration"])[-1]
        raise IngestError(
            f"ffprobe cannot tell the recording's length ({reason}).", file=path,
            hint=f"Check that it is an audio or video file, or {_ASK_FOR_DURATION}",
        )
    return seconds
