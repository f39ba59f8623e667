"""Consensus through the store API: the walk of disagreements, decisions with reasons, adoption, completion."""

from __future__ import annotations


import pandas as pd
import pytest

from observer.errors import CodesError, StudyError
from observer.store.frames import codes_frame
from observer.supervision import ConsensusSession

from conftest import APPEND_ONLY_ERRORS, code_units


code = code_units

@pytest.fixture
def coded(study):
    """s1 coded by ann and bob: they differ on segments 0 and 1, agree on segment 2 and the globals."""
    code(study, "ann", "s1", {(0, "wd_minimal"): 1, (0, "wd_significance"): 2,
                              (2, "rs_clarify"): 1, (2, "rs_clarify_impact"): 2, (None, "gl_resolved"): 2},
         evidence={(2, "rs_clarify"): [13]})
    code(study, "bob", "s1", {(0, "wd_minimal"): 1, (0, "wd_significance"): 3, (1, "wd_shift"): 1,
                              (1, "wd_significance"): 1, (2, "rs_clarify"): 1, (2, "rs_clarify_impact"): 2,
                              (None, "gl_resolved"): 2},
         evidence={(0, "wd_significance"): [2, 3], (2, "rs_clarify"): [12]})
    study.for_rater("bob").set_note("s1", 1, "wd_shift", "changes topic after the homework question")
    study.for_rater("ann").set_unit_note("s1", 1, "nothing here")
    return study


def places(comparisons):
    return [(c.segment, c.item.id) for c in comparisons]


def test_the_walk_lists_each_disagreement_with_every_raters_reading(coded):
    walk = ConsensusSession(coded, "s1", "sue")
    assert walk.raters == ("ann", "bob")
    assert places(walk.disagreements()) == [(0, "wd_significance"), (1, "wd_shift"), (1, "wd_significance")]
    shift = walk.disagreements()[1]
    ann, bob = shift.readings
    assert (ann.value, ann.implicit) == (0, True)  # unmarked in a completed segment: absent
    assert (bob.value, bob.note) == (1, "changes topic after the homework question")
    assert walk.unit(1).notes == {"ann": "nothing here", "bob": ""}
    significance = walk.disagreements()[0]
    assert [(r.rater, r.value, r.evidence) for r in significance.readings] == [("ann", 2, ()), ("bob", 3, (2, 3))]


def test_agreed_values_are_adopted_and_only_settled_units_complete(coded):
    walk = ConsensusSession(coded, "s1", "sue")
    # agreed: seg 0 wd_minimal 1; seg 2 rs_clarify 1 and its impact 2; globals 2 (agreed absences need no code)
    assert walk.adopt_agreements() == 4
    consensus = {(c.segment, c.item): c for c in coded.codes("s1", "consensus")}
    assert {k: c.value for k, c in consensus.items()} == {
        (0, "wd_minimal"): 1, (2, "rs_clarify"): 1, (2, "rs_clarify_impact"): 2, (None, "gl_resolved"): 2}
    assert consensus[(2, "rs_clarify")].evidence == (12, 13)
    assert consensus[(2, "rs_clarify")].note == "agreed by ann, bob"
    assert {u.segment: u.consensus_complete for u in walk.units()} == {0: False, 1: False, 2: True, None: True}
    assert walk.adopt_agreements() == 0  # nothing new


def test_a_decision_needs_a_reason_and_writes_nothing_without_one(coded):
    walk = ConsensusSession(coded, "s1", "sue")
    before = len(coded.history())
    for reason in ("", "   "):
        with pytest.raises(CodesError, match="needs a reason"):
            walk.decide(0, "wd_significance", 3, reason)
    assert len(coded.history()) == before
    assert coded.codes("s1", "consensus") == []


def test_a_decision_records_who_when_and_why_in_the_history(coded):
    walk = ConsensusSession(coded, "s1", "sue")
    decision = walk.decide(0, "wd_significance", "3", "the client stops answering for most of the segment")
    assert (decision.segment, decision.item, decision.value, decision.decided_by) == (0, "wd_significance", 3, "sue")
    (stored,) = coded.codes("s1", "consensus")
    assert (stored.value, stored.note, stored.evidence) == (3, decision.reason, (2, 3))  # bob's evidence for 3
    entry = coded.history("s1", "consensus")[-1]
    assert (entry.id, entry.action, entry.at, entry.new["value"]) == (decision.history_id, "consensus",
                                                                      decision.decided_at, 3)
    assert coded.consensus_decisions("s1") == [decision]
    assert not walk.disagreements()[0].pending


def test_decisions_are_append_only(coded):
    ConsensusSession(coded, "s1", "sue").decide(0, "wd_significance", 3, "clear withdrawal")
    with pytest.raises(APPEND_ONLY_ERRORS, match="append-only"):
        coded.db.connection.execute("UPDATE consensus_decisions SET reason = 'changed later'")
    with pytest.raises(APPEND_ONLY_ERRORS, match="append-only"):
        coded.db.connection.execute("DELETE FROM consensus_decisions")


def test_settling_every_disagreement_completes_the_consensus(coded):
    walk = ConsensusSession(coded, "s1", "sue")
    walk.adopt_agreements()
    walk.decide(0, "wd_significance", 2, "brief strain only")
    walk.decide(1, "wd_shift", 0, "the topic change was the therapist's")
    assert not walk.unit(1).consensus_complete  # bob's significance still stands against ann's empty one
    assert [p.item for p in walk.problems(1)] == []
    walk.decide(1, "wd_significance", None, "no rupture marker, so no significance")
    assert walk.pending() == []
    assert all(u.consensus_complete for u in walk.units())
    frame = codes_frame(coded, session_id="s1", rater="consensus")
    values = {(None if g is pd.NA else int(g), i): v
              for g, i, v in zip(frame["segment_index"], frame["item"], frame["value"])}
    # segment 1: every marker absent (explicit 0 for the decided one, zero-filled for the rest), no significance
    assert {i: v for (g, i), v in values.items() if g == 1} == {"wd_minimal": 0, "wd_shift": 0, "rs_clarify": 0}
    assert values[(0, "wd_significance")] == 2


def test_a_consensus_that_breaks_the_schemes_rules_stays_open(coded):
    walk = ConsensusSession(coded, "s1", "sue")
    walk.decide(1, "wd_shift", 1, "the client changes topic twice")
    walk.decide(1, "wd_significance", None, "hard to rate")
    assert walk.pending() == [c for c in walk.disagreements() if c.segment == 0]
    assert [p.kind for p in walk.problems(1)] == ["missing"]
    assert not walk.unit(1).consensus_complete


def test_a_supervisors_decision_is_never_overwritten_by_adoption(coded):
    walk = ConsensusSession(coded, "s1", "sue")
    walk.decide(2, "rs_clarify_impact", 3, "the repair went further than both raters saw")
    walk.adopt_agreements()
    (impact,) = [c for c in coded.codes("s1", "consensus") if c.item == "rs_clarify_impact"]
    assert impact.value == 3


def test_an_adoption_follows_raters_who_change_their_codes(coded):
    walk = ConsensusSession(coded, "s1", "sue")
    walk.adopt_agreements()
    for rater in ("ann", "bob"):
        coded.for_rater(rater).set_value("s1", None, "gl_resolved", 3)
    assert walk.adopt_agreements() == 1
    (globals_,) = [c for c in coded.codes("s1", "consensus") if c.item == "gl_resolved"]
    assert globals_.value == 3


def test_a_session_without_disagreement_is_settled_by_adoption_alone(study):
    values = {(0, "wd_minimal"): 1, (0, "wd_significance"): 2, (None, "gl_resolved"): 3}
    code(study, "ann", "s2", values)
    code(study, "bob", "s2", values)
    walk = ConsensusSession(study, "s2", "sue")
    assert walk.disagreements() == []
    assert walk.adopt_agreements() == 3
    assert all(u.consensus_complete for u in walk.units())


def test_unfinished_units_keep_the_consensus_open(study):
    code(study, "ann", "s2", {(0, "wd_minimal"): 1, (0, "wd_significance"): 2}, complete=(0,))
    code(study, "bob", "s2", {(0, "wd_minimal"): 1, (0, "wd_significance"): 2}, complete=())
    walk = ConsensusSession(study, "s2", "sue")
    walk.adopt_agreements()
    assert walk.unit(0).unfinished == ["bob"]
    assert not walk.unit(0).consensus_complete


def test_consensus_needs_two_raters_and_a_supervisor(study):
    code(study, "ann", "s1", {(0, "wd_minimal"): 1, (0, "wd_significance"): 2}, complete=(0,))
    with pytest.raises(StudyError, match="coded only by ann"):
        ConsensusSession(study, "s1", "sue")
    with pytest.raises(StudyError, match="coded by nobody"):
        ConsensusSession(study, "s2", "sue")
    study.for_rater("bob").set_value("s1", 0, "wd_minimal", 1)
    with pytest.raises(StudyError, match="name of their own"):
        ConsensusSession(study, "s1", "consensus")
    reader = ConsensusSession(study, "s1")  # reading needs no name; deciding does
    # bob has not completed segment 0, so ann's unmarked markers (read as absent) face his empty readings
    assert places(reader.disagreements()) == [(0, "wd_shift"), (0, "wd_significance"), (0, "rs_clarify")]
    for write in (reader.adopt_agreements, lambda: reader.decide(0, "wd_significance", 2, "why")):
        with pytest.raises(StudyError, match="name of the supervisor"):
            write()
    assert study.codes("s1", "consensus") == []


def test_bad_decisions_are_refused(coded):
    walk = ConsensusSession(coded, "s1", "sue")
    with pytest.raises(CodesError, match="not on scale"):
        walk.decide(0, "wd_significance", 9, "because")
    with pytest.raises(CodesError, match="no item"):
        walk.decide(0, "nonsense", 1, "because")
    with pytest.raises(CodesError, match="session level"):
        walk.decide(0, "gl_resolved", 1, "because")
    with pytest.raises(CodesError, match="no segment 8"):  # segment_index 7, counted from 1
        walk.decide(7, "wd_minimal", 1, "because")
    assert coded.codes("s1", "consensus") == []


def test_raters_still_see_only_their_own_codes(coded):
    ConsensusSession(coded, "s1", "sue").adopt_agreements()
    assert {c.rater for c in coded.for_rater("ann").codes("s1").values()} == {"ann"}
