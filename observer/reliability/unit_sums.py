"""Every agreement statistic written as a function of sums over units, so whole units can be resampled.

For units u with rating counts :math:`n_{uk}` (:math:`m_u` ratings):

* alpha: the sums are the coincidences :math:`o_{ck} = \\sum_u (n_{uc} n_{uk} - [c=k] n_{uc})/(m_u - 1)`
  of the pairable units; the ordinal metric is recomputed from their margins.
* percent agreement: the number of pairable units and their agreement
  :math:`\\sum_u \\sum_k n_{uk}(n^\\star_{uk} - 1) / (m_u(m_u - 1))`.
* Fleiss' kappa, AC1/AC2: the same, plus the number of rated units and their
  category shares :math:`\\sum_u n_{uk}/m_u` (Gwet 2014's treatment of missing ratings).
* Cohen's kappa: the two raters' agreement table over the units both rated.

Each value function takes a resamples x cells matrix of sums and returns one value per
row, NaN where the statistic is undefined for that resample.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from observer.errors import AnalysisError
from observer.reliability._agreement import unit_agreement
from observer.reliability._data import Ratings
from observer.reliability._weights import weight_matrix
from observer.reliability.alpha import distances, pairable_counts
from observer.reliability.resample import UnitRows, distinct_rows
from observer.reliability.undefined import UndefinedStatistic

STATISTICS = ("alpha", "percent_agreement", "cohen_kappa", "fleiss_kappa", "gwet_ac1", "gwet_ac2")


@dataclass(frozen=True)
class UnitSums:
    """A statistic's per-unit contributions (merged by value) and the function of their sums that gives it."""

    rows: UnitRows
    value: Callable[[np.ndarray], np.ndarray]

    def estimate(self) -> float:
        """The statistic on all units."""
        return float(self.value(self.rows.total()[None, :])[0])


def unit_sums(statistic: str, ratings: Ratings, *, level: str = "nominal", weights: object = None) -> UnitSums:
    """The unit sums of ``statistic`` (one of ``STATISTICS``) for validated ratings.

    ``level`` is alpha's level of measurement; ``weights`` the agreement weights of
    Cohen's kappa and AC2 (``None`` for unweighted). Raises ``UndefinedStatistic``
    when no unit can enter the statistic.
    """
    if statistic == "alpha":
        return _alpha(ratings, level)
    if statistic == "cohen_kappa":
        return _cohen(ratings, weights)
    if statistic in STATISTICS:
        agreement = weight_matrix(weights if statistic == "gwet_ac2" else None, len(ratings.domain))
        return _agreement(ratings, agreement, statistic)
    raise AnalysisError(f"no unit resampling for {statistic!r}", field="statistic",
                        hint=f"Use one of {', '.join(STATISTICS)}.")


def _alpha(ratings: Ratings, level: str) -> UnitSums:
    """Coincidence contributions of the pairable units."""
    counts, sizes = distinct_rows(pairable_counts(ratings).astype(np.int64))
    q = counts.shape[1]
    per_unit = counts.sum(axis=1)[:, None, None]
    pairs = (counts[:, :, None] * counts[:, None, :] - counts[:, :, None] * np.eye(q)) / (per_unit - 1)
    numeric = ratings.numeric_domain() if level in ("interval", "ratio") else np.arange(q, dtype=float)

    def value(sums: np.ndarray) -> np.ndarray:
        observed = sums.reshape(-1, q, q)
        margins = observed.sum(axis=2)
        total = margins.sum(axis=1)
        delta = distances(level, margins, numeric)
        with np.errstate(divide="ignore", invalid="ignore"):
            disagreement = (observed * delta).sum(axis=(1, 2)) / total
            expected = (margins[:, :, None] * margins[:, None, :] * delta).sum(axis=(1, 2)) / (total * (total - 1))
            return np.where(expected > 0, 1 - disagreement / expected, np.nan)

    return UnitSums(UnitRows(pairs.reshape(len(counts), q * q), sizes), value)


def _agreement(ratings: Ratings, agreement: np.ndarray, statistic: str) -> UnitSums:
    """Percent agreement, Fleiss' kappa or AC1/AC2 from pairable counts, agreement and category shares."""
    if not ratings.pairable.any():
        raise UndefinedStatistic("no unit was rated by two or more raters",
                                 hint="Agreement compares ratings of the same unit: check that the raters' units "
                                      "overlap.")
    everyone = ratings.counts.astype(np.int64)
    counts, sizes = distinct_rows(everyone[ratings.pairable] if statistic == "percent_agreement" else everyone)
    per_unit = counts.sum(axis=1)
    pairable = per_unit >= 2
    agreeing = np.zeros(len(counts))
    agreeing[pairable] = unit_agreement(counts[pairable].astype(float), agreement)
    if statistic == "percent_agreement":
        rows = np.column_stack([np.ones(len(counts)), agreeing])
        return UnitSums(UnitRows(rows, sizes), _share)
    q = counts.shape[1]
    shares = counts / per_unit[:, None]
    rows = np.column_stack([pairable.astype(float), agreeing, np.ones(len(counts)), shares])
    if statistic == "fleiss_kappa":
        def chance(pi: np.ndarray) -> np.ndarray:
            return (pi**2).sum(axis=1)
    else:
        scale = agreement.sum() / (q * (q - 1))

        def chance(pi: np.ndarray) -> np.ndarray:
            return scale * (pi * (1 - pi)).sum(axis=1)

    def value(sums: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            observed = sums[:, 1] / sums[:, 0]
            expected = chance(sums[:, 3:] / sums[:, 2:3])
            return _chance_corrected(observed, expected)

    if q < 2 and statistic != "fleiss_kappa":
        raise UndefinedStatistic("only one category is known",
                                 hint="Pass categories= with every value of the scale: AC1 needs at least two.")
    return UnitSums(UnitRows(rows, sizes), value)


def _cohen(ratings: Ratings, weights: object) -> UnitSums:
    """One cell of the two raters' q x q agreement table per unit both rated."""
    if ratings.n_raters != 2:
        raise AnalysisError(f"Cohen's kappa needs exactly two raters, got {ratings.n_raters}", field="rater",
                            hint="Select one pair of raters, or use fleiss_kappa, gwet_ac1 or alpha for more raters.")
    q = len(ratings.domain)
    both = ratings.codes[(ratings.codes >= 0).all(axis=1)]
    if len(both) == 0:
        raise UndefinedStatistic("the two raters share no rated unit",
                                 hint="Kappa compares ratings of the same unit: check that both raters rated the "
                                      "same units.")
    pairs, sizes = distinct_rows((both[:, 0] * q + both[:, 1])[:, None])
    cells = np.zeros((len(pairs), q * q))
    cells[np.arange(len(pairs)), pairs[:, 0]] = 1
    agreement = weight_matrix(weights, q)

    def value(sums: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            table = sums.reshape(-1, q, q) / sums.sum(axis=1)[:, None, None]
        observed = (agreement * table).sum(axis=(1, 2))
        expected = (agreement * table.sum(axis=2)[:, :, None] * table.sum(axis=1)[:, None, :]).sum(axis=(1, 2))
        return _chance_corrected(observed, expected)

    return UnitSums(UnitRows(cells, sizes), value)


def _share(sums: np.ndarray) -> np.ndarray:
    """Percent agreement: summed unit agreement over pairable units (NaN without any)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return sums[:, 1] / sums[:, 0]


def _chance_corrected(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """(p_a - p_e) / (1 - p_e), NaN where chance agreement is 1."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isclose(expected, 1.0), np.nan, (observed - expected) / (1 - expected))
