"""Bad input frames and settings raise AnalysisError or SchemeError naming the field and the fix."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from observer.errors import AnalysisError, SchemeError
from observer.scheme.model import RuptureType
from observer.summary import segment_table, session_summary, summary_rules
from test_summary_support import codes_frame, segments_frame, sessions_frame, small_3rs

SCHEME = small_3rs()
CODES = codes_frame(SCHEME, {("s1", "ann"): {0: {"wd_a": 1, "wd_sig": 3}, 1: {}}})
SEGMENTS = segments_frame({"s1": 2})
SESSIONS = sessions_frame([("s1", "T1", "C1", "")])


def expect(field, match, codes=CODES, segments=SEGMENTS, rater=None, sessions=None):
    with pytest.raises(AnalysisError, match=match) as error:
        if sessions is None:
            segment_table(codes, segments, SCHEME, rater=rater)
        else:
            session_summary(codes, segments, sessions, SCHEME, rater=rater)
    assert error.value.field == field and error.value.hint
    return error.value


def test_missing_columns():
    expect("item", "codes frame lacks the column.s. item", codes=CODES.drop(columns="item"))
    expect("end", "segments frame lacks", segments=SEGMENTS.drop(columns="end"))
    expect("client", "sessions frame lacks", sessions=SESSIONS.drop(columns="client"))


def test_unknown_rater_lists_the_raters_there_are():
    error = expect("rater", "no codes by rater 'zoe'", rater="zoe")
    assert "ann" in error.hint
    expect("rater", "no codes by rater 'consensus'", rater="consensus")


def test_item_not_in_the_scheme():
    codes = CODES.copy()
    codes.loc[0, "item"] = "wd_typo"
    expect("item", "'wd_typo'.*not in scheme", codes=codes)


def test_non_numeric_value_of_a_rating():
    codes = CODES.astype({"value": object})
    codes.loc[codes["item"] == "wd_sig", "value"] = "high"
    expect("value", "'wd_sig'.*'high'", codes=codes)


def test_two_values_for_one_unit_and_item():
    codes = codes_frame(SCHEME, {("s1", "ann"): {0: {}}})
    expect("item", "two values for item 'wd_a'", codes=pd.concat([codes, codes.iloc[:1]], ignore_index=True))


def test_codes_for_a_segment_the_segments_frame_lacks():
    expect("segment_index", "segment 1 of session 's1'", segments=segments_frame({"s1": 1}))


def test_conflicting_segment_bounds_but_repeated_rows_per_rater_are_fine():
    repeated = segments_frame({"s1": 2})
    repeated = pd.concat([repeated, repeated], ignore_index=True)
    assert len(segment_table(CODES, repeated, SCHEME)) == 2
    repeated.loc[3, "end"] = 601.0
    expect("segment_index", "two different time ranges", segments=repeated)


def test_bad_segment_index():
    bad = SEGMENTS.astype({"segment_index": object})
    bad.loc[1, "segment_index"] = "one"
    expect("segment_index", "segment index 'one'", segments=bad)


def test_session_missing_from_the_sessions_frame():
    expect("session_id", "session 's1', which the sessions frame lacks",
           sessions=sessions_frame([("s9", "T1", "C1", "")]))


def test_scheme_summary_settings_naming_what_the_scheme_lacks():
    summary = replace(SCHEME.summary, rupture_types=(RuptureType("withdrawal", "W", "no_such_item", "withdrawal"),))
    with pytest.raises(SchemeError, match="no_such_item") as error:
        summary_rules(replace(SCHEME, summary=summary))
    assert error.value.field == "summary.rupture_types[0].rating"
    summary = replace(SCHEME.summary, rupture_types=(RuptureType("withdrawal", "W", "wd_a", "withdrawal"),))
    with pytest.raises(SchemeError, match="not a per-segment ordinal"):
        summary_rules(replace(SCHEME, summary=summary))
    with pytest.raises(SchemeError, match="'nowhere' is not a group") as error:
        summary_rules(replace(SCHEME, summary=replace(SCHEME.summary, resolution_group="nowhere")))
    assert "withdrawal" in error.value.hint


def test_empty_codes_give_empty_frames():
    empty = CODES.iloc[0:0]
    assert segment_table(empty, SEGMENTS, SCHEME).empty
    assert session_summary(empty, SEGMENTS, SESSIONS, SCHEME).empty
