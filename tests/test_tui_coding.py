"""The coding screen driven from the keyboard (and mouse) with Pilot; asserts on widgets and the study file."""

from __future__ import annotations

import pytest
from test_tui_support import app_on, build_study, codes_of, complete_units, pilot_test, session

from observer.store import Study
from observer.tui.screens.coding import CodingScreen
from observer.tui.screens.evidence import EvidencePrompt
from observer.tui.screens.help import HelpScreen
from observer.tui.screens.jump import JumpScreen
from observer.tui.screens.note import NoteScreen
from observer.tui.screens.session_ratings import SessionRatingsScreen
from observer.tui.widgets.coding_panel import CodingPanel, Row
from observer.tui.widgets.segment_strip import SegmentStrip
from observer.tui.widgets.session_bar import SessionBar
from observer.tui.widgets.transcript import TranscriptView
from observer.tui.widgets.unit_info import UnitStatus

SIZE = (100, 40)


@pytest.fixture
def study_path(tmp_path):
    return build_study(tmp_path)


def row(app, item_id: str) -> Row:
    return app.screen.query_one(CodingPanel).rows[item_id]


def row_text(app, item_id: str) -> str:
    return app.screen.query_one(CodingPanel).row_text(item_id)


def status_text(app) -> str:
    return str(app.screen.query_one(UnitStatus).render().plain)


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


@pilot_test
async def test_garbage_collection_is_held_off_only_until_the_first_frame(study_path):
    import gc

    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.isenabled()
    assert gc.isenabled()


@pilot_test
async def test_a_marker_key_marks_and_unmarks_and_the_file_follows(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert codes_of(study_path)[("s1", 0, "wd_denial")][0] == 1
        assert row(app, "wd_denial").value == 1 and "■" in row_text(app, "wd_denial")
        assert app.screen.focused_item == "wd_significance"
        await pilot.press("d")
        assert ("s1", 0, "wd_denial") not in codes_of(study_path)
        assert row(app, "wd_denial").value is None
        assert "saved" in app.screen.query_one(SessionBar).saved


@pilot_test
async def test_a_digit_rates_the_group_of_the_marker_just_marked(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T", "4")
        assert codes_of(study_path)[("s1", 0, "cf_significance")][0] == 4
        assert "4 high" in row_text(app, "cf_significance")
        await pilot.press("c", "3")  # a strategy: its own impact rating appears and takes the digit
        assert not row(app, "rs_clarify_impact").hidden
        assert codes_of(study_path)[("s1", 0, "rs_clarify_impact")][0] == 3
        await pilot.press("delete")
        assert ("s1", 0, "rs_clarify_impact") not in codes_of(study_path)


@pilot_test
async def test_an_invalid_segment_cannot_be_completed_and_the_screen_says_why(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert "Withdrawal significance is required" in status_text(app)
        assert "needs 1-5" in row_text(app, "wd_significance")
        await pilot.press("enter")
        assert app.screen.segment == 0
        assert complete_units(study_path) == set()
        assert any("cannot be marked complete" in m for m in notifications(app))
        await pilot.press("2", "enter")
        assert complete_units(study_path) == {0}
        assert app.screen.segment == 1


@pilot_test
async def test_a_digit_off_the_scale_is_a_notification_not_a_crash(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("W", "8")
        assert any("takes 1, 2, 3, 4, 5" in m for m in notifications(app))
        assert codes_of(study_path) == {}


@pilot_test
async def test_a_change_the_study_file_refuses_is_shown_as_not_saved(study_path, monkeypatch):
    from observer.errors import StudyError

    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        def locked(*args, **kwargs):
            raise StudyError("the study file is locked by another program", file=study_path)

        monkeypatch.setattr(app.view, "set_value", locked)
        await pilot.press("d")
        assert "NOT saved" in app.screen.query_one(SessionBar).saved
        assert any("locked" in m and "NOT saved" in m for m in notifications(app))
        assert codes_of(study_path) == {} and row(app, "wd_denial").value is None


@pilot_test
async def test_navigation_by_arrows_brackets_and_the_strip(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("right")
        assert screen.segment == 1
        assert screen.current_range == (300.0, 600.0)
        await pilot.press("right_square_bracket", "right")
        assert screen.segment == 2
        await pilot.press("left_square_bracket")
        assert screen.segment == 1
        strip = screen.query_one(SegmentStrip)
        await pilot.click(SegmentStrip, offset=(strip.cell_width * 2 + 1, 0))
        assert screen.segment == 2
        transcript = screen.query_one(TranscriptView)
        assert transcript.row_at(0).utterance.start >= 580  # a continuing utterance heads the segment


@pilot_test
async def test_jump_by_number_and_by_time_and_a_bad_entry_is_explained(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, JumpScreen)
        await pilot.press("9", "enter")
        assert isinstance(app.screen, JumpScreen)
        assert "no segment 9" in str(app.screen.query_one("#jump-error").render())
        await pilot.press("backspace", "3", "enter")
        assert app.screen is screen and screen.segment == 2
        await pilot.press("ctrl+g", *"5:45", "enter")
        assert screen.segment == 1
        assert screen.query_one(TranscriptView).row_at(screen.cursor).utterance.index == screen.utterance_at(345)
        assert screen.utterance_at(345) == 17


@pilot_test
async def test_segment_and_item_notes_are_stored(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"late start", "escape")
        await pilot.press("m", "ctrl+t", *"one-word answers", "escape")
        with Study.open(study_path) as study:
            units = study.for_rater("ann").unit_states("s1")
        assert units[0].note == "late start"
        assert codes_of(study_path)[("s1", 0, "wd_significance")][1] == "one-word answers"
        assert "late start" in status_text(app)
        assert "✎" in row_text(app, "wd_significance")


@pilot_test
async def test_evidence_is_anchored_at_the_cursor_with_ctrl_e_and_the_items_key(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("down", "down", "ctrl+e")
        assert isinstance(app.screen, EvidencePrompt)
        assert "Evidence at" in str(app.screen.query_one("#evidence-prompt").render())
        await pilot.press("d")
        assert app.screen is screen
        assert codes_of(study_path)[("s1", 0, "wd_denial")] == (1, "", (2,))  # anchoring marks the marker
        assert "◆d" in screen.query_one(TranscriptView).line_text(2)
        assert "◆1" in row_text(app, "wd_denial")
        await pilot.press("down", "ctrl+e", "D")  # upper-case D: defends self
        assert codes_of(study_path)[("s1", 0, "cf_defends_self")] == (1, "", (3,))
        await pilot.press("up", "ctrl+e", "d")  # again on the same utterance: the anchor is lifted
        assert codes_of(study_path)[("s1", 0, "wd_denial")] == (1, "", ())
        await pilot.press("ctrl+e", "b")  # b, the key whose ESC b Textual reads as ctrl+left
        assert codes_of(study_path)[("s1", 0, "rs_redirect")] == (1, "", (2,))
        assert screen.focused_item == "rs_redirect_impact"  # as b itself does: the digits rate its impact
        await pilot.press("3")
        assert codes_of(study_path)[("s1", 0, "rs_redirect_impact")][0] == 3


@pilot_test
async def test_evidence_asked_on_a_rating_goes_to_the_marker_just_marked(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("down", "f")  # marking moves the focus to the group's significance
        assert screen.focused_item == "wd_significance"
        await pilot.press("ctrl+e", "ctrl+e")  # the focused item: its marker takes the evidence
        codes = codes_of(study_path)
        assert codes[("s1", 0, "wd_content_affect_split")] == (1, "", (1,))
        assert ("s1", 0, "wd_significance") not in codes
        await pilot.press("down", "ctrl+e", "enter")
        assert codes_of(study_path)[("s1", 0, "wd_content_affect_split")] == (1, "", (1, 2))
        await pilot.press("ctrl+e", "W")  # a rating's own key: still its marker
        assert codes_of(study_path)[("s1", 0, "wd_content_affect_split")] == (1, "", (1,))


@pilot_test
async def test_the_evidence_prompt_anchors_nothing_on_escape_or_another_key(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("ctrl+e", "escape")
        assert app.screen is screen and codes_of(study_path) == {}
        await pilot.press("ctrl+e", "5")
        assert app.screen is screen and codes_of(study_path) == {}
        assert any("5 is not an item key" in m for m in notifications(app))
        await pilot.press("m", "2", "ctrl+e", "ctrl+e")  # the marker pressed last, though W has the focus
        assert codes_of(study_path)[("s1", 0, "wd_minimal_response")] == (1, "", (0,))


@pilot_test
async def test_evidence_marks_follow_changes_across_kept_segment_layouts(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        transcript = app.screen.query_one(TranscriptView)
        await pilot.press("right", "left")  # both segments laid out and kept
        await pilot.press("down", "ctrl+e", "a")
        await pilot.press("right", "left")
        assert "◆a" in transcript.line_text(1)
        await pilot.press("down", "ctrl+e", "a", "right", "left")  # lifted: the kept layout with the mark is not reused
        assert "◆" not in transcript.line_text(1)


@pilot_test
async def test_undo_and_redo_including_a_change_in_another_segment(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("a", "right")
        assert screen.segment == 1
        await pilot.press("ctrl+z")
        assert screen.segment == 0  # shown where it happened
        assert ("s1", 0, "wd_abstract") not in codes_of(study_path)
        assert row(app, "wd_abstract").value is None
        await pilot.press("ctrl+y")
        assert codes_of(study_path)[("s1", 0, "wd_abstract")][0] == 1
        assert row(app, "wd_abstract").value == 1
        await pilot.press("ctrl+y")
        assert any("Nothing to redo" in m for m in notifications(app))


@pilot_test
async def test_session_ratings_on_demand_and_after_the_last_segment(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, SessionRatingsScreen)
        await pilot.press("t", "4", "escape")
        assert isinstance(app.screen, CodingScreen)
        assert codes_of(study_path)[("s1", None, "gl_therapist_contribution")][0] == 4
        await pilot.press("enter", "enter", "enter")  # three empty segments are valid
        assert complete_units(study_path) == {0, 1, 2}
        assert isinstance(app.screen, SessionRatingsScreen)  # offered after the last segment
        await pilot.press("enter")
        assert isinstance(app.screen, SessionRatingsScreen)  # the second global is still missing
        assert any("Ruptures resolved needs a rating" in m for m in notifications(app))
        await pilot.press("e", "2", "enter")
        assert isinstance(app.screen, CodingScreen)
        assert complete_units(study_path) == {0, 1, 2, None}


@pilot_test
async def test_coding_resumes_at_the_first_incomplete_segment_after_a_restart(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "3", "enter")
    assert complete_units(study_path) == {0}
    again = app_on(study_path)
    async with again.run_test(size=SIZE):
        assert again.screen.segment == 1
        assert again.screen.query_one(SegmentStrip).done == [True, False, False]
        again.screen.segment = 0
        assert row(again, "wd_significance").value == 3


@pilot_test
async def test_another_raters_codes_never_reach_the_screen(study_path):
    with Study.open(study_path) as study:
        bob = study.for_rater("bob")
        bob.set_value("s1", 0, "wd_denial", 1)
        bob.set_value("s1", 0, "wd_significance", 5)
        bob.set_note("s1", 0, "wd_denial", "BOBS ITEM NOTE")
        bob.set_evidence("s1", 0, "wd_denial", [1])
        bob.set_unit_note("s1", 0, "BOBS UNIT NOTE")
        bob.set_complete("s1", 0, True)
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert screen.segment == 0  # bob's completion is not ann's
        panel = screen.query_one(CodingPanel)
        assert all(r.value is None and not r.flags for r in panel.rows.values())
        shown = " ".join([str(w.render()) for w in screen.query("SessionBar, SegmentStrip, UnitStatus, ItemInfo")]
                         + [panel.row_text(i) for i in panel.rows]
                         + [panel.header_text(b.section.id) for b in panel.blocks])
        assert "BOBS" not in shown and "■" not in shown and "W:5" not in shown
        transcript = screen.query_one(TranscriptView)
        assert not any("◆" in transcript.line_text(n) for n in range(transcript.row_count))
        assert screen.query_one(SegmentStrip).done == [False, False, False]
        await pilot.press("ctrl+z")
        assert codes_of(study_path, "bob")[("s1", 0, "wd_denial")][0] == 1  # undo never touches bob


@pilot_test
async def test_remapped_keys_from_a_keys_file(study_path, tmp_path):
    keys = tmp_path / "keys.yaml"
    keys.write_text("segment.next: n\nitem.wd_denial: ctrl+x\nrate.3: ctrl+b\n", encoding="utf-8")
    app = app_on(study_path, keys=keys)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert app.screen.segment == 1
        await pilot.press("right")  # the default key is replaced
        assert app.screen.segment == 1
        await pilot.press("ctrl+x", "ctrl+b")
        assert codes_of(study_path)[("s1", 1, "wd_denial")][0] == 1
        assert codes_of(study_path)[("s1", 1, "wd_significance")][0] == 3


@pilot_test
async def test_the_evidence_prompt_follows_remapped_item_and_evidence_keys(study_path, tmp_path):
    keys = tmp_path / "keys.yaml"
    keys.write_text("item.wd_minimal_response: x\nevidence.wd_denial: y\nitem.anchor: ctrl+a\n", encoding="utf-8")
    app = app_on(study_path, keys=keys)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+a", "x")  # minimal response's key, as remapped
        assert codes_of(study_path)[("s1", 0, "wd_minimal_response")] == (1, "", (0,))
        await pilot.press("down", "ctrl+a", "y")  # denial's evidence key of its own
        assert codes_of(study_path)[("s1", 0, "wd_denial")] == (1, "", (1,))
        await pilot.press("ctrl+a", "d")  # no longer denial's key in the prompt
        assert codes_of(study_path)[("s1", 0, "wd_denial")] == (1, "", (1,))


@pilot_test
async def test_a_bad_keys_file_is_reported_by_file_and_entry_and_defaults_are_kept(study_path, tmp_path):
    keys = tmp_path / "keys.yaml"
    keys.write_text("segment.nxt: n\nsegment.previous: ctrl+pagedwn\n", encoding="utf-8")
    app = app_on(study_path, keys=keys)
    async with app.run_test(size=SIZE) as pilot:
        messages = notifications(app)
        assert any(str(keys) in m and "'segment.nxt'" in m and "segment.next" in m for m in messages)
        assert any(f"{keys}:2" in m and "ctrl+pagedwn" in m for m in messages)
        await pilot.press("right", "left", "right")
        assert app.screen.segment == 1


@pilot_test
async def test_the_session_picker_lists_progress_and_opens_a_session(study_path):
    with Study.open(study_path) as study:
        study.for_rater("ann").set_complete("s1", 0, True)
    app = app_on(study_path, session_id=None)
    async with app.run_test(size=SIZE) as pilot:
        from textual.widgets import DataTable

        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        assert table.get_row("s1")[1] == "1/3" and table.get_row("s2")[1] == "not started"
        await pilot.press("enter")
        assert isinstance(app.screen, CodingScreen) and app.screen.state.session_id == "s1"
        assert app.screen.segment == 1
        await pilot.press("enter", "ctrl+w")
        table = app.screen.query_one(DataTable)
        assert table.get_row("s1")[1] == "2/3"
        await pilot.press("down", "enter")
        assert app.screen.state.session_id == "s2"


@pilot_test
async def test_the_picker_lists_the_raters_assigned_sessions_first(study_path):
    from observer.store.records import Assignment

    with Study.open(study_path) as study:
        study.set_assignments([Assignment("s2", "ann", "primary"), Assignment("s2", "bob", "second")])
    app = app_on(study_path, session_id=None)
    async with app.run_test(size=SIZE):
        from textual.widgets import DataTable

        table = app.screen.query_one(DataTable)
        assert [(table.get_row_at(n)[0], table.get_row_at(n)[-1]) for n in range(2)] == [("s2", "yours"), ("s1", "")]


@pilot_test
async def test_help_shows_keys_and_definitions(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        from observer.tui.screens.help import HelpText

        text = str(app.screen.query_one(HelpText).render())
        assert "Denial: Says a feeling or concern is not there" in text and "Evidence: ^e d." in text
        assert "Go to the next segment" in text and "A passing moment" in text
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)


@pilot_test
async def test_the_palette_offers_the_command_table_with_remapped_keys(study_path, tmp_path):
    keys = tmp_path / "keys.yaml"
    keys.write_text("history.undo: ctrl+u\n", encoding="utf-8")
    app = app_on(study_path, keys=keys)
    async with app.run_test(size=SIZE):
        from observer.tui.palette import CommandTableProvider

        provider = CommandTableProvider(app.screen)
        hits = [hit async for hit in provider.discover()]
        by_title = {hit.text: hit for hit in hits}
        assert by_title["Undo your latest change in this session"].help == "key: ^u"
        assert "Go to segment 3" in by_title and "Mark Denial" in by_title
        assert not any(title.startswith("Play or pause") for title in by_title)  # no recording: no media commands
        assert not any(title.startswith("Reopen") for title in by_title)  # nothing to reopen yet
        found = [hit.text async for hit in provider.search("segment 2")]
        assert "Go to segment 2" in found
        by_title["Go to segment 3"].command()
        assert app.screen.segment == 2
        await by_title["Mark Denial"].command()
        assert codes_of(study_path)[("s1", 2, "wd_denial")][0] == 1
        await by_title["Undo your latest change in this session"].command()
        assert ("s1", 2, "wd_denial") not in codes_of(study_path)


@pilot_test
async def test_tab_moves_to_the_items_whose_cursor_the_arrows_move_and_digits_rate(study_path):
    app = app_on(study_path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        await pilot.press("tab")
        assert screen.query_one(CodingPanel).has_focus
        await pilot.press("end")
        assert screen.focused_item == "rs_redirect"  # hidden impact ratings are skipped
        await pilot.press("up", "3")  # a digit on an absent strategy marks it and rates its impact
        assert codes_of(study_path)[("s1", 0, "rs_validate_defense")][0] == 1
        assert codes_of(study_path)[("s1", 0, "rs_validate_defense_impact")][0] == 3
        await pilot.press("tab", "down")
        assert screen.cursor == 1 and screen.focused_item == "rs_validate_defense"


@pilot_test
async def test_a_complete_segment_can_be_reopened_from_the_palette_command(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "left")
        assert complete_units(study_path) == {0}
        await app.screen.run_action("reopen")
        assert complete_units(study_path) == set()
        assert "Ready" in status_text(app)


@pilot_test
async def test_mouse_click_on_a_marker_row_toggles_it(study_path):
    app = app_on(study_path, session_id="s2")
    async with app.run_test(size=(160, 48)) as pilot:
        panel = app.screen.query_one(CodingPanel)
        await pilot.click(CodingPanel, offset=(5, panel._line_of[id(panel.rows["wd_minimal_response"])]))
        assert codes_of(study_path)[("s2", 0, "wd_minimal_response")][0] == 1
        assert app.screen.query_one(CodingPanel).has_focus


@pilot_test
async def test_mouse_click_on_a_scale_value_rates_the_focused_rating(study_path):
    from observer.tui.widgets.unit_info import ItemInfo

    app = app_on(study_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("d")
        region = app.screen.query_one(ItemInfo).region
        spot = next((x, y) for y in range(region.height) for x in range(region.width)
                    if app.screen.get_style_at(region.x + x, region.y + y).meta.get("@click") == "screen.rate(4)")
        await pilot.click(ItemInfo, offset=spot)
        assert codes_of(study_path)[("s1", 0, "wd_significance")][0] == 4


def on_screen(panel: CodingPanel, item_id: str) -> bool:
    """Whether an item's row is inside the panel's visible lines."""
    line = panel._line_of[id(panel.rows[item_id])]
    return panel.scroll_offset.y <= line < panel.scroll_offset.y + panel.scrollable_content_region.height


@pilot_test
async def test_at_80x24_every_group_keeps_its_labelled_rows_and_scrolls_into_view(study_path):
    app = app_on(study_path)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.screen.query_one(CodingPanel)
        shown = [row for block, row in panel._lines if row is not None]
        assert len(shown) == sum(not row.hidden for row in panel.rows.values())  # no group folded away
        assert not on_screen(panel, "rs_redirect")  # the last strategy is below: the panel scrolls
        await pilot.press("b")
        assert on_screen(panel, "rs_redirect") and on_screen(panel, "rs_redirect_impact")
        assert "b ■ Redirects" in panel.row_text("rs_redirect")
        await pilot.press("T")
        header = panel._line_of[id(panel.blocks[1])]
        assert panel.scroll_offset.y == header  # the group from its header down to its rating
        assert on_screen(panel, "cf_significance") and on_screen(panel, "cf_complaints_therapist")
        assert "Confrontation markers" in panel.header_text("confrontation")


@pytest.mark.parametrize(("scheme", "keys", "item", "value"), [
    ("wai-o-s", ("a", "5"), "wai_b1", 5),
    ("3rs-2022-dyadic", ("s", "w", "3"), "pw_salience", 3),
])
@pilot_test
async def test_other_shipped_schemes_are_coded_the_same_way(tmp_path, scheme, keys, item, value):
    path = build_study(tmp_path, scheme, (session("x1", duration=600),))
    app = app_on(path, session_id="x1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        assert codes_of(path)[("x1", 0, item)][0] == value
        assert row(app, item).value == value


@pilot_test
async def test_a_stray_key_on_a_complete_segment_changes_nothing_and_says_how_to_reopen(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "left")  # segment 1 complete, back on it
        assert "✓ Segment complete" in status_text(app) and "^k reopens it" in status_text(app)
        await pilot.press("T", "4", "ctrl+e", "delete")
        assert codes_of(study_path) == {} and complete_units(study_path) == {0}
        assert any("Segment 1 is complete" in m and "^k reopens it" in m for m in notifications(app))
        assert app.screen.focused_item == "cf_complaints_therapist"  # its definition is on screen all the same
        await pilot.press("ctrl+k", "T", "4")
        assert complete_units(study_path) == set()
        assert codes_of(study_path)[("s1", 0, "cf_significance")][0] == 4
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")  # the rating, the marker, then the reopening
        assert codes_of(study_path) == {} and complete_units(study_path) == {0}
        assert "✓ Segment complete" in status_text(app)
        assert "Undo: reopening (segment 1)" in notifications(app)


@pilot_test
async def test_replacing_a_rating_says_what_it_was_and_what_it_is(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "4")
        assert not any("→" in m for m in notifications(app))  # a first value replaces nothing
        await pilot.press("1")
        assert "Withdrawal significance: 4 high → 1 very low" in notifications(app)
        await pilot.press("d")  # the last marker unmarked: its rating goes too, and the screen says so
        assert ("Withdrawal significance: 1 very low → cleared (Denial unmarked: none of its markers is left)"
                in notifications(app))
        assert codes_of(study_path) == {}
        assert all(n.timeout <= 3 for n in app._notifications)


@pilot_test
async def test_go_to_a_time_lands_on_the_utterance_starting_within_that_second(tmp_path):
    from observer.store import NewSession, SessionInfo, StoredUtterance

    starts = [400.0, 425.0, 439.2, 450.0]
    utterances = [StoredUtterance(n, t, t + 10, "T", f"line {n}", int(t // 300)) for n, t in enumerate(starts)]
    timed = NewSession(SessionInfo(id="t1", duration=600.0), utterances, [(0.0, 300.0), (300.0, 600.0)])
    path = build_study(tmp_path, sessions=(timed,))
    app = app_on(path, session_id="t1")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("ctrl+g", *"7:19", "enter")
        assert screen.segment == 1
        assert screen.query_one(TranscriptView).row_at(screen.cursor).utterance.start == 439.2
        await pilot.press("ctrl+g", *"7:20", "enter")  # nothing starts then: the utterance under way
        assert screen.query_one(TranscriptView).row_at(screen.cursor).utterance.start == 439.2
        await pilot.press("ctrl+g", *"7:18", "enter")
        assert screen.query_one(TranscriptView).row_at(screen.cursor).utterance.start == 425.0


@pilot_test
async def test_complete_session_ratings_are_protected_too(study_path):
    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o", "t", "4", "e", "2", "enter", "ctrl+o")
        assert complete_units(study_path) == {None}
        await pilot.press("t", "1")
        assert codes_of(study_path)[("s1", None, "gl_therapist_contribution")][0] == 4
        assert any("The session ratings are complete" in m for m in notifications(app))
        await pilot.press("ctrl+k", "t", "1")
        assert codes_of(study_path)[("s1", None, "gl_therapist_contribution")][0] == 1
        assert complete_units(study_path) == set()


@pilot_test
async def test_the_palette_is_observers_own_and_finds_what_a_rater_looks_for(study_path):
    from observer.tui.palette import CommandTableProvider
    from observer.tui.screens.shell_hint import ShellHintScreen

    app = app_on(study_path)
    async with app.run_test(size=SIZE) as pilot:
        from textual.app import App

        assert not App.COMMANDS & app.COMMANDS  # Textual's system commands are not offered
        provider = CommandTableProvider(app.screen)
        titles = [hit.text async for hit in provider.discover()]
        assert not {"Keys", "Maximize", "Screenshot", "Theme", "Quit"} & set(titles)  # none of Textual's own
        assert len([t for t in titles if "Quit" in t or "quit" in t.split()[0].lower()]) == 1

        async def first(query: str) -> str:  # the palette lists the best match first
            return max([hit async for hit in provider.search(query)], key=lambda hit: hit.score).text

        assert (await first("help")).startswith("Show the keys")
        assert (await first("summary")).startswith("Show the session's summary")
        assert (await first("evidence")).startswith("Anchor evidence")
        assert "shell command" in await first("export") and "feedback report" in await first("report")
        hit = max([hit async for hit in provider.search("export")], key=lambda hit: hit.score)
        await hit.command()
        await pilot.pause()
        assert isinstance(app.screen, ShellHintScreen)
        assert app.screen.command_line.startswith("observer export ") and str(study_path) in app.screen.command_line
        await pilot.press("escape", "enter", "left")  # a complete segment: now reopen is offered
        assert (await first("reopen")).startswith("Reopen the complete segment")


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (64, 30)], ids=["80x24", "120x40", "narrow"])
@pilot_test
async def test_notifications_are_short_and_stay_off_the_item_definitions(study_path, size):
    from textual.widgets._toast import Toast

    from observer.tui.widgets.unit_info import ItemInfo

    app = app_on(study_path)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.press("W", "8", "d")  # an error, then a definition on screen
        app.notify("a warning", severity="warning", timeout=30)
        await pilot.pause()
        assert [n.timeout for n in app._notifications] == [7.0, 4.0]  # a caller cannot make one linger
        info = app.screen.query_one(ItemInfo).region
        toasts = list(app.screen.query(Toast))
        assert toasts and not any(toast.region.overlaps(info) for toast in toasts)
        assert not any(toast.region.overlaps(app.screen.query_one(CodingPanel).region) for toast in toasts)
