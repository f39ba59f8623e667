"""Exports and command-line text cannot hurt their reader: no live formulas, no control codes, no raw escapes."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pandas as pd
import pytest

from observer.cli import main
from observer.store import NewSession, SessionInfo, StoredUtterance
from observer.tables import csv_restored, csv_text, format_table, json_text, sheet_text, terminal_text

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "\tleading tab", "\rleading return", "'quoted already"]
ESCAPE = "\x1b[2J\x1b[31mred"  # clears a terminal and turns it red
NUL = "before\x00after"


@pytest.mark.parametrize("text", HOSTILE + ["plain", "", "-1", "+2.5", "-", "'", "''x", "=", "a=b"])
def test_csv_cells_are_neutralised_and_restored_exactly(text):
    written = csv_text(text)
    assert not written.startswith(("=", "+", "@", "\t", "\r")) or written in ("+2.5",)
    if written.startswith("-"):
        assert written in ("-1",)  # a plain number stays a number
    assert csv_restored(written) == text


def test_numbers_stay_numbers_and_text_that_reads_as_a_number_stays_as_it_is():
    assert [csv_text(t) for t in ("-1", "+2.5", "3", ".5")] == ["-1", "+2.5", "3", ".5"]
    assert [csv_text(t) for t in ("-1+2", "-x", "+")] == ["'-1+2", "'-x", "'+"]


def test_control_characters_leave_sheets_but_tabs_and_line_breaks_stay():
    assert sheet_text(NUL) == "before\ufffdafter"
    assert sheet_text(ESCAPE) == "\ufffd[2J\ufffd[31mred"
    assert sheet_text("line one\nline two\ttab") == "line one\nline two\ttab"


def test_terminal_text_shows_escapes_instead_of_running_them():
    assert terminal_text(ESCAPE) == "\\x1b[2J\\x1b[31mred"
    assert terminal_text("ann\u202eevil") == "ann\\u202eevil"
    assert terminal_text("two\nlines") == "two\\nlines"
    assert terminal_text("Zoë 李明 ok") == "Zoë 李明 ok"
    table = format_table(["rater"], [[ESCAPE], ["ann"]])
    assert "\x1b" not in table and "\\x1b[2J" in table
    document = json_text({"name": "x\x9b\u202ey"})
    assert json.loads(document) == {"name": "x\x9b\u202ey"} and document.isprintable()


@pytest.fixture
def hostile_study(study, backend):
    """A study whose session, speaker, rater and notes hold formulas, escapes and a NUL (a BEL in PostgreSQL,
    whose text cannot hold a NUL)."""
    control = NUL if backend == "sqlite" else "ring\x07bell"
    utterances = [StoredUtterance(i, i * 10.0, i * 10.0 + 8, HOSTILE[i % len(HOSTILE)], f"said {control} {ESCAPE}",
                                  int(i * 10 // 60)) for i in range(12)]
    study.add_sessions([NewSession(SessionInfo(id="=cmd()", duration=120.0, therapist="@T", client="-C1"),
                                   utterances, [(0.0, 60.0), (60.0, 120.0)])])
    rater = study.for_rater("+rater")
    rater.set_value("=cmd()", 0, "wd_minimal", 1)
    rater.set_note("=cmd()", 0, "wd_minimal", HOSTILE[0] + " " + ESCAPE)
    rater.set_unit_note("=cmd()", 0, "@note " + control)
    rater.set_value("s1", 0, "wd_minimal", 1)
    return study


@pytest.mark.parametrize("what", ["codes", "utterances", "segments", "sessions", "summary"])
def test_every_csv_export_is_formula_safe_and_free_of_control_characters(hostile_study, tmp_path, capsys, what):
    out = tmp_path / f"{what}.csv"
    assert main(["export", hostile_study.location, "--what", what, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert not {"\x00", "\x07", "\x1b"} & set(text)
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (what, cell)
            assert not cell.startswith("-") or cell.lstrip("-").replace(".", "", 1).isdigit(), (what, cell)


@pytest.mark.parametrize("what", ["codes", "utterances", "segments", "sessions"])
def test_every_xlsx_export_writes_text_as_text_and_never_crashes_on_a_nul(hostile_study, tmp_path, capsys, what):
    out = tmp_path / f"{what}.xlsx"
    assert main(["export", hostile_study.location, "--what", what, "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere
    frame = pd.read_excel(out)
    texts = {str(v) for v in frame.astype(object).to_numpy().ravel() if isinstance(v, str)}
    assert any(t.startswith("=") for t in texts) or what == "segments"  # kept as typed, as text
    assert not any({"\x00", "\x07", "\x1b"} & set(t) for t in texts)


def test_the_value_column_stays_numeric_in_xlsx_and_csv(hostile_study, tmp_path, capsys):
    assert main(["export", hostile_study.location, "-o", str(tmp_path / "c.xlsx")]) == 0
    assert main(["export", hostile_study.location, "-o", str(tmp_path / "c.csv")]) == 0
    assert pd.api.types.is_numeric_dtype(pd.read_excel(tmp_path / "c.xlsx")["value"])
    assert pd.api.types.is_numeric_dtype(pd.read_csv(tmp_path / "c.csv")["value"])


@pytest.mark.parametrize("command", [
    ["history", "{study}", "--format", "csv"],
    ["summary", "{study}", "--format", "csv"],
])
def test_the_csv_the_command_line_prints_is_formula_safe(hostile_study, capsys, command):
    assert main([part.format(study=hostile_study.location) for part in command]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x00" not in out
    for row in csv.reader(io.StringIO(out, newline="")):
        assert not any(cell.startswith(("=", "+", "@", "\t")) for cell in row), row


@pytest.mark.parametrize("command", [
    ["history", "{study}"], ["history", "{study}", "--format", "json"], ["sessions", "{study}"],
    ["summary", "{study}"], ["summary", "{study}", "--session", "=cmd()"], ["summary", "{study}", "--format", "json"],
    ["assign", "{study}", "--raters", "ann,bob"],
])
def test_text_from_users_never_reaches_the_terminal_raw(hostile_study, capsys, command):
    hostile_study.for_rater("ann").set_note("s1", 0, "wd_minimal", ESCAPE + "\u202e\x07")
    assert main([part.format(study=hostile_study.location) for part in command]) == 0
    out, err = capsys.readouterr()
    for text in (out, err):
        assert not {"\x1b", "\x00", "\x07", "\u202e"} & set(text), command


def test_an_error_message_never_carries_a_raw_escape(study, capsys):
    assert main(["history", study.location, "--session", "s\x1b[2J"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and err.count("\n") == 1
