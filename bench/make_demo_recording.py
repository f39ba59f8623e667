"""Make the synthetic recording of demo session s01 from its transcript; prints JSON.

Each utterance is spoken by espeak-ng (Therapist and Client in two different
voices), sped up until it fits its cue, trimmed to its first and last audible
sample and placed at the cue's start on a silent track as long as the session;
ffmpeg encodes the track as mono 16 kHz Opus in Ogg. With ``--measure`` the
script instead decodes the bundled file and reports, for every cue that follows
a pause, the onset of sound relative to the cue start.

    PYTHONPATH=. /work/venv/bin/python bench/make_demo_recording.py [--bitrate 12k]
    PYTHONPATH=. /work/venv/bin/python bench/make_demo_recording.py --measure
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

from observer.ingest import Utterance, read_transcripts

DEMO = Path(__file__).resolve().parents[1] / "observer" / "data" / "demo"
TRANSCRIPT = DEMO / "s01-withdrawal.vtt"
RECORDING = DEMO / "s01-withdrawal.ogg"
VOICES = {"Therapist": "en-us", "Client": "en-gb+f3"}
BASE_WPM = 160
MAX_WPM = 450  # espeak-ng's fastest rate; a clip still too long is shortened with sox tempo
SYNTH_RATE = 22050  # espeak-ng's output rate
AUDIBLE = 0.01  # of full scale: the level a clip is trimmed to and the onset detector fires at
PEAK = 0.7  # every clip is scaled to this peak, so both voices are equally loud
DECODE_RATE = 16000
MIN_PAUSE_S = 0.3  # cues measured by --measure follow at least this much silence


def synthesize(text: str, voice: str, wpm: int, workdir: Path) -> np.ndarray:
    """The utterance spoken by espeak-ng as float samples at SYNTH_RATE, trimmed to the audible part."""
    wav = workdir / "clip.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(wav), text], check=True, capture_output=True)
    return trim_to_audible(read_wav(wav))


def read_wav(path: Path) -> np.ndarray:
    """A mono 16-bit WAV file as float samples in [-1, 1]."""
    with wave.open(str(path)) as recording:
        return np.frombuffer(recording.readframes(recording.getnframes()), dtype="<i2").astype(np.float32) / 32768


def trim_to_audible(samples: np.ndarray) -> np.ndarray:
    """The samples from the first to the last one louder than AUDIBLE of their peak, scaled to PEAK."""
    peak = float(np.abs(samples).max(initial=0.0))
    if peak == 0.0:
        return samples[:0]
    loud = np.flatnonzero(np.abs(samples) > AUDIBLE * peak)
    return samples[loud[0]:loud[-1] + 1] * (PEAK / peak)


def tempo(samples: np.ndarray, factor: float, workdir: Path) -> np.ndarray:
    """The samples played ``factor`` times faster at the same pitch (sox tempo)."""
    source, target = workdir / "slow.wav", workdir / "fast.wav"
    write_wav(source, samples)
    subprocess.run(["sox", str(source), str(target), "tempo", "-s", f"{factor:.4f}"], check=True, capture_output=True)
    return trim_to_audible(read_wav(target))


def fitted_clip(utterance: Utterance, workdir: Path) -> tuple[np.ndarray, int, float]:
    """The utterance's clip, no longer than its cue: the espeak rate raised as needed, then sox tempo.

    Returns the clip, the espeak rate in words per minute and the sox tempo factor (1 when unused).
    """
    room = int((utterance.end - utterance.start) * SYNTH_RATE)
    voice = VOICES[utterance.speaker]
    wpm = BASE_WPM
    clip = synthesize(utterance.text, voice, wpm, workdir)
    while len(clip) > room and wpm < MAX_WPM:
        wpm = min(MAX_WPM, math.ceil(wpm * len(clip) / room * 1.02))
        clip = synthesize(utterance.text, voice, wpm, workdir)
    factor = 1.0
    while len(clip) > room:
        factor *= len(clip) / room * 1.02
        clip = tempo(synthesize(utterance.text, voice, wpm, workdir), factor, workdir)
    return clip, wpm, factor


def write_wav(path: Path, samples: np.ndarray) -> None:
    """Write float samples as a mono 16-bit WAV file at SYNTH_RATE."""
    with wave.open(str(path), "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(SYNTH_RATE)
        recording.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


def encode(track: Path, target: Path, bitrate: str) -> None:
    """Encode a WAV track as mono 16 kHz Opus (speech mode) in Ogg, reproducibly (no random serial, no tags)."""
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(track), "-ac", "1", "-ar", "16000",
                    "-c:a", "libopus", "-b:a", bitrate, "-application", "voip",
                    "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact", str(target)],
                   check=True, capture_output=True)


def make_recording(target: Path, bitrate: str) -> dict:
    """Build the recording of the s01 transcript at ``target``; returns what was done, for the report."""
    transcript = read_transcripts(TRANSCRIPT)[0]
    track = np.zeros(round(transcript.end * SYNTH_RATE), dtype=np.float32)
    rates, factors = [], []
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        for utterance in transcript.utterances:
            clip, wpm, factor = fitted_clip(utterance, workdir)
            start = round(utterance.start * SYNTH_RATE)
            track[start:start + len(clip)] = clip
            rates.append(wpm)
            factors.append(factor)
        write_wav(workdir / "track.wav", track)
        encode(workdir / "track.wav", target, bitrate)
    return {"file": str(target), "bytes": target.stat().st_size, "seconds": transcript.end,
            "utterances": len(rates), "bitrate": bitrate, "voices": VOICES,
            "espeak_wpm": {"min": min(rates), "median": statistics.median(rates), "max": max(rates)},
            "sped_up_by_espeak": sum(wpm > BASE_WPM for wpm in rates),
            "sped_up_by_sox": sum(factor > 1 for factor in factors)}


def decode(path: Path, start: float, seconds: float) -> np.ndarray:
    """``seconds`` of the recording from ``start`` as float mono samples at DECODE_RATE (ffmpeg)."""
    done = subprocess.run(["ffmpeg", "-v", "error", "-ss", f"{start:.3f}", "-t", f"{seconds:.3f}", "-i", str(path),
                           "-ac", "1", "-ar", str(DECODE_RATE), "-f", "s16le", "-"],
                          check=True, capture_output=True)
    return np.frombuffer(done.stdout, dtype="<i2").astype(np.float32) / 32768


def onset(path: Path, cue_start: float, before: float = 0.25, after: float = 0.5) -> float | None:
    """Seconds from ``cue_start`` to the first sample louder than AUDIBLE * PEAK (None when none is)."""
    loud = np.flatnonzero(np.abs(decode(path, cue_start - before, before + after)) > AUDIBLE * PEAK)
    return None if len(loud) == 0 else loud[0] / DECODE_RATE - before


def measure(path: Path) -> dict:
    """The onset of sound relative to the cue start for every cue that follows a pause of MIN_PAUSE_S."""
    utterances = read_transcripts(TRANSCRIPT)[0].utterances
    cues = [utterances[0]] + [b for a, b in zip(utterances, utterances[1:]) if b.start - a.end >= MIN_PAUSE_S]
    errors = [onset(path, cue.start) for cue in cues]
    found = [error for error in errors if error is not None]
    return {"file": str(path), "cues": len(cues), "without_onset": len(errors) - len(found),
            "first_10": [{"cue_s": cue.start, "onset_ms": None if e is None else round(1000 * e, 1)}
                         for cue, e in zip(cues[:10], errors[:10])],
            "mean_ms": round(1000 * statistics.fmean(found), 1),
            "mean_abs_ms": round(1000 * statistics.fmean(abs(e) for e in found), 1),
            "max_abs_ms": round(1000 * max(abs(e) for e in found), 1)}


def main(argv: list[str] | None = None) -> None:
    """Make the recording (or with --measure, measure the bundled one) and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RECORDING, help="where to write the recording")
    parser.add_argument("--bitrate", default="12k", help="Opus bitrate (ffmpeg -b:a)")
    parser.add_argument("--measure", action="store_true", help="measure cue onsets in --out instead of making it")
    args = parser.parse_args(argv)
    report = measure(args.out) if args.measure else make_recording(args.out, args.bitrate)
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
