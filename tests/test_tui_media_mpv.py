"""The coding screen playing its session's recording in the real mpv (null audio output), driven with Pilot.

The recording is a 60 s tone made at test time; the session has four 15 s segments
with an utterance every 3 s. Tolerances are those of tests/test_media_mpv.py: a
paused seek lands within 5 ms; while playing, mpv reports the playhead up to one
audio buffer plus one report interval late (0.3 s with slack).
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from media_fixtures import make_tone, pattern_video  # noqa: F401  (fixture)
from test_media_mpv import HEADLESS, PLAYING_TOLERANCE, SEEK_TOLERANCE, WAIT, gone_within
from test_tui_support import build_study, codes_of, pilot_test, session

from observer.store import Study
from observer.tui import ObserverApp
from observer.tui.widgets.media_bar import MediaBar, playhead
from observer.tui.widgets.transcript import TranscriptView

pytestmark = [
    pytest.mark.mpv,
    pytest.mark.skipif(
        shutil.which("mpv") is None,
        reason="mpv is not installed (Debian/Ubuntu: apt-get install mpv); these tests need the real player",
    ),
]

SIZE = (100, 32)
SEGMENT = 15.0


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tone(tmp_path_factory.mktemp("media") / "tone.wav", 60.0)


def study_with(folder: Path, recording: Path, session_id: str = "s1") -> Path:
    """A study whose sessions s1 and s2 (60 s, four segments) are linked to ``recording``."""
    path = build_study(folder, sessions=(session("s1", 60.0, 3.0, SEGMENT), session("s2", 60.0, 3.0, SEGMENT)))
    with Study.open(path) as study:
        study.set_media(session_id, str(recording))
    return path


def media_app(path: Path, *extra_args: str) -> ObserverApp:
    return ObserverApp(path, "ann", "s1", keys_file=path.parent / "no-keys.yaml", media="audio",
                       media_args=extra_args or HEADLESS)


@pytest.fixture
def study_path(tmp_path, recording) -> Path:
    return study_with(tmp_path, recording)


async def until(pilot, condition: Callable[[], Any], what: str, timeout: float = WAIT) -> None:
    """Let the app run until ``condition()`` holds; fail saying ``what`` did not happen."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {timeout:g} s; {pilot.app.screen.player_state} seg {pilot.app.screen.segment} {pilot.app.screen.media and pilot.app.screen.media.player._state}")
        await pilot.pause(0.02)


async def ready(pilot) -> None:
    await until(pilot, lambda: pilot.app.screen.player_state.status == "ready", "the recording loading")


def player(app):
    return app.screen.media.player


def bar_text(app) -> str:
    return app.screen.query_one(MediaBar).render().plain


def cursor_utterance(app) -> int:
    screen = app.screen
    return screen.query_one(TranscriptView).row_at(screen.cursor).utterance.index


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


class Reports:
    """Everything the player reports from now on, as (name, value)."""

    def __init__(self, media_player) -> None:
        self.items: list[tuple[str, Any]] = []
        media_player.add_listener(lambda name, value: self.items.append((name, value)))

    def positions(self) -> list[float]:
        return [value for name, value in self.items if name == "time-pos" and value is not None]


@pilot_test
async def test_the_segment_plays_from_its_start_and_the_playhead_is_shown(study_path):
    app = media_app(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert bar_text(app).startswith(" ⏸ 0:00.0 / 1:00")
        assert "space" in app.screen.active_bindings
        await pilot.press("right")
        reports = Reports(player(app))
        await pilot.press("ctrl+r")
        await until(pilot, lambda: len(reports.positions()) >= 3, "three playhead reports")
        assert SEGMENT <= reports.positions()[0] <= SEGMENT + PLAYING_TOLERANCE
        await pilot.press("space")
        await until(pilot, lambda: player(app).paused and app.screen.player_state.paused, "the pause")
        position = player(app).read_position()
        assert position == pytest.approx(SEGMENT, abs=1.0)
        await until(pilot, lambda: app.screen.player_state.position == position, "the bar catching up")
        assert f"⏸ {playhead(position)} / 1:00" in bar_text(app)
        assert cursor_utterance(app) == app.screen.utterance_at(position)


@pilot_test
async def test_seek_keys_move_the_playhead_and_the_transcript_follows_it(study_path):
    app = media_app(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = app.screen
        steps = [("shift+right", 5.0, 0), ("shift+right", 10.0, 0), ("shift+right", 15.0, 1),
                 ("ctrl+right", 45.0, 3), ("ctrl+left", 15.0, 1), ("shift+left", 10.0, 0),
                 ("ctrl+left", 0.0, 0), ("ctrl+right", 30.0, 2), ("ctrl+right", 60.0, 3)]
        for key, target, segment in steps:
            await pilot.press(key)
            await until(pilot, lambda: screen.player_state.position == pytest.approx(target, abs=SEEK_TOLERANCE),
                        f"{key} moving the playhead to {target:g}")
            assert player(app).position == pytest.approx(target, abs=SEEK_TOLERANCE)
            assert screen.segment == segment, key
            assert cursor_utterance(app) == screen.utterance_at(target), key
        await pilot.press("ctrl+left", "ctrl+f")  # 30 s, segment 2, then the screen stops following
        await until(pilot, lambda: screen.player_state.position == pytest.approx(30.0), "the seek to 0:30")
        await pilot.press("shift+left")
        await until(pilot, lambda: screen.player_state.position == pytest.approx(25.0), "the seek to 0:25")
        assert screen.segment == 2
        assert "follow" in bar_text(app)


@pilot_test
async def test_speed_keys_step_and_stay_within_half_and_double_speed(study_path):
    app = media_app(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press(*["f8"] * 6)
        await until(pilot, lambda: player(app).speed == 2.0, "double speed")
        assert app.screen.player_state.speed == 2.0 and " 2× " in bar_text(app)
        await pilot.press("f7")
        await until(pilot, lambda: player(app).speed == 1.75, "one step slower")
        await pilot.press(*["f7"] * 8)
        await until(pilot, lambda: player(app).speed == 0.5, "half speed")
        assert " 0.5× " in bar_text(app)


@pilot_test
async def test_a_looped_segment_repeats_without_stopping_and_the_loop_moves_with_the_screen(study_path):
    app = media_app(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = app.screen
        await pilot.press("right", "ctrl+l")  # segment 2 (0:15-0:30): the playhead jumps to its start
        await until(pilot, lambda: player(app).position == pytest.approx(SEGMENT, abs=SEEK_TOLERANCE),
                    "the jump to the loop's start")
        await pilot.press(*["f8"] * 4, "shift+right", "shift+right")
        await until(pilot, lambda: screen.player_state.position == pytest.approx(25.0), "the seek to 0:25")
        reports = Reports(player(app))
        await pilot.press("space")

        def wrapped() -> bool:
            positions = reports.positions()
            return any(later < earlier for earlier, later in zip(positions, positions[1:]))

        await until(pilot, wrapped, "the loop's jump back")
        positions = reports.positions()
        back = next(later for earlier, later in zip(positions, positions[1:]) if later < earlier)
        assert SEGMENT <= back <= SEGMENT + 2 * PLAYING_TOLERANCE
        assert max(positions) <= 2 * SEGMENT + PLAYING_TOLERANCE
        assert ("stopped", 2 * SEGMENT) not in reports.items  # auto-stop stays out of a loop
        assert screen.segment == 1 and "loop" in bar_text(app)
        await pilot.press("right")
        await until(pilot, lambda: 2 * SEGMENT <= (screen.player_state.position or 0) < 3 * SEGMENT,
                    "the loop moving to segment 3")
        await pilot.press("ctrl+l", "space")
        await until(pilot, lambda: player(app).paused, "the pause")
        assert not screen.player_state.loop


@pilot_test
async def test_playback_stops_at_the_segment_end_and_plays_on_into_the_next_when_asked(study_path):
    app = media_app(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = app.screen
        await pilot.press(*["f8"] * 4, "shift+right", "shift+right", "space")  # 2x from 0:10
        await until(pilot, lambda: not player(app).paused, "playback")
        await until(pilot, lambda: player(app).paused, "the automatic stop")
        assert player(app).position == pytest.approx(SEGMENT, abs=SEEK_TOLERANCE)
        await until(pilot, lambda: screen.player_state.position == player(app).position, "the bar catching up")
        assert screen.segment == 0 and "⏸ 0:15.0" in bar_text(app)
        await pilot.press("space")  # on from the end: the screen follows playback into segment 2
        await until(pilot, lambda: screen.segment == 1, "the screen following playback")
        await pilot.press("f9", "shift+right", "shift+right")  # auto-stop off, on to 0:25 and through 0:30
        await until(pilot, lambda: screen.segment == 2, "playing on through a segment end")
        assert not player(app).paused and "auto-stop" in bar_text(app) and not screen.player_state.auto_stop
        await pilot.press("space")


@pilot_test
async def test_quitting_the_app_and_leaving_the_session_quit_mpv(study_path, tmp_path, recording):
    app = media_app(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        control = app.screen.media
        pid = control.player.pid
        await pilot.press("space")
    assert control.finished.wait(WAIT) and gone_within(pid)

    (tmp_path / "other").mkdir()
    app = media_app(study_with(tmp_path / "other", recording))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        control = app.screen.media
        pid = control.player.pid
        await pilot.press("ctrl+w")
        assert control.finished.wait(WAIT) and gone_within(pid)


@pilot_test
async def test_a_player_that_went_away_is_reported_once_and_a_media_key_starts_it_again(study_path):
    app = media_app(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        pid = player(app).pid
        os.kill(pid, signal.SIGKILL)
        await until(pilot, lambda: app.screen.media is None, "the screen noticing")
        assert [n for n in notifications(app) if "has quit" in n] == notifications(app)
        assert len(notifications(app)) == 1
        assert "a media key restarts it" in bar_text(app)
        await pilot.press("space")
        await until(pilot, lambda: app.screen.media is not None and app.screen.media.player is not None
                    and app.screen.media.player.pid not in (None, pid) and not app.screen.media.player.paused,
                    "a new player playing")
        await pilot.press("space")


@pilot_test
async def test_an_unplayable_file_gives_one_notification_and_coding_goes_on(tmp_path):
    bad = tmp_path / "notes.wav"
    bad.write_text("this is not a recording\n")
    path = study_with(tmp_path, bad)
    app = media_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen.media_unavailable, "the failure")
        await pilot.press("space", "d")
        await pilot.pause()
        assert len(notifications(app)) == 1
        assert "cannot play" in notifications(app)[0] and str(bad) in notifications(app)[0]
        assert "observer media link" in notifications(app)[0]
        assert not app.screen.query_one(MediaBar).display
        assert codes_of(path)[("s1", 0, "wd_denial")][0] == 1


@pilot_test
async def test_no_working_audio_output_gives_one_notification_saying_so(study_path):
    app = media_app(study_path, "--no-config", "--ao=observer-no-such-output")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen.media_unavailable, "the failure")
        await pilot.pause(0.3)
        assert len(notifications(app)) == 1
        assert "no audio output" in notifications(app)[0] and "--media off" in notifications(app)[0]
        assert "space" not in app.screen.active_bindings


@pilot_test
async def test_video_mode_plays_the_recording_in_mpv_with_its_picture(tmp_path, pattern_video, monkeypatch):
    monkeypatch.setenv("DISPLAY", ":observer-test")  # video mode needs a display; --vo=null draws nothing
    path = build_study(tmp_path, sessions=(session("s1", 5.0, 1.0, 2.5),))
    with Study.open(path) as study:
        study.set_media("s1", str(pattern_video))
    app = ObserverApp(path, "ann", "s1", keys_file=tmp_path / "no-keys.yaml", media="video", media_args=HEADLESS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert player(app).mode == "video" and app.screen.player_state.duration == pytest.approx(5.0, abs=0.1)
        await pilot.press("right", "ctrl+r")
        await until(pilot, lambda: app.screen.player_state.position is not None
                    and app.screen.player_state.position > 2.5 and not player(app).paused, "playback of segment 2")
        await until(pilot, lambda: player(app).eof_reached or player(app).paused, "the end of the recording")
