"""The review app driven with Pilot: the reliability table, the disagreements behind a row, a segment side by side."""

from __future__ import annotations

import pytest
from test_tui_support import build_study, pilot_test

from observer.cli import main
from observer.reliability import disagreements, study_report
from observer.store import Study
from observer.store.frames import codes_frame
from observer.tui.review_app import ReviewApp
from observer.tui.screens.review import BELOW, ReportTable, ReviewScreen
from observer.tui.screens.review_disagreements import DisagreementsScreen
from observer.tui.screens.review_segment import SegmentReviewScreen
from observer.tui.screens.summary import SummaryScreen
from observer.tui.widgets.rater_codes import RaterCodes
from observer.tui.widgets.transcript import TranscriptView
from textual.widgets import DataTable, ProgressBar, Static
from textual.worker import WorkerFailed

from conftest import code_units

SIZE = (140, 40)


code = code_units

GLOBALS = {(None, "gl_therapist_contribution"): 2, (None, "gl_resolution_extent"): 3}


def double_coded(tmp_path):
    """ann and bob on s1 and s2: they differ on withdrawal significance in both sessions (2 vs 4, 2 vs 3),
    on a minimal response in s1's second segment and on the extent of resolution in s2; bob notes and
    anchors his reading."""
    path = build_study(tmp_path)
    code(path, "ann", "s1", {(0, "wd_denial"): 1, (0, "wd_significance"): 2, **GLOBALS},
         notes={(0, "wd_significance"): "brief, picks up again"})
    code(path, "bob", "s1", {(0, "wd_denial"): 1, (0, "wd_significance"): 4, (1, "wd_minimal_response"): 1,
                             (1, "wd_significance"): 2, **GLOBALS},
         evidence={(0, "wd_significance"): [3], (0, "wd_denial"): [1]}, notes={(0, "wd_significance"): "shuts down"})
    code(path, "ann", "s2", {(0, "wd_denial"): 1, (0, "wd_significance"): 2, **GLOBALS})
    code(path, "bob", "s2", {(0, "wd_denial"): 1, (0, "wd_significance"): 3, **GLOBALS,
                             (None, "gl_resolution_extent"): 4})
    return path


def review(path, **settings) -> ReviewApp:
    return ReviewApp(path, n_boot=settings.pop("n_boot", 0), keys_file=path.parent / "no-keys.yaml", **settings)


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def headless_report(path, **settings):
    with Study.open(path) as study:
        codes = codes_frame(study)
        return codes, study.scheme, study_report(codes, study.scheme, n_boot=0, **settings)


def cells(table: DataTable, row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


async def go_to(app, pilot, target: str, statistic: str) -> None:
    """Put the table's cursor on a row of the report."""
    screen = app.screen
    row = next(n for n, line in enumerate(screen.lines) if (line.target, line.statistic) == (target, statistic))
    screen.query_one(ReportTable).move_cursor(row=row)
    await pilot.pause()


@pilot_test
async def test_the_table_shows_the_headless_report_with_units_and_raters(tmp_path):
    path = double_coded(tmp_path)
    _, _, report = headless_report(path)
    app = review(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(ReportTable)
        assert table.row_count == len(report)
        expected = report[(report["target"] == "wd_significance") & (report["statistic"] == "alpha_ordinal")].iloc[0]
        row = next(n for n in range(table.row_count) if cells(table, n)[:2] == ["wd_significance", "alpha_ordinal"])
        target, statistic, value, interval, units, raters, level, note = cells(table, row)
        assert value.split()[0] == f"{expected['value']:.3f}"
        assert (int(units), int(raters), level) == (expected["n_units"], expected["n_raters"], "rating")
        assert (BELOW in value) == bool(expected["flag"])
        bar = app.screen.query_one(ProgressBar)
        assert bar.total and bar.progress == bar.total  # every piece of work was reported on the way


@pilot_test
async def test_undefined_statistics_say_why_and_flagged_rows_can_be_shown_alone(tmp_path):
    path = double_coded(tmp_path)
    _, _, report = headless_report(path)
    app = review(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await go_to(app, pilot, "wd_abstract", "cohen_kappa")
        table = app.screen.query_one(ReportTable)
        assert cells(table, table.cursor_row)[2] == "undefined"
        hint = str(app.screen.query_one("#review-hint", Static).render())
        assert "undefined: chance agreement is 1 for Cohen's kappa" in hint
        await pilot.press("f")
        assert table.row_count == int(report["flag"].sum()) > 0
        assert all(BELOW in cells(table, n)[2] for n in range(table.row_count))
        await pilot.press("f")
        assert table.row_count == len(report)


@pilot_test
async def test_choosing_an_item_lists_its_disagreements_largest_first(tmp_path):
    path = double_coded(tmp_path)
    codes, scheme, _ = headless_report(path)
    expected = disagreements(codes, scheme, item="wd_significance")
    app = review(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await go_to(app, pilot, "wd_significance", "alpha_ordinal")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DisagreementsScreen)
        table = app.screen.query_one(DataTable)
        assert [cells(table, n)[0] for n in range(table.row_count)] == list(expected["session_id"])
        assert cells(table, 0) == ["s1", "1", "0:00–5:00", "Withdrawal significance", "2 low", "4 high", "0.50"]
        assert cells(table, 1)[4:] == ["2 low", "3 moderate", "0.25"]
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


@pilot_test
async def test_a_group_row_lists_the_disagreements_of_its_items(tmp_path):
    path = double_coded(tmp_path)
    app = review(path, by=["group"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await go_to(app, pilot, "withdrawal (group)", "percent_agreement")
        await pilot.press("enter")
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert {cells(table, n)[3] for n in range(table.row_count)} == {"Withdrawal significance", "Minimal response"}


@pilot_test
async def test_opening_a_disagreement_shows_each_raters_values_notes_and_evidence(tmp_path):
    path = double_coded(tmp_path)
    app = review(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await go_to(app, pilot, "wd_significance", "alpha_ordinal")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SegmentReviewScreen)
        shown = screen.query_one(RaterCodes).plain()
        assert "ann  bob" in shown
        assert "▶ Withdrawal significance" in shown and "2    4    ≠" in shown
        assert "Withdrawal significance · ann: brief, picks up again" in shown
        assert "Withdrawal significance · bob: shuts down" in shown
        assert "Withdrawal significance · bob: 1:00" in shown and "Denial · bob: 0:20" in shown
        assert "not decided yet" in shown
        transcript = screen.query_one(TranscriptView)
        assert "◆bob" in transcript.line_text(transcript.row_of(3))
        assert transcript.cursor == transcript.row_of(3)  # on the chosen item's evidence
        await pilot.press("n")
        await pilot.pause()
        assert "s2 · segment 1" in str(screen.query_one("#segment-bar", Static).render())
        assert "2    3    ≠" in screen.query_one(RaterCodes).plain()
        await pilot.press("ctrl+u")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen) and app.screen.snapshot.session_id == "s2"
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, DisagreementsScreen)


@pilot_test
async def test_a_session_level_disagreement_opens_the_session_ratings_beside_the_whole_transcript(tmp_path):
    app = review(double_coded(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await go_to(app, pilot, "gl_resolution_extent", "ICC2")
        await pilot.press("enter")
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert cells(table, 0) == ["s2", "session", "", "Ruptures resolved", "3 somewhat", "4 considerably", "0.25"]
        await pilot.press("enter")
        await pilot.pause()
        shown = app.screen.query_one(RaterCodes).plain()
        assert shown.startswith("Session ratings") and "▶ Ruptures resolved" in shown and "3    4    ≠" in shown
        assert app.screen.query_one(TranscriptView).row_count == 45  # every utterance of the session


@pilot_test
async def test_a_study_with_one_rater_says_why_there_is_no_table(tmp_path):
    path = build_study(tmp_path)
    code(path, "ann", "s1", {(0, "wd_denial"): 1, (0, "wd_significance"): 2, **GLOBALS})
    app = review(path)
    async with app.run_test(size=SIZE) as pilot:
        with pytest.raises(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(ReportTable).row_count == 0
        assert "only one rater (ann)" in str(app.screen.query_one("#review-hint", Static).render())
        assert any("Cannot compute agreement" == n.title for n in app._notifications)


def test_the_review_command_opens_the_app_with_the_chosen_scopes(tmp_path, monkeypatch):
    path = double_coded(tmp_path)
    opened = []
    monkeypatch.setattr(ReviewApp, "run", lambda app: opened.append((app.by, app.n_boot, app.seed)))
    assert main(["review", str(path), "--by", "item", "--by", "pair", "--boot", "50", "--seed", "7"]) == 0
    assert opened == [(("item", "pair"), 50, 7)]


def test_bad_review_arguments_are_one_line_errors(tmp_path, capsys):
    path = double_coded(tmp_path)
    assert main(["review", str(path), "--boot", "-1"]) == 2
    assert "--boot must be 0 or more" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit:
        main(["review", str(path), "--by", "rater"])
    assert exit.value.code == 2 and "invalid choice: 'rater'" in capsys.readouterr().err
    assert main(["review", str(tmp_path / "none.observer")]) == 2
    assert "no study file here" in capsys.readouterr().err


@pilot_test
async def test_help_lists_the_review_keys_and_the_schemes_items(tmp_path):
    from observer.tui.screens.help import HelpText
    from observer.tui.screens.review_help import ReviewHelpScreen

    app = review(double_coded(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, ReviewHelpScreen)
        entries = app.screen.query_one(HelpText).entries
        keys = {(e.key, e.text) for e in entries if e.kind == "key"}
        assert ("f", "Show only the rows below their threshold (again: every row)") in keys
        assert any(key == "wd_denial" and text.startswith("Denial: ") for key, text in keys)
        assert not any("mark or unmark a marker" in text for _, text in keys)  # no coding keys here


def test_opening_the_review_app_loads_neither_pandas_nor_krippendorff():
    import subprocess
    import sys

    code = ("import sys\nfrom observer.tui.review_app import ReviewApp\n"
            "print('pandas' in sys.modules, 'krippendorff' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
