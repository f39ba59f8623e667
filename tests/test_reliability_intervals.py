"""Intervals of every statistic: the unit bootstrap (sums over units, BCa) and Gwet's variance formulas."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from observer.errors import AnalysisError
from observer.reliability import agreement_ci, alpha, alpha_ci
from observer.reliability._agreement import unit_agreement
from observer.reliability._data import Ratings
from observer.reliability.alpha import alpha_of
from observer.reliability.gwet import gwet_ac_of
from observer.reliability.gwet_variance import gwet_limits, gwet_standard_error
from observer.reliability.kappa import cohen_kappa_of, fleiss_kappa_of, percent_agreement_of
from observer.reliability.resample import bca_limits, expanded_level
from observer.reliability.unit_sums import unit_sums

# Gwet (2014) 12 units x 4 raters with missing ratings (irrCAC `cac.raw4raters`, Python `datasets.raw_4raters`).
RAW_4RATERS = [[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4], [4, 4, 4, 4],
               [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1], [None, None, 3, None]]
# Gwet (2014) 3 x 3 table of two abstractors on 100 units (irrCAC `cont3x3abstractors`).
ABSTRACTORS = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]


def long(table: list[list], rater_names: str = "abcd") -> pd.DataFrame:
    """Units x raters (None = missing) as unit, rater, value rows."""
    return pd.DataFrame([(u, rater_names[r], v) for u, row in enumerate(table) for r, v in enumerate(row)
                         if v is not None], columns=["unit", "rater", "value"])


def from_table(table: list[list]) -> pd.DataFrame:
    """A two-rater contingency table expanded to ratings (categories 1..q)."""
    q = len(table)
    pairs = [(i + 1, j + 1) for i in range(q) for j in range(q) for _ in range(table[i][j])]
    return long([list(pair) for pair in pairs], "AB")


def noisy(seed: int, units: int, raters: int, missing: float = 0.15) -> pd.DataFrame:
    """1-5 ratings: a true score plus -1, 0 or +1, some ratings missing."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(1, 6, units)
    values = np.clip(truth + rng.integers(-1, 2, (raters, units)), 1, 5).astype(float)
    values[rng.random(values.shape) < missing] = np.nan
    return long([[None if np.isnan(v) else int(v) for v in column] for column in values.T])


def ratings_of(data: pd.DataFrame, level: str = "ordinal") -> Ratings:
    return Ratings.from_frame(data, unit="unit", rater="rater", value="value", level=level,
                              categories=[1, 2, 3, 4, 5] if level in ("nominal", "ordinal") else None)


POINT = {
    "percent_agreement": lambda r: percent_agreement_of(r),
    "fleiss_kappa": lambda r: fleiss_kappa_of(r),
    "gwet_ac1": lambda r: gwet_ac_of(r, None),
    "gwet_ac2": lambda r: gwet_ac_of(r, "quadratic"),
}


@pytest.mark.parametrize("raters", [2, 4])
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_from_unit_sums_is_the_krippendorff_package_value(raters: int, level: str) -> None:
    ratings = ratings_of(noisy(raters, 90, raters), level)
    assert unit_sums("alpha", ratings, level=level).estimate() == pytest.approx(alpha_of(ratings, level), abs=1e-12)


@pytest.mark.parametrize("statistic", sorted(POINT))
def test_agreement_statistics_from_unit_sums_are_the_point_estimates(statistic: str) -> None:
    ratings = ratings_of(noisy(7, 80, 4))
    weights = "quadratic" if statistic == "gwet_ac2" else None
    assert unit_sums(statistic, ratings, weights=weights).estimate() == pytest.approx(POINT[statistic](ratings),
                                                                                      abs=1e-12)


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_kappa_from_unit_sums_is_the_point_estimate(weights) -> None:
    ratings = ratings_of(noisy(8, 70, 2))
    assert unit_sums("cohen_kappa", ratings, weights=weights).estimate() == pytest.approx(
        cohen_kappa_of(ratings, weights), abs=1e-12)


def test_jackknife_values_leave_one_unit_out() -> None:
    data = noisy(3, 25, 3)
    ratings = ratings_of(data)
    sums = unit_sums("alpha", ratings, level="ordinal")
    left_out = sums.value(sums.rows.jackknife())
    units = np.asarray(ratings.units)[ratings.pairable]
    contributions = [_pairs(c) for c in ratings.counts[ratings.pairable]]
    for row, value in zip(sums.rows.rows, left_out):
        # any unit with this contribution, dropped from the data, gives the row's jackknife value
        unit = next(u for u, c in zip(units, contributions) if np.allclose(c, row))
        assert value == pytest.approx(alpha(data[data["unit"] != unit], level="ordinal"), abs=1e-12)


def _pairs(counts: np.ndarray) -> np.ndarray:
    """One unit's coincidence contribution, flattened."""
    q = len(counts)
    return ((np.outer(counts, counts) - np.diag(counts)) / (counts.sum() - 1)).reshape(q * q)


def test_every_resample_draws_as_many_units_as_there_are() -> None:
    sums = unit_sums("percent_agreement", ratings_of(noisy(4, 60, 3)))
    drawn = sums.rows.bootstrap(500, np.random.default_rng(0))
    assert drawn.shape == (500, 2) and (drawn[:, 0] == sums.rows.n_units).all()


def test_unit_bootstrap_has_the_spread_of_resampling_units_one_by_one() -> None:
    # The multinomial count of each distinct unit times its contribution is the same resample as drawing
    # units with replacement: compare with a naive bootstrap that recomputes alpha on resampled frames.
    data = noisy(5, 60, 3)
    result = alpha_ci(data, level="ordinal", n_boot=4000, seed=1)
    matrix = data.pivot(index="rater", columns="unit", values="value").to_numpy(dtype=float)
    rng = np.random.default_rng(2)
    naive = [krippendorff.alpha(matrix[:, rng.integers(0, matrix.shape[1], matrix.shape[1])],
                                level_of_measurement="ordinal") for _ in range(1000)]
    assert np.std(result.samples) == pytest.approx(np.std(naive), rel=0.1)
    assert np.median(result.samples) == pytest.approx(np.median(naive), abs=0.02)


def test_bca_limits_agree_with_scipy() -> None:
    # Percent agreement is the mean of the units' agreement, so scipy's BCa bootstrap of that mean, at the
    # same (expanded) coverage, must give the same limits up to resampling noise.
    ratings = ratings_of(noisy(6, 80, 3))
    sums = unit_sums("percent_agreement", ratings)
    samples = sums.value(sums.rows.bootstrap(40_000, np.random.default_rng(3)))
    ours = bca_limits(samples, sums.estimate(), sums.value(sums.rows.jackknife()), sums.rows.sizes, 0.95)
    per_unit = unit_agreement(ratings.counts[ratings.pairable], np.eye(5))
    theirs = stats.bootstrap((per_unit,), np.mean, method="BCa", n_resamples=40_000,
                             confidence_level=expanded_level(0.95, len(per_unit)),
                             random_state=np.random.default_rng(4)).confidence_interval
    assert ours == pytest.approx((theirs.low, theirs.high), abs=0.006)


def test_expanded_level_is_hesterbergs_small_sample_widening() -> None:
    # Hesterberg (2015): z' = sqrt(n / (n - 1)) * t(n - 1); at n = 30: 1.01709 * 2.04523 = 2.0802.
    assert expanded_level(0.95, 30) == pytest.approx(1 - 2 * stats.norm.sf(2.0802), abs=2e-5)
    assert expanded_level(0.95, 30) == pytest.approx(0.9625, abs=5e-4)
    assert 0.95 < expanded_level(0.95, 10_000) < 0.9502


# irrCAC values, each transcribed from kgwet/irrCAC's README (R 1.0) and reproduced by Python irrCAC 0.4.4
# (irrCAC.raw.CAC / irrCAC.table.CAC, categories 1-5 declared): (estimate, standard error, interval).
IRRCAC = {
    # fleiss.kappa.raw(cac.raw4raters): 0.7612, se 0.1530, (0.4244, 1)
    ("fleiss_kappa", None): (0.7611692754, 0.1530192035, 0.4243762794),
    # gwet.ac1.raw(cac.raw4raters): 0.7754, se 0.1429, (0.4608, 1)
    ("gwet_ac1", None): (0.7754440681, 0.1429499506, 0.4608133481),
    # gwet.ac1.raw(cac.raw4raters, weights = "quadratic"): AC2 0.9140, se 0.1040, (0.6852, 1)
    ("gwet_ac2", "quadratic"): (0.9140007236, 0.1039622446, 0.6851813659),
    # gwet.ac1.raw(cac.raw4raters, weights = "linear"): AC2 0.8587, se 0.1173, (0.6005, 1)
    ("gwet_ac2", "linear"): (0.8587391364, 0.1173290219, 0.6004997004),
}


@pytest.mark.parametrize(("statistic", "weights"), sorted(IRRCAC, key=str))
def test_gwet_standard_errors_are_irrcacs_on_gwets_four_raters(statistic: str, weights) -> None:
    estimate, se, low = IRRCAC[(statistic, weights)]
    found, found_se, n = gwet_standard_error(statistic, ratings_of(long(RAW_4RATERS)), weights=weights)
    assert (found, found_se, n) == (pytest.approx(estimate, abs=1e-9), pytest.approx(se, abs=1e-9), 12)
    assert gwet_limits(found, found_se, n, 0.95) == (pytest.approx(low, abs=1e-9), 1.0)


@pytest.mark.parametrize(("weights", "expected"), [
    # kappa2.table(cont3x3abstractors): 0.7964, se 0.0589, (0.6795, 0.9133)
    (None, (0.7964094022, 0.0589107183, 0.6795177563, 0.9133010481)),
    # kappa2.table(cont3x3abstractors, weights = "quadratic"): 0.8922, se 0.0354, (0.8220, 0.9623)
    ("quadratic", (0.8921568627, 0.0353515076, 0.8220118021, 0.9623019233)),
    # kappa2.table(cont3x3abstractors, weights = "linear"): 0.8429, se 0.0479, (0.7479, 0.9379)
    ("linear", (0.842902028, 0.0478721216, 0.7479133528, 0.9378907032)),
])
def test_cohen_kappa_standard_errors_are_irrcacs_on_gwets_abstractors(weights, expected) -> None:
    estimate, se, low, high = expected
    found, found_se, n = gwet_standard_error("cohen_kappa", ratings_of(from_table(ABSTRACTORS)), weights=weights)
    assert (found, found_se, n) == (pytest.approx(estimate, abs=1e-9), pytest.approx(se, abs=1e-9), 100)
    assert gwet_limits(found, found_se, n, 0.95) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))


def test_percent_agreement_standard_error_is_irrcacs_brennan_prediger_scaled() -> None:
    # With every unit fully rated, Brennan-Prediger is (p_a - 1/q) / (1 - 1/q), so its irrCAC standard error
    # (Python irrCAC 0.4.4 CAC(...).bp() on the abstractors: 0.0471699057) times (1 - 1/3) is p_a's.
    estimate, se, n = gwet_standard_error("percent_agreement", ratings_of(from_table(ABSTRACTORS)))
    assert (estimate, n) == (pytest.approx(0.89), 100)
    assert se == pytest.approx(0.0471699057 * (1 - 1 / 3), abs=1e-9)
    assert se == pytest.approx(math.sqrt(0.89 * 0.11 / 99), abs=1e-12)


def test_gwet_method_of_agreement_ci_uses_the_formulas() -> None:
    result = agreement_ci(long(RAW_4RATERS), "gwet_ac1", categories=[1, 2, 3, 4, 5], method="gwet")
    assert (result.method, result.n_boot) == ("gwet", 0)
    assert (result.value, result.se, result.ci_low, result.ci_high) == (
        pytest.approx(0.7754440681), pytest.approx(0.1429499506), pytest.approx(0.4608133481), 1.0)


@pytest.mark.parametrize("statistic", ["percent_agreement", "cohen_kappa", "fleiss_kappa", "gwet_ac1"])
def test_every_statistic_gets_a_unit_bootstrap_interval(statistic: str) -> None:
    data = noisy(9, 120, 2 if statistic == "cohen_kappa" else 3)
    first = agreement_ci(data, statistic, categories=[1, 2, 3, 4, 5], n_boot=800, seed=5)
    again = agreement_ci(data, statistic, categories=[1, 2, 3, 4, 5], n_boot=800, seed=5)
    assert first.method == "bca" and first.ci_low < first.value < first.ci_high
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    assert first.se == pytest.approx(np.std(first.samples, ddof=1))


def test_a_sample_without_disagreement_collapses_and_undefined_resamples_are_counted() -> None:
    # 20 units, both raters agree everywhere, 2 units of category 1: alpha is 1; a resample that draws no
    # unit of category 1 has no variation, so alpha is undefined there ((18/20)^20 = 12% of resamples).
    data = long([[1, 1]] * 2 + [[0, 0]] * 18, "AB")
    result = alpha_ci(data, level="nominal", n_boot=4000, seed=2)
    assert (result.alpha, result.ci_low, result.ci_high) == (1, 1, 1)
    assert result.n_undefined / 4000 == pytest.approx(0.9**20, abs=0.02)
    assert result.p_below == {0.667: 0.0, 0.8: 0.0}


def test_kalpha_stays_available_and_methods_are_checked() -> None:
    data = noisy(1, 50, 3)
    assert alpha_ci(data, level="ordinal", n_boot=200, seed=1).method == "bca"
    kalpha = alpha_ci(data, level="ordinal", n_boot=200, seed=1, method="kalpha")
    assert kalpha.method == "kalpha" and kalpha.n_pairs > kalpha.n_units
    with pytest.raises(AnalysisError, match="unknown interval method"):
        alpha_ci(data, level="ordinal", method="jackknife")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"statistic": "icc"}, "unknown statistic"),
    ({"statistic": "alpha"}, "unknown level"),
    ({"statistic": "fleiss_kappa", "level": "nominal"}, "level= is for alpha"),
    ({"statistic": "gwet_ac2"}, "needs weights"),
    ({"statistic": "cohen_kappa", "method": "kalpha"}, "KALPHA bootstrap is for alpha"),
    ({"statistic": "cohen_kappa", "n_boot": 0}, "positive whole number"),
])
def test_bad_interval_requests_say_how_to_fix_them(kwargs: dict, message: str) -> None:
    with pytest.raises(AnalysisError, match=message) as raised:
        agreement_ci(noisy(2, 30, 2), **kwargs)
    assert raised.value.hint
