"""`observer reliability` on the command line: the paper table, --detail, --incomplete, --disagreements, plan."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest

from observer.store import Study
from test_cli import DEMO, assert_user_error, run


@pytest.fixture
def coded(tmp_path, capsys) -> Path:
    """The demo's s01 (4 segments) coded by ann and bob; bob left segment 4 unfinished with a marker entered.

    ann marks minimal response in segments 1-2, bob in 2-3, both with significance 3.
    """
    path = tmp_path / "study.observer"
    assert run(capsys, "init", path, "--scheme", "3rs-2015")[0] == 0
    assert run(capsys, "import", path, DEMO / "s01-withdrawal.vtt", "--session", "s01")[0] == 0
    with Study.open(path) as study:
        for rater, marked in (("ann", {0, 1}), ("bob", {1, 2})):
            view = study.for_rater(rater)
            for segment in range(4):
                if segment in marked:
                    view.set_value("s01", segment, "wd_minimal_response", 1)
                    view.set_value("s01", segment, "wd_significance", 3)
                if rater == "ann" or segment < 3:
                    view.set_complete("s01", segment)
        study.for_rater("bob").set_value("s01", 3, "wd_denial", 1)
    return path


def test_a_generic_table(tmp_path, capsys):
    table = tmp_path / "ratings.csv"
    table.write_text("unit,rater,value\n1,a,1\n1,b,1\n2,a,2\n2,b,3\n3,a,3\n3,b,3\n")
    status, _, err = run(capsys, "reliability", table)
    assert_user_error(status, err, "ratings.csv", "--level")
    status, out, _ = run(capsys, "reliability", table, "--level", "ordinal", "--boot", "0", "--format", "json")
    assert status == 0
    rows = {(r["scope"], r["statistic"]): r for r in json.loads(out)["rows"]}
    # Two raters, units (1,1), (2,3), (3,3): quadratic-weighted kappa over categories 1-3 is 0.8.
    assert rows[("item", "cohen_kappa_quadratic")]["value"] == pytest.approx(0.8)
    assert rows[("item", "percent_agreement")]["value"] == pytest.approx(2 / 3)
    status, out, _ = run(capsys, "reliability", table, "--level", "ordinal", "--seed", "1")
    assert status == 0 and "Ratings (ordinal)" in out and "3 units, raters a, b" in out


def test_the_default_table_is_the_papers_and_fits_100_columns(coded, capsys):
    status, out, _ = run(capsys, "reliability", coded, "--seed", "3", "--boot", "200")
    assert status == 0
    lines = out.splitlines()
    assert max(map(len, lines)) <= 100
    assert lines[0] == ("Inter-rater reliability: 1 session, 4 segments (3 coded by two or more raters), "
                        "raters ann, bob")
    assert "95% intervals: unit bootstrap, BCa, 200 resamples, seed 3" in lines[1]
    for title in ("Marker presence per segment (nominal)", "Segment ratings (each at its scale's level)"):
        assert title in lines
    # one session: no session statistic is defined, so that section is not shown, its targets are named
    assert "Session aggregates and session ratings (units: sessions)" not in lines
    withdrawal = next(line for line in lines if line.startswith("withdrawal (any)"))
    # of the 3 segments bob completed (segment 4 is left out) they agree on segment 2 only: .33
    assert withdrawal.split()[2:4] == ["3", ".33"]
    assert "confrontation (any)" in out  # percent agreement and AC1 are defined: nobody marked any
    assert "wd_denial" not in out  # single markers are --detail
    hidden = out.split("Not listed, no statistic defined:")[1]
    assert "cf_significance, resolution (10 pooled), withdrawal_segments" in hidden
    assert "Left out as incomplete: 1 segment (bob 1)" in out
    assert len(lines) < 40


def test_detail_lists_every_row_and_undefined_ones_on_request(coded, capsys):
    status, detail, _ = run(capsys, "reliability", coded, "--detail", "--boot", "100", "--seed", "1")
    assert status == 0
    line = next(x for x in detail.splitlines() if "wd_minimal_response" in x and "percent_agreement" in x)
    assert "0.333" in line and " bca " in line  # segments 1-3: agree on 2 only (segment 4: bob unfinished)
    assert " pair " in detail and " session " in detail
    assert "rows with no value not listed (--undefined lists them)." in detail
    status, listed, _ = run(capsys, "reliability", coded, "--detail", "--undefined", "--boot", "100", "--seed", "1")
    assert len(listed.splitlines()) > len(detail.splitlines()) and "undefined: " in listed


def test_incomplete_and_disagreements_count_segments_from_one(coded, capsys):
    status, out, _ = run(capsys, "reliability", coded, "--boot", "0", "--incomplete", "--disagreements", "5")
    assert status == 0
    listing = out.split("Units left out as incomplete (2; segments counted from 1)")[1].splitlines()
    assert listing[3].split()[:5] == ["segment", "s01", "4", "bob", "1"]
    assert "segment 4 not complete (3 of 4 complete)" in listing[4]
    table = out.split("Largest disagreements (2 shown; segments counted from 1)")[1].splitlines()
    # minimal response: ann 1 / bob 0 in segment 1, ann 0 / bob 1 in segment 3 (0-based 0 and 2)
    assert [line.split()[:5] for line in table[3:5]] == [["s01", "1", "wd_minimal_response", "1", "0"],
                                                          ["s01", "3", "wd_minimal_response", "0", "1"]]


def test_json_and_csv_carry_every_row_the_left_out_units_and_the_interval_method(coded, capsys):
    status, out, _ = run(capsys, "reliability", coded, "--format", "json", "--boot", "100", "--seed", "2",
                         "--ci-method", "kalpha")
    report = json.loads(out)
    assert status == 0 and {r["scope"] for r in report["rows"]} == {"item", "group", "pair", "session"}
    assert report["left_out"][0] == {"level": "segment", "session_id": "s01", "segment_index": 3, "segment": 4,
                                     "rater": "bob", "values": 1, "reason": "not marked complete"}
    methods = {r["statistic"]: r["ci_method"] for r in report["rows"] if r["value"] is not None}
    assert methods["alpha_nominal"] == "kalpha" and methods["percent_agreement"] == "bca"
    assert report["settings"]["ci_method"] == "kalpha"
    status, out, _ = run(capsys, "reliability", coded, "--format", "csv", "--boot", "0", "--ci-method", "gwet")
    frame = pd.read_csv(StringIO(out))
    assert "ci_method" in frame.columns
    assert set(frame.loc[frame["statistic"] == "cohen_kappa", "ci_method"].dropna()) == {"gwet"}
    assert frame.loc[frame["statistic"] == "alpha_nominal", "ci_method"].isna().all()  # --boot 0: no bootstrap


def test_methods_paragraph_names_the_interval_method_and_the_icc_convention(coded, capsys):
    status, out, _ = run(capsys, "reliability", coded, "--boot", "100", "--seed", "3", "--methods")
    assert status == 0
    for needed in ("1 segment and 1 session's aggregates were left out as incomplete",
                   "bootstrap resamples of units", "Hesterberg (2015)", "Shrout and Fleiss (1979)",
                   "R's irr package builds the ICC(2,k) interval differently"):
        assert needed in out


def test_plan_answers_in_segments_and_says_how_to_assign(capsys):
    status, out, _ = run(capsys, "reliability", "plan", "--alpha", "0.7", "--half-width", "0.1", "--raters", "2",
                         "--level", "ordinal", "--studies", "60", "--boot", "200", "--segments-per-session", "10")
    assert status == 0
    lines = out.splitlines()
    assert max(map(len, lines)) <= 100
    assert lines[0] == "Planning alpha's 95% interval: expected alpha .70, 2 raters per unit,"
    assert lines[1].startswith("  ordinal (a 1-5 rating")
    needed = int(lines[2].split(": ")[1].split()[0])
    assert 60 < needed < 300
    assert f"observer assign STUDY --raters A,B,... --double {needed}segments" in out
    assert f"In sessions of 10 segments: {-(-needed // 10)} sessions" in out
    status, again, _ = run(capsys, "reliability", "plan", "--alpha", "0.7", "--half-width", "0.1", "--raters", "2",
                           "--level", "ordinal", "--studies", "60", "--boot", "200", "--format", "json")
    assert json.loads(again)["n_units"] == needed  # the same seed, the same answer


@pytest.mark.parametrize(("argv", "needles"), [
    (["plan", "--alpha", "0.7"], ["planning needs --half-width, --raters"]),
    (["plan", "--alpha", "1.3", "--half-width", "0.1", "--raters", "2"], ["between 0 and 1"]),
    (["plan", "--alpha", "0.7", "--half-width", "0.1", "--raters", "1"], ["at least two raters"]),
    (["plan", "--alpha", "0.7", "--half-width", "0.001", "--raters", "2"], ["more than 100,000 units"]),
])
def test_plan_refuses_what_it_cannot_answer(capsys, argv, needles):
    status, _, err = run(capsys, "reliability", *argv)
    assert_user_error(status, err, *needles)


def test_planning_options_without_plan_are_refused(coded, capsys):
    status, _, err = run(capsys, "reliability", coded, "--alpha", "0.7")
    assert_user_error(status, err, "--alpha belong to planning", "observer reliability plan")


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_names_from_a_table_never_reach_the_terminal_or_a_sheet_as_codes(tmp_path, capsys, fmt):
    table = tmp_path / "ratings.csv"
    hostile = "zed\x1b[2J\x1b]0;owned\x07"
    pd.DataFrame({"unit": [1, 1, 2, 2, 3, 3], "rater": [hostile, "=cmd|' /C calc'!A0"] * 3,
                  "value": [1, 1, 2, 3, 3, 3]}).to_csv(table, index=False)
    status, out, _ = run(capsys, "reliability", table, "--level", "ordinal", "--detail", "--by", "pair",
                         "--boot", "0", "--format", fmt)
    assert status == 0
    assert "\x1b" not in out and "\x07" not in out
    if fmt == "csv":  # the pair "=cmd... & zed..." would run as a formula: it starts with an apostrophe
        cells = [cell for row in csv.reader(StringIO(out)) for cell in row]
        assert any(cell.startswith("'=cmd") for cell in cells)
        assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
