"""Concurrent raters: N processes code one study at once through RaterView.set_value (JSON out).

Each process codes as its own rater, toggling random markers; every call changes a value,
so each is one history entry. Afterwards the parent checks that every change is in the
study (history entries per rater, and each rater's final values against what its process
last wrote), that no "database is locked" reached a caller, and ``PRAGMA integrity_check``.

    python bench/concurrency_harness.py --processes 4 --changes 1000
    python bench/concurrency_harness.py --processes 20 --changes 500 --backend postgresql

Exit status 1 when a change is lost or an error reached a caller.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness_study import Places, add_backend_argument, build_study, marker_cells

from observer.errors import ObserverError
from observer.store import Study
from observer.store.engine import study_target


def worker(study_path: str | Path, rater: str, changes: int, seed: int, go: Path) -> dict:
    """Code ``changes`` toggles as ``rater`` once ``go`` exists; returns what was written."""
    rng = random.Random(seed)
    with Study.open(study_path) as study:
        view = study.for_rater(rater)
        cells = marker_cells(study)
        values: dict[tuple, int | None] = {}
        errors: list[str] = []
        latencies: list[float] = []
        while not go.exists():
            time.sleep(0.001)
        for _ in range(changes):
            cell = rng.choice(cells)
            value = None if values.get(cell) == 1 else 1
            start = time.perf_counter()
            try:
                view.set_value(cell[0], cell[1], cell[2], value)
            except ObserverError as exc:
                errors.append(str(exc))
                continue
            latencies.append(time.perf_counter() - start)
            values[cell] = value
    final = {"|".join(map(str, cell)): value for cell, value in values.items()}
    return {"rater": rater, "written": len(latencies), "errors": errors, "final": final,
            "latencies": latencies}


def run(processes: int, changes: int, folder: Path, seed: int, places: Places) -> dict:
    """Start the workers together on a fresh study and check the study afterwards."""
    study_path = build_study(places.new("concurrency"))
    go = folder / "go"
    children = [
        subprocess.Popen([sys.executable, __file__, "--worker", str(study_path), f"rater{i}", str(changes),
                          str(seed + i), str(go)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(processes)
    ]
    time.sleep(0.5)  # let every worker open the study before the start signal
    started = time.perf_counter()
    go.touch()
    outputs = [child.communicate() for child in children]
    elapsed = time.perf_counter() - started
    reports, crashes = [], []
    for child, (out, err) in zip(children, outputs):
        if child.returncode != 0:
            crashes.append(err.strip()[-2000:])
        else:
            reports.append(json.loads(out))
    lost = 0
    with Study.open(study_path) as study:
        for report in reports:
            entries = [e for e in study.history(rater=report["rater"]) if e.action == "set"]
            lost += max(0, report["written"] - len(entries))
            stored = {(c.session_id, c.segment, c.item): c.value for c in study.codes(rater=report["rater"])}
            for key, value in report["final"].items():
                session_id, segment, item = key.split("|")
                lost += stored.get((session_id, int(segment), item)) != value
    integrity = places.integrity(study_path)
    errors = [e for r in reports for e in r["errors"]]
    latencies = sorted(x for r in reports for x in r["latencies"])
    written = sum(r["written"] for r in reports)
    return {
        "backend": places.backend,
        "processes": processes,
        "changes_per_process": changes,
        "changes_made": written,
        "changes_lost": lost,
        "errors_reaching_caller": len(errors) + len(crashes),
        "locked_errors": sum("locked" in e for e in errors),
        "error_samples": (errors + crashes)[:3],
        "integrity_check": integrity,
        "seconds": round(elapsed, 2),
        "changes_per_second": round(written / elapsed, 1) if elapsed else None,
        "latency_ms_median": round(1000 * latencies[len(latencies) // 2], 2) if latencies else None,
        "latency_ms_p99": round(1000 * latencies[int(len(latencies) * 0.99)], 2) if latencies else None,
        "latency_ms_max": round(1000 * latencies[-1], 2) if latencies else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--changes", type=int, default=1000, help="changes per process")
    parser.add_argument("--seed", type=int, default=1)
    add_backend_argument(parser)
    parser.add_argument("--worker", nargs=5, metavar=("STUDY", "RATER", "CHANGES", "SEED", "GO"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        study, rater, changes, seed, go = args.worker
        print(json.dumps(worker(study_target(study), rater, int(changes), int(seed), Path(go))))
        return
    with tempfile.TemporaryDirectory(prefix="observer-concurrency-") as folder, \
            Places(args.backend, Path(folder)) as places:
        result = run(args.processes, args.changes, Path(folder), args.seed, places)
    print(json.dumps(result, indent=1))
    failed = result["changes_lost"] or result["errors_reaching_caller"] or result["integrity_check"] != "ok"
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
