"""Coverage of observer's 95% intervals by simulation; prints JSON (or the Markdown table of the docs).

Each simulated study follows ``observer.reliability.simulation``: true score plus
independent rater error, cut into a marker's presence (nominal, prevalence 25 %) or a
1-5 rating (ordinal, interval), with the rater noise set so that the population
alpha is 0.6 or 0.8 (population values from one sample of 200,000 units). For every
design (raters x units) and level, ``--reps`` studies are drawn and the share whose
interval contains the population value is counted:

* alpha: the unit bootstrap with BCa limits at Hesterberg's small-sample expanded
  coverage (observer's default), the unit bootstrap with plain percentile limits, and
  KALPHA's resampling of pairs (Hayes & Krippendorff 2007);
* percent agreement, Cohen's kappa (two raters; quadratic weights at the ordinal
  level), Fleiss' kappa, AC1 (nominal) and AC2 (ordinal, quadratic weights): the unit
  bootstrap BCa and Gwet's (2014) variance formulas as irrCAC computes them.

"No disagreement" is the share of studies in which every unit got the same value from
all its raters: their interval collapses to [1, 1] and cannot cover.

The ``2 of 4 raters`` design is a pool of four raters with two of them, drawn at random, per
unit (what ``observer assign`` produces). Every figure is reproducible from ``--seed``.

Run: PYTHONPATH=. python bench/coverage_simulation.py [--reps 1000] [--boot 1000] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from observer.reliability.alpha import pairable_counts
from observer.reliability.bootstrap import kalpha_limits, kalpha_samples
from observer.reliability.gwet_variance import gwet_limits, gwet_standard_error
from observer.reliability.resample import bca_limits, percentile_limits
from observer.reliability.simulation import noise_for, population_value
from observer.reliability.undefined import UndefinedStatistic
from observer.reliability.unit_sums import unit_sums

LEVELS = ("nominal", "ordinal", "interval")

DESIGNS = ((2, 30, None), (2, 100, None), (3, 40, None), (4, 50, None), (6, 30, None), (4, 60, 2))
"""(raters, units, raters per unit or None for all)."""

AGREEMENT = {"nominal": (("percent_agreement", None), ("cohen_kappa", None), ("fleiss_kappa", None),
                         ("gwet_ac1", None)),
             "ordinal": (("cohen_kappa", "quadratic"), ("gwet_ac2", "quadratic"))}
"""The other statistics checked per level, with their weights."""


def coverage_cell(level: str, alpha: float, design: tuple, reps: int, n_boot: int, seed: int) -> list[dict]:
    """Coverage and mean width of every statistic and method for one level, population alpha and design."""
    raters, units, per_unit = design
    model = noise_for(alpha, level)
    statistics = [("alpha", None)] + [s for s in AGREEMENT.get(level, ()) if s[0] != "cohen_kappa" or raters == 2]
    truth = {name: population_value(model, name, weights) for name, weights in statistics}
    rng = np.random.default_rng([seed, LEVELS.index(level), round(alpha * 100), raters, units, per_unit or 0])
    found: dict[tuple, list] = {}
    for _ in range(reps):
        ratings = model.ratings(rng, units, raters, per_unit)
        for statistic, weights in statistics:
            try:
                limits = _limits(ratings, level, statistic, weights, n_boot, rng)
            except UndefinedStatistic:
                limits = {}
            for method, (low, high) in limits.items():
                found.setdefault((statistic, method), []).append((low, high))
    rows = []
    for (statistic, method), intervals in found.items():
        bounds = np.array(intervals, dtype=float)
        defined = ~np.isnan(bounds).any(axis=1)
        value = truth[statistic]
        covered = (bounds[defined, 0] <= value) & (value <= bounds[defined, 1])
        rows.append({"level": level, "alpha": alpha, "raters": raters, "units": units,
                     "per_unit": per_unit or raters, "statistic": statistic, "method": method,
                     "population": round(value, 4), "studies": int(defined.sum()), "reps": reps,
                     "coverage": round(float(covered.mean()), 4),
                     "mean_width": round(float((bounds[defined, 1] - bounds[defined, 0]).mean()), 4),
                     "collapsed": round(float((bounds[defined, 1] == bounds[defined, 0]).mean()), 4)})
    return rows


def _limits(ratings, level: str, statistic: str, weights, n_boot: int, rng) -> dict[str, tuple[float, float]]:
    """Each method's 95% limits for one simulated study (the bootstrap methods share their resamples)."""
    sums = unit_sums(statistic, ratings, level=level, weights=weights)
    samples = sums.value(sums.rows.bootstrap(n_boot, rng))
    found = {"bca": bca_limits(samples, sums.estimate(), sums.value(sums.rows.jackknife()), sums.rows.sizes, 0.95)}
    if statistic == "alpha":
        found["percentile"] = percentile_limits(samples, 0.95)
        counts = pairable_counts(ratings)
        per = counts.sum(axis=1)
        pairs = int(round(float((per * (per - 1) / 2).sum())))
        found["kalpha"] = kalpha_limits(kalpha_samples(counts, level, ratings.numeric_domain(), pairs, n_boot, rng),
                                        0.95)
    else:
        estimate, se, n = gwet_standard_error(statistic, ratings, weights=weights)
        found["gwet"] = gwet_limits(estimate, se, n, 0.95)
    return found


def markdown(rows: list[dict]) -> str:
    """The alpha table and the other statistics' table, as in docs/reliability-statistics.md."""
    lines = ["| level | alpha | design | units | BCa (default) | percentile | KALPHA | BCa width | no disagreement |",
             "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    by = {(r["level"], r["alpha"], r["raters"], r["units"], r["statistic"], r["method"]): r for r in rows}
    for level, alpha, raters, units, per in sorted({(r["level"], r["alpha"], r["raters"], r["units"], r["per_unit"])
                                                    for r in rows}, key=_order):
        cell = {m: by.get((level, alpha, raters, units, "alpha", m)) for m in ("bca", "percentile", "kalpha")}
        design = f"{raters} raters" if per == raters else f"{per} of {raters} raters"
        lines.append(f"| {level} | {alpha:.1f} | {design} | {units} | " + " | ".join(
            f"{cell[m]['coverage']:.3f}" for m in ("bca", "percentile", "kalpha")) +
            f" | {cell['bca']['mean_width']:.3f} | {cell['bca']['collapsed']:.3f} |")
    lines += ["", "| level | alpha | design | units | statistic | population | BCa (default) | Gwet | studies |",
              "| --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: |"]
    for level, alpha, raters, units, per, statistic in sorted(
            {(r["level"], r["alpha"], r["raters"], r["units"], r["per_unit"], r["statistic"]) for r in rows
             if r["statistic"] != "alpha"}, key=lambda k: (*_order(k[:5]), k[5])):
        bca, gwet = by[(level, alpha, raters, units, statistic, "bca")], by[(level, alpha, raters, units, statistic,
                                                                             "gwet")]
        design = f"{raters} raters" if per == raters else f"{per} of {raters} raters"
        lines.append(f"| {level} | {alpha:.1f} | {design} | {units} | {statistic} | {bca['population']:.3f} | "
                     f"{bca['coverage']:.3f} | {gwet['coverage']:.3f} | {bca['studies']} |")
    return "\n".join(lines)


def _order(key: tuple) -> tuple:
    """Levels in scale order, then alpha, raters, units."""
    level, alpha, raters, units, per = key
    return (LEVELS.index(level), alpha, per != raters, raters, units)


def main() -> None:
    """Run every cell and print JSON (or Markdown)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=1000, help="simulated studies per cell (default 1000)")
    parser.add_argument("--boot", type=int, default=1000, help="resamples per interval (default 1000)")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the whole run (default 2024)")
    parser.add_argument("--alphas", default="0.6,0.8", help="population alphas, comma-separated")
    parser.add_argument("--levels", default="nominal,ordinal,interval")
    parser.add_argument("--markdown", action="store_true", help="print the documentation's tables instead of JSON")
    args = parser.parse_args()
    start = time.perf_counter()
    rows = [row for level in args.levels.split(",") for alpha in map(float, args.alphas.split(","))
            for design in DESIGNS for row in coverage_cell(level, alpha, design, args.reps, args.boot, args.seed)]
    if args.markdown:
        print(markdown(rows))
        return
    print(json.dumps({"reps": args.reps, "n_boot": args.boot, "seed": args.seed, "ci": 0.95,
                      "seconds": round(time.perf_counter() - start, 1), "cells": rows}, indent=2))


if __name__ == "__main__":
    main()
