"""Timing accuracy of the mpv player layer; prints JSON.

Seeks to N random times on a generated 60 s tone, paused and while playing, and
reads the playhead back from mpv (``get_property time-pos``); measures the
command round trip, the seek latency (command to ``playback-restart``), how far
past a ``stop_at`` time playback is reported before the pause, and start/close
times. Headless: ``--ao=null --vo=null``.

    PYTHONPATH=. /work/venv/bin/python bench/bench_media.py [--seeks 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import queue
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from media_fixtures import make_tone  # noqa: E402

from observer.media import MediaPlayer  # noqa: E402

HEADLESS = ("--no-config", "--ao=null", "--vo=null")
RECORDING_SECONDS = 60.0


def summary(values: list[float]) -> dict[str, float]:
    """Mean, median, 95th percentile and maximum, in milliseconds."""
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "mean_ms": round(1000 * statistics.fmean(ordered), 3),
        "median_ms": round(1000 * statistics.median(ordered), 3),
        "p95_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
        "max_ms": round(1000 * ordered[-1], 3),
    }


def seek_errors(player: MediaPlayer, targets: list[float], playing: bool) -> tuple[list[float], list[float]]:
    """Absolute playhead errors read from mpv right after each seek, and each seek's latency."""
    errors, latencies = [], []
    if playing:
        player.play()
    for target in targets:
        started = time.perf_counter()
        player.seek(target)
        latencies.append(time.perf_counter() - started)
        mpv_says = player._request(["get_property", "time-pos"]) - player.offset  # raw, bypassing the pin
        errors.append(abs(mpv_says - target))
    player.pause()
    return errors, latencies


def round_trips(player: MediaPlayer, count: int) -> list[float]:
    """Seconds per get_property request and reply."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        player._request(["get_property", "time-pos"])
        times.append(time.perf_counter() - started)
    return times


def stop_overshoots(player: MediaPlayer, rng: random.Random, count: int) -> list[float]:
    """How far past the stop time mpv had reported playback when stop_at fired."""
    overshoots = []
    crossings: queue.Queue[float] = queue.Queue()
    stopping = [False]

    def listen(name: str, value: object) -> None:
        if name == "stopped":
            stopping[0] = True  # the time-pos that crossed the stop time comes next
        elif name == "time-pos" and stopping[0]:
            stopping[0] = False
            crossings.put(value)

    player.add_listener(listen)
    for _ in range(count):
        start = rng.uniform(1.0, RECORDING_SECONDS - 5.0)
        player.seek(start)
        player.stop_at(start + 0.5)
        player.play()
        overshoots.append(crossings.get(timeout=5.0) - (start + 0.5))
    player.remove_listener(listen)
    return overshoots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeks", type=int, default=200)
    parser.add_argument("--stops", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as workdir:
        recording = make_tone(Path(workdir) / "tone.wav", RECORDING_SECONDS)
        started = time.perf_counter()
        player = MediaPlayer("audio", extra_args=HEADLESS, timeout=5.0).start()
        start_seconds = time.perf_counter() - started
        with player:
            started = time.perf_counter()
            player.load(recording)
            load_seconds = time.perf_counter() - started
            targets = [round(rng.uniform(0.0, RECORDING_SECONDS - 1.0), 3) for _ in range(args.seeks)]
            paused_errors, paused_latency = seek_errors(player, targets, playing=False)
            playing_errors, playing_latency = seek_errors(player, targets, playing=True)
            paused_late_errors, _ = seek_errors(player, targets, playing=False)
            rtt = round_trips(player, args.seeks)
            overshoot = stop_overshoots(player, rng, args.stops)
            started = time.perf_counter()
        close_seconds = time.perf_counter() - started
    print(json.dumps({
        "mpv_args": list(HEADLESS),
        "seeks": args.seeks,
        "seek_error_paused": summary(paused_errors),
        "seek_error_playing": summary(playing_errors),
        "seek_error_paused_after_playback_raw_mpv": summary(paused_late_errors),
        "seek_latency_paused": summary(paused_latency),
        "seek_latency_playing": summary(playing_latency),
        "get_property_round_trip": summary(rtt),
        "stop_at_reported_overshoot": summary(overshoot),
        "start_ms": round(1000 * start_seconds, 1),
        "load_ms": round(1000 * load_seconds, 1),
        "close_ms": round(1000 * close_seconds, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
