"""`observer history`: every change, who, when, where, old and new, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

from observer.cli import main


@pytest.fixture
def changed(study, tmp_path):
    ann = study.for_rater("ann")
    ann.set_value("s1", 0, "wd_minimal", 1)
    ann.set_value("s1", 0, "wd_significance", 2)
    ann.set_complete("s1", 0)
    ann.set_value("s1", 1, "wd_shift", 1)
    ann.undo("s1")
    study.for_rater("bob").set_note("s2", None, "gl_resolved", "asked twice")
    codes = tmp_path / "codes.csv"
    codes.write_text("session_id,segment_index,rater,item,value\ns2,1,cy,wd_shift,1\n")
    assert main(["codes", "import", str(study.target), str(codes)]) == 0
    return study


def _history(study, capsys, *args: str) -> str:
    capsys.readouterr()
    assert main(["history", str(study.target), *args]) == 0
    return capsys.readouterr().out


def test_json_lists_every_change_with_who_when_where_old_and_new(changed, capsys):
    rows = json.loads(_history(changed, capsys, "--format", "json"))
    assert [(r["rater"], r["action"], r["item"]) for r in rows] == [
        ("ann", "set", "wd_minimal"), ("ann", "set", "wd_significance"), ("ann", "set", ""),
        ("ann", "set", "wd_shift"), ("ann", "undo", "wd_shift"), ("bob", "set", "gl_resolved"),
        ("cy", "import", "wd_shift")]
    undo = rows[4]
    assert (undo["session_id"], undo["segment_index"], undo["old"]["value"], undo["new"]) == ("s1", 1, 1, {})
    assert undo["target"] == rows[3]["id"]
    assert rows[5]["segment_index"] is None and rows[5]["new"]["note"] == "asked twice"
    assert rows[2]["old"] == {"complete": False, "note": ""} and rows[2]["new"]["complete"] is True
    assert all(r["at"][:4].isdigit() and ("+" in r["at"][19:] or r["at"].endswith("Z")) for r in rows)


def test_filters_by_session_and_rater(changed, capsys):
    rows = json.loads(_history(changed, capsys, "--format", "json", "--session", "s2", "--rater", "bob"))
    assert [(r["rater"], r["session_id"]) for r in rows] == [("bob", "s2")]


def test_csv_has_one_row_per_change_with_json_states(changed, capsys):
    rows = list(csv.DictReader(io.StringIO(_history(changed, capsys, "--format", "csv"))))
    assert len(rows) == 7 and list(rows[0]) == ["id", "at", "rater", "session_id", "segment_index", "item",
                                               "action", "target", "old", "new", "decided_by", "reason"]
    assert json.loads(rows[0]["new"])["value"] == 1 and rows[5]["segment_index"] == ""


def test_the_table_reads_old_to_new(changed, capsys):
    out = _history(changed, capsys, "--rater", "ann")
    assert "old -> new" in out.splitlines()[0]
    assert any(line.split()[-5:] == ["wd_shift", "undo", "1", "->", "-"] for line in out.splitlines())
    assert "(unit)" in out and "open -> complete" in out
    assert "bob" not in out


def test_an_unknown_rater_or_session_is_a_clear_error(changed, capsys):
    assert main(["history", str(changed.target), "--rater", "zed"]) == 2
    assert "Known raters: ann, bob, cy" in capsys.readouterr().err
    assert main(["history", str(changed.target), "--session", "s9"]) == 2
    assert "no session 's9'" in capsys.readouterr().err


def test_a_study_without_changes_says_so(study, capsys):
    assert "no changes recorded" in _history(study, capsys)


def test_consensus_changes_say_who_decided_and_why(changed, capsys):
    changed.record_consensus("s1", 0, "wd_minimal", 1, reason="long silences on the recording", decided_by="sue")
    rows = json.loads(_history(changed, capsys, "--format", "json", "--rater", "consensus"))
    assert [(r["decided_by"], r["reason"]) for r in rows] == [("sue", "long silences on the recording")]
    table = _history(changed, capsys, "--rater", "consensus")
    assert "sue: long silences on the recording" in table
