"""Properties of alpha_ci: the unit bootstrap (default) and the vectorised Hayes & Krippendorff (2007) bootstrap."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
import pytest

from observer.errors import AnalysisError
from observer.reliability import alpha, alpha_ci
from observer.reliability._data import Ratings
from observer.reliability.alpha import coincidences, distances, pairable_counts
from observer.reliability.bootstrap import kalpha_samples

# Krippendorff (2011) sections C-F: 4 observers x 12 units with missing values.
KRIPPENDORFF_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def rows_as_raters(matrix: list[list]) -> pd.DataFrame:
    """Raters x units (None = missing) -> unit, rater, value rows."""
    return pd.DataFrame([(u, f"r{r}", v) for r, row in enumerate(matrix) for u, v in enumerate(row) if v is not None],
                        columns=["unit", "rater", "value"])


def noisy_raters(seed: int, units: int, raters: int = 2, agree: float = 0.75) -> pd.DataFrame:
    """Binary codes: each rater copies a latent code with probability ``agree``."""
    rng = np.random.default_rng(seed)
    truth = rng.random(units) < 0.4
    codes = np.where(rng.random((raters, units)) < agree, truth, rng.random((raters, units)) < 0.4)
    return rows_as_raters(codes.astype(int).tolist())


def test_counts_pairable_units_values_and_pairs_as_krippendorff_2011() -> None:
    result = alpha_ci(rows_as_raters(KRIPPENDORFF_C), level="nominal", n_boot=200, seed=0)
    # unit 12 has one value and drops out; n.. = 40 pairable values (Krippendorff 2011, section C)
    assert (result.n_units, result.n_pairable, result.n_raters) == (11, 40, 4)
    # pairs: unit 1 (3 values) 3, units 2-9 (4 values) 8 x 6, unit 10 (3 values) 3, unit 11 (2 values) 1
    assert result.n_pairs == 3 + 48 + 3 + 1
    assert result.alpha == pytest.approx(alpha(rows_as_raters(KRIPPENDORFF_C), level="nominal"))


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_interval_contains_alpha(level: str) -> None:
    result = alpha_ci(rows_as_raters(KRIPPENDORFF_C * 5), level=level, n_boot=2000, seed=3)
    assert result.ci_low < result.alpha < result.ci_high


def test_same_seed_same_interval_other_seed_other_samples() -> None:
    data = noisy_raters(1, 80)
    first, again = (alpha_ci(data, level="nominal", n_boot=500, seed=11) for _ in range(2))
    other = alpha_ci(data, level="nominal", n_boot=500, seed=12)
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    assert np.array_equal(first.samples, again.samples)
    assert not np.array_equal(first.samples, other.samples)


def test_interval_narrows_as_units_grow() -> None:
    small = alpha_ci(noisy_raters(2, 50), level="nominal", n_boot=4000, seed=1)
    large = alpha_ci(noisy_raters(2, 800), level="nominal", n_boot=4000, seed=1)
    # 16 times the units: the width should shrink about 4-fold
    assert (large.ci_high - large.ci_low) < 0.4 * (small.ci_high - small.ci_low)


def test_p_below_is_the_share_of_resampled_alphas_under_each_minimum() -> None:
    result = alpha_ci(noisy_raters(4, 120), level="nominal", n_boot=3000, seed=5, minimums=(0.2, 0.667, 0.8, 0.95))
    assert list(result.p_below) == [0.2, 0.667, 0.8, 0.95]
    for minimum, share in result.p_below.items():
        assert share == np.mean(result.samples < minimum)
    shares = list(result.p_below.values())
    assert shares == sorted(shares) and shares[0] < 0.5 < shares[-1]


def test_kalpha_agrees_with_a_naive_unit_resampling_bootstrap_for_two_raters() -> None:
    data = noisy_raters(6, 150)
    result = alpha_ci(data, level="nominal", n_boot=4000, seed=2, method="kalpha")
    matrix = data.pivot(index="rater", columns="unit", values="value").to_numpy(dtype=float)
    rng = np.random.default_rng(9)
    naive = np.array([
        krippendorff.alpha(matrix[:, rng.integers(0, matrix.shape[1], matrix.shape[1])],
                           level_of_measurement="nominal")
        for _ in range(1500)
    ])
    assert np.std(result.samples) == pytest.approx(np.std(naive), rel=0.15)
    assert result.ci_low == pytest.approx(np.quantile(naive, 0.025), abs=0.04)
    assert result.ci_high == pytest.approx(np.quantile(naive, 0.975), abs=0.04)


def test_multinomial_draws_match_kalpha_drawing_pairs_one_by_one() -> None:
    ratings = Ratings.from_frame(rows_as_raters(KRIPPENDORFF_C), unit="unit", rater="rater", value="value",
                                 level="ordinal")
    counts = pairable_counts(ratings)
    fast = kalpha_samples(counts, "ordinal", ratings.numeric_domain(), 55, 20000, np.random.default_rng(1))
    # KALPHA: M uniform draws per resample, each picking the cell whose cumulative probability segment it hits
    observed = coincidences(counts)
    margins = observed.sum(axis=0)
    delta = distances("ordinal", margins, ratings.numeric_domain())
    expected = (np.outer(margins, margins) * delta).sum() / (margins.sum() * (margins.sum() - 1))
    rows, cols = np.triu_indices(len(margins))
    cells = np.where(rows == cols, 1, 2) * observed[rows, cols] / margins.sum()
    picks = np.random.default_rng(2).choice(len(cells), size=(20000, 55), p=cells / cells.sum())
    slow = np.maximum(1 - delta[rows, cols][picks].sum(axis=1) / (55 * expected), -1)
    assert np.mean(fast) == pytest.approx(np.mean(slow), abs=0.005)
    assert np.std(fast) == pytest.approx(np.std(slow), rel=0.05)
    assert np.quantile(fast, 0.025) == pytest.approx(np.quantile(slow, 0.025), abs=0.02)


def test_kalpha_resamples_without_variation_count_as_zero_and_none_reaches_one() -> None:
    # 18 units agree on 0 and two are (0, 1): only the (0, 0) diagonal cell is filled, so a resample
    # drawing all its 20 pairs from it has no variation; KALPHA counts it as alpha = 0. One
    # disagreeing pair gives 1 - 40 * 39 / (20 * 2 * 38 * 2) = .487, so zeros are exactly those.
    data = rows_as_raters([[0] * 20, [0] * 18 + [1, 1]])
    result = alpha_ci(data, level="nominal", n_boot=5000, seed=4, method="kalpha")
    assert not (result.samples == 1).any()
    assert np.mean(result.samples == 0) == pytest.approx((36 / 40) ** 20, abs=0.02)


def test_kalpha_resampled_alphas_are_clipped_at_minus_one() -> None:
    # 18 units (0, 0) and 2 units (0, 1): D_e is small, so a resample with 4+ disagreeing pairs is below -1
    data = rows_as_raters([[0] * 20, [0] * 18 + [1, 1]])
    result = alpha_ci(data, level="nominal", n_boot=5000, seed=8, method="kalpha")
    assert result.samples.min() == -1
    assert np.mean(result.samples == -1) > 0.05


@pytest.mark.parametrize(("n_boot", "ci"), [(0, 0.95), (-5, 0.95), (1.5, 0.95), (100, 1.0), (100, 0.0)])
def test_bad_settings_are_analysis_errors(n_boot: object, ci: float) -> None:
    with pytest.raises(AnalysisError):
        alpha_ci(noisy_raters(1, 30), level="nominal", n_boot=n_boot, ci=ci)
