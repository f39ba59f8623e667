"""resolution.min_impact: a strategy counts toward resolving a rupture only when rated at least that impact."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from observer.errors import SchemeError
from observer.store import Study
from observer.store.frames import study_frames
from observer.summary import segment_table, session_summary, summary_rules
from test_report_support import coded_demo
from test_summary_support import codes_frame, rated_3rs, segments_frame, sessions_frame, small_3rs

SESSIONS = sessions_frame([("s1", "T1", "C1", "2024-02-01"), ("s2", "T1", "C1", "2024-02-08")])

# ann codes s1, 8 segments (window 1, threshold 3, min_impact 2):
#   seg 0: withdrawal 4, redirect impact 1  -> no strategy counts in seg 0..1: not resolved, unresolved
#   seg 1: nothing
#   seg 2: confrontation 3, clarify 1 + invite 2 -> invite counts (2 >= 2): resolved
#   seg 3: withdrawal 5, clarify with no impact yet -> unknown; seg 4 has none -> resolution unknown (NA)
#   seg 4: nothing
#   seg 5: confrontation 2, redirect impact 1 -> does not count; invite 4 in seg 6 does: resolved next segment
#   seg 6: invite impact 4, no rupture
#   seg 7: withdrawal 3, last segment, nothing -> unresolved
CODING = {
    ("s1", "ann"): {
        0: {"wd_a": 1, "wd_sig": 4, "rs_redirect": 1, "rs_redirect_impact": 1},
        1: {},
        2: {"cf_a": 1, "cf_sig": 3, "rs_clarify": 1, "rs_clarify_impact": 1, "rs_invite": 1, "rs_invite_impact": 2},
        3: {"wd_b": 1, "wd_sig": 5, "rs_clarify": 1},
        4: {},
        5: {"cf_b": 1, "cf_sig": 2, "rs_redirect": 1, "rs_redirect_impact": 1},
        6: {"rs_invite": 1, "rs_invite_impact": 4},
        7: {"wd_a": 1, "wd_sig": 3},
    }
}


def plain(frame, name):
    return [None if (v is pd.NA or (isinstance(v, float) and math.isnan(v))) else v for v in frame[name].tolist()]


def table(scheme, coding=CODING, n_segments=8, rater=None):
    return segment_table(codes_frame(scheme, coding), segments_frame({"s1": n_segments}), scheme, rater=rater)


def test_strategies_rated_below_min_impact_do_not_resolve():
    t = table(rated_3rs(min_impact=2))
    assert plain(t, "rupture") == [True, False, True, True, False, True, False, True]
    assert plain(t, "strategy_used") == [True, False, True, True, False, True, True, False]
    assert plain(t, "resolving") == [False, False, True, None, False, False, True, False]
    assert plain(t, "resolved_within_window") == [False, None, True, None, None, True, None, False]
    assert plain(t, "unresolved") == [True, False, False, None, False, False, False, True]


def test_session_figures_with_min_impact():
    codes = codes_frame(rated_3rs(), CODING)
    ann = session_summary(codes, segments_frame({"s1": 8}), SESSIONS, rated_3rs()).iloc[0]
    # rupture segments 0, 2, 3, 5, 7; resolution known for 0 (no), 2 (yes), 5 (yes), 7 (no): 2 of 4
    assert ann["rupture_segments"] == 5
    assert ann["resolved_within_window_share"] == 0.5
    assert ann["unresolved_ruptures"] == 2
    # every marked strategy still counts as used: 6 marks in 5 segments
    assert (ann["strategy_segments"], ann["strategies"]) == (5, 6)


def test_without_min_impact_any_marked_strategy_resolves():
    # the same codes: seg 0, 3 and 5 are now resolved, only seg 7 is unresolved
    t = table(rated_3rs(min_impact=None))
    assert plain(t, "resolving") == [True, False, True, True, False, True, True, False]
    assert plain(t, "resolved_within_window") == [True, None, True, True, None, True, None, False]
    assert plain(t, "unresolved") == [False, False, False, False, False, False, False, True]


def test_min_impact_is_configurable():
    # with min_impact 3 the invite rated 2 in seg 2 no longer counts; seg 3's clarify has no impact yet,
    # so whether seg 2's rupture was resolved is unknown; the invite rated 4 in seg 6 still counts
    t = table(rated_3rs(min_impact=3))
    assert plain(t, "resolving")[2:4] == [False, None]
    assert plain(t, "resolved_within_window")[2] is None
    assert plain(t, "unresolved")[2] is None
    assert plain(t, "resolved_within_window")[5] is True


def test_mean_of_raters_averages_impacts():
    # both raters see the rupture and the redirect; impacts 1 and 4 -> mean 2.5 counts (s1),
    # impacts 1 and 2 -> mean 1.5 does not (s2)
    coding = {
        ("s1", "ann"): {0: {"wd_a": 1, "wd_sig": 4, "rs_redirect": 1, "rs_redirect_impact": 1}},
        ("s1", "bob"): {0: {"wd_a": 1, "wd_sig": 4, "rs_redirect": 1, "rs_redirect_impact": 4}},
        ("s2", "ann"): {0: {"wd_a": 1, "wd_sig": 4, "rs_redirect": 1, "rs_redirect_impact": 1}},
        ("s2", "bob"): {0: {"wd_a": 1, "wd_sig": 4, "rs_redirect": 1, "rs_redirect_impact": 2}},
    }
    scheme = rated_3rs()
    t = segment_table(codes_frame(scheme, coding), segments_frame({"s1": 1, "s2": 1}), scheme, rater="mean")
    assert plain(t, "resolved_within_window") == [True, False]
    assert plain(t, "unresolved") == [False, True]


def test_min_impact_needs_every_strategy_rated():
    # small_3rs rates only rs_clarify's impact
    scheme = small_3rs()
    unrated = replace(scheme, summary=replace(scheme.summary, resolution_min_impact=2))
    with pytest.raises(SchemeError) as error:
        summary_rules(unrated)
    assert error.value.field == "summary.resolution.min_impact"
    assert "rs_redirect" in str(error.value)


def test_demo_answer_key_s02_last_rupture_is_unresolved(tmp_path: Path):
    # s02 segment 3 (index 2): confrontation 5, two strategies at impact 1 -> not resolved, unresolved
    with Study.open(coded_demo(tmp_path)) as study:
        codes, segments, sessions = study_frames(study)
        scheme = study.scheme
    assert scheme.summary.resolution_min_impact == 2
    t = segment_table(codes, segments, scheme, rater="trainer")
    s02 = t[t["session_id"] == "s02"]
    assert plain(s02, "resolved_within_window") == [True, True, False]
    assert plain(s02, "unresolved") == [False, False, True]
    s01 = t[t["session_id"] == "s01"]
    assert plain(s01, "unresolved") == [False, False, True, False]
