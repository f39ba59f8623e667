"""The coding screen's model: transcript rows, time lookups and the editing rules, without Textual."""

from __future__ import annotations

import pytest
from test_tui_support import build_study, codes_of, session

from observer.errors import CodesError
from observer.store import Study
from observer.tui.coding_state import CodingState


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


def test_an_edit_that_breaks_a_complete_segment_reopens_it_first(state):
    state.complete(0)
    change = state.toggle(0, "cf_defends_self")
    assert change.reopened and not state.is_complete(0)
    state.rate(0, "cf_defends_self", 2)
    state.complete(0)
    assert not state.set_note(0, "cf_defends_self", "pushes back").reopened
    assert not state.rate(0, "cf_defends_self", 3).reopened
    assert state.is_complete(0)


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
