"""Reading a recording's length: stdlib wave for WAV, ffprobe for the rest, a clear error otherwise."""

from __future__ import annotations

import shutil
import struct
import wave

import pytest

from observer.errors import IngestError
from observer.ingest import media_duration

needs_ffprobe = pytest.mark.skipif(shutil.which("ffprobe") is None, reason="needs ffprobe (FFmpeg)")


def write_wav(path, seconds: float, rate: int = 8000) -> None:
    """A mono 16-bit PCM WAV file of silence."""
    with wave.open(str(path), "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(rate)
        recording.writeframes(b"\x00\x00" * round(seconds * rate))


def write_float_wav(path, frames: int, rate: int = 8000) -> None:
    """A mono 32-bit float WAV file (format 3), which the stdlib wave module cannot read."""
    data = b"\x00" * 4 * frames
    fmt = struct.pack("<HHIIHH", 3, 1, rate, rate * 4, 4, 32)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)


def test_wav_with_the_standard_library(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    path = tmp_path / "session.WAV"
    write_wav(path, 2.5)
    assert media_duration(path) == 2.5


@needs_ffprobe
def test_other_files_with_ffprobe(tmp_path):
    path = tmp_path / "session.recording"
    write_wav(path, 1.25)
    assert media_duration(path) == pytest.approx(1.25, abs=0.01)


@needs_ffprobe
def test_wav_the_standard_library_cannot_read_falls_back_to_ffprobe(tmp_path):
    path = tmp_path / "float.wav"
    write_float_wav(path, frames=16000)
    assert media_duration(path) == pytest.approx(2.0, abs=0.01)


def test_without_ffprobe_asks_for_duration(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    path = tmp_path / "session.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    with pytest.raises(IngestError) as caught:
        media_duration(path)
    assert "ffprobe" in caught.value.message
    assert "--duration" in caught.value.hint


@needs_ffprobe
def test_unreadable_media(tmp_path):
    path = tmp_path / "notes.mp3"
    path.write_text("these are not sounds")
    with pytest.raises(IngestError) as caught:
        media_duration(path)
    assert "--duration" in caught.value.hint


def test_missing_recording(tmp_path):
    with pytest.raises(IngestError, match="does not exist"):
        media_duration(tmp_path / "gone.wav")
