"""The supervisor's commands end to end: assign, sessions, consensus, summary on consensus, master, calibrate, drift."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from observer.cli import main
from observer.store import Study

DEMO = Path(__file__).parents[1] / "observer" / "data" / "demo"
GLOBALS = {(None, "gl_therapist_contribution"): 2, (None, "gl_resolution_extent"): 3}


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_user_error(status: int, err: str, *needles: str) -> None:
    assert status == 2 and err.startswith("observer: error: ") and err.count("\n") == 1, err
    for needle in needles:
        assert needle in err, err


def code(path: Path, rater: str, session: str, values: dict) -> None:
    """What a rater does in the coding screen: values, then every unit marked complete."""
    with Study.open(path) as study:
        view = study.for_rater(rater)
        for (segment, item), value in values.items():
            view.set_value(session, segment, item, value)
        for segment in [s.index for s in study.segments(session)] + [None]:
            view.set_complete(session, segment)


@pytest.fixture
def study_path(new_location, capsys) -> Path | str:
    path = new_location("study")
    assert run(capsys, "init", path, "--scheme", "3rs-2015")[0] == 0
    for name, session, therapist in (("s01-withdrawal.vtt", "s01", "T1"), ("s02-confrontation.srt", "s02", "T2"),
                                     ("s03-physio.csv", "s03", "T1")):
        assert run(capsys, "import", path, DEMO / name, "--session", session, "--therapist", therapist)[0] == 0
    return path


def test_assign_prints_the_loads_and_the_seed_and_sessions_shows_them(study_path, capsys):
    status, out, _ = run(capsys, "assign", study_path, "--raters", "ann,bob", "--double", "0.34", "--seed", "7")
    assert status == 0
    assert "assigned 3 sessions (seed 7; 1 double-coded)" in out and "--seed 7" in out
    status, out, _ = run(capsys, "sessions", study_path)
    lines = out.splitlines()
    assert lines[0].split()[7:10] == ["assigned", "double", "progress"]
    assert sum("yes" in line.split() for line in lines) == 1  # one double-coded session
    assert any(line.split()[:2] == ["rater", "assigned"] for line in lines)
    status, _, err = run(capsys, "assign", study_path, "--raters", "ann,bob")
    assert_user_error(status, err, "3 sessions are already assigned (the latest on ", ", seed 7)", "--new", "--force")


def test_the_supervisor_walk_end_to_end(study_path, capsys):
    assert run(capsys, "assign", study_path, "--raters", "ann,bob", "--double", "1", "--seed", "1")[0] == 0
    ann = {(0, "wd_minimal_response"): 1, (0, "wd_significance"): 3, (1, "wd_denial"): 1, (1, "wd_significance"): 2,
           **GLOBALS}
    bob = {(0, "wd_minimal_response"): 1, (0, "wd_significance"): 4, **GLOBALS}
    code(study_path, "ann", "s01", ann)
    code(study_path, "bob", "s01", bob)

    status, out, _ = run(capsys, "consensus", study_path, "--session", "s01", "--list")
    assert status == 0 and "3 disagreements between ann, bob, 3 pending" in out
    with Study.open(study_path) as study:
        assert study.codes("s01", "consensus") == []  # --list only reads

    status, _, err = run(capsys, "consensus", study_path, "--session", "s01", "--as", "sue",
                         "--decide", "1", "wd_significance", "4")
    assert_user_error(status, err, "needs a reason")
    status, out, _ = run(capsys, "consensus", study_path, "--session", "s01", "--list")
    assert [line.split()[:2] for line in out.splitlines() if "pending" in line and "wd_" in line] == [
        ["1", "wd_significance"], ["2", "wd_denial"], ["2", "wd_significance"]]  # segments as the coder numbers them
    status, _, err = run(capsys, "consensus", study_path, "--session", "s01", "--as", "sue",
                         "--decide", "0", "wd_significance", "4", "--reason", "r")
    assert_user_error(status, err, "'0' is not a segment number", "from 1")
    for segment, item, value, reason in (("1", "wd_significance", "4", "long silences after the homework question"),
                                         ("2", "wd_denial", "0", "the client names the worry openly"),
                                         ("2", "wd_significance", "-", "no marker left, so no significance")):
        status, out, _ = run(capsys, "consensus", study_path, "--session", "s01", "--as", "sue",
                             "--decide", segment, item, value, "--reason", reason)
        assert status == 0, out
        assert f"at segment {segment}, decided by sue" in out
    assert "0 pending; consensus complete in 5 of 5 units" in out
    with Study.open(study_path) as study:
        decided = study.consensus_decisions("s01")
    assert [(d.item, d.value, d.decided_by) for d in decided if not d.reason.startswith("agreed")] == [
        ("wd_significance", 4, "sue"), ("wd_denial", 0, "sue"), ("wd_significance", None, "sue")]

    status, out, _ = run(capsys, "summary", study_path, "--session", "s01", "--rater", "consensus", "--format", "json")
    assert status == 0 and json.loads(out)

    assert run(capsys, "master", study_path, "--sessions", "s01", "--from", "consensus")[0] == 0
    status, out, _ = run(capsys, "master", study_path)
    assert "s01" in out and "consensus" in out
    code(study_path, "cem", "s01", {(0, "wd_minimal_response"): 1, (0, "wd_significance"): 4, **GLOBALS})
    status, out, _ = run(capsys, "calibrate", study_path, "--trainee", "cem")
    assert status == 0 and "Calibration of cem against master codes of s01 (consensus)" in out
    assert "verdict:" in out
    status, out, _ = run(capsys, "calibrate", study_path, "--trainee", "cem", "--format", "json")
    result = json.loads(out)
    assert result["verdict"] in ("pass", "fail", "undefined") and result["thresholds"]["kappa"] == 0.6
    status, out, _ = run(capsys, "calibrate", study_path, "--set-threshold", "kappa=0.7")
    assert status == 0 and "kappa 0.7" in out

    status, out, _ = run(capsys, "drift", study_path, "--against", "master")
    assert status == 0 and "cem" in out and "ann" in out and "flags: below" in out
    status, out, _ = run(capsys, "drift", study_path, "--against", "others", "--format", "csv")
    assert status == 0 and out.startswith("rater,period,")


def test_user_errors_are_one_line(study_path, capsys):
    status, _, err = run(capsys, "calibrate", study_path, "--trainee", "cem")
    assert_user_error(status, err, "no master sessions", "observer master")
    status, _, err = run(capsys, "drift", study_path)
    assert_user_error(status, err, "no master sessions")
    status, _, err = run(capsys, "consensus", study_path, "--session", "s01", "--list")
    assert_user_error(status, err, "coded by nobody yet")
    status, _, err = run(capsys, "consensus", study_path, "--session", "s01", "--adopt")
    assert_user_error(status, err, "--as NAME")
    status, _, err = run(capsys, "master", study_path, "--sessions", "s01")
    assert_user_error(status, err, "--from")
    status, _, err = run(capsys, "master", study_path, "--clear")
    assert_user_error(status, err, "--sessions")
    status, _, err = run(capsys, "master", study_path, "--sessions", "s01", "--from", "ann")
    assert_user_error(status, err, "ann has no codes in session(s) s01")
    status, _, err = run(capsys, "calibrate", study_path, "--set-threshold", "kappa=2")
    assert_user_error(status, err, "at most 1")
    status, _, err = run(capsys, "assign", study_path, "--raters", "ann", "--double", "0.5")
    assert_user_error(status, err, "at least two raters")


def test_consensus_without_list_or_decide_opens_the_screen(study_path, capsys, monkeypatch):
    from observer.tui import consensus_app

    opened = []
    monkeypatch.setattr(consensus_app.ConsensusApp, "run", lambda app: opened.append(app.walk.session_id))
    code(study_path, "ann", "s02", GLOBALS)
    code(study_path, "bob", "s02", GLOBALS)
    status, _, err = run(capsys, "consensus", study_path, "--session", "s02")
    assert_user_error(status, err, "--as NAME")
    assert run(capsys, "consensus", study_path, "--session", "s02", "--as", "sue")[0] == 0
    assert opened == ["s02"]


def test_the_supervision_package_loads_neither_textual_nor_pandas():
    import subprocess
    import sys

    code_ = "import sys, observer.supervision; print('textual' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code_], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
