"""Observed agreement and category shares over units with missing ratings (Gwet 2014)."""

from __future__ import annotations

import numpy as np

from observer.reliability._data import Ratings
from observer.reliability.undefined import UndefinedStatistic


def observed_agreement(ratings: Ratings, weights: np.ndarray) -> float:
    r"""Weighted agreement over units rated at least twice.

    .. math::

        p_a = \frac{1}{n'} \sum_{u: m_u \ge 2} \sum_k
              \frac{n_{uk}\,(n^{\star}_{uk} - 1)}{m_u (m_u - 1)},
        \qquad n^{\star}_{uk} = \sum_l w_{kl}\, n_{ul}
    """
    pairable = ratings.pairable
    if not pairable.any():
        raise UndefinedStatistic(
            "no unit was rated by two or more raters",
            hint="Agreement compares ratings of the same unit: check that the raters' units overlap.",
        )
    return float(np.mean(unit_agreement(ratings.counts[pairable], weights)))


def unit_agreement(counts: np.ndarray, weights: np.ndarray) -> np.ndarray:
    r"""Per unit rated at least twice: :math:`\sum_k n_{uk}(n^{\star}_{uk} - 1) / (m_u(m_u - 1))`."""
    per_unit = counts.sum(axis=1)
    agreeing = (counts * (counts @ weights.T - 1)).sum(axis=1)
    return agreeing / (per_unit * (per_unit - 1))


def category_shares(ratings: Ratings) -> np.ndarray:
    r"""Average share of each category per unit, :math:`\pi_k = \frac{1}{n} \sum_u n_{uk}/m_u`."""
    counts = ratings.counts
    return (counts / counts.sum(axis=1, keepdims=True)).mean(axis=0)


def chance_corrected(observed: float, chance: float, what: str) -> float:
    """(p_a - p_e) / (1 - p_e), undefined when chance agreement is 1."""
    if np.isclose(chance, 1.0):
        raise UndefinedStatistic(
            f"chance agreement is 1 for {what}: every rating falls in one category",
            hint="With no variation kappa is 0/0; report percent agreement instead.",
        )
    return float((observed - chance) / (1 - chance))
