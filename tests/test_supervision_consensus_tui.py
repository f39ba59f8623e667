"""The consensus screen driven with Pilot: walking disagreements, the reason required, a session without any."""

from __future__ import annotations

from test_tui_support import build_study, pilot_test

from observer.store import Study
from observer.tui.consensus_app import ConsensusApp
from observer.tui.widgets.comparison import ComparisonView
from observer.tui.widgets.transcript import TranscriptView
from textual.widgets import Input, Static

from conftest import code_units

SIZE = (120, 40)


code = code_units

GLOBALS = {(None, "gl_therapist_contribution"): 2, (None, "gl_resolution_extent"): 3}


def two_raters(tmp_path):
    """3RS study; in s1 ann and bob differ four times: segment 0's significance, segment 1's minimal
    response and significance, and the extent of resolution. In s2 they agree."""
    path = build_study(tmp_path)
    code(path, "ann", "s1", {(0, "wd_denial"): 1, (0, "wd_significance"): 2, **GLOBALS})
    code(path, "bob", "s1", {(0, "wd_denial"): 1, (0, "wd_significance"): 4, (1, "wd_minimal_response"): 1,
                             (1, "wd_significance"): 2, **GLOBALS, (None, "gl_resolution_extent"): 4},
         evidence={(0, "wd_significance"): [3]})
    agreed = {(0, "wd_denial"): 1, (0, "wd_significance"): 2, **GLOBALS}
    code(path, "ann", "s2", agreed)
    code(path, "bob", "s2", agreed)
    return path


def consensus_codes(path, session="s1"):
    with Study.open(path) as study:
        return {(c.segment, c.item): c.value for c in study.codes(session, "consensus")}


def decisions(path):
    with Study.open(path) as study:
        return study.consensus_decisions()


def bar(app) -> str:
    return str(app.screen.query_one("#consensus-bar", Static).render())


def shown(app) -> str:
    return app.screen.query_one(ComparisonView).plain()


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


@pilot_test
async def test_the_screen_shows_each_raters_reading_and_the_transcript_with_their_evidence(tmp_path):
    path = two_raters(tmp_path)
    app = ConsensusApp(path, "s1", "sue")
    async with app.run_test(size=SIZE):
        assert "disagreement 1 of 4" in bar(app) and "4 pending" in bar(app)
        text = shown(app)
        assert "Withdrawal significance" in text and "segment 1" in text
        assert "ann  2" in text and "bob  4" in text and "evidence: 1:00" in text
        transcript = app.screen.query_one(TranscriptView)
        assert "◆bob" in transcript.line_text(transcript.row_of(3))
        assert any("Adopted" in n for n in notifications(app))


@pilot_test
async def test_a_decision_without_a_reason_is_refused_and_nothing_is_written(tmp_path):
    path = two_raters(tmp_path)
    app = ConsensusApp(path, "s1", "sue")
    async with app.run_test(size=SIZE) as pilot:
        before = consensus_codes(path)
        await pilot.press("3", "enter")
        assert any("reason is required" in n for n in notifications(app))
        assert consensus_codes(path) == before and decisions(path)[-1].reason.startswith("agreed by")
        assert app.focused is app.screen.query_one("#reason", Input)
        await pilot.press("ctrl+b")
        assert "disagreement 4 of 4" in bar(app)


@pilot_test
async def test_decisions_with_reasons_are_recorded_and_the_walk_moves_on(tmp_path):
    path = two_raters(tmp_path)
    app = ConsensusApp(path, "s1", "sue")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.click("#reason")
        await pilot.press(*"strain but brief", "enter")
        assert consensus_codes(path)[(0, "wd_significance")] == 3
        last = decisions(path)[-1]
        assert (last.decided_by, last.reason, last.value) == ("sue", "strain but brief", 3)
        assert "disagreement 2 of 4" in bar(app) and "3 pending" in bar(app)
        for value, reason in (("0", "short answers only"), ("-", "no marker, no significance"),
                              ("2", "partly resolved")):
            app.screen.query_one("#value", Input).value = value
            app.screen.query_one("#reason", Input).value = reason
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert "0 pending" in bar(app)
        assert any("Every disagreement has a decision" in n for n in notifications(app))
    with Study.open(path) as study:
        units = study.completed_units("s1")[("s1", "consensus")]
    assert set(units) == {0, 1, 2, None}


@pilot_test
async def test_an_off_scale_value_is_refused_with_the_scale(tmp_path):
    path = two_raters(tmp_path)
    app = ConsensusApp(path, "s1", "sue")
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#value", Input).value = "9"
        app.screen.query_one("#reason", Input).value = "because"
        await pilot.press("ctrl+s")
        assert any("not on scale" in n for n in notifications(app))
        assert (0, "wd_significance") not in consensus_codes(path)


@pilot_test
async def test_a_session_without_disagreement_is_settled_on_opening(tmp_path):
    path = two_raters(tmp_path)
    app = ConsensusApp(path, "s2", "sue")
    async with app.run_test(size=SIZE) as pilot:
        assert "no disagreements" in bar(app) and "4/4 units complete" in bar(app)
        assert "No disagreements" in shown(app)
        assert app.screen.query_one("#value", Input).disabled
        await pilot.press("ctrl+s", "ctrl+n")  # nothing to decide or walk: no error
        assert not any("error" in n.lower() for n in notifications(app))
    assert consensus_codes(path, "s2") == {(0, "wd_denial"): 1, (0, "wd_significance"): 2,
                                           (None, "gl_therapist_contribution"): 2, (None, "gl_resolution_extent"): 3}


def footer_keys(app) -> dict[str, str]:
    """The footer's entries as drawn: description by key."""
    from textual.widgets._footer import FooterKey

    return {key.description: key.key_display for key in app.screen.query(FooterKey)}


@pilot_test
async def test_the_way_out_is_on_the_footer_and_works_from_a_text_field(tmp_path):
    path = two_raters(tmp_path)
    app = ConsensusApp(path, "s1", "sue")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.query_one("#value", Input).has_focus
        assert footer_keys(app).get("Quit") == "^q" and footer_keys(app).get("Transcript") == "esc"
        await pilot.press("q")  # a letter in a text field is text
        assert app.screen.query_one("#value", Input).value == "q" and app.is_running
        await pilot.press("ctrl+q")
    assert app.return_code == 0 and not app.is_running


@pilot_test
async def test_escape_leaves_the_fields_and_q_then_quits(tmp_path):
    path = two_raters(tmp_path)
    app = ConsensusApp(path, "s1", "sue")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        assert app.screen.query_one(TranscriptView).has_focus
        await pilot.press("q")
    assert not app.is_running
