"""Session summaries worked out by hand: several raters, consensus, mean of raters, 2022 dyadic, WAI-O-S."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from observer.scheme import load_scheme
from observer.summary import profile, segment_table, session_summary, summarise
from test_summary_support import codes_frame, dyadic_2022, segments_frame, sessions_frame, small_3rs, wai_os

SESSIONS = sessions_frame([("s1", "T1", "C1", "2024-02-01")])

# ann codes all six segments of s1 (window 1, threshold 3):
#   seg 0: wd_a, withdrawal 2           -> strategy in seg 1: resolved
#   seg 1: wd_a + wd_b, withdrawal 4; clarify (immediate) -> resolved in the same segment
#   seg 2: cf_a, confrontation 5        -> invite in seg 3: resolved
#   seg 3: invite (exploratory)
#   seg 4: wd_a withdrawal 3, cf_b confrontation 3 -> nothing in seg 4..5: unresolved (3 >= 3)
#   seg 5: nothing
# bob codes seg 0..2 only: seg 1 cf_a, confrontation 2 (below threshold, no strategy in seg 1..2).
# consensus records only the session-level ratings.
CODING = {
    ("s1", "ann"): {
        0: {"wd_a": 1, "wd_sig": 2},
        1: {"wd_a": 1, "wd_b": 1, "wd_sig": 4, "rs_clarify": 1, "rs_clarify_impact": 3},
        2: {"cf_a": 1, "cf_sig": 5},
        3: {"rs_invite": 1},
        4: {"wd_a": 1, "wd_sig": 3, "cf_b": 1, "cf_sig": 3},
        5: {},
    },
    ("s1", "bob"): {0: {}, 1: {"cf_a": 1, "cf_sig": 2}, 2: {}},
}
GLOBALS = {("s1", "ann"): {"gl_contribution": 3, "gl_resolved": 2}, ("s1", "consensus"): {"gl_contribution": 4}}


def summary(rater=None, scheme=None, coding=CODING, globals_=GLOBALS, n_segments=6, sessions=SESSIONS):
    scheme = scheme or small_3rs()
    codes = codes_frame(scheme, coding, globals_)
    return session_summary(codes, segments_frame({"s1": n_segments}), sessions, scheme, rater=rater)


def row(frame, rater):
    """The summary row of one rater as a dict with None for missing values."""
    values = frame[frame["rater"] == rater].iloc[0].to_dict()
    return {k: None if (v is pd.NA or (isinstance(v, float) and math.isnan(v))) else v for k, v in values.items()}


def test_figures_of_one_rater():
    ann = row(summary(), "ann")
    assert (ann["therapist"], ann["client"], ann["date"]) == ("T1", "C1", "2024-02-01")
    assert (ann["segments_total"], ann["segments_coded"], ann["rupture_segments"]) == (6, 6, 4)
    # withdrawal in seg 0, 1, 4: mean (2 + 4 + 3) / 3 = 3, peak 4
    assert (ann["withdrawal_segments"], ann["withdrawal_mean_significance"], ann["withdrawal_peak_significance"]) == (3, 3.0, 4.0)
    # confrontation in seg 2, 4: mean (5 + 3) / 2 = 4, peak 5
    assert (ann["confrontation_segments"], ann["confrontation_mean_significance"], ann["confrontation_peak_significance"]) == (2, 4.0, 5.0)
    # 3 of the 4 rupture segments have a strategy within the window; seg 4 is unresolved
    assert ann["resolved_within_window_share"] == 0.75
    assert ann["unresolved_ruptures"] == 1
    assert (ann["strategy_segments"], ann["strategies"], ann["immediate_strategies"], ann["exploratory_strategies"]) == (2, 2, 1, 1)
    assert (ann["n_wd_a"], ann["n_wd_b"], ann["n_cf_a"], ann["n_cf_b"]) == (3, 1, 1, 1)
    assert (ann["n_rs_clarify"], ann["n_rs_redirect"], ann["n_rs_invite"]) == (1, 0, 1)
    assert (ann["gl_contribution"], ann["gl_resolved"]) == (3, 2)


def test_rater_with_uncoded_segments_and_no_globals():
    bob = row(summary(), "bob")
    assert (bob["segments_total"], bob["segments_coded"], bob["rupture_segments"]) == (6, 3, 1)
    assert (bob["withdrawal_segments"], bob["withdrawal_mean_significance"], bob["withdrawal_peak_significance"]) == (0, None, None)
    assert (bob["confrontation_segments"], bob["confrontation_mean_significance"]) == (1, 2.0)
    # the one rupture segment (significance 2) has no strategy in seg 1..2: share 0, but not "unresolved"
    assert (bob["resolved_within_window_share"], bob["unresolved_ruptures"]) == (0.0, 0)
    assert (bob["gl_contribution"], bob["gl_resolved"]) == (None, None)


def test_every_rater_with_codes_gets_a_row_including_consensus_with_only_globals():
    frame = summary()
    assert list(frame["rater"]) == ["ann", "bob", "consensus"]
    consensus = row(frame, "consensus")
    assert (consensus["segments_total"], consensus["segments_coded"], consensus["rupture_segments"]) == (6, 0, 0)
    assert consensus["resolved_within_window_share"] is None
    assert (consensus["gl_contribution"], consensus["gl_resolved"]) == (4, None)
    assert list(summary(rater="consensus")["rater"]) == ["consensus"]


def test_mean_of_raters():
    # ann and bob (consensus left out). Flags need a strict majority of the raters who coded a segment:
    #   seg 0: withdrawal ann only (1 of 2) -> none; seg 1: clarify and both types 1 of 2 -> none;
    #   seg 2: 1 of 2 -> none; seg 3, 4, 5 coded by ann only (1 of 1): invite in seg 3,
    #   withdrawal 3 and confrontation 3 in seg 4, unresolved (no strategy in seg 4..5).
    # Globals: the mean of the raters who gave them (ann only): 3 and 2.
    mean = row(summary(rater="mean"), "mean")
    assert (mean["segments_coded"], mean["rupture_segments"]) == (6, 1)
    assert (mean["withdrawal_segments"], mean["withdrawal_mean_significance"]) == (1, 3.0)
    assert (mean["confrontation_segments"], mean["confrontation_peak_significance"]) == (1, 3.0)
    assert (mean["unresolved_ruptures"], mean["resolved_within_window_share"]) == (1, 0.0)
    assert (mean["strategy_segments"], mean["immediate_strategies"], mean["exploratory_strategies"]) == (1, 0, 1)
    assert (mean["gl_contribution"], mean["gl_resolved"]) == (3.0, 2.0)


def test_mean_of_globals_averages_the_raters():
    coding = {("s1", "ann"): {0: {}}, ("s1", "bob"): {0: {}}}
    globals_ = {("s1", "ann"): {"gl_contribution": 2, "gl_resolved": 5}, ("s1", "bob"): {"gl_contribution": 5}}
    mean = row(summary(rater="mean", coding=coding, globals_=globals_, n_segments=1), "mean")
    assert (mean["gl_contribution"], mean["gl_resolved"]) == (3.5, 5.0)


def test_no_ruptures_at_all():
    coding = {("s1", "ann"): {i: {} for i in range(3)}}
    ann = row(summary(coding=coding, globals_={}, n_segments=3), "ann")
    assert (ann["rupture_segments"], ann["unresolved_ruptures"], ann["strategies"]) == (0, 0, 0)
    assert ann["resolved_within_window_share"] is None
    assert ann["withdrawal_peak_significance"] is None


def test_sessions_follow_the_study_order_of_the_sessions_frame():
    scheme = small_3rs()
    codes = codes_frame(scheme, {("s1", "ann"): {0: {}}, ("s2", "ann"): {0: {}}, ("s2", "bob"): {0: {}}})
    sessions = sessions_frame([("s2", "T1", "C1", ""), ("s1", "T1", "C1", "")])
    frame = session_summary(codes, segments_frame({"s1": 1, "s2": 1}), sessions, scheme)
    assert list(zip(frame["session_id"], frame["rater"])) == [("s2", "ann"), ("s2", "bob"), ("s1", "ann")]


def test_profile_lists_every_marker_and_strategy_with_counts():
    frame = summary(rater="ann")
    long = profile(frame, small_3rs())
    assert list(long["item"]) == ["wd_a", "wd_b", "cf_a", "cf_b", "rs_clarify", "rs_redirect", "rs_invite"]
    assert list(long["segments"]) == [3, 1, 1, 1, 1, 0, 1]
    assert list(long["kind"]) == ["marker"] * 4 + ["strategy"] * 3
    assert list(long["group"][:2]) == ["withdrawal", "withdrawal"]
    assert list(long["tags"][4:]) == ["immediate", "immediate", "exploratory"]


def test_summarise_gives_the_same_frames_as_the_single_functions():
    scheme = small_3rs()
    codes = codes_frame(scheme, CODING, GLOBALS)
    segments = segments_frame({"s1": 6})
    result = summarise(codes, segments, SESSIONS, scheme, rater="ann", peaks=2)
    pd.testing.assert_frame_equal(result.sessions, session_summary(codes, segments, SESSIONS, scheme, rater="ann"))
    pd.testing.assert_frame_equal(result.segments, segment_table(codes, segments, scheme, rater="ann"))
    # peaks: seg 2 (5), seg 1 (4)
    assert list(result.peaks["segment_index"]) == [2, 1]
    assert len(result.profile) == 7


# 3RS 2022 dyadic: salience 1 means "not salient", so a type is present when its salience is
# above 1 or one of its marker forms is marked.
#   seg 0: all salience 1                                  -> no rupture
#   seg 1: pw 4 with shutting down, pc 2, tw 1, tc 1       -> pw and pc present; significance 4
#   seg 2: pw 1 but avoiding marked, pc 1, tw 3, tc 1      -> pw (form) and tw present; significance 3
DYADIC = {
    ("s1", "ann"): {
        0: {"pw_salience": 1, "pc_salience": 1, "tw_salience": 1, "tc_salience": 1},
        1: {"pw_salience": 4, "pw_shutting_down": 1, "pc_salience": 2, "tw_salience": 1, "tc_salience": 1},
        2: {"pw_salience": 1, "pw_avoiding": 1, "pc_salience": 1, "tw_salience": 3, "tc_salience": 1},
    }
}


def test_dyadic_2022_salience_per_segment():
    scheme = dyadic_2022()
    codes = codes_frame(scheme, DYADIC)
    table = segment_table(codes, segments_frame({"s1": 3}), scheme)
    assert table["rupture"].tolist() == [False, True, True]
    assert table["significance"].tolist()[1:] == [4.0, 3.0]
    assert table["patient_withdrawal_present"].tolist() == [False, True, True]
    assert table["markers"].tolist() == [(), ("pw_shutting_down",), ("pw_avoiding",)]
    # no resolution group: resolution is unknown, so high-salience segments are "unresolved?" NA
    assert table["resolved_within_window"].isna().all()
    assert [v is pd.NA for v in table["unresolved"]] == [False, True, True]
    ann = row(session_summary(codes, segments_frame({"s1": 3}), SESSIONS, scheme), "ann")
    # means over every coded segment: pw (1 + 4 + 1) / 3 = 2, pc (1 + 2 + 1) / 3, tw (1 + 1 + 3) / 3, tc 1
    assert (ann["patient_withdrawal_segments"], ann["patient_withdrawal_mean_significance"]) == (2, 2.0)
    assert ann["patient_confrontation_mean_significance"] == pytest.approx(4 / 3)
    assert (ann["therapist_withdrawal_segments"], ann["therapist_withdrawal_peak_significance"]) == (1, 3.0)
    assert ann["therapist_withdrawal_mean_significance"] == pytest.approx(5 / 3)
    assert (ann["therapist_confrontation_segments"], ann["therapist_confrontation_mean_significance"]) == (0, 1.0)
    assert ann["rupture_segments"] == 2
    assert (ann["unresolved_ruptures"], ann["resolved_within_window_share"], ann["strategies"]) == (None, None, 0)


def test_shipped_dyadic_scheme_summarises():
    scheme = load_scheme("3rs-2022-dyadic")
    codes = codes_frame(scheme, DYADIC)
    ann = row(session_summary(codes, segments_frame({"s1": 3}), SESSIONS, scheme), "ann")
    assert (ann["rupture_segments"], ann["patient_withdrawal_peak_significance"]) == (2, 4.0)
    assert ann["n_pw_avoiding"] == 1


# WAI-O-S: one unit per session (the study stores it as segment 0); subscale means per rater.
#   ann: bond (6 + 5) / 2 = 5.5, agreement (4 + 3 + 5) / 3 = 4
#   bob: bond (7 + 7) / 2 = 7,   agreement (2 + 2 + 2) / 3 = 2
#   mean of raters: bond 6.25, agreement 3
WAI = {
    ("s1", "ann"): {0: {"wai_b1": 6, "wai_b2": 5, "wai_a1": 4, "wai_a2": 3, "wai_a3": 5}},
    ("s1", "bob"): {0: {"wai_b1": 7, "wai_b2": 7, "wai_a1": 2, "wai_a2": 2, "wai_a3": 2}},
}


def test_wai_o_s_subscale_means():
    scheme = wai_os()
    codes = codes_frame(scheme, WAI, seconds=3000.0)
    segments = segments_frame({"s1": 1}, seconds=3000.0)
    frame = session_summary(codes, segments, SESSIONS, scheme)
    assert (row(frame, "ann")["bond_mean"], row(frame, "ann")["agreement_mean"]) == (5.5, 4.0)
    assert (row(frame, "bob")["bond_mean"], row(frame, "bob")["agreement_mean"]) == (7.0, 2.0)
    assert row(frame, "ann")["rupture_segments"] == 0
    mean = row(session_summary(codes, segments, SESSIONS, scheme, rater="mean"), "mean")
    assert (mean["bond_mean"], mean["agreement_mean"]) == (6.25, 3.0)
    table = segment_table(codes, segments, scheme)
    assert table["bond_mean"].tolist() == [5.5, 7.0]
    assert "significance" in table and table["significance"].isna().all()


def test_wai_o_s_rated_at_session_level_also_counts():
    scheme = wai_os()
    codes = codes_frame(scheme, {}, {("s1", "ann"): {"wai_b1": 3, "wai_b2": 4, "wai_a1": 6}})
    frame = session_summary(codes, segments_frame({"s1": 1}, seconds=3000.0), SESSIONS, scheme)
    assert (row(frame, "ann")["bond_mean"], row(frame, "ann")["agreement_mean"], row(frame, "ann")["segments_coded"]) == (3.5, 6.0, 0)


def test_shipped_wai_o_s_scheme_has_bond_and_agreement_means():
    scheme = load_scheme("wai-o-s")
    values = {f"wai_b{i}": 6 for i in range(1, 5)} | {f"wai_a{i}": i % 7 + 1 for i in range(1, 9)}
    codes = codes_frame(scheme, {("s1", "ann"): {0: values}}, seconds=3000.0)
    ann = row(session_summary(codes, segments_frame({"s1": 1}, seconds=3000.0), SESSIONS, scheme), "ann")
    # agreement: items 1..8 rated 2, 3, 4, 5, 6, 7, 1, 2 -> 30 / 8
    assert (ann["bond_mean"], ann["agreement_mean"]) == (6.0, 3.75)


def test_shipped_3rs_2015_scheme_summarises():
    scheme = load_scheme("3rs-2015")
    coding = {
        ("s1", "ann"): {
            0: {"wd_minimal_response": 1, "wd_denial": 1, "wd_significance": 4},
            1: {"rs_invite_discussion": 1, "rs_invite_discussion_impact": 4},
            2: {"cf_complaints_parameters": 1, "cf_significance": 3},
            3: {},
        }
    }
    globals_ = {("s1", "ann"): {"gl_therapist_contribution": 2, "gl_resolution_extent": 4}}
    codes = codes_frame(scheme, coding, globals_)
    ann = row(session_summary(codes, segments_frame({"s1": 4}), SESSIONS, scheme), "ann")
    assert (ann["rupture_segments"], ann["withdrawal_segments"], ann["confrontation_segments"]) == (2, 1, 1)
    assert (ann["unresolved_ruptures"], ann["resolved_within_window_share"]) == (1, 0.5)
    assert (ann["exploratory_strategies"], ann["immediate_strategies"]) == (1, 0)
    assert (ann["gl_therapist_contribution"], ann["gl_resolution_extent"]) == (2, 4)
    assert (ann["n_wd_denial"], ann["n_wd_minimal_response"], ann["n_rs_invite_discussion"]) == (1, 1, 1)
