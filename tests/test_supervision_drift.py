"""Drift: synthetic studies coded week by week, a planted drop flagged, stable raters never flagged."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from observer.errors import StudyError
from observer.store import Code, Study
from observer.supervision import drift, plot_lines, sparkline

from conftest import make_session

MARKERS = ("wd_minimal", "wd_shift", "rs_clarify")
WEEKS = 5
PER_WEEK = 4  # sessions coded per week: 4 x 3 segments x 3 markers = 36 marker units
MONDAY = datetime.fromisoformat("2026-01-05T10:00:00+01:00")  # ISO week 2 of 2026


def truth(session: int, segment: int, marker: int) -> int:
    """The reference reading: about a third of the markers present."""
    return int((session * 7 + segment * 3 + marker * 5) % 3 == 0)


def readings(session: int, flips: set[int]) -> dict[tuple[int, int], int]:
    """A session's marker readings, with the units numbered in ``flips`` (0..8) turned over."""
    return {(g, m): truth(session, g, m) ^ (g * 3 + m in flips) for g in range(3) for m in range(3)}


def build(tmp_path, mini_scheme, raters: dict[str, dict[int, int]], *, master: str | None = None) -> Study:
    """WEEKS x PER_WEEK sessions, each coded in its week by every rater (and the master).

    ``raters`` maps a rater to the units it turns over per session in each week: {week: n}.
    """
    study = Study.create(tmp_path / "drift.observer", mini_scheme)
    n = WEEKS * PER_WEEK
    study.add_sessions([make_session(f"s{i:02d}") for i in range(n)])
    codes, complete = [], set()
    coders = {**raters, **({master: {}} if master else {})}
    for offset, (rater, flips_per_week) in enumerate(coders.items()):
        for i in range(n):
            week = i // PER_WEEK
            at = (MONDAY + timedelta(days=7 * week, hours=i % PER_WEEK)).isoformat()
            k = flips_per_week.get(week, 0)
            # spread the week's k flips over its sessions, at units that differ by session and rater
            flips = {(i * 5 + j * 4 + offset * 2) % 9 for j in range(k // PER_WEEK + (i % PER_WEEK < k % PER_WEEK))}
            for (g, m), value in readings(i, flips).items():
                codes.append(Code(f"s{i:02d}", g, rater, MARKERS[m], value, coded_at=at))
            complete |= {(f"s{i:02d}", g, rater) for g in range(3)}
    study.import_codes(codes, complete)
    if master:
        study.mark_master([f"s{i:02d}" for i in range(n)], master)
    return study


STABLE = {week: 2 for week in range(WEEKS)}  # 2 of 36 units off every week
DROPPING = {**STABLE, 4: 12}  # 12 of 36 off in the fifth week


def flags(result) -> dict[tuple[str, object], str]:
    return {(r.rater, r.period): r.flag for r in result.table.itertuples(index=False) if r.flag}


def test_a_planted_drop_against_the_master_is_flagged(tmp_path, mini_scheme):
    with build(tmp_path, mini_scheme, {"ann": STABLE, "bob": DROPPING}, master="expert") as study:
        result = drift(study, by="week", against="master")
    assert flags(result) == {("bob", "2026-W06"): "below,drop"}
    bob = result.table[result.table["rater"] == "bob"]
    assert list(bob["period"]) == ["2026-W02", "2026-W03", "2026-W04", "2026-W05", "2026-W06"]
    assert list(bob["units"]) == [36] * 5 and list(bob["sessions"]) == [4] * 5
    assert bob["agreement"].iloc[-1] == pytest.approx(24 / 36)
    assert bob["running_mean"].iloc[-1] == pytest.approx(bob["kappa"].iloc[:4].mean())


def test_stable_raters_are_never_flagged(tmp_path, mini_scheme):
    with build(tmp_path, mini_scheme, {"ann": STABLE, "bob": STABLE, "cem": {w: 3 for w in range(WEEKS)}},
               master="expert") as study:
        for against in ("master", "others"):
            for by in ("week", "batch"):
                result = drift(study, by=by, against=against, batch_size=PER_WEEK)
                assert flags(result) == {}, (against, by)
                assert result.table["kappa"].min() > 0.7


def test_batches_follow_each_raters_coding_order(tmp_path, mini_scheme):
    with build(tmp_path, mini_scheme, {"ann": STABLE, "bob": DROPPING}, master="expert") as study:
        result = drift(study, by="batch", batch_size=PER_WEEK)
        smaller = drift(study, by="batch", batch_size=10)
    assert flags(result) == {("bob", 5): "below,drop"}
    assert list(smaller.table[smaller.table["rater"] == "ann"]["sessions"]) == [10, 10]


def test_against_others_the_drifting_rater_falls_furthest(tmp_path, mini_scheme):
    with build(tmp_path, mini_scheme, {"ann": STABLE, "bob": DROPPING, "cem": STABLE, "dan": STABLE}) as study:
        result = drift(study, against="others")
    # each rater against the majority of the other three: bob's flips are outvoted in the others' references
    last = result.table[result.table["period"] == "2026-W06"].set_index("rater")["kappa"]
    assert last["bob"] < 0.6 < last.drop("bob").min()
    assert flags(result) == {("bob", "2026-W06"): "below,drop"}
    assert set(result.table["units"]) == {36}


def test_against_one_other_rater_both_show_the_fall(tmp_path, mini_scheme):
    with build(tmp_path, mini_scheme, {"ann": STABLE, "bob": DROPPING}) as study:
        result = drift(study, against="others")
    assert set(flags(result)) == {("ann", "2026-W06"), ("bob", "2026-W06")}  # two raters: no telling who moved


def test_a_drop_needs_two_earlier_periods(tmp_path, mini_scheme):
    early = {0: 2, 1: 12, 2: 2, 3: 2, 4: 2}
    with build(tmp_path, mini_scheme, {"bob": early}, master="expert") as study:
        result = drift(study, threshold=0.3)
    assert flags(result) == {}  # the fall in week 2 has one week before it: no running mean to trust


def test_the_study_threshold_is_the_default(tmp_path, mini_scheme):
    from observer.supervision import set_threshold

    with build(tmp_path, mini_scheme, {"ann": STABLE}, master="expert") as study:
        set_threshold(study, "kappa=0.95")
        result = drift(study)
    assert result.threshold == 0.95
    assert set(flags(result).values()) == {"below"}


def test_the_terminal_plot_marks_the_flagged_period(tmp_path, mini_scheme):
    with build(tmp_path, mini_scheme, {"ann": STABLE, "bob": DROPPING}, master="expert") as study:
        lines = plot_lines(drift(study))
    bob = next(i for i, line in enumerate(lines) if line.startswith("bob"))
    assert lines[bob].split()[1][-1] in "▁▂▃"
    assert lines[bob + 1].rstrip().endswith("!") and lines[bob + 1].count("!") == 1


def test_sparkline_scale():
    assert sparkline([0.0, 0.5, 1.0, None, -0.3, 1.2]) == "▁▅█·▁█"


def test_drift_explains_missing_references(study):
    with pytest.raises(StudyError, match="no master sessions"):
        drift(study)
    study.for_rater("ann").set_value("s1", 0, "wd_minimal", 1)
    with pytest.raises(StudyError, match="no rater shares a coded segment"):
        drift(study, against="others")
