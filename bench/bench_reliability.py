"""Benchmark of observer.reliability; prints its figures as JSON.

1. ``alpha_ci`` with 2,000 unit resamples (BCa, the default) on 5 raters x 10,000
   units (ordinal 1-5, 10 % missing) against one plain ``krippendorff.alpha`` call on
   the same data, measured in the same run (target: at most 20x); also KALPHA's
   pair bootstrap and the unit bootstrap of percent agreement, Fleiss' kappa and AC1.
2. The full study report (all scopes) for 200 sessions x 12 segments x 30 items
   x 3 raters with 1,000 resamples per interval (target: under 10 s).

Run: PYTHONPATH=. python bench/bench_reliability.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import time

import krippendorff
import numpy as np
import pandas as pd

from observer.reliability import agreement_ci, alpha_ci, study_report
from observer.reliability._data import Ratings
from observer.reliability.unit_sums import unit_sums
from observer.scheme.model import Group, Item, RuptureType, Scale, ScaleValue, Scheme, SummarySettings

PRESENCE = Scale("presence", "presence", (ScaleValue(0, "absent"), ScaleValue(1, "present")))
FIVE = Scale("five", "ordinal", tuple(ScaleValue(v, str(v)) for v in range(1, 6)))


def bench_scheme() -> Scheme:
    """30 items: 2 rupture groups of 7 markers + significance, 6 strategies + impact, 2 globals."""
    def rupture(name: str) -> Group:
        markers = tuple(Item(f"{name}_{i}", f"{name} {i}", PRESENCE, "marker", group=name) for i in range(7))
        rating = Item(f"{name}_sig", f"{name} significance", FIVE, "rating", group=name,
                      depends_on=tuple(m.id for m in markers))
        return Group(name, name, "rupture", markers, rating=rating)

    strategies: list[Item] = []
    for i in range(6):
        strategy = Item(f"rs_{i}", f"strategy {i}", PRESENCE, "marker", group="resolution")
        strategies += [strategy, Item(f"rs_{i}_impact", f"impact {i}", FIVE, "rating", group="resolution",
                                      depends_on=(strategy.id,))]
    globals_ = tuple(Item(f"gl_{i}", f"global {i}", FIVE, "global") for i in range(2))
    summary = SummarySettings(
        rupture_types=(RuptureType("wd", "Withdrawal", "wd_sig", "wd"), RuptureType("cf", "Confrontation", "cf_sig", "cf")),
        resolution_group="resolution",
    )
    return Scheme("bench", "Bench scheme", "1", "synthetic", 300.0, {"presence": PRESENCE, "five": FIVE},
                  (rupture("wd"), rupture("cf"), Group("resolution", "Resolution", "resolution", tuple(strategies))),
                  globals_, summary)


def bench_codes(scheme: Scheme, sessions: int, segments: int, raters: int, seed: int = 0) -> pd.DataFrame:
    """A codes frame: each rater copies a latent code and deviates now and then."""
    rng = np.random.default_rng(seed)
    names = [f"rater{r}" for r in range(raters)]
    units = [(f"s{s:03d}", g) for s in range(sessions) for g in range(segments)]
    columns: dict[str, list] = {"session_id": [], "segment_index": [], "rater": [], "item": [], "value": []}

    def add(session, segment, rater, item, value) -> None:
        for key, cell in zip(columns, (session, segment, rater, item, value)):
            columns[key].append(cell)

    for group in scheme.groups:
        markers = [i for i in group.items if i.is_presence]
        truth = rng.random((len(markers), len(units))) < 0.12
        significance = rng.integers(1, 6, len(units))
        for name in names:
            seen = truth ^ (rng.random(truth.shape) < 0.05)
            for marker, row in zip(markers, seen):
                impact = next((i for i in group.items if i.depends_on == (marker.id,)), None)
                for (session, segment), present in zip(units, row):
                    add(session, segment, name, marker.id, int(present))
                    if impact is not None and present:
                        add(session, segment, name, impact.id, int(rng.integers(1, 6)))
            if group.rating is not None:
                noisy = np.clip(significance + rng.integers(-1, 2, len(units)), 1, 5)
                for (session, segment), value, any_marker in zip(units, noisy, seen.any(axis=0)):
                    if any_marker:
                        add(session, segment, name, group.rating.id, int(value))
    for item in scheme.session_items:
        level = rng.integers(1, 6, sessions)
        for name in names:
            for s, value in enumerate(np.clip(level + rng.integers(-1, 2, sessions), 1, 5)):
                add(f"s{s:03d}", None, name, item.id, int(value))
    return pd.DataFrame(columns)


def alpha_ci_figures(repeat: int) -> dict:
    """alpha_ci (2,000 unit resamples, BCa) vs one krippendorff.alpha call, best of ``repeat``, same run."""
    rng = np.random.default_rng(1)
    truth = rng.integers(1, 6, 10_000)
    matrix = np.clip(truth + rng.integers(-1, 2, (5, 10_000)), 1, 5).astype(float)
    matrix[rng.random(matrix.shape) < 0.10] = np.nan
    data = pd.DataFrame({"unit": np.tile(np.arange(10_000), 5), "rater": np.repeat(list("abcde"), 10_000),
                         "value": matrix.ravel()})
    plain = _best(lambda: krippendorff.alpha(matrix, level_of_measurement="ordinal"), repeat)
    boot = _best(lambda: alpha_ci(data, level="ordinal", n_boot=2000, seed=7), repeat)
    kalpha = _best(lambda: alpha_ci(data, level="ordinal", n_boot=2000, seed=7, method="kalpha"), repeat)
    others = {name: _best(lambda name=name: agreement_ci(data, name, categories=[1, 2, 3, 4, 5], n_boot=2000,
                                                         seed=7), repeat)
              for name in ("percent_agreement", "fleiss_kappa", "gwet_ac1")}
    ratings = Ratings.from_frame(data, unit="unit", rater="rater", value="value", level="ordinal")
    return {"raters": 5, "units": 10_000, "n_boot": 2000, "plain_alpha_s": plain, "alpha_ci_2000_s": boot,
            "ratio": boot / plain, "target_ratio": 20, "kalpha_2000_s": kalpha,
            "distinct_unit_rows": len(unit_sums("alpha", ratings, level="ordinal").rows.rows),
            **{f"{name}_ci_2000_s": seconds for name, seconds in others.items()}}


def report_figures(repeat: int) -> dict:
    """The full study report on 200 x 12 x 30 x 3 with 1,000 resamples per interval."""
    scheme = bench_scheme()
    codes = bench_codes(scheme, sessions=200, segments=12, raters=3)
    report = study_report(codes, scheme, n_boot=1000, seed=3)
    seconds = _best(lambda: study_report(codes, scheme, n_boot=1000, seed=3), repeat)
    return {"codes_rows": len(codes), "items": len(scheme.items), "report_rows": len(report),
            "alpha_rows": int(report["statistic"].str.startswith("alpha").sum()),
            "bootstrapped_rows": int(report["ci_method"].isin(["bca", "percentile"]).sum()),
            "study_report_s": seconds, "target_s": 10}


def _best(run, repeat: int) -> float:
    """Fastest of ``repeat`` wall-clock timings, in seconds."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    """Run both benchmarks and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timings per figure; the fastest is kept")
    args = parser.parse_args()
    print(json.dumps({"alpha_ci": alpha_ci_figures(args.repeat), "study_report": report_figures(args.repeat)},
                     indent=2))


if __name__ == "__main__":
    main()
