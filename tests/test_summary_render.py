"""Output for `observer summary`: table, CSV and JSON; and summaries of a study coded through the store."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from observer.errors import AnalysisError
from observer.store import frames
from observer.summary import session_summary, summarise
from observer.summary.render import summary_for_cli
from test_summary_sessions import CODING, GLOBALS, SESSIONS
from test_summary_support import codes_frame, segments_frame, small_3rs

SCHEME = small_3rs()
CODES = codes_frame(SCHEME, CODING, GLOBALS)
SEGMENTS = segments_frame({"s1": 6})


def cli(**options):
    return summary_for_cli(CODES, SEGMENTS, SESSIONS, SCHEME, **options)


def test_table_has_one_line_per_session_and_rater_with_the_main_figures():
    lines = cli().splitlines()
    assert lines[0].split()[:6] == ["session", "rater", "therapist", "date", "coded", "ruptures"]
    ann = lines[2].split()
    # coded 6/6, 4 rupture segments, withdrawal 3 (peak 4), confrontation 2 (peak 5), 1 unresolved, 75 %
    assert ann[:14] == ["s1", "ann", "T1", "2024-02-01", "6/6", "4", "3", "4", "2", "5", "1", "75%", "1", "1"]
    assert [line.split()[1] for line in lines[2:]] == ["ann", "bob", "consensus"]


def test_one_session_shows_timeline_and_peak_moments():
    text = cli(session="s1", rater="ann")
    assert text.startswith("Session s1 | therapist T1 | client C1 | 2024-02-01 | scheme small-3rs 1")
    timeline = text.split("Timeline (ann)\n")[1].split("\n\n")[0].splitlines()
    assert len(timeline) == 2 + 6
    # segments are numbered from 1, as the coder and the report number them (20:00-25:00 is segment_index 4)
    assert timeline[6].split() == ["5", "20:00-25:00", "3", "3", "wd", "a,", "cf", "b", "no", "yes"]
    peaks = text.split("Peak moments (ann)\n")[1].splitlines()
    assert peaks[0] == "  1. 10:00-15:00 (segment 3): Confrontation 5; markers: cf a; strategies: none"
    assert len(peaks) == 3


def test_uncoded_segments_are_marked_in_the_timeline():
    text = cli(session="s1", rater="bob")
    assert text.count("(not coded)") == 3


def test_csv_is_the_session_summary():
    parsed = pd.read_csv(io.StringIO(cli(fmt="csv")))
    expected = session_summary(CODES, SEGMENTS, SESSIONS, SCHEME)
    assert list(parsed.columns) == list(expected.columns)
    assert parsed["resolved_within_window_share"].tolist()[:2] == [0.75, 0.0]


def test_json_of_one_session_has_segments_and_peaks():
    document = json.loads(cli(session="s1", rater="mean", fmt="json"))
    assert document["scheme"] == {"id": "small-3rs", "version": "1"}
    assert document["rater"] == "mean"
    assert [s["rupture_segments"] for s in document["sessions"]] == [1]
    assert len(document["segments"]) == 6
    assert document["segments"][4]["markers"] == ["wd_a", "cf_b"]
    assert document["segments"][5]["resolved_within_window"] is None
    assert [p["segment_index"] for p in document["peaks"]] == [4]
    assert "segments" not in json.loads(cli(fmt="json"))


def test_unknown_session_and_format_are_explained():
    with pytest.raises(AnalysisError, match="no session 's9'") as error:
        cli(session="s9")
    assert error.value.field == "session" and "s1" in error.value.hint
    with pytest.raises(AnalysisError, match="unknown format 'xml'") as error:
        cli(fmt="xml")
    assert error.value.field == "format"


def test_session_without_codes_says_so():
    assert summary_for_cli(CODES.iloc[0:0], SEGMENTS, SESSIONS, SCHEME, session="s1") == "No codes yet for session s1."


def test_session_summary_writes_to_parquet_and_back(tmp_path):
    pytest.importorskip("pyarrow", exc_type=ImportError)
    frame = session_summary(CODES, SEGMENTS, SESSIONS, SCHEME)
    frame.to_parquet(tmp_path / "summary.parquet", index=False)
    back = pd.read_parquet(tmp_path / "summary.parquet")
    assert back["unresolved_ruptures"].tolist() == [1, 0, 0]


def test_study_coded_through_the_store(study):
    # mini scheme: withdrawal (wd_minimal, wd_shift; significance 1-3), strategy rs_clarify, window 1,
    # threshold 2; sessions s1 and s2 of 3 segments (60 s) each.
    # ann, s1: seg 0 wd_minimal sig 2 -> clarify in seg 1 -> resolved; seg 2 wd_shift sig 3, nothing after
    #   -> unresolved; all three segments marked complete (unmarked markers become explicit 0).
    # bob, s1: seg 0 complete with nothing marked; seg 1 and 2 untouched.
    ann = study.for_rater("ann")
    for segment, values in {0: {"wd_minimal": 1, "wd_significance": 2}, 1: {"rs_clarify": 1, "rs_clarify_impact": 3},
                            2: {"wd_shift": 1, "wd_significance": 3}}.items():
        for item, value in values.items():
            ann.set_value("s1", segment, item, value)
        ann.set_complete("s1", segment)
    ann.set_value("s1", None, "gl_resolved", 2)
    study.for_rater("bob").set_complete("s1", 0)
    result = summarise(frames.codes_frame(study), frames.segments_frame(study), frames.sessions_frame(study),
                       study.scheme)
    figures = result.sessions.set_index("rater")
    assert list(figures.index) == ["ann", "bob"]
    assert figures.loc["ann", ["segments_total", "segments_coded", "rupture_segments"]].tolist() == [3, 3, 2]
    assert figures.loc["ann", ["unresolved_ruptures", "resolved_within_window_share", "gl_resolved"]].tolist() == [1, 0.5, 2]
    assert figures.loc["bob", ["segments_coded", "rupture_segments"]].tolist() == [1, 0]
    timeline = result.segments[result.segments["rater"] == "ann"]
    assert timeline["start"].tolist() == [0.0, 60.0, 120.0]
    assert timeline["markers"].tolist() == [("wd_minimal",), (), ("wd_shift",)]
    assert result.peaks["segment_index"].tolist() == [2, 0]
