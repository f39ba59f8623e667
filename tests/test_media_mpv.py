"""The player against the real mpv, headless (null audio and video output), on media generated at test time.

Tolerances (bench/bench_media.py measures them): an exact seek lands within 0.05 ms
of its target (paused; 1.2 ms at most while playing); while playing, mpv reports
the playhead every ~50 ms and, right after a seek or loop jump, up to one audio
buffer plus one report interval (0.2 + 0.05 s with the null output) behind.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from media_fixtures import pattern_video, tone_recording  # noqa: F401  (fixtures)

from observer.errors import MediaError
from observer.media import MediaPlayer

pytestmark = [
    pytest.mark.mpv,
    pytest.mark.skipif(
        shutil.which("mpv") is None,
        reason="mpv is not installed (Debian/Ubuntu: apt-get install mpv); these tests need the real player",
    ),
]

HEADLESS = ("--no-config", "--ao=null", "--vo=null")
SEEK_TOLERANCE = 0.005
PLAYING_TOLERANCE = 0.3  # one 0.2 s audio buffer plus one ~50 ms report interval, and some slack
WAIT = 5.0  # upper bound for things that take milliseconds


@pytest.fixture
def player() -> Iterator[MediaPlayer]:
    with MediaPlayer("audio", extra_args=HEADLESS, timeout=WAIT) as media:
        yield media


class Recorder:
    """A listener keeping (monotonic time, name, value) for every change the player reports."""

    def __init__(self, player: MediaPlayer) -> None:
        self.items: queue.Queue[tuple[float, str, Any]] = queue.Queue()
        player.add_listener(lambda name, value: self.items.put((time.monotonic(), name, value)))

    def until(self, wanted: Callable[[str, Any], bool], timeout: float = WAIT) -> list[tuple[float, str, Any]]:
        """Everything reported up to and including the first change ``wanted`` matches."""
        seen = []
        deadline = time.monotonic() + timeout
        while True:
            item = self.items.get(timeout=max(0.0, deadline - time.monotonic()))
            seen.append(item)
            if wanted(item[1], item[2]):
                return seen

    def positions_for(self, seconds: float) -> list[tuple[float, float]]:
        """The (time, playhead) reports collected over the next ``seconds``."""
        end = time.monotonic() + seconds
        positions = []
        while (left := end - time.monotonic()) > 0:
            try:
                stamp, name, value = self.items.get(timeout=left)
            except queue.Empty:
                break
            if name == "time-pos" and value is not None:
                positions.append((stamp, value))
        return positions


def process_gone(pid: int) -> bool:
    """Whether ``pid`` no longer runs (absent, or a zombie waiting for a reaper)."""
    stat = Path(f"/proc/{pid}/stat")
    if stat.parent.parent.is_dir() and Path("/proc/self").exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"
        except FileNotFoundError:
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def gone_within(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not process_gone(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_exact_seeks_to_segment_starts_read_back_within_tolerance(player, tone_recording):
    player.load(tone_recording)
    assert player.duration == pytest.approx(20.0, abs=0.01)
    for start in (0.0, 3.25, 12.5, 17.75):
        player.seek(start)
        assert player.read_position() == pytest.approx(start, abs=SEEK_TOLERANCE)
    player.play()
    for start in (5.0, 15.5):
        player.seek(start)
        assert player.read_position() == pytest.approx(start, abs=SEEK_TOLERANCE)


def test_after_a_paused_seek_playback_resumes_at_the_target(player, tone_recording):
    player.load(tone_recording, start=1.0)
    player.play()
    Recorder(player).until(lambda name, value: name == "time-pos" and value > 1.3)
    player.pause()
    player.seek(8.0)
    assert player.position == 8.0  # mpv itself would now say about 7.8 (mpv issue #12322)
    recorder = Recorder(player)
    player.play()
    first = next(value for _, value in recorder.positions_for(0.5))
    assert 8.0 <= first <= 8.0 + PLAYING_TOLERANCE


def test_offset_maps_transcript_time_to_media_time_and_clamps_at_the_end(tone_recording):
    with MediaPlayer("audio", offset=1.5, extra_args=HEADLESS, timeout=WAIT) as player:
        player.load(tone_recording, start=2.0)
        assert player.read_position() == pytest.approx(2.0, abs=SEEK_TOLERANCE)
        player.seek(30.0)  # past the end of a 20 s recording that starts 1.5 s early
        assert player.position == pytest.approx(18.5, abs=SEEK_TOLERANCE)
        player.seek(17.8)
        recorder = Recorder(player)
        player.play()
        recorder.until(lambda name, value: name == "eof-reached" and value)
        assert player.eof_reached
        assert player.read_position() == pytest.approx(18.5, abs=PLAYING_TOLERANCE)


def test_stop_at_pauses_at_the_segment_end(player, tone_recording):
    player.load(tone_recording, start=5.0)
    recorder = Recorder(player)
    player.stop_at(5.6)
    player.play()
    recorder.until(lambda name, value: name == "stopped")
    recorder.until(lambda name, value: name == "pause" and value is True)
    assert player.paused
    player.read_position()  # lets the stop's exact seek finish reporting
    assert player.read_position() == pytest.approx(5.6, abs=SEEK_TOLERANCE)


def test_loop_keeps_playback_inside_the_range(player, tone_recording):
    player.load(tone_recording)
    player.loop(3.0, 3.6)
    recorder = Recorder(player)
    player.play()
    positions = [value for _, value in recorder.positions_for(1.8)]
    player.pause()
    jumps_back = [later for earlier, later in zip(positions, positions[1:]) if later < earlier]
    assert len(jumps_back) >= 2, positions
    # After each jump mpv with the null output reports up to ~0.45 s before the loop start
    # (its push-output delay estimate, mpv issue #12322); it never reports past the end.
    assert all(3.0 - 0.5 <= value <= 3.6 + 0.06 for value in positions), positions
    player.clear_loop()
    player.seek(3.5)
    player.play()
    assert Recorder(player).until(lambda name, value: name == "time-pos" and value > 3.8)


def test_speed_changes_the_rate_of_playback_and_is_clamped(player, tone_recording):
    player.load(tone_recording, start=2.0)
    recorder = Recorder(player)
    assert player.set_speed(4.0) == 2.0
    player.play()
    recorder.until(lambda name, value: name == "speed" and value == 2.0)
    positions = recorder.positions_for(0.8)[2:]  # skip the start-up reports
    (t0, p0), (t1, p1) = positions[0], positions[-1]
    assert (p1 - p0) / (t1 - t0) == pytest.approx(2.0, abs=0.3)


def test_video_plays_in_video_mode_and_reports_its_length(pattern_video):
    with MediaPlayer("video", extra_args=HEADLESS, timeout=WAIT) as player:
        player.load(pattern_video)
        assert player.duration == pytest.approx(5.0, abs=0.15)
        player.seek(2.5)
        assert player.read_position() == pytest.approx(2.5, abs=SEEK_TOLERANCE)
        recorder = Recorder(player)
        player.play()
        assert recorder.until(lambda name, value: name == "time-pos" and value > 2.7)


def test_close_quits_mpv_without_leaving_a_process(tone_recording):
    player = MediaPlayer("audio", extra_args=HEADLESS, timeout=WAIT).start()
    player.load(tone_recording)
    player.play()
    pid = player.pid
    assert pid is not None and not process_gone(pid)
    player.close()
    assert process_gone(pid)
    player.close()  # a second close is harmless
    with pytest.raises(MediaError, match="not running"):
        player.play()


OWNER_SCRIPT = textwrap.dedent(
    """
    import sys
    from observer.media import MediaPlayer
    player = MediaPlayer("audio", extra_args={args!r}).start()
    player.load(sys.argv[1])
    print(player.pid, flush=True)
    sys.stdin.readline()
    sys.exit(0)  # without close(): the atexit hook must quit mpv
    """
)


@pytest.mark.parametrize("ending", ["exit", "SIGKILL"])
def test_mpv_does_not_outlive_its_owner(ending, tone_recording):
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER_SCRIPT.format(args=HEADLESS), str(tone_recording)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )
    try:
        pid = int(owner.stdout.readline())
        assert not process_gone(pid)
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        socket_path = next(a for a in arguments if a.startswith("--input-ipc-server=")).split("=", 1)[1]
        if ending == "SIGKILL":
            owner.send_signal(signal.SIGKILL)
        else:
            owner.stdin.write("exit now\n")
            owner.stdin.flush()
        owner.wait(WAIT)
        assert gone_within(pid), f"mpv {pid} outlived its owner ({ending})"
        deadline = time.monotonic() + WAIT
        while Path(socket_path).parent.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(socket_path).parent.exists(), "the player's private folder was left behind"
    finally:
        owner.kill()
        owner.wait()


def test_mpv_dying_is_reported_and_later_commands_raise_media_error(player, tone_recording):
    player.load(tone_recording)
    recorder = Recorder(player)
    os.kill(player.pid, signal.SIGKILL)
    recorder.until(lambda name, value: name == "closed")
    with pytest.raises(MediaError, match="not running"):
        player.seek(1.0)


def test_missing_and_unplayable_files_give_media_error(player, tmp_path):
    missing = tmp_path / "moved-away.wav"
    with pytest.raises(MediaError, match="recording not found") as caught:
        player.load(missing)
    assert str(missing) in str(caught.value)
    assert "observer media link STUDY SESSION PATH" in str(caught.value)
    notes = tmp_path / "notes.wav"
    notes.write_text("these are notes, not a recording\n" * 50)
    with pytest.raises(MediaError, match="cannot play this file") as caught:
        player.load(notes)
    assert caught.value.file == str(notes)


def test_bad_mpv_options_give_media_error_not_a_hang():
    player = MediaPlayer("audio", extra_args=[*HEADLESS, "--no-such-option=1"], timeout=WAIT)
    with pytest.raises(MediaError, match=r"mpv exited \(status 1\) before opening its control socket"):
        player.start()
