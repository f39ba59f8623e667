"""A study on PostgreSQL against the same study in a SQLite file, measured in one run (JSON out).

On a throwaway cluster over its Unix socket, with fsync on (bench/pg_cluster.py):

- a coding change (RaterView.set_value, committed): median at most 10 ms, p95 at most 25 ms;
- ``observer import`` of AnnoMI (133 sessions): at most 3x the same command into a SQLite file;
- ``observer reliability`` of the coded study (its default report): at most 1.5x on SQLite;
- 20 raters coding at once, 500 changes each: nothing lost, no error shown (the concurrency harness).

    python bench/bench_postgresql.py [--file AnnoMI-simple.csv] [--rounds 3] [--changes 1000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from concurrency_harness import run as run_concurrency
from harness_study import Places, build_study, marker_cells

from observer.store import Code, Study

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "annomi" / "AnnoMI-simple.csv"


def timed(command: list[str]) -> float:
    """Wall time of one whole command, which must succeed."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def coding_latencies(location, changes: int, seed: int) -> list[float]:
    """Seconds per committed set_value of one rater toggling random markers."""
    rng = random.Random(seed)
    with Study.open(location) as study:
        view = study.for_rater("ann")
        cells = marker_cells(study)
        values: dict[tuple, int | None] = {}
        latencies = []
        for _ in range(changes):
            cell = rng.choice(cells)
            value = None if values.get(cell) == 1 else 1
            start = time.perf_counter()
            view.set_value(*cell, value)
            latencies.append(time.perf_counter() - start)
            values[cell] = value
    return latencies


def code_two_raters(location) -> None:
    """Two raters code every segment of every session (some markers, their significance), all complete."""
    rng = random.Random(3)
    with Study.open(location) as study:
        scheme = study.scheme
        marker = next(i for i in scheme.segment_items if i.is_presence and i.id.startswith("wd_"))
        cells = {(s.id, g.index) for s in study.sessions() for g in study.segments(s.id)}
        for rater in ("ann", "bob"):
            codes, complete = [], set()
            for session_id, segment in sorted(cells):
                if rng.random() < 0.4:
                    codes += [(session_id, segment, marker.id, 1), (session_id, segment, "wd_significance",
                                                                    rng.randint(1, 5))]
                complete.add((session_id, segment, rater))
            study.import_codes([Code(s, g, rater, i, v) for s, g, i, v in codes], complete)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--changes", type=int, default=1000, help="coding changes timed per engine")
    parser.add_argument("--raters", type=int, default=20, help="concurrent raters in the load test")
    parser.add_argument("--rater-changes", type=int, default=500)
    args = parser.parse_args()
    if not args.file.is_file():
        sys.exit(f"no AnnoMI file at {args.file}; pass --file")
    py = sys.executable
    result: dict = {"file": str(args.file), "rounds": args.rounds}
    with tempfile.TemporaryDirectory() as tmp, Places("postgresql", Path(tmp)) as pg:
        sqlite = Places("sqlite", Path(tmp))
        places = {"sqlite": sqlite, "postgresql": pg}
        imports = {name: [] for name in places}
        reports = {name: [] for name in places}
        coded = {}
        for n in range(args.rounds):
            for name, place in places.items():  # alternately, so both see the same machine
                location = place.new(f"annomi{n}")
                subprocess.run([py, "-m", "observer", "init", str(location), "--scheme", "3rs-2015"], check=True,
                               stdout=subprocess.DEVNULL)
                imports[name].append(timed([py, "-m", "observer", "import", str(location), str(args.file)]))
                if n == 0:
                    code_two_raters(location)
                    coded[name] = location
            for name in places:
                reports[name].append(timed([py, "-m", "observer", "reliability", str(coded[name]), "--seed", "1"]))
        latencies = {}
        for name, place in places.items():
            location = build_study(place.new("coding"))
            latencies[name] = coding_latencies(location, args.changes, seed=5)
        load = run_concurrency(args.raters, args.rater_changes, Path(tmp), 11, pg)
    imp = {name: statistics.median(v) for name, v in imports.items()}
    rel = {name: statistics.median(v) for name, v in reports.items()}
    median = {name: 1000 * statistics.median(v) for name, v in latencies.items()}
    p95 = {name: 1000 * percentile(v, 0.95) for name, v in latencies.items()}
    result.update({
        "coding_change_ms": {name: {"median": round(median[name], 2), "p95": round(p95[name], 2)}
                             for name in latencies},
        "import_s": {name: round(v, 3) for name, v in imp.items()},
        "import_postgresql_over_sqlite": round(imp["postgresql"] / imp["sqlite"], 2),
        "reliability_s": {name: round(v, 3) for name, v in rel.items()},
        "reliability_postgresql_over_sqlite": round(rel["postgresql"] / rel["sqlite"], 2),
        "concurrent_raters": {key: load[key] for key in ("processes", "changes_per_process", "changes_made",
                                                         "changes_lost", "errors_reaching_caller",
                                                         "latency_ms_median", "latency_ms_p99")},
        "targets": {"coding_median_ms": 10, "coding_p95_ms": 25, "import_ratio": 3.0, "reliability_ratio": 1.5},
    })
    result["met"] = (median["postgresql"] <= 10 and p95["postgresql"] <= 25
                     and result["import_postgresql_over_sqlite"] <= 3.0
                     and result["reliability_postgresql_over_sqlite"] <= 1.5
                     and load["changes_lost"] == 0 and load["errors_reaching_caller"] == 0)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
