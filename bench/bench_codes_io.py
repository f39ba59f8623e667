"""Codes between machines on a large study: export (CSV, XLSX), codes import into a fresh copy and again (JSON).

By default 50 sessions of ten 5-minute segments, 6 raters, 30 items each (90,000 codes) and a
note on every segment; ``--sessions 200`` is the largest study DESIGN.md expects.

    python bench/bench_codes_io.py [--sessions 50] [--raters 6] [--items 30] [--xlsx]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench_backup import fill
from harness_study import build_study

from observer.cli import main as observer


def seconds(*argv: object) -> float:
    """Wall time of one observer command run in this process (it must succeed)."""
    start = time.perf_counter()
    status = observer([str(a) for a in argv])
    if status != 0:
        raise SystemExit(f"observer {' '.join(map(str, argv))} failed with status {status}")
    return round(time.perf_counter() - start, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--raters", type=int, default=6)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--xlsx", action="store_true", help="also time an XLSX export")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="observer-codes-bench-") as name:
        folder = Path(name)
        source = build_study(folder / "lab.observer", n_sessions=args.sessions)
        codes = fill(source, args.raters, args.items)
        from observer.store import Study

        with Study.open(source) as study:
            view = study.for_rater("rater0")
            with study.batch():
                for session in study.sessions():
                    for segment in study.segments(session.id):
                        view.set_unit_note(session.id, segment.index, f"=note on {session.id} {segment.index}")
        csv = folder / "codes.csv"
        figures = {"codes": codes, "export_csv_seconds": seconds("export", source, "-o", csv),
                   "csv_mb": round(csv.stat().st_size / 1e6, 1)}
        if args.xlsx:
            figures["export_xlsx_seconds"] = seconds("export", source, "-o", folder / "codes.xlsx")
        laptop = build_study(folder / "laptop.observer", n_sessions=args.sessions)
        figures["import_into_a_fresh_copy_seconds"] = seconds("codes", "import", laptop, csv)
        figures["import_again_nothing_recorded_seconds"] = seconds("codes", "import", laptop, csv)
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
