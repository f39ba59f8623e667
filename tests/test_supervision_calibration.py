"""Calibration against master codes: figures worked by hand on a small study, thresholds, verdicts."""

from __future__ import annotations

import pytest

from observer.errors import StudyError
from observer.supervision import ConsensusSession, calibrate, set_threshold, thresholds

# Two master sessions of three segments (mini scheme). Unlisted markers are absent
# (every unit is marked complete).
EXPERT = {
    "s1": {(0, "wd_minimal"): 1, (0, "wd_significance"): 2,
           (2, "wd_shift"): 1, (2, "wd_significance"): 3, (2, "rs_clarify"): 1, (2, "rs_clarify_impact"): 2,
           (None, "gl_resolved"): 2},
    "s2": {(0, "wd_minimal"): 1, (0, "wd_shift"): 1, (0, "wd_significance"): 3,
           (1, "rs_clarify"): 1, (1, "rs_clarify_impact"): 3,
           (None, "gl_resolved"): 3},
}
TRAINEE = {
    "s1": {(0, "wd_minimal"): 1, (0, "wd_significance"): 1,
           (1, "wd_shift"): 1, (1, "wd_significance"): 1,
           (2, "wd_shift"): 1, (2, "wd_significance"): 3,
           (None, "gl_resolved"): 2},
    "s2": {(0, "wd_minimal"): 1, (0, "wd_significance"): 3,
           (1, "rs_clarify"): 1, (1, "rs_clarify_impact"): 2,
           (None, "gl_resolved"): 2},
}


def code_all(study, rater, sessions):
    view = study.for_rater(rater)
    for session, values in sessions.items():
        for (segment, item), value in values.items():
            view.set_value(session, segment, item, value)
        for segment in (0, 1, 2, None):
            view.set_complete(session, segment)


@pytest.fixture
def training(study):
    code_all(study, "expert", EXPERT)
    code_all(study, "tia", TRAINEE)
    study.mark_master(["s1", "s2"], "expert")
    return study


def value(result, group, level, statistic):
    rows = result.table[(result.table["group"] == group) & (result.table["level"] == level)
                        & (result.table["statistic"] == statistic)]
    (row,) = rows.itertuples(index=False)
    return row


def test_withdrawal_markers_hand_worked(training):
    # 12 units (6 segments x 2 markers), master rows x trainee columns:
    #   (1,1) = 3 [s1/0 minimal, s1/2 shift, s2/0 minimal], (1,0) = 1 [s2/0 shift],
    #   (0,1) = 1 [s1/1 shift], (0,0) = 7
    # p_o = 10/12; margins 4/12 present for both, so p_e = (1/3)^2 + (2/3)^2 = 80/144
    # kappa = (120/144 - 80/144) / (64/144) = 40/64 = 0.625 (>= .60: pass)
    result = calibrate(training, "tia")
    agreement = value(result, "withdrawal", "presence", "percent_agreement")
    kappa = value(result, "withdrawal", "presence", "cohen_kappa")
    assert agreement.value == pytest.approx(10 / 12) and agreement.n_units == 12
    assert kappa.value == pytest.approx(0.625) and kappa.result == "pass" and kappa.threshold == 0.60


def test_withdrawal_significance_hand_worked(training):
    # pairable units (both rated): s1/0 (2 vs 1), s1/2 (3, 3), s2/0 (3, 3); s1/1 only the trainee rated.
    # Quadratic weights on 1..3: w = 1 - d^2/4, so w(2,1) = .75.
    #   p_o = .75 * 1/3 + 1 * 2/3 = 11/12
    #   margins: master 2: 1/3, 3: 2/3; trainee 1: 1/3, 3: 2/3
    #   p_e = .75*(1/3)(1/3) + .75*(1/3)(2/3) + 0*(2/3)(1/3) + 1*(2/3)(2/3) = 25/36
    #   weighted kappa = (33/36 - 25/36) / (11/36) = 8/11
    # Ordinal alpha: coincidences o12 = o21 = 1, o33 = 4; n1 = n2 = 1, n3 = 4, n = 6;
    #   delta12 = (2 - 1)^2 = 1, delta13 = (6 - 2.5)^2 = 12.25, delta23 = (5 - 2.5)^2 = 6.25;
    #   alpha = 1 - (n - 1) * sum(o*delta) / sum(n_c n_k delta) = 1 - 5 * 2 / (2 * (1 + 49 + 25)) = 14/15
    result = calibrate(training, "tia")
    assert value(result, "withdrawal", "rating", "percent_agreement").value == pytest.approx(2 / 3)
    kappa = value(result, "withdrawal", "rating", "weighted_kappa")
    assert kappa.value == pytest.approx(8 / 11) and kappa.n_units == 3
    alpha = value(result, "withdrawal", "rating", "alpha")
    assert alpha.value == pytest.approx(14 / 15) and alpha.threshold == 0.667 and alpha.result == "pass"
    assert result.groups["withdrawal"] == "pass"


def test_resolution_and_session_groups_hand_worked(training):
    # rs_clarify over 6 segments: (1,1) = 1 [s2/1], (1,0) = 1 [s1/2], (0,0) = 4
    #   p_o = 5/6; margins master 2/6, trainee 1/6 present: p_e = (2/6)(1/6) + (4/6)(5/6) = 22/36
    #   kappa = (30/36 - 22/36) / (14/36) = 4/7 = 0.571 (< .60: fail)
    # gl_resolved: s1 2 vs 2, s2 3 vs 2; the trainee always says 2, so weighted kappa is
    #   (.875 - .875) / .125 = 0, and ordinal alpha 1 - 3 * 8 / 24 = 0.
    result = calibrate(training, "tia")
    kappa = value(result, "resolution", "presence", "cohen_kappa")
    assert kappa.value == pytest.approx(4 / 7) and kappa.result == "fail"
    assert value(result, "session", "session", "weighted_kappa").value == pytest.approx(0.0)
    assert value(result, "session", "session", "alpha").value == pytest.approx(0.0)
    assert result.groups == {"withdrawal": "pass", "resolution": "fail", "session": "fail"}
    assert result.verdict == "fail"
    assert result.sessions == ("s1", "s2")


def test_segments_that_differ_most_come_first(training):
    # sizes: a marker or nominal difference counts 1, an ordinal one its steps over the scale's 2 steps
    result = calibrate(training, "tia", top=10)
    listed = [(r.session_id, r.segment, r.size) for r in result.differences.itertuples(index=False)]
    # segments as people count them, from 1 (segment_index 1, 2, 0, ...)
    assert listed == [("s1", 2, 1.0), ("s1", 3, 1.0), ("s2", 1, 1.0),
                      ("s1", 1, 0.5), ("s2", 2, 0.5), ("s2", "session", 0.5)]
    assert result.differences.iloc[0]["differences"] == "wd_shift trainee 1 / master 0"
    assert len(calibrate(training, "tia", top=2).differences) == 2


def test_thresholds_are_stored_in_the_study(training):
    assert thresholds(training) == {"kappa": 0.60, "alpha": 0.667}
    assert set_threshold(training, "kappa=0.65") == ("kappa", 0.65)
    result = calibrate(training, "tia")
    assert value(result, "withdrawal", "presence", "cohen_kappa").result == "fail"  # .625 < .65
    assert thresholds(training)["kappa"] == 0.65


@pytest.mark.parametrize("text, message", [("icc=0.7", "unknown threshold"), ("kappa=high", "above 0"),
                                           ("alpha=1.5", "at most 1"), ("kappa=0", "above 0")])
def test_bad_thresholds_are_refused(training, text, message):
    with pytest.raises(StudyError, match=message):
        set_threshold(training, text)
    assert thresholds(training) == {"kappa": 0.60, "alpha": 0.667}


def test_a_named_master_rater_replaces_the_master_sessions(training):
    training.unmark_master(["s1", "s2"])
    result = calibrate(training, "tia", master="expert")
    assert value(result, "withdrawal", "presence", "cohen_kappa").value == pytest.approx(0.625)
    assert result.master == "expert's codes"


def test_consensus_codes_can_be_the_master(training):
    code_all(training, "bob", EXPERT)
    walk = ConsensusSession(training, "s1", "sue", raters=["bob", "expert"])
    walk.adopt_agreements()
    training.mark_master(["s1"], "consensus")
    training.unmark_master(["s2"])
    result = calibrate(training, "tia")
    # s1 alone: wd markers (1,1) = 2, (0,1) = 1, (0,0) = 3 -> p_o = 5/6,
    # margins master 2/6, trainee 3/6 -> p_e = (2/6)(3/6) + (4/6)(3/6) = 1/2, kappa = (5/6 - 1/2) / (1/2) = 2/3
    assert value(result, "withdrawal", "presence", "cohen_kappa").value == pytest.approx(2 / 3)
    assert result.master == "master codes of s1 (consensus)"


def test_undefined_statistics_say_why_and_do_not_decide(training):
    # s1 alone: only the master rated a clarification's impact, so no unit has both ratings
    training.unmark_master(["s2"])
    result = calibrate(training, "tia")
    impact = value(result, "resolution", "rating", "weighted_kappa")
    assert impact.value is None or impact.value != impact.value  # no unit both rated in s1
    assert impact.result == "undefined" and impact.note.startswith("undefined:")


def test_missing_master_sessions_and_untrained_trainees_are_explained(study):
    with pytest.raises(StudyError, match="no master sessions") as info:
        calibrate(study, "tia")
    assert "observer master" in str(info.value)
    code_all(study, "expert", {"s1": EXPERT["s1"]})
    study.mark_master(["s1"], "expert")
    with pytest.raises(StudyError, match="tia has coded none of the master sessions"):
        calibrate(study, "tia")
    with pytest.raises(StudyError, match="has no codes in session"):
        study.mark_master(["s2"], "expert")
