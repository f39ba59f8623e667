"""The session summary screen: its figures from observer.summary, blind in the coder, a rater choice in review."""

from __future__ import annotations

from functools import partial

from test_tui_support import app_on, build_study, pilot_test

from observer.store import Study
from observer.tui.review_app import ReviewApp
from observer.tui.screens.summary import SummaryScreen
from observer.tui.session_snapshot import SessionSnapshot
from observer.tui.summary_digest import digest
from observer.tui.widgets.summary_text import SummaryText
from observer.tui.widgets.summary_timeline import SummaryTimeline
from textual.widgets import Static

from conftest import code_units

SIZE = (120, 40)


code = partial(code_units, complete=(0, 1, 2))

def hand_coded(tmp_path):
    """s1 as ann coded it: segment 1 withdrawal 2; segment 2 confrontation 4 and a clarification (impact 3)
    that resolves both (the window is one segment); segment 3 calm. bob saw a control rupture of
    significance 5 in segment 3."""
    path = build_study(tmp_path)
    code(path, "ann", "s1", {(0, "wd_denial"): 1, (0, "wd_significance"): 2, (1, "rs_clarify"): 1,
                             (1, "rs_clarify_impact"): 3, (1, "cf_rejects_intervention"): 1, (1, "cf_significance"): 4},
         evidence={(1, "cf_rejects_intervention"): [17]})
    code(path, "bob", "s1", {(2, "cf_control_pressure"): 1, (2, "cf_significance"): 5})
    return path


def ann_digest(path, rater="ann"):
    with Study.open(path) as study:
        return digest(SessionSnapshot.of_study(study, "s1"), rater)


def test_the_digest_has_the_peak_and_the_unresolved_rupture_worked_out_by_hand(tmp_path):
    result = ann_digest(hand_coded(tmp_path))
    assert [(p.rank, p.segment.index, p.segment.significance, p.kind) for p in result.peaks] == [
        (1, 1, 4.0, "Confrontation"), (2, 0, 2.0, "Withdrawal")]
    assert [s.index for s in result.unresolved] == []  # segment 2's clarification counts (impact 3 >= 2)
    first, second, third = result.segments
    assert (first.ratings, first.resolved, first.level) == ((2.0, None), True, 2)
    assert (second.ratings, second.markers, second.strategies) == (
        (None, 4.0), ("Rejects intervention",), ("Clarifies a misunderstanding",))
    assert (third.coded, third.rupture, third.level) == (True, False, None)
    assert dict(result.figures)["Rupture segments"] == "2"
    assert result.ratings == (("Therapist contribution to ruptures", "–"), ("Ruptures resolved", "–"))
    assert [u.evidence for u in result.peaks[0].excerpt] == [False, True, False, False]


def test_a_rupture_without_a_strategy_in_its_window_is_unresolved(tmp_path):
    path = build_study(tmp_path)
    code(path, "ann", "s1", {(0, "wd_denial"): 1, (0, "wd_significance"): 2,
                             (2, "cf_rejects_intervention"): 1, (2, "cf_significance"): 4})
    result = ann_digest(path)
    assert [(s.index, s.significance) for s in result.unresolved] == [(2, 4.0)]  # 2 is below the threshold 3
    assert dict(result.figures)["Unresolved ruptures"] == "1"


def test_the_coders_snapshot_holds_only_the_raters_own_codes(tmp_path):
    path = hand_coded(tmp_path)
    with Study.open(path) as study:
        snapshot = SessionSnapshot.of_rater(study.for_rater("ann"), "s1")
    assert snapshot.raters == ("ann",)
    assert set(snapshot.completed_units()) == {("s1", "ann")}
    assert digest(snapshot, "ann") == ann_digest(path)


def test_a_rater_without_codes_gets_an_empty_summary(tmp_path):
    result = ann_digest(hand_coded(tmp_path), rater="cat")
    assert result.empty and result.peaks == () and result.figures == ()


def texts(screen) -> str:
    return "\n".join(widget.plain() for widget in screen.query(SummaryText))


async def summary_on_screen(app, pilot) -> SummaryScreen:
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, SummaryScreen)
    return app.screen


@pilot_test
async def test_the_coders_summary_shows_the_peak_and_the_unresolved_rupture_and_never_another_raters_codes(tmp_path):
    path = build_study(tmp_path)
    code(path, "ann", "s1", {(0, "wd_denial"): 1, (0, "wd_significance"): 2,
                             (2, "cf_rejects_intervention"): 1, (2, "cf_significance"): 4},
         evidence={(2, "cf_rejects_intervention"): [33]})
    code(path, "bob", "s1", {(1, "cf_control_pressure"): 1, (1, "cf_significance"): 5})
    app = app_on(path, "ann", "s1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+u")
        screen = await summary_on_screen(app, pilot)
        shown = texts(screen)
        assert "1. 10:00–15:00  segment 3  Confrontation 4  ! unresolved" in shown
        assert "10:00–15:00  segment 3  Confrontation 4  Rejects intervention" in shown  # the unresolved list
        peaks = screen.query_one("#summary-peaks", SummaryText).plain().splitlines()
        assert [line for line in peaks if line.endswith("◆")] == ["   11:00 P: Fine I guess. (33) ◆"]
        assert "Efforts to control" not in shown and "C5" not in screen.query_one(SummaryTimeline).render().plain
        assert "ann (your codes)" in str(screen.query_one("#summary-bar", Static).render())
        assert not screen.check_action("next_rater", ())  # nobody else to choose
        await pilot.press("ctrl+u")
        assert not isinstance(app.screen, SummaryScreen)


@pilot_test
async def test_the_summary_key_asks_for_a_session_on_the_session_list(tmp_path):
    app = app_on(hand_coded(tmp_path), "ann", None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+u")
        assert not isinstance(app.screen, SummaryScreen)
        assert any("Open a session first" in n.message for n in app._notifications)


@pilot_test
async def test_in_review_the_summary_chooses_the_mean_or_each_rater(tmp_path):
    path = hand_coded(tmp_path)
    app = ReviewApp(path, n_boot=0, keys_file=tmp_path / "no-keys.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.push_screen(SummaryScreen.of_study(app.study, "s1"))
        screen = await summary_on_screen(app, pilot)
        assert screen.choices == ("mean", "ann", "bob")
        assert "mean of the raters (1/3)" in str(screen.query_one("#summary-bar", Static).render())
        await pilot.press("r", "r")
        screen = await summary_on_screen(app, pilot)
        assert "rater bob (3/3)" in str(screen.query_one("#summary-bar", Static).render())
        assert "Efforts to control / pressure" in texts(screen)
        title, _, choose = screen.palette_entries()[1]
        assert title == "Summary of ann"
        choose()
        screen = await summary_on_screen(app, pilot)
        assert "rater ann (2/3)" in str(screen.query_one("#summary-bar", Static).render())
        await pilot.press("escape")
        assert not isinstance(app.screen, SummaryScreen)
