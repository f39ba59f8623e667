"""Krippendorff's alpha through the ``krippendorff`` package, wrapped so it cannot be misused."""

from __future__ import annotations

from typing import Iterable

import krippendorff
import numpy as np
import pandas as pd

from observer.errors import AnalysisError
from observer.reliability._data import Ratings, check_level
from observer.reliability._text import show
from observer.reliability.undefined import UndefinedStatistic

MAX_CELLS = 25_000_000
"""Largest units x values^2 the krippendorff package may allocate (about 400 MB)."""


def alpha(
    data: pd.DataFrame,
    *,
    level: str,
    unit: str = "unit",
    rater: str = "rater",
    value: str = "value",
    categories: Iterable | None = None,
) -> float:
    r"""Krippendorff's alpha for long-format ratings at an explicit level of measurement.

    .. math::

        \alpha = 1 - \frac{D_o}{D_e}
              = 1 - (n_{\cdot\cdot} - 1)
                \frac{\sum_{c,k} o_{ck}\,\delta^2_{ck}}{\sum_{c,k} n_c n_k\,\delta^2_{ck}}

    where :math:`o_{ck} = \sum_u \frac{\#(c,k \text{ pairs in } u)}{m_u - 1}` are the
    observed coincidences over the units rated by :math:`m_u \ge 2` raters (units
    with a single rating are not pairable and drop out), :math:`n_c` their margins,
    and :math:`\delta^2` the metric of ``level``: nominal, ordinal (rank-based,
    so unused categories do not matter), interval or ratio.

    Parameters
    ----------
    data : DataFrame
        One row per rating; empty values are missing ratings.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Required: alpha differs by level and observer never guesses it.
    unit, rater, value : str
        Column names.
    categories : iterable, optional
        The scale's declared values in order; needed for ordinal labels that are
        not numbers.

    Returns
    -------
    float

    Raises
    ------
    UndefinedStatistic
        No unit has two ratings, only one value occurs among the pairable
        ratings (D_e = 0), or only one rater rated.
    AnalysisError
        Bad columns, a rater rating a unit twice, non-numeric interval values.

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
    Hayes, A. F., & Krippendorff, K. (2007). Communication Methods and Measures, 1, 77-89.

    Examples
    --------
    Krippendorff (2011), section A (binary data, two observers): alpha = 0.095.

    >>> a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    >>> b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    >>> data = pd.DataFrame({"unit": list(range(10)) * 2, "rater": ["A"] * 10 + ["B"] * 10,
    ...                      "value": a + b})
    >>> round(alpha(data, level="nominal"), 3)
    0.095
    """
    level = check_level(level)
    ratings = Ratings.from_frame(data, unit=unit, rater=rater, value=value, level=level, categories=categories)
    return alpha_of(ratings, level)


def alpha_of(ratings: Ratings, level: str) -> float:
    """Krippendorff's alpha of validated ratings (the krippendorff package computes it)."""
    counts = pairable_counts(ratings)
    n_units, q = counts.shape
    if n_units * q * q > MAX_CELLS:
        raise AnalysisError(
            f"{q} distinct values over {n_units} units are too many for alpha's coincidence matrix",
            field="value",
            hint="Round or bin the values (e.g. data['value'].round()) so fewer distinct values remain.",
        )
    domain = ratings.numeric_domain() if level in ("interval", "ratio") else np.arange(q)
    return float(krippendorff.alpha(value_counts=counts, value_domain=domain, level_of_measurement=level))


def pairable_counts(ratings: Ratings) -> np.ndarray:
    """Units x categories counts of the pairable units; raises when alpha is undefined."""
    counts = ratings.counts[ratings.pairable]
    if len(counts) == 0:
        raise UndefinedStatistic(
            "no unit was rated by two or more raters",
            hint="Alpha compares ratings of the same unit: check that the raters' units overlap.",
        )
    used = np.flatnonzero(counts.sum(axis=0))
    if len(used) < 2:
        raise UndefinedStatistic(
            f"only one value ({show(ratings.domain[used[0]])}) occurs among the pairable ratings",
            hint="With no variation, expected disagreement is 0; report percent agreement instead.",
        )
    return counts


def coincidences(counts: np.ndarray) -> np.ndarray:
    r"""Observed coincidences :math:`o_{ck} = \sum_u (n_{uc} n_{uk} - [c=k]\, n_{uc}) / (m_u - 1)`."""
    weighted = counts / (counts.sum(axis=1, keepdims=True) - 1)
    return weighted.T @ counts - np.diag(weighted.sum(axis=0))


def distances(level: str, margins: np.ndarray, numeric: np.ndarray) -> np.ndarray:
    r"""Krippendorff's squared difference :math:`\delta^2_{ck}` for every pair of categories.

    The ordinal metric is :math:`(\sum_{g=c}^{k} n_g - (n_c + n_k)/2)^2` on the
    margins :math:`n_g` of the observed coincidences, as in the krippendorff package.
    ``margins`` may carry leading axes (one margin vector per resample); the ordinal
    metric then has them too, the others are q x q.
    """
    q = margins.shape[-1]
    if level == "nominal":
        return 1 - np.eye(q)
    if level == "ordinal":
        index = np.arange(q)
        low, high = np.minimum.outer(index, index), np.maximum.outer(index, index)
        cumulative = np.concatenate([np.zeros(margins.shape[:-1] + (1,)), np.cumsum(margins, axis=-1)], axis=-1)
        between = cumulative[..., high + 1] - cumulative[..., low]
        return (between - (margins[..., low] + margins[..., high]) / 2) ** 2
    difference = np.subtract.outer(numeric, numeric)
    if level == "interval":
        return difference**2
    total = np.add.outer(numeric, numeric)
    return np.divide(difference, total, out=np.zeros_like(difference), where=total != 0) ** 2
