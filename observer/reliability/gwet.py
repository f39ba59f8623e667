"""Gwet's AC1 and its weighted form AC2, for any number of raters and missing ratings."""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from observer.reliability._agreement import category_shares, chance_corrected, observed_agreement
from observer.reliability._data import Ratings
from observer.reliability._text import show
from observer.reliability._weights import weight_matrix
from observer.reliability.undefined import UndefinedStatistic


def gwet_ac1(
    data: pd.DataFrame,
    *,
    categories: Iterable | None = None,
    unit: str = "unit",
    rater: str = "rater",
    value: str = "value",
) -> float:
    r"""Gwet's AC1: chance-corrected agreement that stays stable when one category dominates.

    .. math::

        AC_1 = \frac{p_a - p_e}{1 - p_e}, \qquad
        p_e = \frac{1}{q - 1} \sum_k \pi_k (1 - \pi_k)

    with :math:`p_a` the percent agreement over units rated at least twice and
    :math:`\pi_k` the average share of category k per unit. ``q`` counts the
    categories, so pass the declared scale as ``categories``: an unused category
    changes AC1.

    References
    ----------
    Gwet, K. L. (2008). British Journal of Mathematical and Statistical Psychology, 61, 29-48.
    Gwet, K. L. (2014). Handbook of Inter-Rater Reliability (4th ed.).

    Examples
    --------
    Gwet (2008)'s hand example, a 2 x 2 table of 10 units (8 yes/yes, 1 yes/no, 1 no/no): 0.8658.

    >>> a = ["y"] * 9 + ["n"]
    >>> b = ["y"] * 8 + ["n", "n"]
    >>> data = pd.DataFrame({"unit": list(range(10)) * 2, "rater": ["a"] * 10 + ["b"] * 10, "value": a + b})
    >>> round(gwet_ac1(data, categories=["y", "n"]), 4)
    0.8658
    """
    ratings = Ratings.from_frame(data, unit=unit, rater=rater, value=value, level="nominal", categories=categories)
    return gwet_ac_of(ratings, None)


def gwet_ac2(
    data: pd.DataFrame,
    *,
    weights: object,
    categories: Iterable | None = None,
    unit: str = "unit",
    rater: str = "rater",
    value: str = "value",
) -> float:
    r"""Gwet's AC2: AC1 with agreement weights for ordered categories.

    .. math::

        p_a = \frac{1}{n'} \sum_{u: m_u \ge 2} \sum_k \frac{n_{uk}(n^{\star}_{uk} - 1)}{m_u(m_u - 1)},
        \qquad
        p_e = \frac{\sum_{k,l} w_{kl}}{q(q-1)} \sum_k \pi_k (1 - \pi_k)

    ``weights`` is ``"linear"``, ``"quadratic"``, ``"ordinal"`` (Gwet's rank-count
    weights, *not* Krippendorff's ordinal metric) or a matrix, over the category
    index of ``categories`` (declared order). irrCAC weights numeric categories
    by value; for equally spaced scales such as 1-5 the two agree.

    Examples
    --------
    Gwet (2014) 12 units x 4 raters (irrCAC ``cac.raw4raters``), quadratic weights: 0.914.

    >>> table = [[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2],
    ...          [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5],
    ...          [None, None, 1, 1], [None, None, 3, None]]
    >>> data = pd.DataFrame([(u, r, v) for u, row in enumerate(table) for r, v in enumerate(row)],
    ...                     columns=["unit", "rater", "value"])
    >>> round(gwet_ac2(data, weights="quadratic", categories=[1, 2, 3, 4, 5]), 3)
    0.914
    """
    ratings = Ratings.from_frame(data, unit=unit, rater=rater, value=value, level="ordinal", categories=categories)
    return gwet_ac_of(ratings, weights)


def gwet_ac_of(ratings: Ratings, weights: object) -> float:
    """AC1 (``weights=None``) or AC2 of validated ratings."""
    q = len(ratings.domain)
    if q < 2:
        raise UndefinedStatistic(
            f"only one category ({show(ratings.domain[0])}) is known",
            hint="Pass categories= with every value of the scale: AC1 needs at least two.",
        )
    agreement = weight_matrix(weights, q)
    observed = observed_agreement(ratings, agreement)
    shares = category_shares(ratings)
    chance = float(agreement.sum() * (shares * (1 - shares)).sum() / (q * (q - 1)))
    return chance_corrected(observed, chance, "Gwet's AC")
