"""Trends: sessions numbered within therapist or dyad, by date or study order."""

from __future__ import annotations

import pytest

from observer.errors import AnalysisError
from observer.summary import session_summary, trends
from test_summary_support import codes_frame, segments_frame, sessions_frame, small_3rs

# Study order s1..s5. T1 sees C1 (s3, s1) and C2 (s2); T2 sees C3 (s4, s5; s5 undated).
SESSIONS = sessions_frame(
    [
        ("s1", "T1", "C1", "2024-03-10"),
        ("s2", "T1", "C2", "2024-03-01"),
        ("s3", "T1", "C1", "2024-02-20"),
        ("s4", "T2", "C3", "2024-04-01"),
        ("s5", "T2", "C3", ""),
    ]
)


def summary(coded=("s1", "s2", "s3", "s4", "s5"), raters=("ann",)):
    scheme = small_3rs()
    # every session: one withdrawal segment whose significance is the session's number in study order
    coding = {(s, r): {0: {"wd_a": 1, "wd_sig": int(s[1])}} for s in coded for r in raters}
    segments = segments_frame({s: 1 for s in ("s1", "s2", "s3", "s4", "s5")})
    return session_summary(codes_frame(scheme, coding), segments, SESSIONS, scheme)


def test_by_therapist_numbers_dated_sessions_by_date_and_undated_groups_by_study_order():
    out = trends(summary(), SESSIONS, by="therapist")
    # T1: all dated -> s3 (02-20), s2 (03-01), s1 (03-10); T2: s5 undated -> study order s4, s5
    assert list(out["session_id"]) == ["s3", "s2", "s1", "s4", "s5"]
    assert list(out["session_number"]) == [1, 2, 3, 1, 2]
    assert list(out["withdrawal_peak_significance"]) == [3.0, 2.0, 1.0, 4.0, 5.0]


def test_by_dyad_numbers_within_therapist_and_client():
    out = trends(summary(), SESSIONS, by="dyad")
    assert list(zip(out["client"], out["session_id"], out["session_number"])) == [
        ("C1", "s3", 1), ("C1", "s1", 2), ("C2", "s2", 1), ("C3", "s4", 1), ("C3", "s5", 2),
    ]


def test_uncoded_sessions_still_count_towards_the_session_number():
    out = trends(summary(coded=("s1", "s4")), SESSIONS)
    assert list(zip(out["session_id"], out["session_number"])) == [("s1", 3), ("s4", 1)]


def test_several_raters_share_the_session_number():
    out = trends(summary(coded=("s1", "s3"), raters=("ann", "bob")), SESSIONS)
    assert list(zip(out["session_id"], out["rater"], out["session_number"])) == [
        ("s3", "ann", 1), ("s3", "bob", 1), ("s1", "ann", 3), ("s1", "bob", 3),
    ]


def test_bad_grouping_and_bad_dates_are_explained():
    with pytest.raises(AnalysisError, match="therapist' or 'dyad") as error:
        trends(summary(), SESSIONS, by="client")
    assert error.value.field == "by"
    bad = SESSIONS.copy()
    bad.loc[1, "date"] = "1st of March"
    with pytest.raises(AnalysisError, match="s2.*1st of March") as error:
        trends(summary(), bad)
    assert error.value.field == "date" and "YYYY-MM-DD" in error.value.hint


def test_summary_session_missing_from_sessions_is_an_error():
    with pytest.raises(AnalysisError, match="s5"):
        trends(summary(), SESSIONS[SESSIONS["session_id"] != "s5"])
