"""How many double-coded units a study needs for alpha's interval to be as narrow as wanted, by simulation.

Method: studies of n units rated by k raters are simulated with the model of
:mod:`observer.reliability.simulation` at the expected population alpha; each gets
the report's interval (unit bootstrap, BCa). The half-width of the interval falls
about as :math:`c / \\sqrt{n}`: the median half-width is measured at a first guess
and at sizes around the answer, :math:`\\log h = a - b \\log n` is fitted to them,
and the answer is the smallest n whose fitted median half-width is at most the wanted
one (the same for the 80th percentile: the size at which 80 % of studies reach it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from observer.errors import AnalysisError
from observer.reliability._data import LEVELS
from observer.reliability.resample import bca_limits
from observer.reliability.simulation import Design, noise_for
from observer.reliability.undefined import UndefinedStatistic
from observer.reliability.unit_sums import unit_sums

MAX_UNITS = 100_000
FIRST_GUESS = 60
ASSURANCE = 0.8


@dataclass(frozen=True)
class Checked:
    """One simulated study size: its median and 80th-percentile half-widths and the share within the target."""

    n_units: int
    median: float
    assured: float
    within: float


@dataclass(frozen=True)
class Plan:
    """The answer: units for a median half-width at most ``half_width`` (``n_units``), for 80 % of studies
    (``n_assured``), and the sizes simulated on the way (``checked``)."""

    alpha: float
    half_width: float
    raters: int
    level: str
    prevalence: float
    ci: float
    n_units: int
    n_assured: int
    checked: tuple[Checked, ...]
    studies: int
    n_boot: int
    seed: int
    noise: float


def plan(alpha: float, half_width: float, raters: int, *, level: str = "nominal", prevalence: float = 0.25,
         ci: float = 0.95, studies: int = 200, n_boot: int = 500, seed: int = 1) -> Plan:
    """Units (rated by ``raters`` raters each) for alpha's ``ci`` interval to be at most +/- ``half_width``.

    Examples
    --------
    >>> answer = plan(0.7, 0.1, 2, level="ordinal", studies=60, n_boot=200)
    >>> 100 < answer.n_units < answer.n_assured < 400
    True
    """
    _check(alpha, half_width, raters, level, ci, studies, n_boot)
    design = noise_for(alpha, level, prevalence)
    checked: dict[int, Checked] = {}

    def check(n: int) -> Checked:
        if n not in checked:
            checked[n] = _simulate(design, n, raters, half_width, ci, studies, n_boot, seed)
        return checked[n]

    first = check(FIRST_GUESS)
    guess = _size_for(FIRST_GUESS * (first.median / half_width) ** 2)
    for n in sorted({max(5, round(guess * 0.7)), guess, round(guess * 1.4)}):
        check(n)
    fitted = [checked[n] for n in sorted(checked) if n >= 5]
    n_units = _fitted_size(fitted, half_width, "median")
    n_assured = max(n_units, _fitted_size(fitted, half_width, "assured"))
    check(n_units)
    check(n_assured)
    return Plan(alpha, half_width, raters, level, prevalence, ci, n_units, n_assured,
                tuple(checked[n] for n in sorted(checked)), studies, n_boot, seed, design.noise)


def _check(alpha, half_width, raters, level, ci, studies, n_boot) -> None:
    """Refuse settings the simulation cannot answer."""
    if level not in LEVELS[:3]:
        raise AnalysisError(f"planning knows the levels nominal, ordinal and interval, not {level!r}", field="level",
                            hint="Pass --level nominal (markers), ordinal or interval (1-5 ratings).")
    if not 0 < half_width < 1:
        raise AnalysisError(f"the half-width must lie between 0 and 1, got {half_width:g}", field="half-width",
                            hint="Pass the +/- you can accept around alpha, e.g. --half-width 0.1.")
    if alpha - half_width <= -1 or not 0 < alpha < 1:
        raise AnalysisError(f"the expected alpha must lie between 0 and 1, got {alpha:g}", field="alpha",
                            hint="Pass the alpha you expect from pilot data or the literature, e.g. --alpha 0.7.")
    if not isinstance(raters, int) or raters < 2:
        raise AnalysisError(f"reliability needs at least two raters per unit, got {raters}", field="raters",
                            hint="Pass --raters 2 for a double-coded sample.")
    if not 0 < ci < 1 or studies < 20 or n_boot < 100:
        raise AnalysisError("the simulation needs ci in (0, 1), at least 20 studies and 100 resamples",
                            field="studies", hint="Keep the defaults (200 studies, 500 resamples).")


def _simulate(design: Design, n: int, raters: int, half_width: float, ci: float, studies: int, n_boot: int,
              seed: int) -> Checked:
    """Half-widths of ``studies`` simulated studies of ``n`` units (a study without variation counts as 1)."""
    rng = np.random.default_rng([seed, n, raters])
    halves = np.ones(studies)
    for i in range(studies):
        try:
            sums = unit_sums("alpha", design.ratings(rng, n, raters), level=design.level)
        except UndefinedStatistic:
            continue
        samples = sums.value(sums.rows.bootstrap(n_boot, rng))
        low, high = bca_limits(samples, sums.estimate(), sums.value(sums.rows.jackknife()), sums.rows.sizes, ci)
        if not math.isnan(low):
            halves[i] = (high - low) / 2
    return Checked(n, float(np.median(halves)), float(np.quantile(halves, ASSURANCE)),
                   float(np.mean(halves <= half_width)))


def _fitted_size(checked: list[Checked], half_width: float, which: str) -> int:
    """The smallest n whose half-width, fitted as log h = a - b log n, is at most ``half_width``."""
    sizes = np.log([c.n_units for c in checked])
    widths = np.log([max(getattr(c, which), 1e-9) for c in checked])
    slope, intercept = np.polyfit(sizes, widths, 1)
    if slope >= 0:
        raise AnalysisError("the simulated intervals do not narrow with more units", field="alpha",
                            hint="Check the expected alpha and prevalence: with almost no variation alpha has "
                                 "no stable interval.")
    return _size_for(math.exp((math.log(half_width) - intercept) / slope))


def _size_for(n: float) -> int:
    """A whole number of units, refused beyond MAX_UNITS."""
    if not math.isfinite(n) or n > MAX_UNITS:
        raise AnalysisError(f"more than {MAX_UNITS:,} units would be needed", field="half-width",
                            hint="Accept a wider interval, or expect a higher alpha or more raters per unit.")
    return max(5, math.ceil(n))
