"""Benchmark: summaries of 1,000 sessions x 12 segments x 3 raters coded with the shipped 3RS 2015 scheme.

Run: PYTHONPATH=. python bench/bench_summary.py [--sessions N] [--repeat R]
Prints one JSON object: input size and, per step, the best of R wall-clock and CPU times (seconds).
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import pandas as pd

from observer.scheme import load_scheme
from observer.summary import segment_table, session_summary, summarise, trends

SEGMENTS = 12
RATERS = ("ann", "bob", "cat")
MARKER_RATE = 0.06
STRATEGY_RATE = 0.08


def synthetic_study(scheme, n_sessions: int, seed: int = 1):
    """Codes (long format, explicit 0 for unmarked presence items), segments and sessions frames."""
    rng = np.random.default_rng(seed)
    sessions = pd.DataFrame(
        {
            "session_id": [f"s{i:04d}" for i in range(n_sessions)],
            "therapist": [f"T{i % 40}" for i in range(n_sessions)],
            "client": [f"C{i % 250}" for i in range(n_sessions)],
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.permutation(n_sessions), unit="D"),
            "duration": SEGMENTS * 300.0,
        }
    )
    sessions["date"] = sessions["date"].dt.strftime("%Y-%m-%d")
    units = pd.MultiIndex.from_product(
        [sessions["session_id"], range(SEGMENTS), RATERS], names=["session_id", "segment_index", "rater"]
    ).to_frame(index=False)
    frames = []
    for group in scheme.groups:
        presence = [i.id for i in group.items if i.is_presence]
        rate = STRATEGY_RATE if group.kind == "resolution" else MARKER_RATE
        marks = rng.random((len(units), len(presence))) < rate
        frames += [units.assign(item=item, value=marks[:, k].astype(int)) for k, item in enumerate(presence)]
        if group.rating is not None:
            any_mark = marks.any(axis=1)
            frames.append(units[any_mark].assign(item=group.rating.id, value=rng.integers(1, 6, any_mark.sum())))
        for k, item in enumerate(presence):
            ratings = [i for i in group.items if i.depends_on == (item,)]
            for rating in ratings:
                frames.append(units[marks[:, k]].assign(item=rating.id, value=rng.integers(1, 6, marks[:, k].sum())))
    pairs = units[units["segment_index"] == 0][["session_id", "rater"]]
    for item in scheme.session_items:
        frames.append(pairs.assign(segment_index=pd.NA, item=item.id, value=rng.integers(1, 6, len(pairs))))
    codes = pd.concat(frames, ignore_index=True)
    codes["segment_index"] = codes["segment_index"].astype("Int64")
    codes["segment_start"] = codes["segment_index"].astype(float) * 300.0
    codes["segment_end"] = codes["segment_start"] + 300.0
    codes["note"] = ""
    codes["coded_at"] = "2024-06-01T10:00:00+00:00"
    segments = pd.MultiIndex.from_product(
        [sessions["session_id"], range(SEGMENTS)], names=["session_id", "segment_index"]
    ).to_frame(index=False)
    segments["start"] = segments["segment_index"] * 300.0
    segments["end"] = segments["start"] + 300.0
    return codes, segments, sessions


def best_of(repeat: int, work) -> dict[str, float]:
    """The shortest wall-clock and CPU times (seconds) of ``repeat`` runs of ``work()``.

    CPU time shows the cost when other processes share the machine; the target is on wall time.
    """
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {"wall_s": round(min(wall), 3), "cpu_s": round(min(cpu), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scheme = load_scheme("3rs-2015")
    codes, segments, sessions = synthetic_study(scheme, args.sessions)

    def everything():
        result = summarise(codes, segments, sessions, scheme)
        trends(result.sessions, sessions, by="therapist")

    figures = {
        "sessions": args.sessions,
        "segments_per_session": SEGMENTS,
        "raters": len(RATERS),
        "code_rows": len(codes),
        "segment_table": best_of(args.repeat, lambda: segment_table(codes, segments, scheme)),
        "session_summary": best_of(args.repeat, lambda: session_summary(codes, segments, sessions, scheme)),
        "session_summary_mean_of_raters": best_of(
            args.repeat, lambda: session_summary(codes, segments, sessions, scheme, rater="mean")
        ),
        "summarise_all_raters_and_trends": best_of(args.repeat, everything),
        "target_wall_s": 2.0,
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
