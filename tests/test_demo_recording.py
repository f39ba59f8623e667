"""The bundled synthetic recording of demo session s01: listed, as long as the session, speech at the cues."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from observer.ingest import Utterance, media_duration, read_transcripts

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import make_demo_recording as recording  # noqa: E402

ONSET_TOLERANCE_S = 0.02
SPEECH_WINDOW_S = (0.05, 0.35)  # after a cue start, where every clip is still speaking
GAP_MARGIN_S = 0.1
SPEECH_RMS = 3 * recording.AUDIBLE * recording.PEAK  # about -33 dBFS; the quietest cue opening is -30 dBFS

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is needed to decode the recording")


def _utterances() -> list[Utterance]:
    return read_transcripts(recording.TRANSCRIPT)[0].utterances


def _cues_after_a_pause(count: int) -> list[Utterance]:
    """``count`` cues spread over the session, each following at least MIN_PAUSE_S of silence."""
    utterances = _utterances()
    cues = [b for a, b in zip(utterances, utterances[1:]) if b.start - a.end >= recording.MIN_PAUSE_S]
    return cues[:: max(1, len(cues) // count)][:count]


def _longest_gaps(count: int) -> list[tuple[float, float]]:
    """The ``count`` longest silences between utterances, as (end of one, start of the next)."""
    utterances = _utterances()
    gaps = sorted(zip((a.end for a in utterances), (b.start for b in utterances[1:])), key=lambda g: g[0] - g[1])
    return gaps[:count]


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples ** 2))) if len(samples) else 0.0


def test_s01_lists_the_bundled_recording():
    manifest = json.loads((recording.DEMO / "manifest.json").read_text(encoding="utf-8"))
    s01 = next(entry for entry in manifest if entry["id"] == "s01")
    assert recording.DEMO / s01["media"] == recording.RECORDING
    assert recording.RECORDING.is_file()
    assert recording.RECORDING.stat().st_size < 2_000_000


@pytest.mark.skipif(shutil.which("ffprobe") is None, reason="ffprobe is needed to read the recording's length")
def test_recording_is_as_long_as_the_transcript():
    end = read_transcripts(recording.TRANSCRIPT)[0].end
    assert media_duration(recording.RECORDING) == pytest.approx(end, abs=1.0)


@needs_ffmpeg
@pytest.mark.parametrize("cue", _cues_after_a_pause(10), ids=lambda cue: f"{cue.start:.3f}")
def test_speech_starts_at_the_cue_start(cue):
    quiet_before = recording.decode(recording.RECORDING, cue.start - recording.MIN_PAUSE_S + 0.05,
                                    recording.MIN_PAUSE_S - 0.1)
    speaking = recording.decode(recording.RECORDING, cue.start + SPEECH_WINDOW_S[0],
                                SPEECH_WINDOW_S[1] - SPEECH_WINDOW_S[0])
    assert np.abs(quiet_before).max() < recording.AUDIBLE * recording.PEAK
    assert _rms(speaking) > SPEECH_RMS
    assert recording.onset(recording.RECORDING, cue.start) == pytest.approx(0.0, abs=ONSET_TOLERANCE_S)


@needs_ffmpeg
@pytest.mark.parametrize("gap", _longest_gaps(3), ids=lambda gap: f"{gap[0]:.1f}-{gap[1]:.1f}")
def test_long_silences_between_cues_are_silent(gap):
    end, start = gap
    assert start - end > 4.0
    samples = recording.decode(recording.RECORDING, end + GAP_MARGIN_S, start - end - 2 * GAP_MARGIN_S)
    assert len(samples) > 0
    assert np.abs(samples).max() < recording.AUDIBLE * recording.PEAK


@pytest.mark.skipif(not (shutil.which("espeak-ng") and shutil.which("sox")), reason="needs espeak-ng and sox")
def test_a_clip_too_long_for_its_cue_is_sped_up_to_fit(tmp_path):
    text = "This sentence is far too long to be spoken in under one second, even by a fast voice."
    cue = Utterance(start=10.0, end=10.8, speaker="Client", text=text)
    clip, wpm, factor = recording.fitted_clip(cue, tmp_path)
    assert 0 < len(clip) <= (cue.end - cue.start) * recording.SYNTH_RATE
    assert wpm == recording.MAX_WPM
    assert factor > 1
