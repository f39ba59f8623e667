"""The coding screen without a playable recording: media off, unlinked, missing file, no mpv; and where recordings are."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_support import app_on, build_study, codes_of, pilot_test

from observer.cli import main
from observer.errors import MediaError
from observer.store import SessionInfo, Study
from observer.tui import ObserverApp
from observer.tui.media.bar import MediaBar
from observer.tui.media.control import media_settings, media_source

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
    source = media_source(study, info)
    assert source.path == (tmp_path / "my study" / "media" / "s1.ogg").resolve()
    assert source.offset == 2.5
    assert source.relink == f"observer media link '{study}' 's 1' NEW_PATH"
    elsewhere = SessionInfo(id="s2", duration=60.0, media_path="/srv/recordings/s2.mp4")
    assert media_source(study, elsewhere).path == Path("/srv/recordings/s2.mp4")
    assert media_source(study, SessionInfo(id="s3", duration=60.0)) is None


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
