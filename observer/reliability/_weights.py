"""Agreement weight matrices over an ordered category set, by category index."""

from __future__ import annotations

import numpy as np

from observer.errors import AnalysisError

WEIGHTS = ("identity", "linear", "quadratic", "ordinal")
"""Named weights; ``ordinal`` is Gwet's rank-count weighting, not Krippendorff's ordinal metric."""


def weight_matrix(weights: object, q: int) -> np.ndarray:
    r"""The q x q agreement weights :math:`w_{kl}` for categories indexed 0..q-1.

    * ``None`` / ``"identity"``: :math:`w_{kl} = [k = l]`
    * ``"linear"``: :math:`w_{kl} = 1 - |k-l| / (q-1)`
    * ``"quadratic"``: :math:`w_{kl} = 1 - (k-l)^2 / (q-1)^2`
    * ``"ordinal"``: Gwet (2014, ch. 3): :math:`w_{kl} = 1 - M_{kl}/\max M` with
      :math:`M_{kl} = \binom{|k-l|+1}{2}`
    * an array: custom agreement weights (1 on the diagonal, values in [0, 1]).

    Weights follow the category *index* in the declared order, so unequally spaced
    numeric categories are treated as equally spaced ranks (as R ``irr`` and
    scikit-learn do). Pass an array to weight by value instead.
    """
    if weights is None or (isinstance(weights, str) and weights == "identity"):
        return np.eye(q)
    if isinstance(weights, str):
        if weights not in WEIGHTS:
            raise AnalysisError(
                f"unknown weights {weights!r}",
                field="weights",
                hint=f"Use one of {', '.join(WEIGHTS)}, or a square matrix of agreement weights.",
            )
        distance = np.abs(np.subtract.outer(np.arange(q), np.arange(q))).astype(float)
        span = max(q - 1, 1)
        if weights == "linear":
            return 1 - distance / span
        if weights == "quadratic":
            return 1 - (distance / span) ** 2
        ranks = (distance + 1) * distance / 2
        return 1 - ranks / max(ranks.max(), 1)
    return _custom(weights, q)


def _custom(weights: object, q: int) -> np.ndarray:
    """A user's weight matrix, checked for shape, range and a unit diagonal."""
    matrix = np.asarray(weights, dtype=float)
    if matrix.shape != (q, q):
        raise AnalysisError(
            f"weights matrix has shape {matrix.shape}, but there are {q} categories",
            field="weights",
            hint="Give one row and one column per category, in the order of categories=.",
        )
    if not np.allclose(np.diag(matrix), 1) or matrix.min() < 0 or matrix.max() > 1:
        raise AnalysisError(
            "weights must be agreement weights: 1 on the diagonal, values between 0 and 1",
            field="weights",
            hint="Turn disagreement weights v into agreement weights with 1 - v / v.max().",
        )
    return matrix
