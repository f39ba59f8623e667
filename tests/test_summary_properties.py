"""Random codings: the vectorised segment table agrees with a plain per-segment reading of the rules."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from observer.summary import segment_table, session_summary
from test_summary_support import codes_frame, segments_frame, sessions_frame, small_3rs

MARKERS = {"withdrawal": ("wd_a", "wd_b"), "confrontation": ("cf_a", "cf_b")}
RATINGS = {"withdrawal": "wd_sig", "confrontation": "cf_sig"}
STRATEGIES = ("rs_clarify", "rs_redirect", "rs_invite")


@st.composite
def segment_codes(draw):
    """One coded segment obeying the scheme: a significance exactly when a marker of its type is present."""
    values = {}
    for rupture, markers in MARKERS.items():
        marked = [m for m in markers if draw(st.booleans())]
        values.update({m: 1 for m in marked})
        if marked:
            values[RATINGS[rupture]] = draw(st.integers(1, 5))
    for strategy in STRATEGIES:
        if draw(st.integers(0, 3)) == 0:
            values[strategy] = 1
            if strategy == "rs_clarify":
                values["rs_clarify_impact"] = draw(st.integers(1, 5))
    return values


@st.composite
def studies(draw):
    """Up to 2 sessions of 1-5 segments, coded (partly) by up to 3 raters."""
    lengths = {f"s{i}": draw(st.integers(1, 5)) for i in range(draw(st.integers(1, 2)))}
    coding = {}
    for session, n in lengths.items():
        for rater in draw(st.lists(st.sampled_from(["ann", "bob", "cat"]), min_size=1, max_size=3, unique=True)):
            coded = draw(st.lists(st.integers(0, n - 1), min_size=1, unique=True))
            coding[(session, rater)] = {k: draw(segment_codes()) for k in coded}
    return lengths, coding, draw(st.integers(0, 2))


def expected_row(segments: dict, k: int, n: int, window: int) -> dict:
    """The rules of docs/summaries.md applied to segment ``k`` of one rater's session, one by one."""
    if k not in segments:
        return {"rupture": None, "resolved": None, "unresolved": None, "significance": None}
    values = segments[k]
    types = [t for t, markers in MARKERS.items() if any(values.get(m) == 1 for m in markers)]
    significance = max((values[RATINGS[t]] for t in types), default=None)
    rupture = bool(types)
    resolved = None
    if rupture:
        window_segments = range(k, min(k + window, n - 1) + 1)
        if any(j in segments and any(segments[j].get(s) == 1 for s in STRATEGIES) for j in window_segments):
            resolved = True
        elif all(j in segments for j in window_segments):
            resolved = False
    high = significance is not None and significance >= 3
    unresolved = None if (high and resolved is None) else (high and resolved is False)
    return {"rupture": rupture, "resolved": resolved, "unresolved": unresolved, "significance": significance}


def plain(value):
    return None if value is pd.NA or (isinstance(value, float) and math.isnan(value)) else value


@settings(max_examples=60, deadline=None)
@given(studies())
def test_segment_table_matches_the_rules_read_segment_by_segment(study):
    lengths, coding, window = study
    scheme = small_3rs(window=window)
    table = segment_table(codes_frame(scheme, coding), segments_frame(lengths), scheme)
    for row in table.to_dict("records"):
        segments = coding[(row["session_id"], row["rater"])]
        expected = expected_row(segments, row["segment_index"], lengths[row["session_id"]], window)
        got = {
            "rupture": plain(row["rupture"]),
            "resolved": plain(row["resolved_within_window"]),
            "unresolved": plain(row["unresolved"]),
            "significance": plain(row["significance"]),
        }
        assert got == expected, (row["session_id"], row["rater"], row["segment_index"])


@settings(max_examples=40, deadline=None)
@given(studies())
def test_session_figures_are_consistent(study):
    lengths, coding, window = study
    scheme = small_3rs(window=window)
    sessions = sessions_frame([(s, "T1", "C1", "") for s in lengths])
    summary = session_summary(codes_frame(scheme, coding), segments_frame(lengths), sessions, scheme)
    assert len(summary) == len(coding)
    for row in summary.to_dict("records"):
        segments = coding[(row["session_id"], row["rater"])]
        assert row["segments_total"] == lengths[row["session_id"]]
        assert row["segments_coded"] == len(segments)
        assert row["rupture_segments"] <= min(row["withdrawal_segments"] + row["confrontation_segments"],
                                              row["segments_coded"])
        assert row["unresolved_ruptures"] <= row["rupture_segments"]
        assert row["n_wd_a"] == sum(v.get("wd_a") == 1 for v in segments.values())
        assert row["strategies"] == row["immediate_strategies"] + row["exploratory_strategies"]
