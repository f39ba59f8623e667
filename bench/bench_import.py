"""Import speed: `observer import` of AnnoMI vs `pandas.read_csv` of the same file (JSON out).

Target (issue 2): the whole import command takes at most 3x the whole command
``python -c "import pandas; pandas.read_csv(FILE)"``, measured alternately in one
run; listing the sessions takes under a third of the import's time.

    python bench/bench_import.py [--file PATH] [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "annomi" / "AnnoMI-simple.csv"


def timed(command: list[str]) -> float:
    """Wall time of one whole command, which must succeed."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not args.file.is_file():
        sys.exit(f"no AnnoMI file at {args.file}; pass --file")
    py = sys.executable
    baseline, imports, listings = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.rounds):
            baseline.append(timed([py, "-c", f"import pandas; pandas.read_csv({str(args.file)!r})"]))
            study = Path(tmp) / f"bench{n}.observer"
            subprocess.run([py, "-m", "observer", "init", str(study), "--scheme", "3rs-2015"], check=True,
                           stdout=subprocess.DEVNULL)
            imports.append(timed([py, "-m", "observer", "import", str(study), str(args.file)]))
            listings.append(timed([py, "-m", "observer", "sessions", str(study)]))
    read_csv, imp, listing = (statistics.median(x) for x in (baseline, imports, listings))
    print(json.dumps({
        "file": str(args.file),
        "rounds": args.rounds,
        "pandas_read_csv_s": round(read_csv, 3),
        "observer_import_s": round(imp, 3),
        "observer_sessions_s": round(listing, 3),
        "import_over_read_csv": round(imp / read_csv, 2),
        "sessions_over_import": round(listing / imp, 2),
        "target_import_over_read_csv": 3.0,
        "target_sessions_over_import": 0.333,
        "met": imp / read_csv <= 3.0 and listing / imp < 1 / 3,
    }, indent=2))


if __name__ == "__main__":
    main()
