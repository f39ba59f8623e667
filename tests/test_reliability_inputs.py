"""Input validation and undefined statistics: errors that say how to fix, never a made-up number."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from observer.errors import AnalysisError
from observer.reliability import (
    UndefinedStatistic,
    alpha,
    alpha_ci,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    gwet_ac2,
    icc,
    percent_agreement,
)

# Any RuntimeWarning (0/0) or krippendorff warning leaking is a failure.
pytestmark = pytest.mark.filterwarnings("error")


def frame(rows: list[tuple]) -> pd.DataFrame:
    """unit, rater, value rows."""
    return pd.DataFrame(rows, columns=["unit", "rater", "value"])


TWO_RATERS = frame([(1, "a", 1), (1, "b", 1), (2, "a", 2), (2, "b", 3), (3, "a", 3), (3, "b", 3)])


def test_analysis_errors_are_value_errors_with_a_hint() -> None:
    with pytest.raises(ValueError) as raised:
        alpha(TWO_RATERS, level="nominal", value="score")
    assert isinstance(raised.value, AnalysisError)
    assert "'score'" in str(raised.value) and "value=" in raised.value.hint


@pytest.mark.parametrize("level", [None, "binary", "Nominal"])
def test_the_level_of_measurement_is_never_guessed(level: object) -> None:
    with pytest.raises(AnalysisError, match="level of measurement"):
        alpha(TWO_RATERS, level=level)
    with pytest.raises(TypeError):
        alpha(TWO_RATERS)  # level is a required keyword


def test_a_rater_rating_a_unit_twice() -> None:
    data = pd.concat([TWO_RATERS, frame([(2, "a", 2)])], ignore_index=True)
    with pytest.raises(AnalysisError, match="rated unit 2 more than once") as raised:
        alpha(data, level="nominal")
    assert "drop_duplicates" in raised.value.hint


def test_non_numeric_values_at_interval_level() -> None:
    data = frame([(1, "a", "low"), (1, "b", "high"), (2, "a", 2), (2, "b", 2)])
    with pytest.raises(AnalysisError, match="interval level needs numbers, but found 'low'"):
        alpha(data, level="interval")


def test_negative_values_at_ratio_level() -> None:
    with pytest.raises(AnalysisError, match="ratio level needs values >= 0"):
        alpha(frame([(1, "a", -1), (1, "b", 2), (2, "a", 3), (2, "b", 2)]), level="ratio")


def test_ordinal_labels_need_their_order() -> None:
    labels = frame([(1, "a", "low"), (1, "b", "mid"), (2, "a", "high"), (2, "b", "high"), (3, "a", "mid"),
                    (3, "b", "mid")])
    with pytest.raises(AnalysisError, match="no known order"):
        alpha(labels, level="ordinal")
    numbers = labels.assign(value=labels["value"].map({"low": 1, "mid": 2, "high": 3}))
    assert alpha(labels, level="ordinal", categories=["low", "mid", "high"]) == pytest.approx(
        alpha(numbers, level="ordinal"))


def test_values_outside_the_declared_categories() -> None:
    with pytest.raises(AnalysisError, match="not among the categories"):
        cohen_kappa(TWO_RATERS, categories=[1, 2])


def test_empty_unit_or_rater_cells() -> None:
    with pytest.raises(AnalysisError, match="empty rater"):
        alpha(frame([(1, None, 1), (1, "b", 1), (2, "a", 2), (2, "b", 2)]), level="nominal")


def test_too_many_distinct_values_for_the_coincidence_matrix() -> None:
    data = frame([(u, r, u + 0.001 * (r == "b")) for u in range(400) for r in "ab"])
    with pytest.raises(AnalysisError, match="too many") as raised:
        alpha(data, level="interval")
    assert "Round or bin" in raised.value.hint


@pytest.mark.parametrize("statistic", [
    lambda d: alpha(d, level="nominal"), percent_agreement, fleiss_kappa, gwet_ac1, icc,
    lambda d: alpha_ci(d, level="nominal"),
])
def test_a_single_rater_is_undefined(statistic) -> None:
    with pytest.raises(UndefinedStatistic, match="only one rater") as raised:
        statistic(frame([(1, "a", 1), (2, "a", 2)]))
    assert isinstance(raised.value, AnalysisError) and raised.value.hint


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_with_one_value_is_undefined(level: str) -> None:
    data = frame([(u, r, 3) for u in range(5) for r in "abc"])
    with pytest.raises(UndefinedStatistic, match=r"only one value \(3\)") as raised:
        alpha(data, level=level, categories=[1, 2, 3, 4, 5])
    assert raised.value.reason.startswith("only one value")
    assert str(raised.value).startswith("undefined: ")


def test_alpha_without_a_pairable_unit_is_undefined() -> None:
    data = frame([(1, "a", 1), (2, "b", 2), (3, "c", 1)])
    with pytest.raises(UndefinedStatistic, match="no unit was rated by two or more raters"):
        alpha(data, level="nominal")
    with pytest.raises(UndefinedStatistic, match="no unit was rated by two or more raters"):
        percent_agreement(data)


def test_cohen_kappa_takes_exactly_two_raters() -> None:
    three = pd.concat([TWO_RATERS, frame([(1, "c", 1)])], ignore_index=True)
    with pytest.raises(AnalysisError, match="exactly 2 raters; found 3: a, b, c") as raised:
        cohen_kappa(three)
    assert "fleiss_kappa" in raised.value.hint
    with pytest.raises(UndefinedStatistic, match="share no rated unit"):
        cohen_kappa(frame([(1, "a", 1), (2, "b", 1), (3, "a", 2)]))


def test_kappas_are_undefined_when_everyone_uses_one_category_but_ac1_is_one() -> None:
    data = frame([(u, r, 0) for u in range(6) for r in "ab"])
    for kappa in (cohen_kappa, fleiss_kappa):
        with pytest.raises(UndefinedStatistic, match="chance agreement is 1"):
            kappa(data, categories=[0, 1])
    assert gwet_ac1(data, categories=[0, 1]) == 1
    with pytest.raises(UndefinedStatistic, match="only one category"):
        gwet_ac1(data)


def test_fleiss_kappa_keeps_units_with_missing_ratings() -> None:
    # Gwet's generalisation: a unit rated by 2 of 3 raters still counts; complete data give Fleiss (1971)
    complete = frame([(u, r, (u + (r == "c")) % 2) for u in range(8) for r in "abc"])
    incomplete = complete[~((complete["unit"] == 0) & (complete["rater"] == "c"))]
    assert fleiss_kappa(incomplete) != fleiss_kappa(complete)
    assert np.isfinite(fleiss_kappa(incomplete))


def test_icc_undefined_cases_and_perfect_agreement() -> None:
    with pytest.raises(UndefinedStatistic, match="only 1 unit"):
        icc(frame([(1, "a", 1), (1, "b", 2), (2, "a", 3)]))
    with pytest.raises(UndefinedStatistic, match="same value"):
        icc(frame([(u, r, 4) for u in range(4) for r in "ab"]))
    perfect = icc(frame([(u, r, u) for u in range(4) for r in "abc"])).set_index("type")
    assert (perfect["icc"] == 1).all() and (perfect["ci_low"] == 1).all() and (perfect["ci_high"] == 1).all()


def test_icc_reports_the_complete_units_it_used() -> None:
    data = frame([(u, r, u + (r == "b")) for u in range(6) for r in "abc"])
    data = data[~((data["unit"] == 0) & (data["rater"] == "c"))]
    table = icc(data)
    assert list(table["type"]) == ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]
    assert set(table["n_units"]) == {5} and set(table["n_raters"]) == {3}


@pytest.mark.parametrize("weights", ["cubic", [[1, 0], [0, 1]], [[1, 2, 0], [2, 1, 0], [0, 0, 1]],
                                     [[0, 1, 1], [1, 0, 1], [1, 1, 0]]])
def test_bad_weights(weights: object) -> None:
    with pytest.raises(AnalysisError, match="weights"):
        gwet_ac2(TWO_RATERS, weights=weights, categories=[1, 2, 3])


def test_weights_follow_the_category_index_of_the_declared_scale() -> None:
    # 1, 2 and 4 observed: declaring 1-5 puts 3 between 2 and 4, so their index distance grows
    data = frame([(1, "a", 1), (1, "b", 2), (2, "a", 2), (2, "b", 4), (3, "a", 4), (3, "b", 4), (4, "a", 1),
                  (4, "b", 1)])
    observed = cohen_kappa(data, weights="quadratic")
    declared = cohen_kappa(data, weights="quadratic", categories=[1, 2, 3, 4, 5])
    assert (observed, declared) == (pytest.approx(9 / 13), pytest.approx(2 / 3))
    # a category declared past the used ones leaves linear kappa alone but changes AC2 (q enters p_e)
    assert cohen_kappa(data, weights="linear", categories=[1, 2, 3, 4]) == pytest.approx(
        cohen_kappa(data, weights="linear", categories=[1, 2, 3, 4, 5, 6]))
    assert gwet_ac2(data, weights="linear", categories=[1, 2, 3, 4]) != pytest.approx(
        gwet_ac2(data, weights="linear", categories=[1, 2, 3, 4, 5, 6]))
    # unweighted kappa does not depend on unused categories
    assert cohen_kappa(data) == pytest.approx(cohen_kappa(data, categories=[1, 2, 3, 4, 5]))


@pytest.mark.parametrize("module", ["alpha", "bootstrap", "kappa", "gwet", "icc", "intervals", "planning"])
def test_docstring_examples_reproduce_published_values(module: str) -> None:
    # import_module: the package's alpha and icc functions shadow their modules' names
    failures, tried = doctest.testmod(importlib.import_module(f"observer.reliability.{module}"))
    assert tried > 0 and failures == 0


def test_the_worked_example_in_the_statistics_page_runs() -> None:
    page = Path(__file__).parent.parent / "docs" / "reliability-statistics.md"
    failures, tried = doctest.testfile(str(page), module_relative=False)
    assert tried > 0 and failures == 0


def test_importing_reliability_does_not_import_textual() -> None:
    code = "import sys, observer.reliability; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
