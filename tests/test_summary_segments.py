"""The segment table: ruptures, significance, resolution within the window, unresolved ruptures, peaks."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from observer.summary import peak_moments, segment_table
from test_summary_support import codes_frame, segments_frame, small_3rs


def table(coding, n_segments=4, scheme=None, rater=None):
    """The segment table of one session ``s1`` coded by ``ann`` (or the raters given)."""
    scheme = scheme or small_3rs()
    if not isinstance(next(iter(coding)), tuple):
        coding = {("s1", "ann"): coding}
    return segment_table(codes_frame(scheme, coding), segments_frame({"s1": n_segments}), scheme, rater=rater)


def column(frame, name):
    """A column as a plain list with None for NA/NaN, for exact comparison."""
    return [None if (v is pd.NA or (isinstance(v, float) and math.isnan(v))) else v for v in frame[name].tolist()]


def test_no_ruptures_at_all():
    # Four coded segments, nothing marked: no rupture anywhere, so nothing is resolved or
    # unresolved, and "resolved within window" is undefined (NA) for non-rupture segments.
    t = table({0: {}, 1: {}, 2: {}, 3: {}})
    assert column(t, "rupture") == [False] * 4
    assert column(t, "significance") == [None] * 4
    assert column(t, "markers") == [()] * 4
    assert column(t, "resolved_within_window") == [None] * 4
    assert column(t, "unresolved") == [False] * 4
    assert peak_moments(t).empty


def test_ruptures_with_no_resolution():
    # seg 0: withdrawal significance 4, no strategy in seg 0 or 1 -> unresolved (4 >= 3)
    # seg 2: confrontation significance 3, no strategy in seg 2 or 3 -> unresolved (3 >= 3)
    t = table({0: {"wd_a": 1, "wd_sig": 4}, 1: {}, 2: {"cf_b": 1, "cf_sig": 3}, 3: {}})
    assert column(t, "rupture") == [True, False, True, False]
    assert column(t, "withdrawal_significance") == [4, None, None, None]
    assert column(t, "confrontation_significance") == [None, None, 3, None]
    assert column(t, "markers") == [("wd_a",), (), ("cf_b",), ()]
    assert column(t, "resolved_within_window") == [False, None, False, None]
    assert column(t, "unresolved") == [True, False, True, False]


def test_rupture_below_threshold_is_not_unresolved():
    # significance 2 < threshold 3: not resolved, but not counted as an unresolved rupture
    t = table({0: {"wd_a": 1, "wd_sig": 2}, 1: {}})
    assert column(t, "resolved_within_window")[0] is False
    assert column(t, "unresolved")[0] is False


def test_resolution_in_the_same_segment():
    t = table({0: {"wd_a": 1, "wd_sig": 5, "rs_clarify": 1, "rs_clarify_impact": 3}, 1: {}})
    assert column(t, "strategies")[0] == ("rs_clarify",)
    assert column(t, "immediate_strategies")[0] == 1
    assert column(t, "resolved_within_window")[0] is True
    assert column(t, "unresolved")[0] is False


def test_resolution_in_the_next_segment_is_within_a_window_of_one():
    t = table({0: {"wd_b": 1, "wd_sig": 5}, 1: {"rs_invite": 1}, 2: {}, 3: {}})
    assert column(t, "resolved_within_window")[0] is True
    assert column(t, "exploratory_strategies") == [0, 1, 0, 0]
    assert column(t, "unresolved")[0] is False


def test_resolution_two_segments_later_is_outside_a_window_of_one():
    # strategy in seg 2; the window of seg 0 is seg 0..1 -> unresolved; with window 2 it is seg 0..2
    coding = {0: {"wd_a": 1, "wd_sig": 5}, 1: {}, 2: {"rs_redirect": 1}, 3: {}}
    narrow = table(coding)
    assert column(narrow, "resolved_within_window")[0] is False
    assert column(narrow, "unresolved")[0] is True
    wide = table(coding, scheme=small_3rs(window=2))
    assert column(wide, "resolved_within_window")[0] is True
    assert column(wide, "unresolved")[0] is False


def test_window_zero_counts_only_the_same_segment():
    t = table({0: {"wd_a": 1, "wd_sig": 4}, 1: {"rs_clarify": 1, "rs_clarify_impact": 2}}, scheme=small_3rs(window=0))
    assert column(t, "resolved_within_window")[0] is False


def test_strategy_before_the_rupture_does_not_resolve_it():
    t = table({0: {"rs_clarify": 1, "rs_clarify_impact": 2}, 1: {"cf_a": 1, "cf_sig": 4}, 2: {}})
    assert column(t, "resolved_within_window")[1] is False
    assert column(t, "unresolved")[1] is True


def test_window_running_past_the_session_end_uses_the_segments_there_are():
    # rupture in the last segment: its window is that segment only -> known to be unresolved
    t = table({0: {}, 1: {"wd_a": 1, "wd_sig": 3}}, n_segments=2)
    assert column(t, "resolved_within_window")[1] is False
    assert column(t, "unresolved")[1] is True


def test_uncoded_segments_are_not_read_as_absent():
    # seg 1 and 3 uncoded: their flags are NA; the rupture in seg 0 has no strategy in seg 0 and
    # seg 1 is unknown, so whether it was resolved is unknown; seg 2's window (2..3) likewise.
    t = table({0: {"wd_a": 1, "wd_sig": 4}, 2: {"cf_a": 1, "cf_sig": 2}})
    assert column(t, "coded") == [True, False, True, False]
    assert column(t, "rupture") == [True, None, True, None]
    assert column(t, "withdrawal_present") == [True, None, False, None]
    assert column(t, "strategy_used") == [False, None, False, None]
    assert column(t, "resolved_within_window") == [None, None, None, None]
    assert column(t, "unresolved") == [None, None, False, None]
    # a strategy seen in the coded part of the window settles it despite a later uncoded segment
    t = table({0: {"wd_a": 1, "wd_sig": 4, "rs_invite": 1}})
    assert column(t, "resolved_within_window")[0] is True


def test_segments_keep_their_time_range_and_order():
    t = table({2: {}, 0: {}}, n_segments=3)
    assert list(t["segment_index"]) == [0, 1, 2]
    assert list(t["start"]) == [0.0, 300.0, 600.0]
    assert list(t["end"]) == [300.0, 600.0, 900.0]


def test_several_raters_stay_apart_and_consensus_can_be_chosen():
    coding = {
        ("s1", "ann"): {0: {"wd_a": 1, "wd_sig": 4}, 1: {}},
        ("s1", "bob"): {0: {}, 1: {"cf_a": 1, "cf_sig": 2}},
        ("s1", "consensus"): {0: {"wd_b": 1, "wd_sig": 3}, 1: {"rs_clarify": 1, "rs_clarify_impact": 4}},
    }
    every = table(coding, n_segments=2)
    assert list(every["rater"]) == ["ann", "ann", "bob", "bob", "consensus", "consensus"]
    assert column(every, "significance") == [4, None, None, 2, 3, None]
    consensus = table(coding, n_segments=2, rater="consensus")
    assert list(consensus["rater"]) == ["consensus", "consensus"]
    assert column(consensus, "markers") == [("wd_b",), ()]
    assert column(consensus, "resolved_within_window") == [True, None]
    bob = table(coding, n_segments=2, rater="bob")
    assert column(bob, "confrontation_significance") == [None, 2]


def test_mean_of_raters_uses_strict_majority_for_flags_and_mean_of_ratings():
    # three raters, two segments; consensus is left out of the mean.
    # seg 0: ann wd_a sig 4; bob wd_a+wd_b sig 2; cat nothing
    #   withdrawal present for 2 of 3 > 1/2 -> present; significance (4 + 2) / 2 = 3
    #   wd_a 2 of 3 -> listed; wd_b 1 of 3 -> not listed
    #   strategy: ann clarify only -> 1 of 3 -> no strategy in seg 0
    # seg 1: ann invite, bob invite, cat clarify -> strategy used 3 of 3; invite 2/3 listed, clarify 1/3 not
    #   -> seg 0's rupture resolved within window 1; cf: only cat (sig 5) -> 1 of 3 -> absent, significance hidden
    coding = {
        ("s1", "ann"): {0: {"wd_a": 1, "wd_sig": 4, "rs_clarify": 1, "rs_clarify_impact": 2}, 1: {"rs_invite": 1}},
        ("s1", "bob"): {0: {"wd_a": 1, "wd_b": 1, "wd_sig": 2}, 1: {"rs_invite": 1}},
        ("s1", "cat"): {0: {}, 1: {"rs_clarify": 1, "rs_clarify_impact": 3, "cf_a": 1, "cf_sig": 5}},
        ("s1", "consensus"): {0: {"cf_a": 1, "cf_sig": 5}, 1: {"cf_a": 1, "cf_sig": 5}},
    }
    t = table(coding, n_segments=2, rater="mean")
    assert list(t["rater"]) == ["mean", "mean"]
    assert column(t, "withdrawal_significance") == [3.0, None]
    assert column(t, "confrontation_significance") == [None, None]
    assert column(t, "markers") == [("wd_a",), ()]
    assert column(t, "strategies") == [(), ("rs_invite",)]
    assert column(t, "strategy_used") == [False, True]
    assert column(t, "rupture") == [True, False]
    assert column(t, "resolved_within_window") == [True, None]
    assert column(t, "unresolved") == [False, False]


def test_mean_of_two_raters_needs_both_for_a_flag():
    # strict majority of 2 is 2: a rupture seen by one of two raters is not a rupture of the mean
    coding = {("s1", "ann"): {0: {"wd_a": 1, "wd_sig": 5}}, ("s1", "bob"): {0: {}}}
    t = table(coding, n_segments=1, rater="mean")
    assert column(t, "rupture") == [False]
    assert column(t, "withdrawal_significance") == [None]


def test_mean_of_one_rater_equals_that_rater():
    coding = {("s1", "ann"): {0: {"wd_a": 1, "wd_sig": 4}, 1: {"rs_clarify": 1, "rs_clarify_impact": 1}, 3: {}}}
    mean = table(coding, rater="mean").drop(columns="rater")
    ann = table(coding, rater="ann").drop(columns="rater")
    pd.testing.assert_frame_equal(mean, ann, check_dtype=False)


def test_peak_moments_rank_by_significance_with_earlier_first_on_ties():
    # significances by segment: 2, 4, None, 4, 5 -> peaks: seg 4 (5), seg 1 (4), seg 3 (4, later tie)
    t = table(
        {
            0: {"wd_a": 1, "wd_sig": 2},
            1: {"cf_a": 1, "cf_sig": 4},
            2: {},
            3: {"wd_b": 1, "wd_sig": 4},
            4: {"wd_a": 1, "wd_sig": 3, "cf_b": 1, "cf_sig": 5},
        },
        n_segments=5,
    )
    peaks = peak_moments(t, n=3)
    assert list(peaks["segment_index"]) == [4, 1, 3]
    assert list(peaks["rank"]) == [1, 2, 3]
    assert list(peaks["significance"]) == [5, 4, 4]
    assert list(peaks["rupture_type"]) == ["confrontation", "confrontation", "withdrawal"]
    assert list(peaks["start"]) == [1200.0, 300.0, 900.0]
    assert list(peaks["markers"]) == [("wd_a", "cf_b"), ("cf_a",), ("wd_b",)]
    assert list(peak_moments(t, n=1)["segment_index"]) == [4]


def test_peak_moments_per_rater_and_bad_n():
    coding = {("s1", "ann"): {0: {"wd_a": 1, "wd_sig": 2}}, ("s1", "bob"): {1: {"cf_a": 1, "cf_sig": 3}}}
    peaks = peak_moments(table(coding, n_segments=2))
    assert list(zip(peaks["rater"], peaks["segment_index"])) == [("ann", 0), ("bob", 1)]
    with pytest.raises(ValueError, match="at least one"):
        peak_moments(table(coding, n_segments=2), n=0)
