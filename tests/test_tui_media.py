"""The coding screen's media without mpv: what the screen does with the player's news (a stand-in control),
media off, unlinked, missing file, no mpv; and where recordings are."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_support import app_on, build_study, codes_of, pilot_test

from observer.cli import main
from observer.errors import MediaError
from observer.store import SessionInfo, Study
from observer.tui import ObserverApp
from observer.tui.widgets.media_bar import MediaBar
from observer.tui.media_control import MediaChanged, media_source
from observer.tui.media_settings import media_settings
from observer.tui.widgets.transcript import TranscriptView

SIZE = (100, 32)


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


def linked_study(folder: Path, media_path: str) -> Path:
    path = build_study(folder)
    with Study.open(path) as study:
        study.set_media("s1", media_path)
    return path


async def settle(pilot, app) -> None:
    """Let the screen start its player and hear back from the worker (no mpv is reached in these tests)."""
    await pilot.pause()
    control = app.screen.media
    if control is not None:
        control.finished.wait(5)
    await pilot.pause()
    await pilot.pause()


async def assert_coding_goes_on(pilot, path: Path) -> None:
    await pilot.press("space", "ctrl+r", "d")
    await pilot.pause()
    assert codes_of(path)[("s1", 0, "wd_denial")][0] == 1


@pilot_test
async def test_a_missing_recording_gives_one_notification_with_the_path_and_the_relink_command(tmp_path):
    path = linked_study(tmp_path, "recordings/s1.wav")
    app = ObserverApp(path, "ann", "s1", keys_file=tmp_path / "no-keys.yaml", media="audio")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        [message] = notifications(app)
        assert str(tmp_path / "recordings" / "s1.wav") in message
        assert f"observer media link {path} s1 NEW_PATH" in message
        assert app.screen.media_unavailable and not app.screen.query_one(MediaBar).display
        assert "space" not in app.screen.active_bindings
        await assert_coding_goes_on(pilot, path)
        assert len(notifications(app)) == 1


@pilot_test
async def test_without_mpv_on_the_path_one_notification_says_how_to_install_it(tmp_path, monkeypatch):
    path = linked_study(tmp_path, "s1.wav")
    (tmp_path / "s1.wav").write_bytes(b"RIFF")
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    app = ObserverApp(path, "ann", "s1", keys_file=tmp_path / "no-keys.yaml", media="audio")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        [message] = notifications(app)
        assert "not installed" in message and "apt-get install mpv" in message
        await assert_coding_goes_on(pilot, path)
        assert len(notifications(app)) == 1


@pilot_test
async def test_media_off_and_a_session_without_a_recording_show_no_media_at_all(tmp_path):
    path = linked_study(tmp_path, "s1.wav")
    for app in (app_on(path), ObserverApp(path, "ann", "s2", keys_file=tmp_path / "no-keys.yaml", media="audio")):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.screen.media is None and not app.screen.query_one(MediaBar).display
            assert "space" not in app.screen.active_bindings
            assert notifications(app) == []


def test_a_relative_recording_path_is_taken_from_the_study_folder(tmp_path):
    study = tmp_path / "my study" / "lab.observer"
    info = SessionInfo(id="s 1", duration=60.0, media_path="media/s1.ogg", media_offset=2.5)
    source = media_source(study, str(study), info)
    assert source.path == (tmp_path / "my study" / "media" / "s1.ogg").resolve()
    assert source.offset == 2.5
    assert source.relink == f"observer media link '{study}' 's 1' NEW_PATH"
    elsewhere = SessionInfo(id="s2", duration=60.0, media_path="/srv/recordings/s2.mp4")
    assert media_source(study, str(study), elsewhere).path == Path("/srv/recordings/s2.mp4")
    assert media_source(study, str(study), SessionInfo(id="s3", duration=60.0)) is None


def test_media_modes_resolve_for_the_terminal(monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SSH_CONNECTION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert media_settings("off").mode == "off"
    assert media_settings("auto", ["--ao=null"]).mode == "audio"
    assert media_settings("auto", ["--ao=null"]).extra_args == ("--ao=null",)
    monkeypatch.setenv("DISPLAY", ":0")
    assert media_settings("auto").mode == "video"
    with pytest.raises(MediaError, match="unknown media mode"):
        media_settings("loud")


def test_a_bad_media_option_is_a_user_error_before_anything_opens(tmp_path, capsys):
    path = build_study(tmp_path)
    assert main(["code", str(path), "--rater", "ann", "--media", "loud"]) == 2
    err = capsys.readouterr().err
    assert "unknown media mode 'loud'" in err and "auto, video, audio, off" in err
    assert not (tmp_path / "study.observer.backups").exists()


class StandInControl:
    """Takes the place of MediaControl: notes the commands the screen gives; the test plays mpv's part."""

    made: list[StandInControl] = []

    def __init__(self, *args, **kwargs) -> None:
        self.calls: list[tuple] = []
        StandInControl.made.append(self)

    def __getattr__(self, name: str):
        return lambda *args: self.calls.append((name, *args))


@pytest.fixture
def stand_in(monkeypatch, tmp_path):
    StandInControl.made = []
    monkeypatch.setattr("observer.tui.media_control.MediaControl", StandInControl)
    path = linked_study(tmp_path, "s1.wav")
    (tmp_path / "s1.wav").write_bytes(b"RIFF")
    return ObserverApp(path, "ann", "s1", keys_file=tmp_path / "no-keys.yaml", media="audio")


async def player_says(pilot, *news: tuple[str, object]) -> None:
    for name, value in news:
        pilot.app.screen.post_message(MediaChanged(name, value))
        await pilot.pause()


def cursor_utterance(app) -> int:
    return app.screen.query_one(TranscriptView).row_at(app.screen.cursor).utterance.index


@pilot_test
async def test_the_screen_follows_playback_into_the_next_segment_but_not_past_an_automatic_stop(stand_in):
    app = stand_in
    async with app.run_test(size=SIZE) as pilot:
        await player_says(pilot, ("ready", 900.0), ("time-pos", 0.0), ("pause", False), ("time-pos", 262.0))
        screen = app.screen
        assert cursor_utterance(app) == 13 and "▶ 4:22.0 / 15:00" in screen.query_one(MediaBar).render().plain
        await player_says(pilot, ("time-pos", 299.95), ("stopped", 300.0), ("time-pos", 300.02), ("pause", True),
                          ("time-pos", 300.0))
        assert screen.segment == 0 and cursor_utterance(app) == 14
        await pilot.press("space")
        assert StandInControl.made[0].calls[-1] == ("toggle", (0.0, 300.0))
        # mpv's first report of the resumed playback can come before its news that it resumed
        await player_says(pilot, ("time-pos", 300.015), ("pause", False), ("time-pos", 300.09))
        assert screen.segment == 1 and cursor_utterance(app) == 15


@pilot_test
async def test_the_rater_can_look_elsewhere_while_it_plays_and_seeks_are_followed(stand_in):
    app = stand_in
    async with app.run_test(size=SIZE) as pilot:
        await player_says(pilot, ("ready", 900.0), ("pause", False), ("time-pos", 310.0))
        screen = app.screen
        await pilot.press("left")
        await player_says(pilot, ("time-pos", 311.0), ("time-pos", 321.0))
        assert screen.segment == 0  # the screen does not snap back to the playhead
        await pilot.press("right")
        await player_says(pilot, ("time-pos", 341.0))
        assert cursor_utterance(app) == 17
        await pilot.press("ctrl+f")
        await player_says(pilot, ("time-pos", 599.9), ("time-pos", 600.1))
        assert screen.segment == 1 and not screen.player_state.follow
        await pilot.press("ctrl+f", "shift+right")
        assert StandInControl.made[0].calls[-1] == ("seek_by", 5)
        await player_says(pilot, ("seeked", 650.0))
        assert screen.segment == 2 and cursor_utterance(app) == 32


@pilot_test
async def test_speed_loop_and_auto_stop_keys_give_the_player_commands(stand_in):
    app = stand_in
    async with app.run_test(size=SIZE) as pilot:
        await player_says(pilot, ("ready", 900.0), ("time-pos", 0.0))
        control = StandInControl.made[0]
        await pilot.press("f8", "f8")
        assert control.calls[-2:] == [("set_speed", 1.25), ("set_speed", 1.5)]
        await pilot.press(*["f7"] * 9)
        assert control.calls[-1] == ("set_speed", 0.5) and " 0.5× " in app.screen.query_one(MediaBar).render().plain
        await pilot.press("ctrl+l", "right", "ctrl+r", "f9")
        assert control.calls[-4:] == [("set_loop", (0.0, 300.0)), ("set_loop", (300.0, 600.0)),
                                      ("play_segment", (300.0, 600.0)), ("set_auto_stop", False)]
        await pilot.press("ctrl+l")
        assert control.calls[-1] == ("set_loop", None)


@pilot_test
async def test_a_player_that_quit_is_reported_once_and_started_again_by_a_media_key(stand_in):
    app = stand_in
    async with app.run_test(size=SIZE) as pilot:
        await player_says(pilot, ("ready", 900.0), ("closed", None))
        assert len(notifications(app)) == 1 and "has quit" in notifications(app)[0]
        assert "a media key restarts it" in app.screen.query_one(MediaBar).render().plain
        await pilot.press("space")
        assert len(StandInControl.made) == 2 and StandInControl.made[1].calls == [("start",), ("toggle", (0.0, 300.0))]


@pilot_test
async def test_two_quick_cursor_moves_settle_instead_of_bouncing(tmp_path, monkeypatch):
    moves = []
    watch = TranscriptView.watch_cursor
    monkeypatch.setattr(TranscriptView, "watch_cursor", lambda view, old, new: (moves.append(new), watch(view, old, new)))
    app = app_on(build_study(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.query_one(TranscriptView)
        moves.clear()
        view.cursor = 3
        view.cursor = 5  # the screen hears of 3 after the cursor has moved on to 5
        await pilot.pause(0.2)
        assert moves == [3, 5] and app.screen.cursor == 5
