"""Benchmark: one session's feedback report, cold (a fresh `observer report` process) and warm (in process).

The study is the demo study coded by the answer key (tests/test_report_support.py): s02 single-coded,
s01 double-coded (its report also computes agreement with observer.reliability). Cold runs time the
whole command, interpreter start and imports (pandas, matplotlib, Jinja2) included; the floor is a
process that only imports pandas and matplotlib. Target (issue 5): under 1.5 s including the plot.

Run: PYTHONPATH=. python bench/bench_report.py [--rounds N]
Prints one JSON object with the median and best of N rounds (seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_report_support import coded_demo  # noqa: E402

TARGET_S = 1.5


def timed(command: list[str]) -> float:
    """Wall time of one subprocess run; raises when it fails."""
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def figures(samples: list[float]) -> dict:
    """Median and best of a list of timings, rounded to milliseconds."""
    return {"median_s": round(statistics.median(samples), 3), "best_s": round(min(samples), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from observer.report import StudyFrames, session_report
    from observer.store import Study

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        study = coded_demo(folder, second_rater=True)
        py = sys.executable
        floor = [py, "-c", "import pandas, matplotlib.figure, matplotlib.backends.backend_svg"]
        single = [py, "-m", "observer", "report", str(study), "--session", "s02", "-o", str(folder / "s02.html")]
        double = [py, "-m", "observer", "report", str(study), "--session", "s01", "-o", str(folder / "s01.html")]
        runs: dict[str, list[float]] = {"imports_floor": [], "cold_single_coded": [], "cold_double_coded": []}
        for _ in range(args.rounds):
            runs["imports_floor"].append(timed(floor))
            runs["cold_single_coded"].append(timed(single))
            runs["cold_double_coded"].append(timed(double))
        with Study.open(study) as opened:
            start = time.perf_counter()
            frames = StudyFrames.from_study(opened)
            read = time.perf_counter() - start
        session_report(frames, "s02")
        session_report(frames, "s01")
        for session in ("s02", "s01"):
            key = f"warm_{'single' if session == 's02' else 'double'}_coded"
            runs[key] = []
            for _ in range(args.rounds):
                start = time.perf_counter()
                session_report(frames, session)
                runs[key].append(time.perf_counter() - start)
    result = {name: figures(samples) for name, samples in runs.items()}
    result["read_study_frames_s"] = round(read, 3)
    result["rounds"] = args.rounds
    result["target_cold_s"] = TARGET_S
    result["cpus"] = os.cpu_count()
    result["load_average_1min"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
