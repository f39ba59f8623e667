"""Bootstrap intervals for Krippendorff's alpha: resampled units (the default) or KALPHA's resampled pairs."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from observer.errors import AnalysisError
from observer.reliability._data import Ratings, check_level
from observer.reliability.alpha import alpha_of, coincidences, distances, pairable_counts
from observer.reliability.intervals import check_settings, interval_of


@dataclass(frozen=True)
class AlphaResult:
    """Alpha, its confidence interval and the chance that it falls below each minimum.

    ``n_units`` counts the pairable units (rated at least twice), ``n_pairable``
    the values in them (Krippendorff's n..), ``n_pairs`` their pairs of values
    (what KALPHA draws per resample), ``method`` the interval method, ``p_below[m]``
    the share of resampled alphas below ``m`` (KALPHA's q), ``n_undefined`` the
    unit resamples without variation (alpha undefined; left out of the limits and
    of ``p_below``).
    """

    alpha: float
    ci_low: float
    ci_high: float
    ci: float
    level: str
    n_units: int
    n_raters: int
    n_pairable: int
    n_pairs: int
    n_boot: int
    p_below: dict[float, float]
    method: str = "bca"
    n_undefined: int = 0
    samples: np.ndarray = field(default=None, repr=False, compare=False)


ALPHA_METHODS = ("bca", "percentile", "kalpha")
"""Interval methods of alpha: unit bootstrap BCa (default) or percentile; Hayes & Krippendorff's KALPHA."""


def alpha_ci(
    data: pd.DataFrame,
    *,
    level: str,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int | np.random.Generator | None = None,
    method: str = "bca",
    minimums: Sequence[float] = (0.667, 0.8),
    unit: str = "unit",
    rater: str = "rater",
    value: str = "value",
    categories: Iterable | None = None,
) -> AlphaResult:
    r"""Krippendorff's alpha with a bootstrap confidence interval.

    ``method="bca"`` (default) resamples whole units with replacement, each with all
    its ratings, and recomputes alpha (observed and expected disagreement) on every
    resample; the limits are bias-corrected and accelerated (Efron 1987), the
    acceleration from the jackknife over units. A unit's pairs of values are not
    independent when it has three or more ratings, so resampling units rather than
    pairs is what keeps the interval's coverage at its nominal level for any number
    of raters (coverage by simulation: ``docs/reliability-statistics.md``). The
    resamples are one matrix product: each distinct unit's coincidence contribution
    times a multinomial count of how often it is drawn. ``method="percentile"`` uses
    the same resamples with percentile limits.

    ``method="kalpha"`` is Krippendorff's algorithm as the KALPHA macro implements it
    (Hayes & Krippendorff 2007), kept to compare with published KALPHA output: the
    expected disagreement :math:`D_e` stays fixed and each resample draws
    :math:`M` pairs of values from the observed coincidences, pair :math:`(c, k)`
    with probability :math:`o_{cc}/n_{\cdot\cdot}` on the diagonal and
    :math:`2 o_{ck}/n_{\cdot\cdot}` above it, so that

    .. math::

        \alpha^*_b = 1 - \frac{\sum_{c \le k} f^{(b)}_{ck}\,\delta^2_{ck}}{M\, D_e},
        \qquad f^{(b)} \sim \mathrm{Multinomial}(M, p).

    Drawing the cell counts :math:`f^{(b)}` directly from the multinomial gives the
    same distribution as KALPHA's M single draws at a cost independent of M.
    As in KALPHA, resampled alphas below -1 are set to -1 and a resample whose
    pairs all fall in one diagonal cell (no variation, alpha undefined) counts as
    alpha = 0; the interval uses KALPHA's order statistics. Two documented
    differences: M is the number of pairable pairs :math:`\sum_u m_u(m_u-1)/2`
    (KALPHA's "Pairs"), without KALPHA's speed cap of 25 draws per non-empty
    coincidence cell; and no-variation resamples are identified exactly instead of
    by their expected number. It treats the pairs of a unit as independent, so with
    three or more raters its interval is too narrow.

    Parameters
    ----------
    data, level, unit, rater, value, categories
        As for :func:`observer.reliability.alpha`.
    n_boot : int
        Number of resamples (KALPHA recommends at least 1,000).
    ci : float
        Coverage of the interval.
    seed : int or numpy Generator, optional
        Fix it to reproduce an interval.
    method : {"bca", "percentile", "kalpha"}
        How the interval is made (see above).
    minimums : sequence of float
        Smallest acceptable alphas; ``p_below[m]`` is the bootstrap probability
        that alpha is below ``m`` (Krippendorff suggests .667 and .800).

    Returns
    -------
    AlphaResult

    References
    ----------
    Efron, B. (1987). Better bootstrap confidence intervals. JASA, 82, 171-185.
    Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard
    reliability measure for coding data. Communication Methods and Measures, 1, 77-89.
    Krippendorff, K. (2006, rev. 2011). Algorithm for bootstrapping a distribution of alpha.
    Hughes, J. (2022). Toward improved inference for Krippendorff's alpha agreement
    coefficient. arXiv:2210.13265.

    Examples
    --------
    >>> a = [1, 2, 3, 3, 2, 1, 4, 1, 2, 5, 1, 3] * 5
    >>> b = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 1, 3] * 5
    >>> data = pd.DataFrame({"unit": list(range(60)) * 2, "rater": ["a"] * 60 + ["b"] * 60,
    ...                      "value": a + b})
    >>> result = alpha_ci(data, level="ordinal", n_boot=2000, seed=1)
    >>> result.ci_low < result.alpha < result.ci_high, result.method
    (True, 'bca')
    """
    level = check_level(level)
    ratings = Ratings.from_frame(data, unit=unit, rater=rater, value=value, level=level, categories=categories)
    return alpha_ci_of(ratings, level, n_boot=n_boot, ci=ci, seed=seed, minimums=minimums, method=method)


def alpha_ci_of(
    ratings: Ratings,
    level: str,
    *,
    n_boot: int,
    ci: float,
    seed: int | np.random.Generator | None,
    minimums: Sequence[float],
    method: str = "bca",
) -> AlphaResult:
    """The bootstrap of :func:`alpha_ci` on validated ratings."""
    if method not in ALPHA_METHODS:
        raise AnalysisError(f"unknown interval method {method!r} for alpha", field="method",
                            hint=f"Use one of {', '.join(ALPHA_METHODS)}.")
    check_settings(method, n_boot, ci)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    point = alpha_of(ratings, level)
    counts = pairable_counts(ratings)
    per_unit = counts.sum(axis=1)
    n_pairs = int(round(float((per_unit * (per_unit - 1) / 2).sum())))
    if method == "kalpha":
        samples = kalpha_samples(counts, level, ratings.numeric_domain(), n_pairs, n_boot, rng)
        low, high = kalpha_limits(samples, ci)
        undefined = 0
    else:
        result = interval_of(ratings, "alpha", level=level, weights=None, method=method, n_boot=n_boot, ci=ci,
                             rng=rng)
        low, high, samples, undefined = result.ci_low, result.ci_high, result.samples, result.n_undefined
    defined = samples[~np.isnan(samples)]
    return AlphaResult(
        alpha=point,
        ci_low=low,
        ci_high=high,
        ci=ci,
        level=level,
        n_units=len(counts),
        n_raters=ratings.raters_in(ratings.pairable),
        n_pairable=int(round(float(per_unit.sum()))),
        n_pairs=n_pairs,
        n_boot=int(n_boot),
        p_below={float(m): float(np.mean(defined < m)) if len(defined) else math.nan for m in minimums},
        method=method,
        n_undefined=undefined,
        samples=samples,
    )


def kalpha_samples(
    counts: np.ndarray,
    level: str,
    numeric: np.ndarray,
    n_pairs: int,
    n_boot: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """``n_boot`` resampled alphas drawn from the coincidences of pairable ``counts``."""
    observed = coincidences(counts)
    margins = observed.sum(axis=0)
    total = margins.sum()
    delta = distances(level, margins, numeric)
    expected = (np.outer(margins, margins) * delta).sum() / (total * (total - 1))
    rows, cols = np.triu_indices(len(margins))
    cell = np.where(rows == cols, 1.0, 2.0) * np.clip(observed[rows, cols], 0, None) / total
    draws = rng.multinomial(n_pairs, cell / cell.sum(), size=n_boot)
    samples = np.maximum(1 - (draws @ delta[rows, cols]) / (n_pairs * expected), -1.0)
    no_variation = (draws[:, rows == cols] == n_pairs).any(axis=1)
    samples[no_variation] = 0.0
    return samples


def kalpha_limits(samples: np.ndarray, ci: float) -> tuple[float, float]:
    """KALPHA's limits: the floor((1-ci)/2 B)-th and (floor((1+ci)/2 B)+1)-th smallest of B."""
    ordered = np.sort(samples)
    size = len(ordered)
    lower = max(math.floor((1 - ci) / 2 * size + 1e-9), 1)
    upper = min(math.floor((1 + ci) / 2 * size + 1e-9) + 1, size)
    return float(ordered[lower - 1]), float(ordered[upper - 1])
