"""Intraclass correlations: the six Shrout & Fleiss (1979) forms with F-test intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from observer.errors import AnalysisError
from observer.reliability._data import Ratings
from observer.reliability.undefined import UndefinedStatistic

FORMS = (
    ("ICC1", "ICC(1,1)", "ICC(1)", "one-way random, absolute agreement, single rater"),
    ("ICC2", "ICC(2,1)", "ICC(A,1)", "two-way random, absolute agreement, single rater"),
    ("ICC3", "ICC(3,1)", "ICC(C,1)", "two-way mixed, consistency, single rater"),
    ("ICC1k", "ICC(1,k)", "ICC(k)", "one-way random, absolute agreement, mean of k raters"),
    ("ICC2k", "ICC(2,k)", "ICC(A,k)", "two-way random, absolute agreement, mean of k raters"),
    ("ICC3k", "ICC(3,k)", "ICC(C,k)", "two-way mixed, consistency, mean of k raters"),
)
"""Per form: type, Shrout & Fleiss name, McGraw & Wong name, model."""

COLUMNS = ["type", "description", "mcgraw_wong", "icc", "ci_low", "ci_high", "F", "df1", "df2", "pval",
           "n_units", "n_raters"]


def icc(
    data: pd.DataFrame,
    *,
    unit: str = "unit",
    rater: str = "rater",
    value: str = "value",
    ci: float = 0.95,
) -> pd.DataFrame:
    r"""The six intraclass correlations of Shrout & Fleiss (1979), one row per form.

    From the two-way ANOVA of the n complete units x k raters (units with a
    missing rating are dropped, listwise, and ``n_units`` says how many remain):

    .. math::

        ICC(1,1) = \frac{MS_R - MS_W}{MS_R + (k-1) MS_W}, \quad
        ICC(2,1) = \frac{MS_R - MS_E}{MS_R + (k-1) MS_E + k (MS_C - MS_E)/n}, \quad
        ICC(3,1) = \frac{MS_R - MS_E}{MS_R + (k-1) MS_E}

    and the means of k raters :math:`ICC(1,k) = (MS_R - MS_W)/MS_R`,
    :math:`ICC(2,k) = (MS_R - MS_E)/(MS_R + (MS_C - MS_E)/n)`,
    :math:`ICC(3,k) = (MS_R - MS_E)/MS_R`. F tests and confidence intervals
    follow Shrout & Fleiss and McGraw & Wong (1996), with the Satterthwaite
    degrees of freedom for ICC(2,.), as R ``psych::ICC`` and pingouin compute them.
    McGraw & Wong's ICC(A,.) is the same number under a two-way random or mixed
    model, as is ICC(C,.).

    Returns
    -------
    DataFrame
        Columns type, description (Shrout & Fleiss name and model), mcgraw_wong,
        icc, ci_low, ci_high, F, df1, df2, pval, n_units, n_raters.

    References
    ----------
    Shrout, P. E., & Fleiss, J. L. (1979). Psychological Bulletin, 86, 420-428.
    McGraw, K. O., & Wong, S. P. (1996). Psychological Methods, 1, 30-46.

    Examples
    --------
    Shrout & Fleiss (1979), Table 2 (6 targets x 4 judges): ICC(2,1) = .29, ICC(3,k) = .91.

    >>> table = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> data = pd.DataFrame([(u, r, v) for u, row in enumerate(table) for r, v in enumerate(row)],
    ...                     columns=["unit", "rater", "value"])
    >>> icc(data).set_index("type")["icc"].round(2).to_dict()
    {'ICC1': 0.17, 'ICC2': 0.29, 'ICC3': 0.71, 'ICC1k': 0.44, 'ICC2k': 0.62, 'ICC3k': 0.91}
    """
    ratings = Ratings.from_frame(data, unit=unit, rater=rater, value=value, level="interval")
    return icc_of(ratings, ci=ci)


def icc_of(ratings: Ratings, *, ci: float = 0.95) -> pd.DataFrame:
    """The six ICC forms of validated numeric ratings."""
    if not 0 < ci < 1:
        raise AnalysisError(f"ci must lie between 0 and 1, got {ci!r}", field="ci", hint="Use e.g. ci=0.95.")
    values = ratings.values()
    complete = values[~np.isnan(values).any(axis=1)]
    n, k = complete.shape
    if n < 2:
        raise UndefinedStatistic(
            f"only {n} unit(s) were rated by all {k} raters (ICC drops incomplete units)",
            hint="ICC needs at least two units rated by every rater; select raters who rated the same units.",
        )
    squares = _mean_squares(complete)
    if squares["total"] == 0:
        raise UndefinedStatistic(
            "every rating of the complete units is the same value",
            hint="With no variance between units or raters the ICC is 0/0.",
        )
    if squares["R"] == 0:
        raise UndefinedStatistic(
            "the complete units all have the same mean rating (no variance between units)",
            hint="The ICC of the mean of k raters divides by the between-units mean square, which is 0.",
        )
    rows = _estimates(squares, n, k, (1 - ci) / 2)
    frame = pd.DataFrame(
        [
            (kind, f"{name} {model}", mw, *rows[kind], n, k)
            for kind, name, mw, model in FORMS
        ],
        columns=COLUMNS,
    )
    return frame


def _mean_squares(y: np.ndarray) -> dict[str, float]:
    """Mean squares of the units x raters two-way ANOVA without replication."""
    n, k = y.shape
    grand = y.mean()
    between_units = k * ((y.mean(axis=1) - grand) ** 2).sum()
    between_raters = n * ((y.mean(axis=0) - grand) ** 2).sum()
    total = ((y - grand) ** 2).sum()
    residual = max(total - between_units - between_raters, 0.0)
    return {
        "total": float(total),
        "R": between_units / (n - 1),
        "C": between_raters / (k - 1),
        "E": residual / ((n - 1) * (k - 1)),
        "W": (between_raters + residual) / (n * (k - 1)),
    }


def _estimates(ms: dict[str, float], n: int, k: int, tail: float) -> dict[str, tuple]:
    """Per form: icc, ci_low, ci_high, F, df1, df2, pval (an infinite F means no residual variance)."""
    msr, msc, mse, msw = ms["R"], ms["C"], ms["E"], ms["W"]
    df1, df_w, df_e = n - 1, n * (k - 1), (n - 1) * (k - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        f_one, f_two = np.float64(msr) / msw, np.float64(msr) / mse
        p_one, p_two = float(_f_distribution().sf(f_one, df1, df_w)), float(_f_distribution().sf(f_two, df1, df_e))
        one_low, one_high = _f_limits(f_one, df1, df_w, tail)
        three_low, three_high = _f_limits(f_two, df1, df_e, tail)
        icc2 = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
        two_low, two_high = _absolute_agreement_limits(ms, n, k, icc2, tail)
        return {
            "ICC1": ((msr - msw) / (msr + (k - 1) * msw), _single(one_low, k), _single(one_high, k),
                     f_one, df1, df_w, p_one),
            "ICC2": (icc2, two_low, two_high, f_two, df1, df_e, p_two),
            "ICC3": ((msr - mse) / (msr + (k - 1) * mse), _single(three_low, k), _single(three_high, k),
                     f_two, df1, df_e, p_two),
            "ICC1k": ((msr - msw) / msr, _average(one_low), _average(one_high), f_one, df1, df_w, p_one),
            "ICC2k": ((msr - mse) / (msr + (msc - mse) / n), _spearman_brown(two_low, k),
                      _spearman_brown(two_high, k), f_two, df1, df_e, p_two),
            "ICC3k": ((msr - mse) / msr, _average(three_low), _average(three_high), f_two, df1, df_e, p_two),
        }


def _f_distribution():
    """SciPy's F distribution, imported on first use (scipy.stats costs about a second to load)."""
    from scipy.stats import f

    return f


def _f_limits(f_value: float, df1: float, df2: float, tail: float) -> tuple[float, float]:
    """Lower and upper limits of the F ratio (Shrout & Fleiss 1979, eqs. for cases 1 and 3)."""
    return (f_value / _f_distribution().ppf(1 - tail, df1, df2), f_value * _f_distribution().ppf(1 - tail, df2, df1))


def _single(f_limit: float, k: int) -> float:
    """ICC(.,1) limit from an F limit; an infinite F (no residual variance) gives 1."""
    return 1.0 if np.isinf(f_limit) else float((f_limit - 1) / (f_limit + k - 1))


def _average(f_limit: float) -> float:
    """ICC(.,k) limit from an F limit; an infinite F gives 1."""
    return 1.0 if np.isinf(f_limit) else float(1 - 1 / f_limit)


def _spearman_brown(limit: float, k: int) -> float:
    """Step a single-rater limit up to the mean of k raters."""
    return float(limit * k / (1 + limit * (k - 1)))


def _absolute_agreement_limits(ms: dict[str, float], n: int, k: int, icc2: float, tail: float) -> tuple[float, float]:
    """ICC(2,1) limits with Satterthwaite's degrees of freedom (McGraw & Wong 1996, table 7)."""
    msr, msc, mse = ms["R"], ms["C"], ms["E"]
    if mse == 0:
        return 1.0, 1.0
    fj = msc / mse
    numerator = (n - 1) * (k - 1) * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    denominator = (n - 1) * k**2 * icc2**2 * fj**2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    v = numerator / denominator
    upper_f, lower_f = _f_distribution().ppf(1 - tail, n - 1, v), _f_distribution().ppf(1 - tail, v, n - 1)
    low = n * (msr - upper_f * mse) / (upper_f * (k * msc + (k * n - k - n) * mse) + n * msr)
    high = n * (lower_f * msr - mse) / (k * msc + (k * n - k - n) * mse + n * lower_f * msr)
    return float(low), float(high)
