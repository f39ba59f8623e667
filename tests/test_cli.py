"""The command line end to end: init, import, sessions, export, codes import, scheme, errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from observer.cli import main
from observer.store import Study

from conftest import study_rows

DEMO = Path(__file__).parents[1] / "observer" / "data" / "demo"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run one observer command; returns (exit status, stdout, stderr)."""
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def dump(location) -> dict:
    """The study's whole content, to prove a failed command changed nothing."""
    with Study.open(location) as study:
        return study_rows(study)


def assert_user_error(status: int, err: str, *needles: str) -> None:
    assert status == 2
    assert err.startswith("observer: error: ")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err


@pytest.fixture
def study_path(new_location, capsys) -> Path | str:
    """A new 3RS study on each engine (a file, or a PostgreSQL URL)."""
    path = new_location("study")
    assert run(capsys, "init", path, "--scheme", "3rs-2015")[0] == 0
    return path


def test_init_and_import_the_three_demo_formats(study_path, capsys):
    status, out, _ = run(capsys, "import", study_path, DEMO / "s01-withdrawal.vtt", "--session", "s01",
                         "--therapist", "T1", "--client", "C1", "--date", "2026-01-05")
    assert status == 0 and "96 utterances" in out
    assert run(capsys, "import", study_path, DEMO / "s02-confrontation.srt", DEMO / "s03-physio.csv")[0] == 0
    status, out, _ = run(capsys, "sessions", study_path)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["session", "therapist", "client", "date"]
    s01 = next(line for line in lines if line.startswith("s01 "))
    assert s01.split()[1:6] == ["T1", "C1", "2026-01-05", "16:06", "4"]
    assert any(line.startswith("s03-physio ") for line in lines)
    with Study.open(study_path) as study:
        segments = study.segments("s01")
        assert [(s.start, s.end) for s in segments[:2]] == [(0, 300), (300, 600)]
        assert segments[-1].end == pytest.approx(965.7, abs=0.1)


def test_media_only_session_with_duration(study_path, capsys):
    status, out, _ = run(capsys, "import", study_path, "--session", "rec7", "--duration", "3000")
    assert status == 0
    with Study.open(study_path) as study:
        assert study.session("rec7").n_segments == 10
        assert study.utterances("rec7") == []


def test_media_only_session_reads_the_recording_length(study_path, tmp_path, capsys):
    import wave

    recording = tmp_path / "rec.wav"
    with wave.open(str(recording), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 8000 * 610)  # 610 s of silence
    assert run(capsys, "import", study_path, "--session", "rec", "--media", recording)[0] == 0
    with Study.open(study_path) as study:
        info = study.session("rec")
        assert info.n_segments == 3 and info.duration == pytest.approx(610)
        # next to a study file, the path is relative to its folder; a database names it in full
        assert info.media_path == ("rec.wav" if study.path else str(recording.resolve()))


def test_failed_import_leaves_the_study_untouched(study_path, tmp_path, capsys):
    run(capsys, "import", study_path, DEMO / "s03-physio.csv", "--session", "s03")
    before = dump(study_path)
    broken = tmp_path / "broken.csv"
    broken.write_text("start,end,speaker,text\n0,5,T,hello\n9,3,C,backwards\n")
    status, _, err = run(capsys, "import", study_path, DEMO / "s01-withdrawal.vtt", broken)
    assert_user_error(status, err, "broken.csv:3")
    status, _, err = run(capsys, "import", study_path, DEMO / "s03-physio.csv", "--session", "s03")
    assert_user_error(status, err, "'s03' is already in the study")
    status, _, err = run(capsys, "import", study_path, tmp_path / "missing.vtt")
    assert_user_error(status, err, "missing.vtt")
    assert dump(study_path) == before


def test_unknown_scheme_and_missing_study_are_user_errors(tmp_path, capsys):
    status, _, err = run(capsys, "init", tmp_path / "x.observer", "--scheme", "3rs-1999")
    assert_user_error(status, err, "3rs-1999")
    assert not (tmp_path / "x.observer").exists()
    status, _, err = run(capsys, "sessions", tmp_path / "nope.observer")
    assert_user_error(status, err, "nope.observer", "observer init")


def test_scheme_check_and_show(tmp_path, capsys):
    status, out, _ = run(capsys, "scheme", "show", "3rs-2015")
    assert status == 0 and "wd_denial" in out and "significance" in out
    good = tmp_path / "mine.yaml"
    shutil.copy(Path(__file__).parent / "fixtures" / "mini-scheme.yaml", good)
    assert run(capsys, "scheme", "check", good)[0] == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text().replace("key: s,", "key: m,"))
    status, _, err = run(capsys, "scheme", "check", bad)
    assert_user_error(status, err, "bad.yaml:", "'m'")


def _code_some(study_path: Path) -> None:
    with Study.open(study_path) as study:
        ann = study.for_rater("ann")
        ann.set_value("s01", 1, "wd_minimal_response", 1)
        ann.set_value("s01", 1, "wd_significance", 4)
        ann.set_evidence("s01", 1, "wd_minimal_response", [31, 33])
        ann.set_note("s01", 1, "wd_minimal_response", "one-word answers, long pauses")
        ann.set_complete("s01", 1)
        ann.set_value("s01", 2, "wd_denial", 1)  # segment 2 left incomplete
        ann.set_value("s01", None, "gl_therapist_contribution", 3)
        bob = study.for_rater("bob")
        bob.set_complete("s01", 0)


def test_export_codes_import_export_round_trip(study_path, tmp_path, capsys):
    run(capsys, "import", study_path, DEMO / "s01-withdrawal.vtt", "--session", "s01")
    _code_some(study_path)
    first = tmp_path / "codes.csv"
    assert run(capsys, "export", study_path, "-o", first)[0] == 0
    codes = pd.read_csv(first)
    assert len(codes) == 2 * 24 + 1 + 1 + 1  # two complete segments (14 markers, 10 strategies), a marker, a global
    row = codes[(codes["item"] == "wd_minimal_response") & (codes["rater"] == "ann")].iloc[0]
    assert (row["segment_start"], row["segment_end"], row["evidence"]) == (300, 600, "31;33")

    other = tmp_path / "other.observer"
    run(capsys, "init", other, "--scheme", "3rs-2015")
    run(capsys, "import", other, DEMO / "s01-withdrawal.vtt", "--session", "s01")
    status, out, _ = run(capsys, "codes", "import", other, first)
    assert status == 0 and "2 units complete" in out
    second = tmp_path / "codes2.csv"
    run(capsys, "export", other, "-o", second)
    assert first.read_text() == second.read_text()
    with Study.open(other) as study:
        before = len(study.history())
    status, out, _ = run(capsys, "codes", "import", other, first)  # the same file again changes nothing
    assert status == 0 and "nothing recorded" in out
    with Study.open(other) as study:
        assert len(study.history()) == before


def test_codes_import_rejects_the_whole_file_with_line_numbers(study_path, tmp_path, capsys):
    run(capsys, "import", study_path, DEMO / "s01-withdrawal.vtt", "--session", "s01")
    before = dump(study_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "session_id,segment_index,rater,item,value\n"
        "s01,0,ann,wd_denial,1\n"
        "s01,0,ann,wd_significance,9\n"
        "s99,0,ann,wd_denial,1\n"
        "s01,7,ann,wd_denial,1\n"
        "s01,0,ann,no_such_item,1\n"
        "s01,0,ann,gl_resolution_extent,3\n"
        "s01,0,ann,wd_denial,0\n"
    )
    status, _, err = run(capsys, "codes", "import", study_path, bad)
    assert_user_error(status, err, "bad.csv:3", "line 3: value", "line 4: session_id", "line 5: segment_index",
                      "line 6: item", "line 7: segment_index", "line 8: repeats the value of line 2")
    assert dump(study_path) == before
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("session,segment,who,what\ns01,0,ann,wd_denial\n")
    status, _, err = run(capsys, "codes", "import", study_path, wrong)
    assert_user_error(status, err, "wrong.csv:1", "missing column(s)", "unknown column(s)")


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_export_to_xlsx_and_parquet(study_path, tmp_path, capsys, suffix):
    run(capsys, "import", study_path, DEMO / "s01-withdrawal.vtt", "--session", "s01")
    _code_some(study_path)
    out = tmp_path / f"codes{suffix}"
    assert run(capsys, "export", study_path, "-o", out)[0] == 0
    frame = pd.read_excel(out) if suffix == ".xlsx" else pd.read_parquet(out)
    assert len(frame) == 51
    assert pd.api.types.is_numeric_dtype(frame["value"])
    assert set(frame["rater"]) == {"ann", "bob"}


def test_export_segments_and_utterances(study_path, tmp_path, capsys):
    run(capsys, "import", study_path, DEMO / "s02-confrontation.srt", "--session", "s02")
    out = tmp_path / "u.csv"
    assert run(capsys, "export", study_path, "--what", "utterances", "-o", out)[0] == 0
    utterances = pd.read_csv(out)
    assert len(utterances) == 85 and set(utterances["speaker"]) == {"Therapist", "Client"}
    assert (utterances["segment_index"] == (utterances["start"] // 300)).all()
    out = tmp_path / "g.csv"
    assert run(capsys, "export", study_path, "--what", "segments", "-o", out)[0] == 0
    assert list(pd.read_csv(out)["segment_index"]) == [0, 1, 2]
    status, _, err = run(capsys, "export", study_path, "-o", tmp_path / "codes.txt")
    assert_user_error(status, err, "codes.txt", "--format")


def test_demo_builds_once_and_keeps_codes(tmp_path, capsys):
    path = tmp_path / "demo.observer"
    status, out, _ = run(capsys, "demo", "--study", path, "--no-open")
    assert status == 0 and out.startswith("built") and "s01 (4 segments)" in out
    with Study.open(path) as study:
        study.for_rater("me").set_value("s01", 0, "wd_denial", 1)
    status, out, _ = run(capsys, "demo", "--study", path, "--no-open")
    assert out.startswith("opened")
    with Study.open(path) as study:
        assert len(study.codes()) == 1
    run(capsys, "demo", "--study", path, "--no-open", "--reset")
    with Study.open(path) as study:
        assert study.codes() == []


def test_summary_and_summary_export(study_path, tmp_path, capsys):
    run(capsys, "import", study_path, DEMO / "s01-withdrawal.vtt", "--session", "s01")
    _code_some(study_path)
    status, out, _ = run(capsys, "summary", study_path, "--session", "s01", "--rater", "ann", "--format", "json")
    assert status == 0
    import json

    result = json.loads(out)
    (ann,) = result["sessions"]
    assert ann["withdrawal_segments"] == 2 and ann["withdrawal_peak_significance"] == 4
    out_file = tmp_path / "summary.csv"
    assert run(capsys, "export", study_path, "--what", "summary", "-o", out_file)[0] == 0
    frame = pd.read_csv(out_file)
    assert set(frame["rater"]) == {"ann", "bob"}
    status, _, err = run(capsys, "summary", study_path, "--session", "nope")
    assert_user_error(status, err, "'nope'")
