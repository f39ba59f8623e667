"""The scheme-aware study report on a tiny study worked by hand: 2 sessions x 3 segments x 2 raters.

Units are listed in the order s1/0, s1/1, s1/2, s2/0, s2/1, s2/2.

    wd_a    ann 1 0 1 0 0 1   ben 1 0 0 0 0 1
    wd_b    ann 0 1 0 0 0 0   ben 0 1 0 0 1 0
    wd_c    ann 0 0 0 0 0 0   ben 0 0 0 0 0 0     (never marked: chance-corrected statistics undefined)
    wd_sig  ann 3 2 4 . . 5   ben 3 4 . . 2 4     (1-5; required when a withdrawal marker is marked)
    rs_x    ann 0 0 1 0 1 0   ben 0 0 1 0 0 0
    gl      s1: ann 2, ben 3;  s2: ann 4, ben 4   (session item, 1-5)

plus consensus codes, which must not count.
"""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pandas as pd
import pytest

from observer import __version__
from observer.errors import AnalysisError
from observer.reliability import (
    UndefinedStatistic,
    disagreements,
    methods_paragraph,
    study_report,
    to_csv,
    to_json,
    to_table,
)
from observer.scheme.model import Group, Item, RuptureType, Scale, ScaleValue, Scheme, SummarySettings

PRESENCE = Scale("presence", "presence", (ScaleValue(0, "absent"), ScaleValue(1, "present")))
FIVE = Scale("five", "ordinal", tuple(ScaleValue(v, str(v)) for v in range(1, 6)))
UNITS = [("s1", 0), ("s1", 1), ("s1", 2), ("s2", 0), ("s2", 1), ("s2", 2)]
CODES = {
    "wd_a": {"ann": [1, 0, 1, 0, 0, 1], "ben": [1, 0, 0, 0, 0, 1]},
    "wd_b": {"ann": [0, 1, 0, 0, 0, 0], "ben": [0, 1, 0, 0, 1, 0]},
    "wd_c": {"ann": [0, 0, 0, 0, 0, 0], "ben": [0, 0, 0, 0, 0, 0]},
    "wd_sig": {"ann": [3, 2, 4, None, None, 5], "ben": [3, 4, None, None, 2, 4]},
    "rs_x": {"ann": [0, 0, 1, 0, 1, 0], "ben": [0, 0, 1, 0, 0, 0]},
}
GLOBAL = {"ann": {"s1": 2, "s2": 4}, "ben": {"s1": 3, "s2": 4}}


def tiny_scheme() -> Scheme:
    """Two groups (withdrawal with a significance rating, resolution), one global item."""
    markers = tuple(Item(i, i, PRESENCE, "marker", group="withdrawal") for i in ("wd_a", "wd_b", "wd_c"))
    significance = Item("wd_sig", "Withdrawal significance", FIVE, "rating", group="withdrawal",
                        depends_on=("wd_a", "wd_b", "wd_c"))
    withdrawal = Group("withdrawal", "Withdrawal markers", "rupture", markers, rating=significance)
    resolution = Group("resolution", "Resolution strategies", "resolution",
                       (Item("rs_x", "Clarifies", PRESENCE, "marker", group="resolution"),))
    summary = SummarySettings(rupture_types=(RuptureType("withdrawal", "Withdrawal", "wd_sig", "withdrawal"),),
                              resolution_group="resolution", significance_threshold=3)
    return Scheme("tiny", "Tiny scheme", "1", "test", 300.0, {"presence": PRESENCE, "five": FIVE},
                  (withdrawal, resolution), (Item("gl", "Global", FIVE, "global"),), summary)


def tiny_codes(consensus: bool = True) -> pd.DataFrame:
    """The codes above in the long format of DESIGN.md 4.2 (values as stored)."""
    rows = [
        (session, segment, rater, item, value)
        for item, by_rater in CODES.items()
        for rater, values in by_rater.items()
        for (session, segment), value in zip(UNITS, values)
        if value is not None
    ]
    rows += [(session, None, rater, "gl", value) for rater, per in GLOBAL.items() for session, value in per.items()]
    if consensus:
        rows += [(session, segment, "consensus", "wd_a", 1) for session, segment in UNITS]
    frame = pd.DataFrame(rows, columns=["session_id", "segment_index", "rater", "item", "value"])
    frame["segment_index"] = frame["segment_index"].astype("Int64")
    frame["note"], frame["coded_at"] = "", "2026-01-01T00:00:00+00:00"
    return frame


@pytest.fixture(scope="module")
def report() -> pd.DataFrame:
    return study_report(tiny_codes(), tiny_scheme(), n_boot=1000, seed=7)


def value(report: pd.DataFrame, scope: str, target: str, statistic: str, level: str | None = None) -> pd.Series:
    """The one row of a statistic."""
    rows = report[(report["scope"] == scope) & (report["target"] == target) & (report["statistic"] == statistic)]
    if level is not None:
        rows = rows[rows["level"] == level]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_marker_presence_per_item(report: pd.DataFrame) -> None:
    # wd_a: agree on 5 of 6 segments -> percent agreement 5/6.
    # Cohen: ann marks 3 of 6, ben 2 of 6; p_e = 1/2 * 1/3 + 1/2 * 2/3 = 1/2; kappa = (5/6 - 1/2) / (1/2) = 2/3.
    # Fleiss: pi_1 = 5/12, p_e = (25 + 49) / 144 = 37/72; kappa = (60/72 - 37/72) / (35/72) = 23/35.
    # AC1: p_e = 2 * 5/12 * 7/12 = 70/144; AC1 = (120 - 70) / (144 - 70) = 50/74.
    # alpha: n = 12 values (5 ones, 7 zeros), one disagreeing unit -> o_01 = o_10 = 1;
    #        alpha = 1 - (n - 1) * 2 / (2 * 5 * 7) = 1 - 22/70 = 48/70.
    expected = {"percent_agreement": 5 / 6, "cohen_kappa": 2 / 3, "fleiss_kappa": 23 / 35, "gwet_ac1": 50 / 74,
                "alpha_nominal": 48 / 70}
    for statistic, number in expected.items():
        row = value(report, "item", "wd_a", statistic)
        assert row["value"] == pytest.approx(number)
        assert (row["level"], row["n_units"], row["n_raters"]) == ("presence", 6, 2)
    alpha_row = value(report, "item", "wd_a", "alpha_nominal")
    assert alpha_row["ci_low"] < alpha_row["value"] < alpha_row["ci_high"]
    assert "p(<0.667)=" in alpha_row["note"] and "p(<0.8)=" in alpha_row["note"]


def test_flags_follow_the_thresholds(report: pd.DataFrame) -> None:
    # alpha 48/70 = .686 >= .667; Fleiss 23/35 = .657 >= .60; the global's ICC(2,1) .80 >= .75
    assert not value(report, "item", "wd_a", "alpha_nominal")["flag"]
    assert not value(report, "item", "wd_a", "fleiss_kappa")["flag"]
    # wd_sig ordinal alpha 53/198 < .667 and its ICC(2,1) 1/6 < .75
    assert value(report, "item", "wd_sig", "alpha_ordinal")["flag"]
    assert value(report, "item", "wd_sig", "ICC2")["flag"]
    stricter = study_report(tiny_codes(), tiny_scheme(), by="item", n_boot=0, thresholds={"alpha": 0.7})
    assert value(stricter, "item", "wd_a", "alpha_nominal")["flag"]


def test_a_marker_nobody_marked_is_undefined_not_a_number(report: pd.DataFrame) -> None:
    for statistic in ("cohen_kappa", "fleiss_kappa", "alpha_nominal"):
        row = value(report, "item", "wd_c", statistic)
        assert math.isnan(row["value"]) and not row["flag"]
        assert row["note"].startswith("undefined: ")
    assert "only one value (0)" in value(report, "item", "wd_c", "alpha_nominal")["note"]
    # percent agreement is 1 and AC1 is defined: pi = (1, 0), p_e = 0, AC1 = 1
    assert value(report, "item", "wd_c", "percent_agreement")["value"] == 1
    assert value(report, "item", "wd_c", "gwet_ac1")["value"] == 1


def test_segment_rating_per_item(report: pd.DataFrame) -> None:
    # wd_sig is rated by both raters on s1/0 (3, 3), s1/1 (2, 4) and s2/2 (5, 4); s1/2 and s2/1 by one only.
    # percent agreement: 1 of 3 pairable units.
    # Cohen, quadratic weights over the declared 1-5 (indices 0-4), w = 1 - d^2 / 16:
    #   p_o = (1 + .75 + .9375) / 3 = .8958333; margins ann {2, 3, 5} 1/3 each, ben {3: 1/3, 4: 2/3}
    #   p_e = (1/9)(.9375 + 1 + .75) + (2/9)(.75 + .9375 + .9375) = .8819444; kappa = .0138889 / .1180556 = 2/17.
    # Ordinal alpha: values 3 3 2 4 5 4, n_2 = 1, n_3 = 2, n_4 = 2, n_5 = 1, n = 6;
    #   delta(2,4) = (1 + 2 + 2 - 1.5)^2 = 12.25, delta(4,5) = (2 + 1 - 1.5)^2 = 2.25, delta(2,3) = 2.25,
    #   delta(3,4) = 4, delta(3,5) = 12.25, delta(2,5) = 25;
    #   sum o*delta = 2 * 12.25 + 2 * 2.25 = 29; sum n_c n_k delta = 2 * (4.5 + 24.5 + 25 + 16 + 24.5 + 4.5) = 198;
    #   alpha = 1 - 5 * 29 / 198 = 53/198.
    # ICC on the 3 complete units [[3, 3], [2, 4], [5, 4]]: grand mean 3.5, SSR = 3, SSC = 1/6, SST = 5.5,
    #   SSE = 7/3; MSR = 1.5, MSC = 1/6, MSE = 7/6; ICC(3,1) = (1/3) / (8/3) = .125;
    #   ICC(2,1) = (1/3) / (1.5 + 7/6 + 2 * (1/6 - 7/6) / 3) = 1/6.
    expected = {"percent_agreement": (1 / 3, 3), "cohen_kappa_quadratic": (2 / 17, 3),
                "alpha_ordinal": (53 / 198, 3), "ICC2": (1 / 6, 3), "ICC3": (0.125, 3)}
    for statistic, (number, n_units) in expected.items():
        row = value(report, "item", "wd_sig", statistic)
        assert row["value"] == pytest.approx(number)
        assert (row["level"], row["n_units"]) == ("rating", n_units)
    assert "ICC(2,1) two-way random, absolute agreement" in value(report, "item", "wd_sig", "ICC2")["note"]
    assert value(report, "item", "wd_sig", "ICC2")["ci_method"] == "F"
    assert value(report, "item", "wd_sig", "cohen_kappa_quadratic")["ci_method"] == "bca"


def test_session_aggregates_per_item(report: pd.DataFrame) -> None:
    # Global gl: [[2, 3], [4, 4]]: grand 3.25, SSR = 2.25, SSC = .25, SSE = .25 -> MSR 2.25, MSC .25, MSE .25;
    #   ICC(2,1) = ICC(3,1) = 2 / 2.5 = .8; ICC(2,k) = ICC(3,k) = 2 / 2.25.
    for statistic, number in {"ICC2": 0.8, "ICC3": 0.8, "ICC2k": 2 / 2.25, "ICC3k": 2 / 2.25}.items():
        row = value(report, "item", "gl", statistic)
        assert row["value"] == pytest.approx(number)
        assert (row["level"], row["n_units"], row["n_raters"]) == ("session", 2, 2)
    # Segments with significance >= 3: ann s1 2 (3, 4), s2 1 (5); ben s1 2 (3, 4), s2 1 (4): identical -> ICC 1,
    #   residual mean square 0, so the F-test interval is [1, 1].
    significant = value(report, "item", "withdrawal_significant", "ICC2")
    assert (significant["value"], significant["ci_low"], significant["ci_high"]) == (1, 1, 1)
    # Segments with any withdrawal marker: ann s1 3, s2 1; ben s1 2, s2 2 -> [[3, 2], [1, 2]]:
    #   MSR = 1, MSC = 0, MSE = 1 -> every ICC is 0.
    assert value(report, "item", "withdrawal_segments", "ICC3")["value"] == pytest.approx(0)
    # Strategies marked: ann s1 1, s2 1; ben s1 1, s2 0 -> MSR = MSC = MSE = .25 -> ICC(3,1) = 0.
    assert value(report, "item", "resolution_strategies", "ICC3")["value"] == pytest.approx(0)


def test_group_scope_reads_any_marker_of_the_group(report: pd.DataFrame) -> None:
    # any withdrawal marker: ann 1 1 1 0 0 1, ben 1 1 0 0 1 1 -> agree on 4 of 6;
    # Cohen: p_e = (4/6)^2 + (2/6)^2 = 20/36 -> kappa = (24/36 - 20/36) / (16/36) = .25;
    # alpha: 8 ones, 4 zeros, 2 disagreeing units -> 1 - 11 * 4 / (2 * 4 * 8) = .3125.
    assert value(report, "group", "withdrawal", "percent_agreement", "presence")["value"] == pytest.approx(4 / 6)
    assert value(report, "group", "withdrawal", "cohen_kappa")["value"] == pytest.approx(0.25)
    assert value(report, "group", "withdrawal", "alpha_nominal", "presence")["value"] == pytest.approx(0.3125)
    assert value(report, "group", "withdrawal", "alpha_nominal", "presence")["note"].startswith("any of 3 markers")
    # the group's ratings pooled (one item) equal the item's alpha
    pooled = value(report, "group", "withdrawal", "alpha_ordinal", "rating")
    assert pooled["value"] == pytest.approx(53 / 198)


def test_pair_scope_gives_cohen_kappa_per_pair_and_item(report: pd.DataFrame) -> None:
    pair = report[(report["scope"] == "pair") & (report["item"] == "wd_a")]
    assert set(pair["target"]) == {"ann & ben"}
    assert pair.set_index("statistic").at["cohen_kappa", "value"] == pytest.approx(2 / 3)


def test_session_scope_pools_a_sessions_decisions(report: pd.DataFrame) -> None:
    # s1, 4 markers x 3 segments = 12 units; the only disagreement is wd_a on s1/2 -> 11/12;
    # ones: wd_a 2 + 1, wd_b 1 + 1, rs_x 1 + 1 = 7 of 24 values -> alpha = 1 - 23 * 2 / (2 * 7 * 17) = 192/238.
    assert value(report, "session", "s1", "percent_agreement", "presence")["value"] == pytest.approx(11 / 12)
    row = value(report, "session", "s1", "alpha_nominal", "presence")
    assert row["value"] == pytest.approx(192 / 238) and row["n_units"] == 12


def test_consensus_codes_do_not_count() -> None:
    with_consensus = study_report(tiny_codes(True), tiny_scheme(), n_boot=200, seed=1)
    without = study_report(tiny_codes(False), tiny_scheme(), n_boot=200, seed=1)
    pd.testing.assert_frame_equal(with_consensus, without)
    assert "consensus" not in with_consensus.attrs["observer"]["raters"]


def test_by_selects_scopes_in_the_order_asked() -> None:
    only = study_report(tiny_codes(), tiny_scheme(), by=["pair", "item"], n_boot=0)
    assert list(dict.fromkeys(only["scope"])) == ["pair", "item"]
    with pytest.raises(AnalysisError, match="cannot report by"):
        study_report(tiny_codes(), tiny_scheme(), by="rater")


def test_same_seed_same_report() -> None:
    first = study_report(tiny_codes(), tiny_scheme(), n_boot=300, seed=5)
    pd.testing.assert_frame_equal(first, study_report(tiny_codes(), tiny_scheme(), n_boot=300, seed=5))


def test_disagreements_largest_first() -> None:
    # wd_a s1/2, wd_b s2/1, rs_x s2/1 (presence: size 1); wd_sig s1/1 2 vs 4 (2 of 4 steps: .5),
    # gl s1 2 vs 3 (.25), wd_sig s2/2 5 vs 4 (.25); ties by session, segment, then scheme order.
    table = disagreements(tiny_codes(), tiny_scheme())
    assert list(table.columns) == ["session_id", "segment_index", "item", "ann", "ben", "size"]
    rows = [(s, None if pd.isna(g) else int(g), i, a, b, z) for s, g, i, a, b, z in table.itertuples(index=False)]
    assert rows == [
        ("s1", 2, "wd_a", 1, 0, 1.0),
        ("s2", 1, "wd_b", 0, 1, 1.0),
        ("s2", 1, "rs_x", 1, 0, 1.0),
        ("s1", 1, "wd_sig", 2, 4, 0.5),
        ("s1", None, "gl", 2, 3, 0.25),
        ("s2", 2, "wd_sig", 5, 4, 0.25),
    ]
    assert list(disagreements(tiny_codes(), tiny_scheme(), item="wd_sig")["size"]) == [0.5, 0.25]
    with pytest.raises(AnalysisError, match="not in scheme"):
        disagreements(tiny_codes(), tiny_scheme(), item="nope")


def test_methods_paragraph_states_what_was_computed(report: pd.DataFrame) -> None:
    text = methods_paragraph(report)
    for needed in ("2 sessions (6 segments, 6 of them coded by two or more raters) coded by 2 raters",
                   "Tiny scheme", "Marker presence per segment", "Segment ratings", "Session aggregates",
                   "Krippendorff's alpha with the ordinal metric", "Gwet's (2008) AC1",
                   "ICC(2,1) (two-way random effects, absolute agreement, single rater",
                   "ICC(3,k)", "1,000 bootstrap resamples of units, each unit drawn with all its ratings "
                   "(random seed 7)",
                   "bias-corrected and accelerated limits (Efron, 1987)", "Hesterberg (2015)",
                   "intervals for alpha, kappa, AC1 and percent agreement",
                   "as R's psych::ICC and pingouin compute them (R's irr package builds the ICC(2,k) interval "
                   "differently)", "Only complete units entered", "no coded unit was incomplete",
                   "below .667 and .80", "quadratic weights", "reported as undefined",
                   f"observer {__version__}", "krippendorff 0.9.0", f"numpy {np.__version__}",
                   f"pandas {pd.__version__}"):
        assert needed in text, needed
    assert "\n" not in text and "Hayes and Krippendorff" not in text
    assert "2,000 bootstrap" in methods_paragraph(report, n_boot=2000)
    kalpha = study_report(tiny_codes(), tiny_scheme(), n_boot=200, seed=7, ci_method="kalpha")
    assert "resamples of the observed coincidences following Hayes and Krippendorff (2007) (random seed 7)" in (
        methods_paragraph(kalpha))
    gwet = methods_paragraph(study_report(tiny_codes(), tiny_scheme(), n_boot=0, ci_method="gwet"))
    assert "Gwet's (2014) variance formulas" in gwet and "No bootstrap intervals" in gwet
    with pytest.raises(AnalysisError, match="no settings"):
        methods_paragraph(pd.DataFrame(report))


def test_renderers(report: pd.DataFrame) -> None:
    table = to_table(report).splitlines()
    assert table[0].split()[:5] == ["level", "scope", "target", "statistic", "value"]
    undefined = int(report["value"].isna().sum())
    assert undefined and len(table) == len(report) - undefined + 2 + 1
    assert table[-1] == f"{undefined} rows with no value not listed (--undefined lists them)."
    alpha_line = next(line for line in table if " wd_a " in line and "alpha_nominal" in line and " item " in line)
    assert f"{48 / 70:.3f}" in alpha_line and "[" in alpha_line and " bca " in alpha_line
    pair_line = next(line for line in table if " pair " in line and "cohen_kappa" in line)
    assert "wd_a · ann & ben" in pair_line
    flagged = next(line for line in table if "wd_sig" in line and "alpha_ordinal" in line and " item " in line)
    assert " below " in flagged
    listed = to_table(report, undefined=True).splitlines()
    assert len(listed) == len(report) + 2
    undefined_line = next(line for line in listed if "wd_c" in line and "fleiss_kappa" in line and " item " in line)
    assert " - " in undefined_line and "undefined:" in undefined_line

    back = pd.read_csv(io.StringIO(to_csv(report)), keep_default_na=False, na_values=[""])
    assert list(back.columns) == list(report.columns)
    assert np.allclose(back["value"], report["value"], equal_nan=True)

    parsed = json.loads(to_json(report))
    assert parsed["settings"]["n_boot"] == 1000 and parsed["settings"]["seed"] == 7
    assert len(parsed["rows"]) == len(report)
    undefined = next(r for r in parsed["rows"] if r["target"] == "wd_c" and r["statistic"] == "fleiss_kappa")
    assert undefined["value"] is None


def test_generic_table_with_explicit_level() -> None:
    codes = tiny_codes(False)
    generic = codes[codes["item"].isin(["wd_a", "wd_sig"])].rename(columns={"session_id": "s"})
    generic = generic.assign(unit=generic["s"] + "/" + generic["segment_index"].astype(str))
    generic = generic[["unit", "rater", "item", "value"]]
    report = study_report(generic, level="ordinal", n_boot=0)
    assert set(report["scope"]) == {"item", "pair"}
    assert set(report["level"]) == {"ordinal"}
    alpha_row = value(report, "item", "wd_sig", "alpha_ordinal")
    assert alpha_row["value"] == pytest.approx(53 / 198)
    assert methods_paragraph(report).startswith("Inter-rater reliability was computed on 6 units rated by 2 raters "
                                                "at the ordinal level")
    with pytest.raises(AnalysisError, match="level of measurement"):
        study_report(generic)
    with pytest.raises(AnalysisError, match="cannot report by"):
        study_report(generic, level="ordinal", by="session")
    with pytest.raises(AnalysisError, match="pass the study's scheme"):
        study_report(tiny_codes(), level="nominal")
    with pytest.raises(AnalysisError, match="for generic tables"):
        study_report(tiny_codes(), tiny_scheme(), level="nominal")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop(columns="rater"), "lack column"),
        (lambda f: f.assign(item=f["item"].replace("wd_a", "wd_zz")), "not in scheme"),
        (lambda f: f.assign(value=f["value"].where(f["item"] != "wd_sig", 9)), "not on scale"),
        (lambda f: pd.concat([f, f.iloc[[0]]]), "more than once"),
        (lambda f: f.assign(segment_index=f["segment_index"].where(f["item"] != "wd_a")), "without a segment_index"),
    ],
)
def test_bad_codes_raise_analysis_errors_that_say_what_to_do(change, message: str) -> None:
    with pytest.raises(AnalysisError, match=message) as raised:
        study_report(change(tiny_codes()), tiny_scheme(), n_boot=0)
    assert raised.value.hint


def test_values_read_from_a_csv_are_parsed_by_their_scale() -> None:
    text = tiny_codes().to_csv(index=False)
    from_csv = pd.read_csv(io.StringIO(text), dtype={"value": str})
    pd.testing.assert_frame_equal(
        study_report(from_csv, tiny_scheme(), n_boot=0),
        study_report(tiny_codes(), tiny_scheme(), n_boot=0),
    )


def test_a_study_coded_by_one_rater_has_no_reliability() -> None:
    codes = tiny_codes(False)
    with pytest.raises(UndefinedStatistic, match=r"only one rater \(ann\) coded these codes") as raised:
        study_report(codes[codes["rater"] == "ann"], tiny_scheme())
    assert "second rater" in raised.value.hint
    assert disagreements(codes[codes["rater"] == "ann"], tiny_scheme()).empty
    assert disagreements(codes.iloc[:0], tiny_scheme()).empty


def test_one_session_reads_in_the_singular() -> None:
    codes = tiny_codes(False)
    report = study_report(codes[codes["session_id"] == "s1"], tiny_scheme(), n_boot=100, seed=1)
    assert methods_paragraph(report).startswith("Inter-rater reliability was computed on 1 session (3 segments")
    # within s1 the units' mean significance is equal (3 and 3): the between-units mean square is 0
    assert "no variance between units" in value(report, "item", "wd_sig", "ICC2")["note"]


def test_progress_is_reported_after_each_piece_of_work() -> None:
    calls: list[tuple[int, int]] = []
    study_report(tiny_codes(), tiny_scheme(), by="item", n_boot=50, progress=lambda done, total: calls.append(
        (done, total)))
    # 5 segment items + 4 session measures (withdrawal segments and significant, strategies, gl)
    assert calls == [(done, 9) for done in range(1, 10)]
