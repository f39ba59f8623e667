"""Codes between machines: segment notes travel, old files never overwrite newer work, repeats record nothing."""

from __future__ import annotations

import pandas as pd
import pytest

from observer.cli import main
from observer.store import Study
from conftest import make_session

FORMULA_NOTE = "=the client said \"it's fine\" twice"


@pytest.fixture
def coded(study):
    """ann codes s1: a complete segment 0 with a note on it, an item note, a session-level note; bob one value."""
    ann = study.for_rater("ann")
    ann.set_value("s1", 0, "wd_minimal", 1)
    ann.set_value("s1", 0, "wd_significance", 2)
    ann.set_note("s1", 0, "wd_minimal", FORMULA_NOTE)
    ann.set_evidence("s1", 0, "wd_minimal", [1, 2])
    ann.set_complete("s1", 0)
    ann.set_unit_note("s1", 0, "long silence at the start,\nthen short answers")
    ann.set_unit_note("s1", None, "-tired today")
    study.for_rater("bob").set_value("s1", 1, "wd_shift", 1)
    return study


def fresh_copy(tmp_path, mini_scheme, name: str = "laptop.observer") -> Study:
    other = Study.create(tmp_path / name, mini_scheme)
    other.add_sessions([make_session("s1"), make_session("s2")])
    return other


def export(study: Study, path) -> pd.DataFrame:
    assert main(["export", study.location, "-o", str(path)]) == 0
    return pd.read_csv(path, keep_default_na=False, dtype=str)


def test_segment_notes_are_rows_without_an_item_and_carry_a_segment_number(coded, tmp_path, capsys):
    codes = export(coded, tmp_path / "codes.csv")
    assert list(codes.columns[:3]) == ["session_id", "segment_index", "segment"]
    notes = codes[codes["item"] == ""]
    assert notes[["segment_index", "segment", "rater", "value", "note"]].values.tolist() == [
        ["0", "1", "ann", "", "long silence at the start,\nthen short answers"],
        ["", "", "ann", "", "'-tired today"],  # the CSV keeps a spreadsheet from reading it as a formula
    ]
    assert (codes.loc[codes["segment_index"] != "", "segment"].astype(int)
            == codes.loc[codes["segment_index"] != "", "segment_index"].astype(int) + 1).all()


def test_codes_with_their_notes_move_to_another_machine_and_back_unchanged(coded, tmp_path, mini_scheme, capsys):
    first = tmp_path / "codes.csv"
    export(coded, first)
    laptop = fresh_copy(tmp_path, mini_scheme)
    assert main(["codes", "import", laptop.location, str(first)]) == 0
    assert "(2 unit notes)" in capsys.readouterr().out
    states = {(s, g, r): n for s, g, r, _done, n in laptop.unit_notes()}
    assert states[("s1", 0, "ann")] == "long silence at the start,\nthen short answers"
    assert states[("s1", None, "ann")] == "-tired today"  # the protecting apostrophe is taken off again
    assert [c.note for c in laptop.codes("s1", "ann") if c.item == "wd_minimal"] == [FORMULA_NOTE]
    second = tmp_path / "codes-laptop.csv"
    export(laptop, second)
    assert second.read_text() == first.read_text()  # times of notes and completions included


def test_importing_the_same_file_again_records_nothing(coded, tmp_path, capsys):
    path = tmp_path / "codes.csv"
    export(coded, path)
    before = coded.history()
    assert main(["codes", "import", coded.location, str(path)]) == 0
    assert "nothing recorded" in capsys.readouterr().out
    assert coded.history() == before


def test_an_old_file_never_overwrites_newer_work_without_overwrite(coded, tmp_path, capsys):
    path = tmp_path / "codes.csv"
    export(coded, path)
    ann = coded.for_rater("ann")
    ann.set_value("s1", 0, "wd_significance", 3)  # changed after the export
    ann.set_unit_note("s1", 0, "rewritten after review")
    before = coded.history()
    assert main(["codes", "import", coded.location, str(path)]) == 2
    err = capsys.readouterr().err
    assert "wd_significance of ann in session s1, segment 1 was changed at" in err
    assert "the note of ann in session s1, segment 1 was changed at" in err
    assert "--overwrite" in err and coded.history() == before

    assert main(["codes", "import", coded.location, str(path), "--overwrite"]) == 0
    assert [c.value for c in coded.codes("s1", "ann") if c.item == "wd_significance"] == [2]
    replaced = [e for e in coded.history() if e.action == "import"]
    assert [(e.item, e.old.get("value", e.old.get("note")), e.new.get("value", e.new.get("note"))) for e in replaced] \
        == [("wd_significance", 3, 2), ("", "rewritten after review", "long silence at the start,\nthen short answers")]


def test_a_newer_file_updates_without_overwrite(coded, tmp_path, capsys):
    path = tmp_path / "codes.csv"
    codes = export(coded, path)
    row = (codes["item"] == "wd_significance") & (codes["rater"] == "ann")
    codes.loc[row, "value"] = "3"
    codes.loc[row, "coded_at"] = pd.Timestamp.now(tz="UTC").isoformat()  # later than the study's value
    codes.to_csv(path, index=False)
    assert main(["codes", "import", coded.location, str(path)]) == 0, capsys.readouterr().err
    assert "1 change recorded" in capsys.readouterr().out
    assert [c.value for c in coded.codes("s1", "ann") if c.item == "wd_significance"] == [3]


def test_zeros_for_unmarked_markers_of_a_complete_unit_change_nothing(coded, tmp_path, capsys):
    codes = export(coded, tmp_path / "codes.csv")
    zero = codes[(codes["item"] == "wd_shift") & (codes["rater"] == "ann") & (codes["segment_index"] == "0")]
    assert zero["value"].tolist() == ["0"]  # exported as an explicit 0: ann saw the segment and no such marker
    assert main(["codes", "import", coded.location, str(tmp_path / "codes.csv")]) == 0
    assert ("s1", 0, "ann", "wd_shift") not in {(c.session_id, c.segment, c.rater, c.item) for c in coded.codes()}


def test_a_row_may_give_the_segment_from_one(study, tmp_path, capsys):
    path = tmp_path / "codes.csv"
    path.write_text("session_id,segment_index,segment,rater,item,value\ns1,2,3,cy,wd_shift,1\n")
    assert main(["codes", "import", study.location, str(path)]) == 0
    assert [(c.segment, c.item) for c in study.codes("s1", "cy")] == [(2, "wd_shift")]


def test_an_old_file_never_completes_again_a_segment_reopened_since(coded, tmp_path, capsys):
    path = tmp_path / "codes.csv"
    codes = export(coded, path)
    codes[codes["item"] != ""].to_csv(path, index=False)  # values only: the note is not what is at stake here
    coded.for_rater("ann").set_complete("s1", 0, False)  # ann reopens segment 1 to look again
    assert main(["codes", "import", coded.location, str(path)]) == 2
    err = capsys.readouterr().err
    assert "ann's session s1, segment 1 is open and changed at" in err and "--overwrite" in err
    assert main(["codes", "import", coded.location, str(path), "--overwrite"]) == 0
    assert coded.completed_units("s1")[("s1", "ann")].keys() == {0}
