"""Confidence intervals for every agreement statistic: unit bootstrap (BCa or percentile) or Gwet's formulas."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
import pandas as pd

from observer.errors import AnalysisError
from observer.reliability._data import Ratings, check_level
from observer.reliability.gwet_variance import GWET_STATISTICS, gwet_limits, gwet_standard_error
from observer.reliability.resample import bca_limits, percentile_limits
from observer.reliability.unit_sums import STATISTICS, unit_sums

METHODS = ("bca", "percentile", "kalpha", "gwet")
"""Interval methods: unit bootstrap BCa (the default), unit bootstrap percentile, Hayes & Krippendorff's
(2007) KALPHA bootstrap (alpha only), Gwet's (2014) variance formulas (kappa, AC1/AC2, percent agreement)."""

BOOTSTRAP = ("bca", "percentile", "kalpha")
"""The methods that resample (and need ``n_boot`` >= 1)."""


@dataclass(frozen=True)
class Interval:
    """A statistic with its confidence interval and how it was made.

    ``method`` is the method actually used; ``se`` the standard error (Gwet's
    formula, or the standard deviation of the resampled values); ``n_undefined`` the
    resamples in which the statistic was undefined (left out of the limits).
    """

    statistic: str
    value: float
    ci_low: float
    ci_high: float
    ci: float
    method: str
    se: float
    n_units: int
    n_boot: int = 0
    n_undefined: int = 0
    samples: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False, compare=False)


def agreement_ci(
    data: pd.DataFrame,
    statistic: str,
    *,
    level: str | None = None,
    weights: object = None,
    categories: Iterable | None = None,
    method: str = "bca",
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int | np.random.Generator | None = None,
    unit: str = "unit",
    rater: str = "rater",
    value: str = "value",
) -> Interval:
    r"""A statistic of long-format ratings with its confidence interval.

    ``statistic`` is ``"alpha"`` (needs ``level=``), ``"percent_agreement"``,
    ``"cohen_kappa"`` (two raters; ``weights`` for weighted kappa),
    ``"fleiss_kappa"``, ``"gwet_ac1"`` or ``"gwet_ac2"`` (needs ``weights``).

    Methods:

    * ``"bca"`` (default): resample whole units with replacement (every rating of a
      unit stays together), ``n_boot`` times; bias-corrected and accelerated limits
      (Efron 1987) with the jackknife over units for the acceleration.
    * ``"percentile"``: the same resamples, percentile limits.
    * ``"gwet"``: Gwet's (2014) linearised variance and a t interval, as irrCAC
      (kappa, AC1/AC2 and percent agreement only).
    * ``"kalpha"``: see :func:`observer.reliability.alpha_ci` (alpha only).

    Examples
    --------
    >>> a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0] * 4
    >>> b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0] * 4
    >>> data = pd.DataFrame({"unit": list(range(40)) * 2, "rater": ["A"] * 40 + ["B"] * 40, "value": a + b})
    >>> result = agreement_ci(data, "cohen_kappa", n_boot=2000, seed=1)
    >>> round(result.value, 3), result.ci_low < result.value < result.ci_high, result.method
    (0.091, True, 'bca')
    """
    if statistic not in STATISTICS:
        raise AnalysisError(f"unknown statistic {statistic!r}", field="statistic",
                            hint=f"Use one of {', '.join(STATISTICS)}.")
    if statistic == "alpha":
        level = check_level(level)
    elif level is not None:
        raise AnalysisError(f"level= is for alpha; {statistic} is computed over categories", field="level",
                            hint="Pass categories= (and weights= for weighted kappa or AC2) instead.")
    if statistic == "gwet_ac2" and weights is None:
        raise AnalysisError("gwet_ac2 needs weights", field="weights", hint="Pass weights='quadratic' or 'linear'.")
    if method == "kalpha":
        raise AnalysisError("the KALPHA bootstrap is for alpha", field="method",
                            hint="Use alpha_ci(..., method='kalpha').")
    read = "ordinal" if statistic != "alpha" else level
    ratings = Ratings.from_frame(data, unit=unit, rater=rater, value=value, level=read, categories=categories)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    return interval_of(ratings, statistic, level=level or "nominal", weights=weights, method=method,
                       n_boot=n_boot, ci=ci, rng=rng)


def interval_of(ratings: Ratings, statistic: str, *, level: str, weights: object, method: str, n_boot: int,
                ci: float, rng: np.random.Generator) -> Interval:
    """The interval of a statistic of validated ratings; raises ``UndefinedStatistic`` when it has no value."""
    check_settings(method, n_boot, ci)
    if method == "gwet" and statistic in GWET_STATISTICS:
        estimate, se, n = gwet_standard_error(statistic, ratings, weights=weights)
        low, high = gwet_limits(estimate, se, n, ci)
        return Interval(statistic, estimate, low, high, ci, "gwet", se, n)
    sums = unit_sums(statistic, ratings, level=level, weights=weights)
    estimate = sums.estimate()
    samples = sums.value(sums.rows.bootstrap(n_boot, rng))
    undefined = int(np.isnan(samples).sum())
    if method == "percentile":
        low, high = percentile_limits(samples, ci)
        used = "percentile"
    else:
        low, high = bca_limits(samples, estimate, sums.value(sums.rows.jackknife()), sums.rows.sizes, ci)
        used = "bca"
    spread = float(np.nanstd(samples, ddof=1)) if len(samples) - undefined > 1 else math.nan
    return Interval(statistic, estimate, low, high, ci, used, spread, sums.rows.n_units, n_boot, undefined,
                    samples)


def check_settings(method: str, n_boot: int, ci: float) -> None:
    """Raise ``AnalysisError`` for an unknown method, a bad number of resamples (bootstrap methods) or coverage."""
    if method not in METHODS:
        raise AnalysisError(f"unknown interval method {method!r}", field="method",
                            hint=f"Use one of {', '.join(METHODS)}.")
    if method in BOOTSTRAP and (not isinstance(n_boot, (int, np.integer)) or isinstance(n_boot, bool) or n_boot < 1):
        raise AnalysisError(f"n_boot must be a positive whole number, got {n_boot!r}", field="n_boot",
                            hint="Use 1000 or more resamples.")
    if not 0 < ci < 1:
        raise AnalysisError(f"ci must lie between 0 and 1, got {ci!r}", field="ci", hint="Use e.g. ci=0.95.")
