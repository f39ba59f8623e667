"""Only complete units count: a study's completion records, a codes file's explicit markers, the left-out list."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import code_units, make_session
from observer.reliability import completion_frame, disagreements, study_inputs, study_report
from observer.reliability.inputs import complete_codes
from observer.store import Study
from observer.store.frames import codes_frame

# Four sessions of 3 segments (mini scheme). Both raters code every segment alike except where noted;
# wd_significance is required when a withdrawal marker is present.
SESSIONS = ("s1", "s2", "s3", "s4")
MARKED = {  # (session, segment) -> (withdrawal markers, significance) per rater
    "ann": {("s1", 0): (["wd_minimal"], 3), ("s2", 1): (["wd_shift"], 2), ("s3", 0): (["wd_minimal"], 3),
            ("s3", 2): (["wd_shift"], 1), ("s4", 1): (["wd_minimal"], 2)},
    "bob": {("s1", 0): (["wd_minimal"], 2), ("s2", 1): (["wd_shift"], 2), ("s3", 0): (["wd_minimal"], 3),
            ("s4", 1): (["wd_minimal"], 3), ("s4", 2): (["wd_shift"], 2)},
}
GLOBALS = {"ann": {"s1": 2, "s2": 3, "s3": 3, "s4": 1}, "bob": {"s1": 2, "s2": 2, "s3": 3, "s4": 2}}


def build(study: Study, *, unfinished: bool) -> None:
    """Code the four sessions; with ``unfinished``, bob also enters two markers in s2 segment 3 and stops."""
    for rater, marked in MARKED.items():
        for session in SESSIONS:
            values = {}
            for segment in range(3):
                markers, significance = marked.get((session, segment), ([], None))
                values.update({(segment, m): 1 for m in markers})
                if significance is not None:
                    values[(segment, "wd_significance")] = significance
            values[(None, "gl_resolved")] = GLOBALS[rater][session]
            code_units(study, rater, session, values)
    if unfinished:
        view = study.for_rater("bob")
        view.set_complete("s2", 2, False)
        view.set_value("s2", 2, "wd_minimal", 1)
        view.set_value("s2", 2, "wd_shift", 1)


@pytest.fixture
def four(tmp_path, mini_scheme):
    with Study.create(tmp_path / "four.observer", mini_scheme) as study:
        study.add_sessions([make_session(s, duration=180.0) for s in SESSIONS])
        yield study


def rows(report: pd.DataFrame, scope: str, target: str) -> pd.DataFrame:
    return report[(report["scope"] == scope) & (report["target"] == target)].set_index("statistic")


def test_an_unfinished_segment_counts_nowhere(four) -> None:
    build(four, unfinished=True)
    inputs = study_inputs(four)
    report = study_report(**inputs, n_boot=0)
    # bob's s2/2 holds two markers but is not complete: the codes frame has them ...
    codes = inputs["data"]
    assert len(codes[(codes["rater"] == "bob") & (codes["session_id"] == "s2") & (codes["segment_index"] == 2)]) == 2
    # ... and the report is the one without them: 12 segments of which 11 are coded by both raters
    without = codes[~((codes["rater"] == "bob") & (codes["session_id"] == "s2") & (codes["segment_index"] == 2))]
    expected = study_report(without, four.scheme, completed=inputs["completed"], n_segments=inputs["n_segments"],
                            n_boot=0)
    segment_rows = report["level"].isin(["presence", "rating"])
    pd.testing.assert_frame_equal(report[segment_rows].reset_index(drop=True),
                                  expected[segment_rows].reset_index(drop=True))
    assert rows(report, "item", "wd_minimal").at["alpha_nominal", "n_units"] == 11
    # the group's "any withdrawal marker" does not read bob's unfinished segment as "no withdrawal"
    assert rows(report, "group", "withdrawal").at["alpha_nominal", "n_units"] == 11
    # session aggregates: bob's s2 counts are left out (3 of 4 sessions); the global rating still counts
    assert rows(report, "item", "withdrawal_significant").at["ICC3", "n_units"] == 3
    assert rows(report, "item", "gl_resolved").at["ICC3", "n_units"] == 4
    left = report.attrs["observer"]["left_out"]
    assert left == [
        {"level": "segment", "session_id": "s2", "segment_index": 2, "segment": 3, "rater": "bob", "values": 2,
         "reason": "not marked complete"},
        {"level": "session aggregates", "session_id": "s2", "segment_index": None, "segment": None, "rater": "bob",
         "values": 0, "reason": "segment 3 not complete (2 of 3 complete)"},
    ]


def test_the_unfinished_segment_changed_the_session_icc_before(four) -> None:
    # The case: counting bob's unfinished segment (two markers, no significance) would give bob
    # 2 withdrawal segments in s2 instead of 1 and move ICC(3,1) of withdrawal_segments.
    build(four, unfinished=True)
    inputs = study_inputs(four)
    strict = rows(study_report(**inputs, n_boot=0), "item", "withdrawal_segments").at["ICC3", "value"]
    everything = inputs["completed"]
    marked_too = pd.concat([everything, pd.DataFrame({"session_id": ["s2"], "segment_index": [2], "rater": ["bob"]})
                            .astype({"segment_index": "Int64"})])
    lax = rows(study_report(inputs["data"], four.scheme, completed=marked_too, n_segments=inputs["n_segments"],
                            n_boot=0), "item", "withdrawal_segments").at["ICC3", "value"]
    assert strict != pytest.approx(lax)


def test_completion_frame_lists_every_completed_unit(four) -> None:
    build(four, unfinished=True)
    frame = completion_frame(four)
    assert list(frame.columns) == ["session_id", "segment_index", "rater"]
    # 4 sessions x (3 segments + session level) x 2 raters, minus bob's s2/2
    assert len(frame) == 4 * 4 * 2 - 1
    assert frame["segment_index"].isna().sum() == 8


def test_a_codes_file_counts_the_units_codes_import_would_mark_complete(four, tmp_path) -> None:
    # Without completion records a unit is complete when every marker has a value and the rules hold:
    # exactly what `observer codes import` marks complete, so CSV and study give the same report.
    build(four, unfinished=True)
    inputs = study_inputs(four)
    from_study = study_report(**inputs, n_boot=0)
    from_file = study_report(codes_frame(four), four.scheme, n_segments=inputs["n_segments"], n_boot=0)
    pd.testing.assert_frame_equal(from_study, from_file)
    reasons = [(r["level"], r["reason"]) for r in from_file.attrs["observer"]["left_out"]]
    assert reasons[0] == ("segment", "1 marker(s) without a value (rs_clarify)")


@pytest.mark.parametrize(("change", "reason"), [
    (lambda c: c[~((c["item"] == "wd_shift") & (c["session_id"] == "s1") & (c["segment_index"] == 0)
                   & (c["rater"] == "ann"))], "1 marker(s) without a value (wd_shift)"),
    (lambda c: c[~((c["item"] == "wd_significance") & (c["session_id"] == "s1") & (c["segment_index"] == 0)
                   & (c["rater"] == "ann"))], "Withdrawal significance is required: a marker is present"),
    (lambda c: pd.concat([c, pd.DataFrame({"session_id": ["s1"], "segment_index": [1], "rater": ["ann"],
                                           "item": ["wd_significance"], "value": [2]})], ignore_index=True),
     "Withdrawal significance must be empty: no marker is present"),
])
def test_inferred_completeness_names_what_is_missing(four, change, reason) -> None:
    build(four, unfinished=False)
    report = study_report(change(codes_frame(four)), four.scheme, n_boot=0)
    left = report.attrs["observer"]["left_out"]
    assert left[0]["session_id"] == "s1" and left[0]["rater"] == "ann" and left[0]["reason"] == reason
    assert report.attrs["observer"]["completion"] == "inferred"


def test_disagreements_stand_on_the_same_units(four) -> None:
    build(four, unfinished=True)
    inputs = study_inputs(four)
    listed = disagreements(inputs["data"], four.scheme, completed=inputs["completed"])
    # bob's unfinished s2/2 (markers 1, 1 against ann's 0, 0) is not listed; the raw codes would list it
    assert not ((listed["session_id"] == "s2") & (listed["segment_index"] == 2)).any()
    raw = disagreements(complete_codes(inputs["data"], inputs["completed"]), four.scheme)
    pd.testing.assert_frame_equal(listed, raw)


def test_a_study_nobody_completed_reports_nothing_and_says_why(four) -> None:
    for rater in ("ann", "bob"):
        four.for_rater(rater).set_value("s1", 0, "wd_minimal", 1)
    report = study_report(**study_inputs(four), n_boot=0)
    assert report["value"].isna().all()
    assert "in a complete unit" in report.loc[0, "note"]
    assert {r["rater"] for r in report.attrs["observer"]["left_out"]} == {"ann", "bob"}
