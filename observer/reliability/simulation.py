"""Simulated reliability studies with a known population alpha: true score plus rater error, cut into a scale.

Model (the one the coverage study and ``observer reliability plan`` use): each unit
has a true score :math:`t_u \\sim N(0, 1)`, each rater adds an independent error
:math:`e_{ur} \\sim N(0, \\sigma^2)`, and :math:`x_{ur} = (t_u + e_{ur}) / \\sqrt{1 + \\sigma^2}`
is cut into the scale: for ``nominal``, presence (1) when :math:`x_{ur}` exceeds the
normal quantile of ``1 - prevalence`` (a marker present in that share of units); for
``ordinal`` and ``interval``, a 1-5 rating with category shares 10/20/40/20/10 %.
The population alpha of a noise level is alpha on one very large sample (200,000
units, two raters: alpha's population value does not depend on the number of
raters); :func:`noise_for` finds the noise of a wanted alpha by bisection.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from observer.errors import AnalysisError
from observer.reliability._data import Ratings
from observer.reliability.unit_sums import unit_sums

SCALE = (1, 2, 3, 4, 5)
SHARES = (0.10, 0.20, 0.40, 0.20, 0.10)
"""The 1-5 scale of ordinal and interval studies and the share of units in each category."""

POPULATION_UNITS = 200_000
POPULATION_SEED = 20_240_601


@dataclass(frozen=True)
class Design:
    """What a simulated study looks like: its level of measurement, noise and (for nominal) prevalence."""

    level: str
    noise: float
    prevalence: float = 0.25

    def ratings(self, rng: np.random.Generator, n_units: int, n_raters: int, per_unit: int | None = None) -> Ratings:
        """One study: ``n_units`` units rated by ``n_raters`` raters (or by ``per_unit`` of them, drawn per unit)."""
        truth = rng.standard_normal((n_units, 1))
        codes = self.codes(truth, rng.standard_normal((n_units, n_raters)))
        if per_unit is not None and per_unit < n_raters:
            chosen = np.argsort(rng.random((n_units, n_raters)), axis=1) < per_unit
            codes = np.where(chosen, codes, -1)
        return self.as_ratings(codes)

    def codes(self, truth: np.ndarray, error: np.ndarray) -> np.ndarray:
        """Category indices of true scores (units x 1) plus standard normal errors (units x raters) times the noise."""
        from scipy.special import ndtri

        scores = (truth + self.noise * error) / np.sqrt(1 + self.noise**2)
        if self.level == "nominal":
            return (scores > ndtri(1 - self.prevalence)).astype(np.int64)
        return np.searchsorted(ndtri(np.cumsum(SHARES)[:-1]), scores).astype(np.int64)

    def as_ratings(self, codes: np.ndarray) -> Ratings:
        """Units x raters category indices (-1 = not rated) as ratings."""
        domain = (0, 1) if self.level == "nominal" else SCALE
        return Ratings(codes, domain, tuple(range(len(codes))), tuple(f"r{r}" for r in range(codes.shape[1])))


def population_value(design: Design, statistic: str = "alpha", weights: object = None) -> float:
    """A statistic's population value under ``design`` (on one very large two-rater sample)."""
    return _population(design, statistic, weights if isinstance(weights, (str, type(None))) else None)


@lru_cache(maxsize=256)
def _population(design: Design, statistic: str, weights: str | None) -> float:
    """Cached population values (the large sample is always the same draw)."""
    truth, error = _population_draw()
    ratings = design.as_ratings(design.codes(truth, error))
    return unit_sums(statistic, ratings, level=design.level, weights=weights).estimate()


@lru_cache(maxsize=1)
def _population_draw() -> tuple[np.ndarray, np.ndarray]:
    """True scores and two raters' standard errors of the large sample."""
    rng = np.random.default_rng(POPULATION_SEED)
    return rng.standard_normal((POPULATION_UNITS, 1)), rng.standard_normal((POPULATION_UNITS, 2))


def noise_for(alpha: float, level: str, prevalence: float = 0.25) -> Design:
    """The design whose population alpha is ``alpha`` (bisection on the rater noise, to 1e-4)."""
    if not 0 < alpha < 1:
        raise AnalysisError(f"the expected alpha must lie between 0 and 1, got {alpha:g}", field="alpha",
                            hint="Pass the alpha you expect, e.g. --alpha 0.7.")
    if not 0 < prevalence < 1:
        raise AnalysisError(f"prevalence must lie between 0 and 1, got {prevalence:g}", field="prevalence",
                            hint="Pass the share of units in which the marker is present, e.g. 0.2.")
    low, high = 0.0, 20.0
    while high - low > 1e-4:
        middle = (low + high) / 2
        if population_value(Design(level, middle, prevalence)) > alpha:
            low = middle
        else:
            high = middle
    return Design(level, round((low + high) / 2, 5), prevalence)
