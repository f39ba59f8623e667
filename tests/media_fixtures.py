"""Short recordings generated at test time with ffmpeg (or sox), so no media file is committed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

TONE_SECONDS = 20.0
VIDEO_SECONDS = 5.0


class GeneratorMissing(RuntimeError):
    """Neither ffmpeg nor sox is installed, so no test media can be made."""


def make_tone(path: Path, seconds: float = TONE_SECONDS) -> Path:
    """Write a mono 440 Hz tone of ``seconds`` to ``path`` (WAV), with ffmpeg or else sox."""
    if shutil.which("ffmpeg"):
        command = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                   "-ac", "1", "-ar", "22050", str(path)]
    elif shutil.which("sox"):
        command = ["sox", "-n", "-r", "22050", "-c", "1", str(path), "synth", str(seconds), "sine", "440"]
    else:
        raise GeneratorMissing("install ffmpeg or sox to generate test media")
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    return path


def make_test_pattern(path: Path, seconds: float = VIDEO_SECONDS) -> Path:
    """Write a small 10 fps test-pattern video with a tone of ``seconds`` to ``path`` (Matroska), with ffmpeg."""
    if not shutil.which("ffmpeg"):
        raise GeneratorMissing("install ffmpeg to generate a test video")
    command = ["ffmpeg", "-v", "error", "-y",
               "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size=160x120:rate=10",
               "-f", "lavfi", "-i", f"sine=frequency=660:duration={seconds}",
               "-c:v", "mpeg4", "-c:a", "pcm_s16le", "-shortest", str(path)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    return path


def _generated(maker, path: Path) -> Path:
    try:
        return maker(path)
    except GeneratorMissing as missing:
        pytest.skip(str(missing))


@pytest.fixture(scope="session")
def tone_recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 20 s tone (WAV), made once per test run."""
    return _generated(make_tone, tmp_path_factory.mktemp("media") / "tone.wav")


@pytest.fixture(scope="session")
def pattern_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 5 s test-pattern video with sound (MKV), made once per test run."""
    return _generated(make_test_pattern, tmp_path_factory.mktemp("media") / "pattern.mkv")
