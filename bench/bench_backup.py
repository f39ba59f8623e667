"""What safety costs on the largest study DESIGN.md expects: opening (scheme-drift check) and backing up (JSON out).

200 sessions of ten 5-minute segments, 6 raters, 30 items each: 360,000 codes.

    python bench/bench_backup.py [--sessions 200] [--raters 6] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from harness_study import build_study

from observer.store import Study
from observer.store.backup import backup_study, rolling_backup
from observer.store.cells import now_iso


def fill(path: Path, raters: int, items: int) -> int:
    """Code every segment of every session for every rater and item, in one transaction."""
    with Study.open(path) as study:
        ids = [item.id for item in study.scheme.segment_items][:items]
        stamp, scheme_hash = now_iso(), study.scheme_hash
        rows = [(s.id, g.index, f"rater{r}", item, 1, "", stamp, scheme_hash, "[]")
                for s in study.sessions() for g in study.segments(s.id) for r in range(raters) for item in ids]
        with study.transaction():
            study.db.connection.executemany("INSERT INTO raters VALUES (?, ?)", [(f"rater{r}", stamp) for r in range(raters)])
            study.db.connection.executemany(
                "INSERT INTO codes (session_id, segment, rater, item, value, note, coded_at, scheme_hash, evidence)"
                " VALUES (?,?,?,?,?,?,?,?,?)", rows)
    return len(rows)


def timed(action, rounds: int) -> float:
    """Median wall time of ``action`` over ``rounds`` runs, in seconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--raters", type=int, default=6)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="observer-backup-bench-") as folder:
        path = build_study(Path(folder) / "large.observer", n_sessions=args.sessions)
        codes = fill(path, args.raters, args.items)
        Study.open(path).close()  # migrate once, outside the timings
        figures = {
            "codes": codes,
            "study_mb": round(path.stat().st_size / 1e6, 1),
            "open_seconds": timed(lambda: Study.open(path).close(), args.rounds),
            "open_without_drift_check_seconds": timed(
                lambda: Study.open(path, allow_scheme_drift=True).close(), args.rounds),
            "backup_seconds": timed(lambda: backup_study(path), args.rounds),
            "rolling_backup_seconds": timed(lambda: rolling_backup(path, keep=2), args.rounds),
        }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
