"""How closely the coding screen's playhead and transcript highlight follow mpv; prints JSON.

Plays demo session s01 with its bundled recording in a headless coding screen
driven by the real mpv (null audio output, as in the tests).

- Playhead: while playing steadily (1x, then 2x), a sampler thread asks mpv for
  its playhead (``get_property time-pos`` over the IPC socket, raw) every 15-35 ms
  and notes the playhead the media line last drew (recorded in
  ``MediaBar.render``, so what a frame showed); lag = mpv's - shown, in media time.
- Highlight: playback starts 0.6-1 s before an utterance; when the transcript cursor
  moves onto it, how far past the utterance's start mpv's report that moved it
  was (media time: mpv reports the playhead in steps), and how long after that
  report reached observer the cursor moved (wall time). The terminal shows both
  at the next frame (at most 1/60 s later).

    PYTHONPATH=. /work/venv/bin/python bench/bench_media_tui.py [--seconds 20] [--utterances 30] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from observer.demo import build_demo  # noqa: E402
from observer.tui import ObserverApp  # noqa: E402
from observer.tui.widgets.media_bar import MediaBar  # noqa: E402
from observer.tui.widgets.transcript import TranscriptView  # noqa: E402

HEADLESS = ("--no-config", "--ao=null", "--vo=null")
SESSION = "s01"


def summary(values: list[float]) -> dict[str, float]:
    """Count, mean, median, 95th percentile, max and min, in milliseconds."""
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}
    return {
        "n": len(ordered),
        "mean_ms": round(1000 * statistics.fmean(ordered), 1),
        "median_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "max_ms": round(1000 * ordered[-1], 1),
        "min_ms": round(1000 * ordered[0], 1),
    }


class Shown:
    """What the screen last drew: the media line's playhead, and each move of the cursor to an utterance."""

    def __init__(self) -> None:
        self.playhead: float | None = None
        self.cursor_moves: list[tuple[float, int]] = []  # (monotonic, utterance index)

    def install(self) -> None:
        shown = self
        bar_render = MediaBar.render
        watch_cursor = TranscriptView.watch_cursor

        def render(bar: MediaBar):
            shown.playhead = bar.state.position
            return bar_render(bar)

        def cursor_moved(view: TranscriptView, old: int, new: int) -> None:
            row = view.row_at(new)
            if row is not None:
                shown.cursor_moves.append((time.monotonic(), row.utterance.index))
            watch_cursor(view, old, new)

        MediaBar.render = render
        TranscriptView.watch_cursor = cursor_moved


class Sampler(threading.Thread):
    """Asks mpv for its playhead every 15-35 ms and notes what the screen showed then."""

    def __init__(self, player, shown: Shown, seed: int) -> None:
        super().__init__(daemon=True)
        self.player = player
        self.shown = shown
        self.rng = random.Random(seed)
        self.samples: list[tuple[float, float, float | None]] = []  # (monotonic, mpv's time-pos, shown)
        self.running = threading.Event()
        self.running.set()

    def run(self) -> None:
        while self.running.is_set():
            time.sleep(self.rng.uniform(0.015, 0.035))
            shown = self.shown.playhead
            asked = time.monotonic()
            position = self.player._request(["get_property", "time-pos"])  # raw mpv, bypassing the player's pin
            answered = time.monotonic()
            if position is not None:
                self.samples.append(((asked + answered) / 2, position - self.player.offset, shown))

    def since(self, moment: float) -> list[tuple[float, float, float | None]]:
        return [sample for sample in self.samples if sample[0] >= moment]



async def playhead_lags(pilot, sampler: Sampler, speed_key_presses: tuple[str, ...], seconds: float) -> list[float]:
    """Play from 1:00 for ``seconds`` at the speed the keys set; mpv's playhead minus the one shown."""
    player = pilot.app.screen.media.player
    await pilot.press(*speed_key_presses)
    player.pause()
    player.seek(60.0)
    player.play()
    await pilot.pause(0.5)  # past the first reports after the seek
    started = time.monotonic()
    await pilot.pause(seconds)
    player.pause()
    return [mpv - shown for _, mpv, shown in sampler.since(started) if shown is not None]


def utterance_gap(utterances, utterance) -> float:
    """Seconds from the start of the utterance before ``utterance`` to its own start (0 for the first)."""
    earlier = [u.start for u in utterances if u.start < utterance.start]
    return utterance.start - max(earlier) if earlier else 0.0


async def highlight_lags(pilot, shown: Shown, utterances, rng: random.Random, count: int):
    """Start playing 0.6-1 s before each of ``count`` utterances; when the cursor reaches it, how far past its start
    the playhead was reported (media seconds), and how long after that report the cursor moved (wall seconds)."""
    screen = pilot.app.screen
    player = screen.media.player
    reports: list[tuple[float, float]] = []
    def note(name: str, value) -> None:
        if name == "time-pos" and value is not None:
            reports.append((time.monotonic(), value))

    player._listeners.insert(0, note)  # before the screen's relay, so a report is noted before the screen hears it
    segment_ends = [segment.end for segment in screen.state.segments]
    eligible = [u for u in utterances if utterance_gap(utterances, u) > 1.0
                and not any(u.start - 1.0 < end < u.start + 2.0 for end in segment_ends)]
    past_start, latency = [], []
    for utterance in rng.sample(eligible, min(count, len(eligible))):
        lead_in = rng.uniform(0.6, 1.0)  # not a whole number of mpv's report steps
        player.pause()
        screen.go_to_time(utterance.start - lead_in)
        player.seek(utterance.start - lead_in)
        await pilot.pause(0.2)
        moves_before, reports_before = len(shown.cursor_moves), len(reports)
        player.play()
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            await pilot.pause(0.02)
            moved = [moment for moment, index in shown.cursor_moves[moves_before:] if index == utterance.index]
            if moved:
                reported, position = next((moment, value) for moment, value in reports[reports_before:]
                                          if value >= utterance.start)
                past_start.append(position - utterance.start)
                latency.append(moved[0] - reported)
                break
        player.pause()
    return past_start, latency


async def measure(study: Path, seconds: float, utterances: int, seed: int) -> dict:
    shown = Shown()
    shown.install()
    app = ObserverApp(study, "bench", SESSION, keys_file=study.with_suffix(".no-keys"), media="audio",
                      media_args=HEADLESS)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.screen.player_state.status != "ready":
            await pilot.pause(0.02)
        screen = app.screen
        sampler = Sampler(screen.media.player, shown, seed)
        sampler.start()
        at_1x = await playhead_lags(pilot, sampler, (), seconds)
        at_2x = await playhead_lags(pilot, sampler, ("f8",) * 4, seconds / 2)
        await pilot.press(*("f7",) * 4)
        sampler.running.clear()
        sampler.join()
        past_start, latency = await highlight_lags(pilot, shown, screen.state.utterances, random.Random(seed),
                                                   utterances)
    return {"playhead_lag_1x": summary(at_1x), "playhead_lag_2x": summary(at_2x),
            "highlight_playhead_past_utterance_start_1x": summary(past_start),
            "highlight_after_mpv_report_wall": summary(latency)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="steady playback at 1x (half that at 2x)")
    parser.add_argument("--utterances", type=int, default=30, help="utterance starts to time the highlight at")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        study_path = Path(workdir) / "demo.observer"
        build_demo(study_path)[0].close()
        figures = asyncio.run(measure(study_path, args.seconds, args.utterances, args.seed))
    print(json.dumps({"session": SESSION, "mpv_args": list(HEADLESS), "units": "ms of media time (of wall time: *_wall)",
                      **figures}, indent=2))


if __name__ == "__main__":
    main()
