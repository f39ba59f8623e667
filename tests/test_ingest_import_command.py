"""`observer import` end to end: the same transcript twice, --overlaps merge, tier notes, impossible options."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from observer.cli import main
from observer.store import Study

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


def run(capsys, *argv) -> tuple[int, str, str]:
    """Run one observer command; returns (exit status, stdout, stderr)."""
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def content(path: Path) -> list[str]:
    """The study's whole content as SQL."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def refused(capsys, study: Path, *argv) -> str:
    """The one error line of an import that must fail and leave the study as it was."""
    before = content(study)
    status, out, err = run(capsys, "import", study, *argv)
    assert status == 2 and out == ""
    assert err.startswith("observer: error: ") and err.count("\n") == 1, err
    assert content(study) == before
    return err


@pytest.fixture
def study(tmp_path, capsys) -> Path:
    path = tmp_path / "study.observer"
    assert run(capsys, "init", path, "--scheme", "3rs-2015")[0] == 0
    return path


def test_the_same_transcript_under_a_new_id_is_refused_naming_the_session(study, capsys):
    assert run(capsys, "import", study, FIXTURES / "session.srt", "--session", "s12")[0] == 0
    err = refused(capsys, study, FIXTURES / "session.srt", "--session", "s12-again")
    assert "session.srt: this transcript has the same utterances" in err
    assert "as session 's12', already in the study" in err and "--allow-duplicate" in err


def test_a_copy_under_another_name_is_refused_too(study, tmp_path, capsys):
    copy = tmp_path / "downloaded (1).srt"
    copy.write_bytes((FIXTURES / "session.srt").read_bytes())
    assert run(capsys, "import", study, FIXTURES / "session.srt")[0] == 0
    assert "as session 'session', already in the study" in refused(capsys, study, copy)


def test_two_identical_files_in_one_import_are_refused(study, tmp_path, capsys):
    copy = tmp_path / "copy.vtt"
    copy.write_bytes((FIXTURES / "teams.vtt").read_bytes())
    err = refused(capsys, study, FIXTURES / "teams.vtt", copy)
    assert "copy.vtt: this transcript has the same utterances" in err and "session 'teams' of this import" in err


def test_allow_duplicate_imports_a_second_copy(study, capsys):
    run(capsys, "import", study, FIXTURES / "zoom.vtt", "--session", "z1")
    status, out, _ = run(capsys, "import", study, FIXTURES / "zoom.vtt", "--session", "z2", "--allow-duplicate")
    assert status == 0 and "z2" in out
    with Study.open(study) as opened:
        fingerprints = opened.session_fingerprints()
    assert fingerprints["z1"] == fingerprints["z2"] and fingerprints["z1"].startswith("sha256:")


def test_sessions_imported_before_fingerprints_are_compared_by_their_utterances(study, capsys):
    run(capsys, "import", study, FIXTURES / "session.txt", "--session", "old")
    conn = sqlite3.connect(study)
    with conn:
        conn.execute("UPDATE sessions SET metadata = '{}'")  # as an older observer stored it
    conn.close()
    err = refused(capsys, study, FIXTURES / "session.txt", "--session", "new")
    assert "as session 'old', already in the study" in err


def test_an_edited_transcript_is_not_a_duplicate(study, tmp_path, capsys):
    run(capsys, "import", study, FIXTURES / "session.srt", "--session", "first")
    edited = tmp_path / "edited.srt"
    edited.write_text((FIXTURES / "session.srt").read_text(encoding="utf-8").replace("week?", "week, then?"))
    assert run(capsys, "import", study, edited)[0] == 0


def test_the_fingerprint_is_kept_in_the_sessions_metadata(study, capsys):
    run(capsys, "import", study, FIXTURES / "session.eaf")
    conn = sqlite3.connect(study)
    metadata = json.loads(conn.execute("SELECT metadata FROM sessions").fetchone()[0])
    conn.close()
    assert metadata["media_url"] == "file:///data/sessions/s12.mp4"
    assert len(metadata["fingerprint"]) == len("sha256:") + 64


def test_overlaps_merge_prints_what_it_did(study, capsys):
    assert "--overlaps merge" in refused(capsys, study, FIXTURES / "ytdlp_rolling.vtt")
    status, out, _ = run(capsys, "import", study, FIXTURES / "ytdlp_rolling.vtt", "--overlaps", "merge")
    assert status == 0
    assert out.splitlines()[0].startswith("imported 1 session(s), 4 utterances")
    assert out.splitlines()[1] == (f"  note: {FIXTURES / 'ytdlp_rolling.vtt'}: --overlaps merge removed 6 repeated "
                                   "caption line(s) and dropped 3 cue(s) that had no new line.")


def test_a_symbolic_tier_import_says_where_its_times_come_from(study, capsys):
    status, out, _ = run(capsys, "import", study, FIXTURES / "tier_types.eaf", "--tier", "notes@Client")
    assert status == 0
    assert "note: " in out and "has no times of its own" in out and "on tier 'Client'" in out


@pytest.mark.parametrize(("options", "fragment"), [
    (["--duration", "nan"], "--duration: nan is not a session length"),
    (["--duration", "1e12"], "--duration: 1000000000000.0 is not a session length"),
    (["--duration", "-5"], "--duration: -5.0 is not a session length"),
    (["--session", "   "], "--session: the session id is empty or only spaces"),
    (["--session", "s1\x1b[2J"], "--session: the --session value has the control character U+001B"),
    (["--therapist", "T1\n"], "--therapist: the --therapist value has the control character U+000A"),
])
def test_impossible_options_are_refused(study, capsys, options, fragment):
    err = refused(capsys, study, FIXTURES / "session.srt", *options)
    assert fragment in err
    assert "\x1b" not in err


def test_a_media_only_session_longer_than_a_day_is_refused(study, capsys):
    err = refused(capsys, study, "--session", "r1", "--duration", "90000")
    assert "--duration: 90000.0 is not a session length" in err
