"""The coding screen's model: transcript rows, time lookups and the editing rules, without Textual."""

from __future__ import annotations

import pytest
from test_tui_support import build_study, codes_of, session

from observer.errors import CodesError
from observer.store import Study
from observer.tui.coding_state import CodingState, Replaced, UnitComplete


@pytest.fixture
def state(tmp_path):
    path = build_study(tmp_path)
    study = Study.open(path)
    yield CodingState(study.for_rater("ann"), "s1")
    study.close()


def test_an_utterance_running_over_a_boundary_continues_at_the_top_of_the_next_segment(state):
    crossing = [u for u in state.utterances if u.segment == 0 and u.end > 300]
    assert crossing, "the fixture has an utterance over the first boundary"
    rows = state.rows(1)
    assert [r.utterance.index for r in rows if r.continuing] == [u.index for u in crossing]
    assert not rows[len(crossing)].continuing
    assert all(r.utterance.segment == 1 for r in rows[len(crossing):])


def test_time_lookups_clamp_to_the_session(state):
    assert state.segment_at(0) == 0
    assert state.segment_at(300) == 1
    assert state.segment_at(10_000) == 2
    assert state.segment_at(-5) == 0
    assert state.utterance_at(45) == 2  # utterances start every 20 s
    assert state.utterance_at(-1) == 0


def test_a_digit_on_a_marker_rates_the_group_rating(state, tmp_path):
    state.toggle(0, "wd_denial")
    state.rate(0, "wd_denial", 4)
    assert state.value(0, "wd_significance") == 4
    assert codes_of(tmp_path / "study.observer")[("s1", 0, "wd_significance")][0] == 4


def test_a_strategy_digit_rates_its_own_impact_rating(state):
    assert state.rating_for("rs_clarify") == "rs_clarify_impact"
    assert state.ratings_of("wd_denial") == ("wd_significance",)


def test_a_digit_on_an_absent_marker_marks_it_and_rates_its_rating(state):
    change = state.rate(0, "rs_redirect", 4)
    assert change.items == ("rs_redirect", "rs_redirect_impact")
    assert state.values(0) == {"rs_redirect": 1, "rs_redirect_impact": 4}
    assert state.problems(0) == []


def test_a_digit_off_the_scale_is_refused_with_the_values_it_takes(state):
    with pytest.raises(CodesError, match="takes 1, 2, 3, 4, 5"):
        state.rate(0, "wd_significance", 7)
    assert state.value(0, "wd_significance") is None


def test_completing_an_invalid_segment_is_refused_and_explained(state):
    state.toggle(0, "wd_denial")
    with pytest.raises(CodesError, match="Withdrawal significance is required"):
        state.complete(0)
    assert not state.is_complete(0)


def test_a_complete_segment_refuses_every_coding_change_until_it_is_reopened(state, tmp_path):
    state.toggle(0, "wd_denial")
    state.rate(0, "wd_denial", 4)
    state.complete(0)
    before = codes_of(tmp_path / "study.observer")
    for change in (lambda: state.toggle(0, "cf_defends_self"), lambda: state.rate(0, "wd_denial", 1),
                   lambda: state.set_value(0, "wd_significance", None), lambda: state.toggle(0, "wd_denial"),
                   lambda: state.toggle_evidence(0, "wd_denial", 1)):
        with pytest.raises(UnitComplete, match="Segment 1 is complete"):
            change()
    assert codes_of(tmp_path / "study.observer") == before and state.is_complete(0)
    state.set_note(0, "wd_denial", "a note changes no code")  # notes stay writable
    assert state.reopen(0).unit_events == ("reopened",)
    assert state.rate(0, "wd_denial", 1).replaced == (Replaced("wd_significance", 4, 1),)
    assert state.value(0, "wd_significance") == 1


def test_undo_after_a_reopen_and_a_change_restores_the_complete_segment(state):
    state.complete(0)
    state.reopen(0)
    state.toggle(0, "cf_defends_self")
    assert state.undo().items == ("cf_defends_self",)
    assert state.undo().unit_events == ("reopened",)
    assert state.is_complete(0) and state.values(0) == {}


def test_unmarking_the_last_marker_clears_its_rating_in_the_same_undo_step(state):
    state.toggle(0, "wd_denial")
    state.toggle(0, "wd_minimal_response")
    state.rate(0, "wd_denial", 4)
    assert state.toggle(0, "wd_denial").replaced == ()  # minimal response still needs the rating
    change = state.toggle(0, "wd_minimal_response")
    assert change.items == ("wd_minimal_response", "wd_significance")
    assert change.replaced[0].item == "wd_significance"
    assert (change.replaced[0].old, change.replaced[0].new) == (4, None)
    assert change.replaced[0].because == "Minimal response unmarked: none of its markers is left"
    assert state.values(0) == {} and state.problems(0) == []
    assert state.undo().items == ("wd_minimal_response", "wd_significance")
    assert state.values(0) == {"wd_minimal_response": 1, "wd_significance": 4}


def test_a_multi_change_key_is_one_undo_step(state):
    state.rate(0, "rs_redirect", 4)  # marks the strategy and rates its impact
    state.toggle_evidence(0, "wd_abstract", 3)  # marks the marker and anchors it
    assert state.undo().items == ("wd_abstract",)
    assert state.values(0) == {"rs_redirect": 1, "rs_redirect_impact": 4}
    assert state.undo().items == ("rs_redirect", "rs_redirect_impact")
    assert state.values(0) == {}


def test_a_failure_inside_a_step_leaves_nothing_in_the_file_or_the_cache(state, tmp_path, monkeypatch):
    from observer.errors import StudyError

    original = state.view.set_value

    def fails_on_the_rating(session_id, segment, item_id, value):
        if item_id == "rs_redirect_impact":
            raise StudyError("the disk is full")
        return original(session_id, segment, item_id, value)

    monkeypatch.setattr(state.view, "set_value", fails_on_the_rating)
    with pytest.raises(StudyError):
        state.rate(0, "rs_redirect", 4)
    assert codes_of(tmp_path / "study.observer") == {} and state.values(0) == {}


def test_replacing_a_rating_is_reported_and_giving_the_same_one_is_not(state):
    state.rate(0, "wd_denial", 4)
    assert state.rate(0, "wd_denial", 4).replaced == ()
    assert state.rate(0, "wd_denial", 2).replaced == (Replaced("wd_significance", 4, 2),)
    assert state.set_value(0, "wd_significance", None).replaced == (Replaced("wd_significance", 2, None),)


def test_evidence_goes_to_a_marker_never_to_its_rating(state):
    assert state.evidence_item(0, "wd_denial") == "wd_denial"
    assert state.evidence_item(0, "rs_clarify_impact") == "rs_clarify"  # a strategy's own rating
    assert state.evidence_item(0, "wd_significance") is None  # seven markers, none present: cannot tell
    assert state.evidence_item(0, "wd_significance", "wd_abstract") == "wd_abstract"  # the one last pressed
    assert state.evidence_item(0, "wd_significance", "cf_defends_self") is None  # not one of its markers
    state.toggle(0, "wd_minimal_response")
    assert state.evidence_item(0, "wd_significance") == "wd_minimal_response"  # its only present marker


def test_a_typed_time_lands_on_the_utterance_starting_within_that_second(tmp_path):
    from observer.store import NewSession, SessionInfo, StoredUtterance

    starts = [430.0, 439.2, 450.0, 455.5]
    utterances = [StoredUtterance(n, t, t + 4, "T", f"u{n}", int(t // 300)) for n, t in enumerate(starts)]
    timed = NewSession(SessionInfo(id="t1", duration=600.0), utterances, [(0.0, 300.0), (300.0, 600.0)])
    with Study.open(build_study(tmp_path, sessions=(timed,))) as study:
        state = CodingState(study.for_rater("ann"), "t1")
        assert state.time_meant(439.0, 1.0) == 439.2  # 7:19 means the second 7:19.0-7:19.99
        assert state.time_meant(440.0, 1.0) == 440.0  # nothing starts at 7:20: the one under way (7:19.2)
        assert state.utterance_at(state.time_meant(440.0, 1.0)) == 1
        assert state.time_meant(455.0, 1.0) == 455.5 and state.time_meant(455.0, 0.1) == 455.0
        assert state.time_meant(430.0, 1.0) == 430.0  # an utterance starting on the second itself


def test_anchoring_evidence_marks_the_marker_and_a_second_anchor_lifts_it(state):
    state.toggle_evidence(1, "wd_abstract", 17)
    assert state.value(1, "wd_abstract") == 1
    assert state.code(1, "wd_abstract").evidence == (17,)
    assert state.evidence(1) == {17: ["wd_abstract"]}
    state.toggle_evidence(1, "wd_abstract", 17)
    assert state.code(1, "wd_abstract").evidence == ()
    assert state.value(1, "wd_abstract") == 1


def test_undo_and_redo_walk_the_history_and_refresh_the_cache(state):
    state.toggle(2, "wd_minimal_response")
    state.rate(2, "wd_minimal_response", 2)
    change = state.undo()
    assert (change.unit, change.items) == (2, ("wd_significance",))
    assert state.value(2, "wd_significance") is None
    assert state.undo().items == ("wd_minimal_response",)
    assert state.value(2, "wd_minimal_response") is None
    assert state.redo().items == ("wd_minimal_response",)
    assert state.value(2, "wd_minimal_response") == 1


def test_nothing_to_undo_is_none(state):
    assert state.undo() is None and state.redo() is None


def test_progress_first_incomplete_and_peak(state):
    assert state.first_incomplete() == 0
    state.complete(0)
    state.toggle(1, "cf_control_pressure")
    state.rate(1, "cf_control_pressure", 5)
    state.toggle(1, "wd_denial")
    state.rate(1, "wd_denial", 2)
    state.complete(1)
    assert state.progress() == (2, 3)
    assert state.first_incomplete() == 2
    assert state.peak(1) == 5 and state.peak(0) is None
    assert state.peak_level(1, 5) == 5 and state.peak_level(1, 10) == 10 and state.peak_level(0, 5) is None


def test_the_state_holds_only_its_own_raters_codes(tmp_path):
    path = build_study(tmp_path)
    with Study.open(path) as study:
        bob = study.for_rater("bob")
        bob.set_value("s1", 0, "wd_denial", 1)
        bob.set_unit_note("s1", 0, "bob's note")
        state = CodingState(study.for_rater("ann"), "s1")
        assert state.values(0) == {}
        assert state.unit_state(0).note == ""


def test_a_nominal_digit_picks_the_nth_category(tmp_path):
    scheme = tmp_path / "nominal.yaml"
    scheme.write_text(
        "id: nominal-test\nname: Nominal\nversion: '1'\nsource: test\nunit: {segment_seconds: 300}\n"
        "scales:\n  moods: {type: nominal, values: [{value: calm, label: calm}, {value: tense, label: tense}]}\n"
        "groups:\n  - id: g\n    label: G\n    kind: other\n    items:\n"
        "      - {id: mood, label: Mood, key: m, scale: moods}\n", encoding="utf-8")
    path = build_study(tmp_path, str(scheme), (session("n1"),))
    with Study.open(path) as study:
        state = CodingState(study.for_rater("ann"), "n1")
        state.rate(0, "mood", 2)
        assert state.value(0, "mood") == "tense"
        with pytest.raises(CodesError, match="1 calm, 2 tense"):
            state.rate(0, "mood", 3)
