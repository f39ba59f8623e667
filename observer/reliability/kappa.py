"""Percent agreement, Cohen's kappa (unweighted and weighted) and Fleiss' kappa."""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from observer.errors import AnalysisError
from observer.reliability._agreement import category_shares, chance_corrected, observed_agreement
from observer.reliability._data import Ratings
from observer.reliability._weights import weight_matrix
from observer.reliability.undefined import UndefinedStatistic


def percent_agreement(
    data: pd.DataFrame,
    *,
    unit: str = "unit",
    rater: str = "rater",
    value: str = "value",
    categories: Iterable | None = None,
) -> float:
    r"""Share of agreeing rater pairs, averaged over the units rated at least twice.

    .. math::

        p_a = \frac{1}{n'} \sum_{u: m_u \ge 2} \sum_k \frac{n_{uk}(n_{uk} - 1)}{m_u(m_u - 1)}

    With two raters this is the proportion of units they agree on; with more it
    is Fleiss' (1971) :math:`\bar P`. Units with a single rating are left out
    (as in Gwet's irrCAC).

    Examples
    --------
    >>> data = pd.DataFrame({"unit": [1, 1, 2, 2, 3, 3, 4, 4], "rater": ["a", "b"] * 4,
    ...                      "value": [0, 0, 1, 1, 1, 0, 0, 0]})
    >>> percent_agreement(data)
    0.75
    """
    ratings = Ratings.from_frame(data, unit=unit, rater=rater, value=value, level="nominal", categories=categories)
    return percent_agreement_of(ratings)


def percent_agreement_of(ratings: Ratings) -> float:
    """Percent agreement of validated ratings."""
    return observed_agreement(ratings, np.eye(len(ratings.domain)))


def cohen_kappa(
    data: pd.DataFrame,
    *,
    weights: object = None,
    categories: Iterable | None = None,
    unit: str = "unit",
    rater: str = "rater",
    value: str = "value",
) -> float:
    r"""Cohen's kappa for exactly two raters, unweighted or weighted.

    .. math::

        \kappa_w = \frac{p_o - p_e}{1 - p_e}, \qquad
        p_o = \sum_{k,l} w_{kl}\, p_{kl}, \qquad
        p_e = \sum_{k,l} w_{kl}\, p_{k\cdot}\, p_{\cdot l}

    over the units both raters rated. The category set is ``categories`` (the
    scheme's declared scale) when given, else the observed values sorted; the
    weights (``None``, ``"linear"``, ``"quadratic"``, Gwet's ``"ordinal"`` or a
    matrix of agreement weights) follow the category index in that set, so a
    declared category nobody used changes weighted kappa when it lies between
    used ones (as 5 in R irr's anxiety data, rated 1-4 and 6).

    References
    ----------
    Cohen, J. (1960). Educational and Psychological Measurement, 20, 37-46.
    Cohen, J. (1968). Weighted kappa. Psychological Bulletin, 70, 213-220.

    Examples
    --------
    joon-e/tidycomm's test data (two coders, nine units): kappa = 0.633.

    >>> data = pd.DataFrame({"unit": list(range(9)) * 2, "rater": ["a"] * 9 + ["b"] * 9,
    ...                      "value": [1, 2, 4, 1, 2, 1, 1, 1, 2] + [1, 2, 3, 1, 2, 2, 1, 1, 2]})
    >>> round(cohen_kappa(data), 3)
    0.633
    """
    level = "nominal" if weights is None else "ordinal"
    ratings = Ratings.from_frame(data, unit=unit, rater=rater, value=value, level=level, categories=categories)
    return cohen_kappa_of(ratings, weights)


def cohen_kappa_of(ratings: Ratings, weights: object = None) -> float:
    """Cohen's kappa of validated ratings by exactly two raters."""
    if ratings.n_raters != 2:
        raise AnalysisError(
            f"Cohen's kappa compares exactly 2 raters; found {ratings.n_raters}: "
            f"{', '.join(map(str, ratings.raters))}",
            field="rater",
            hint="Select one pair of raters, or use fleiss_kappa, gwet_ac1 or alpha for more raters.",
        )
    q = len(ratings.domain)
    both = ratings.codes[(ratings.codes >= 0).all(axis=1)]
    if len(both) == 0:
        raise UndefinedStatistic(
            "the two raters share no rated unit",
            hint="Kappa compares ratings of the same unit: check that both raters rated the same units.",
        )
    table = np.bincount(both[:, 0] * q + both[:, 1], minlength=q * q).reshape(q, q) / len(both)
    agreement = weight_matrix(weights, q)
    observed = float((agreement * table).sum())
    chance = float((agreement * np.outer(table.sum(axis=1), table.sum(axis=0))).sum())
    return chance_corrected(observed, chance, "Cohen's kappa")


def fleiss_kappa(
    data: pd.DataFrame,
    *,
    categories: Iterable | None = None,
    unit: str = "unit",
    rater: str = "rater",
    value: str = "value",
) -> float:
    r"""Fleiss' kappa for any number of raters, with Gwet's generalisation for missing ratings.

    .. math::

        \kappa = \frac{p_a - p_e}{1 - p_e}, \qquad p_e = \sum_k \pi_k^2, \qquad
        \pi_k = \frac{1}{n} \sum_u \frac{n_{uk}}{m_u}

    with :math:`p_a` the percent agreement over units rated at least twice.
    When every unit has the same number of raters this is exactly Fleiss (1971);
    when ratings are missing it is Gwet's (2014) generalisation (irrCAC's
    ``fleiss.kappa.raw``), so no unit has to be dropped.

    References
    ----------
    Fleiss, J. L. (1971). Psychological Bulletin, 76, 378-382.
    Gwet, K. L. (2014). Handbook of Inter-Rater Reliability (4th ed.), ch. 2.

    Examples
    --------
    Gwet (2014) 12 units x 4 raters with missing ratings (irrCAC ``cac.raw4raters``): 0.76117.

    >>> table = [[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2],
    ...          [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5],
    ...          [None, None, 1, 1], [None, None, 3, None]]
    >>> data = pd.DataFrame([(u, r, v) for u, row in enumerate(table) for r, v in enumerate(row)],
    ...                     columns=["unit", "rater", "value"])
    >>> round(fleiss_kappa(data, categories=[1, 2, 3, 4, 5]), 5)
    0.76117
    """
    ratings = Ratings.from_frame(data, unit=unit, rater=rater, value=value, level="nominal", categories=categories)
    return fleiss_kappa_of(ratings)


def fleiss_kappa_of(ratings: Ratings) -> float:
    """Fleiss' kappa (Gwet's generalisation) of validated ratings."""
    observed = percent_agreement_of(ratings)
    chance = float((category_shares(ratings) ** 2).sum())
    return chance_corrected(observed, chance, "Fleiss' kappa")
