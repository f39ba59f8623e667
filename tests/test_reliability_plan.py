"""Planning a double-coded sample: the simulation model, the plan's answer, and `assign --double` taking it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from conftest import make_session
from observer.cli import main
from observer.errors import AnalysisError, StudyError
from observer.reliability import plan
from observer.reliability.simulation import Design, noise_for, population_value
from observer.store import Study
from observer.supervision import assign
from observer.supervision.assignment import Sample


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval"])
def test_the_model_hits_the_wanted_population_alpha(level: str) -> None:
    design = noise_for(0.7, level)
    assert population_value(design) == pytest.approx(0.7, abs=5e-4)
    # more rater noise, lower alpha; alpha does not depend on the number of raters
    assert population_value(Design(level, design.noise * 1.5)) < 0.6
    big = design.ratings(np.random.default_rng(1), 40_000, 4)
    from observer.reliability.alpha import alpha_of

    assert alpha_of(big, level) == pytest.approx(0.7, abs=0.01)


def test_the_model_keeps_its_prevalence_and_rating_shares() -> None:
    marker = Design("nominal", 0.4, prevalence=0.2).ratings(np.random.default_rng(2), 50_000, 2)
    assert (marker.codes == 1).mean() == pytest.approx(0.2, abs=0.005)
    rating = Design("ordinal", 0.4).ratings(np.random.default_rng(3), 50_000, 2)
    shares = np.bincount(rating.codes.ravel(), minlength=5) / rating.codes.size
    assert shares == pytest.approx([0.1, 0.2, 0.4, 0.2, 0.1], abs=0.005)
    pool = Design("ordinal", 0.4).ratings(np.random.default_rng(4), 1000, 4, per_unit=2)
    assert ((pool.codes >= 0).sum(axis=1) == 2).all()


def test_the_plan_is_the_smallest_size_whose_median_half_width_is_the_target() -> None:
    answer = plan(0.7, 0.1, 2, level="ordinal", studies=150, n_boot=300, seed=3)
    checked = {c.n_units: c for c in answer.checked}
    assert answer.n_units in checked and answer.n_assured >= answer.n_units
    # at the answer the simulated median half-width is the target (up to simulation noise) ...
    assert checked[answer.n_units].median == pytest.approx(0.1, abs=0.008)
    # ... and the half-width falls like 1 / sqrt(n): far fewer units are far wider
    smallest = min(checked)
    assert checked[smallest].median > 0.1 * math.sqrt(answer.n_units / smallest) * 0.85
    assert checked[answer.n_assured].within >= 0.7
    again = plan(0.7, 0.1, 2, level="ordinal", studies=150, n_boot=300, seed=3)
    assert (again.n_units, again.n_assured) == (answer.n_units, answer.n_assured)


def test_more_raters_or_a_higher_alpha_need_fewer_units() -> None:
    two = plan(0.7, 0.1, 2, level="interval", studies=80, n_boot=200).n_units
    four = plan(0.7, 0.1, 4, level="interval", studies=80, n_boot=200).n_units
    higher = plan(0.85, 0.1, 2, level="interval", studies=80, n_boot=200).n_units
    assert four < two and higher < two


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"level": "ratio"}, "nominal, ordinal and interval"),
    ({"half_width": 0}, "half-width must lie between 0 and 1"),
    ({"raters": 1}, "at least two raters"),
    ({"alpha": 0}, "expected alpha must lie between 0 and 1"),
    ({"studies": 5}, "at least 20 studies"),
])
def test_bad_plans_are_refused_with_a_way_out(kwargs: dict, message: str) -> None:
    settings = {"alpha": 0.7, "half_width": 0.1, "raters": 2, **kwargs}
    with pytest.raises(AnalysisError, match=message) as raised:
        plan(settings.pop("alpha"), settings.pop("half_width"), settings.pop("raters"), **settings)
    assert raised.value.hint


@pytest.mark.parametrize(("text", "sample"), [
    ("0.25", Sample(share=0.25)), ("25%", Sample(share=0.25)), ("1", Sample(share=1.0)),
    ("40", Sample(sessions=40)), ("1session", Sample(sessions=1)), ("3 sessions", Sample(sessions=3)),
    ("240segments", Sample(segments=240)), ("240seg", Sample(segments=240)),
])
def test_double_reads_a_share_a_count_of_sessions_or_of_segments(text: str, sample: Sample) -> None:
    assert Sample.parse(text) == sample


def test_double_refuses_what_it_cannot_read() -> None:
    with pytest.raises(StudyError, match="neither a share") as raised:
        Sample.parse("many")
    assert "--double 300segments" in raised.value.hint


@pytest.fixture
def ten(tmp_path, mini_scheme):
    """Ten sessions of 3 segments (150 s at 60 s a segment)."""
    with Study.create(tmp_path / "ten.observer", mini_scheme) as study:
        study.add_sessions([make_session(f"s{i:02d}") for i in range(10)])
        yield study


def test_assign_double_codes_a_number_of_sessions(ten) -> None:
    result = assign(ten, ["ann", "bob"], double=Sample(sessions=4), seed=1)
    assert sum(a.role == "second" for a in result.assignments) == 4
    assert (result.double_target, result.double_basis) == (4, "4 sessions")


def test_assign_double_codes_whole_sessions_for_a_number_of_segments(ten) -> None:
    # 30 segments in 10 sessions: 3 per session, so 8 segments need ceil(8 / 3) = 3 sessions
    result = assign(ten, ["ann", "bob"], double=Sample(segments=8), seed=1)
    assert sum(a.role == "second" for a in result.assignments) == 3
    assert result.double_basis == "8 segments, 3.0 per session on average"


@pytest.mark.parametrize(("sample", "message"), [(Sample(sessions=11), "cannot double-code 11 of 10 sessions"),
                                                 (Sample(segments=31), "31 of the 30 segments"),
                                                 (Sample(share=1.5), "between 0 and 1")])
def test_assign_refuses_a_sample_larger_than_the_study(ten, sample: Sample, message: str) -> None:
    with pytest.raises(StudyError, match=message):
        assign(ten, ["ann", "bob"], double=sample, seed=1)
    assert ten.assignments() == []


def test_the_plans_answer_goes_straight_into_assign(ten, tmp_path, capsys) -> None:
    path = ten.path
    ten.close()
    assert main(["assign", str(path), "--raters", "ann,bob", "--double", "7segments", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "assigned 10 sessions (seed 2; 3 double-coded)" in out
    assert "double-coded sample: 3 session(s) for 7 segments, 3.0 per session on average" in out
    with Study.open(path) as study:
        assert sum(a.role == "second" for a in study.assignments()) == 3
