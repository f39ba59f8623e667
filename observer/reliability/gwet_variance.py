"""Gwet's (2014) variance formulas for percent agreement, Cohen's and Fleiss' kappa and AC1/AC2, as irrCAC has them.

Each coefficient is written as the mean of per-unit terms linearised around the
estimate; its sampling variance over units (raters fixed, an infinite population of
units) is

.. math::

    v = \\frac{1}{n(n-1)} \\sum_{i=1}^{n} (\\kappa^\\star_i - \\hat\\kappa)^2,

and the interval is :math:`\\hat\\kappa \\pm t_{n-1,(1+c)/2} \\sqrt v`, its upper end cut at 1,
as irrCAC (Python 0.4.4, R 1.0) computes it. ``n`` counts every rated unit (Cohen's
kappa: the units both raters rated).

References
----------
Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the presence
of high agreement. British Journal of Mathematical and Statistical Psychology, 61, 29-48.
Gwet, K. L. (2014). Handbook of Inter-Rater Reliability (4th ed.), ch. 5.
"""

from __future__ import annotations

import math

import numpy as np

from observer.reliability._agreement import category_shares
from observer.reliability._data import Ratings
from observer.reliability._weights import weight_matrix

GWET_STATISTICS = ("percent_agreement", "cohen_kappa", "fleiss_kappa", "gwet_ac1", "gwet_ac2")


def gwet_standard_error(statistic: str, ratings: Ratings, *, weights: object = None) -> tuple[float, float, int]:
    """``(estimate, standard error, n)`` of a statistic of ``GWET_STATISTICS`` by Gwet's formulas."""
    q = len(ratings.domain)
    agreement = weight_matrix(weights if statistic in ("cohen_kappa", "gwet_ac2") else None, q)
    if statistic == "cohen_kappa":
        return _cohen(ratings, agreement)
    counts = ratings.counts
    n = len(counts)
    per_unit = counts.sum(axis=1)
    pairable = per_unit >= 2
    n_pairable = int(pairable.sum())
    agreeing = (counts * (counts @ agreement.T - 1)).sum(axis=1)
    unit_pa = np.divide(agreeing, per_unit * (per_unit - 1), out=np.zeros(n), where=pairable)
    observed = float(unit_pa[pairable].mean())
    if statistic == "percent_agreement":
        terms = n / n_pairable * unit_pa
        return observed, _standard_error(terms, observed, n), n
    shares = category_shares(ratings)
    if statistic == "fleiss_kappa":
        chance = float((agreement * np.outer(shares, shares)).sum())
        unit_chance = counts @ ((agreement + agreement.T) @ shares / 2) / per_unit
    else:
        scale = agreement.sum() / (q * (q - 1))
        chance = float(scale * (shares * (1 - shares)).sum())
        unit_chance = scale * (counts @ (1 - shares)) / per_unit
    estimate = (observed - chance) / (1 - chance)
    terms = n / n_pairable * (unit_pa - chance * pairable) / (1 - chance)
    terms = terms - 2 * (1 - estimate) * (unit_chance - chance) / (1 - chance)
    return estimate, _standard_error(terms, estimate, n), n


def gwet_limits(estimate: float, standard_error: float, n: int, ci: float) -> tuple[float, float]:
    """``estimate -/+ t(n-1) * se``, the upper limit cut at 1 (irrCAC's interval)."""
    from scipy.special import stdtrit

    if n < 2 or not math.isfinite(standard_error):
        return math.nan, math.nan
    half = float(stdtrit(n - 1, (1 + ci) / 2)) * standard_error
    return estimate - half, min(1.0, estimate + half)


def _cohen(ratings: Ratings, agreement: np.ndarray) -> tuple[float, float, int]:
    """Cohen's kappa and its variance from the two raters' table (Gwet 2014, eq. 5.3.2; irrCAC kappa2.table)."""
    q = len(ratings.domain)
    both = ratings.codes[(ratings.codes >= 0).all(axis=1)]
    n = len(both)
    table = np.bincount(both[:, 0] * q + both[:, 1], minlength=q * q).reshape(q, q) / n
    rows, columns = table.sum(axis=1), table.sum(axis=0)
    observed = float((agreement * table).sum())
    chance = float((agreement * np.outer(rows, columns)).sum())
    kappa = (observed - chance) / (1 - chance)
    row_weights, column_weights = agreement.T @ columns, agreement.T @ rows
    spread = agreement - (1 - kappa) * (row_weights[:, None] + column_weights[None, :])
    variance = ((table * spread**2).sum() - (observed - 2 * (1 - kappa) * chance) ** 2) / (n * (1 - chance) ** 2)
    return kappa, math.sqrt(max(float(variance), 0.0)), n


def _standard_error(terms: np.ndarray, estimate: float, n: int) -> float:
    """Square root of Gwet's variance of a mean of linearised unit terms."""
    if n < 2:
        return math.nan
    return math.sqrt(float(((terms - estimate) ** 2).sum()) / (n * (n - 1)))
