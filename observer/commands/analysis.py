"""observer summary, reliability and report: the headless analysis on a study."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from observer.cli import add_command, study_argument
from observer.errors import AnalysisError
from observer.store.engine import is_url, study_target


def register(sub) -> None:
    """Add the analysis commands."""
    summary = add_command(sub, "summary", _summary, "per-session rupture summaries")
    study_argument(summary)
    summary.add_argument("--session", metavar="ID", help="one session in detail (timeline, peaks)")
    summary.add_argument("--rater", metavar="NAME|consensus|mean",
                         help="whose codes: a rater, consensus, or the mean of raters (default: each rater)")
    summary.add_argument("--format", default="table", choices=["table", "csv", "json"])

    rel = add_command(sub, "reliability", _reliability, "inter-rater reliability of a study or a codes table")
    rel.add_argument("source", type=study_target, metavar="STUDY|CODES.csv",
                     help="a study file, a long-format codes CSV (with --scheme) or a unit,rater,value[,item] CSV")
    rel.add_argument("--level", choices=["nominal", "ordinal", "interval", "ratio"],
                     help="level of measurement of a unit,rater,value table (required for one)")
    rel.add_argument("--scheme", metavar="NAME|PATH", help="the scheme of a long-format codes CSV")
    rel.add_argument("--by", action="append", choices=["item", "group", "pair", "session"],
                     help="scope of the rows (repeatable; default: every scope that applies)")
    rel.add_argument("--boot", type=int, default=1000, metavar="N", help="bootstrap resamples per alpha (0: none)")
    rel.add_argument("--seed", type=int, metavar="N", help="seed for a reproducible bootstrap")
    rel.add_argument("--format", default="table", choices=["table", "csv", "json"])
    rel.add_argument("--methods", action="store_true", help="print a methods paragraph for a paper after the table")
    rel.add_argument("--disagreements", type=int, nargs="?", const=20, metavar="N",
                     help="list the N largest disagreements (session, segment, item, each rater's value)")


def _summary(args: argparse.Namespace) -> int:
    from observer.store import Study
    from observer.store.frames import study_frames
    from observer.summary.render import summary_for_cli

    with Study.open(args.study) as study:
        if args.session:
            study.session(args.session)
        frames = study_frames(study)
        print(summary_for_cli(*frames, study.scheme, session=args.session, rater=args.rater, fmt=args.format),
              end="" if args.format == "csv" else "\n")
    return 0


def _reliability(args: argparse.Namespace) -> int:
    from observer.reliability import disagreements, methods_paragraph, study_report
    from observer.reliability.render import to_csv, to_json, to_table
    from observer.tables import format_table

    if args.boot < 0:
        raise AnalysisError("--boot must be 0 or more", hint="Pass --boot 0 to skip the bootstrap.")
    data, scheme = _reliability_input(args)
    report = study_report(data, scheme, level=args.level, by=args.by, n_boot=args.boot, seed=args.seed,
                          progress=_progress_bar() if sys.stderr.isatty() else None)
    render = {"table": to_table, "csv": to_csv, "json": to_json}[args.format]
    sys.stdout.write(render(report))
    if args.methods:
        print("\n" + methods_paragraph(report))
    if args.disagreements and scheme is not None:
        table = disagreements(data, scheme).head(args.disagreements)
        print(f"\nLargest disagreements ({len(table)} shown)")
        print(format_table(list(table.columns), table.astype(object).where(table.notna(), "").values.tolist()))
    return 0


def _reliability_input(args: argparse.Namespace):
    """The codes frame and scheme (or a generic table and None) named on the command line."""
    from observer.store import Study
    from observer.store.frames import codes_frame

    if is_url(args.source) or _is_sqlite(args.source):
        with Study.open(args.source) as study:
            return codes_frame(study), study.scheme
    frame = _read_table(args.source)
    if {"session_id", "segment_index", "item"} <= set(frame.columns):
        if not args.scheme:
            raise AnalysisError("a long-format codes file needs its scheme", file=args.source,
                                hint="Pass --scheme NAME|PATH (e.g. --scheme 3rs-2015).")
        from observer.scheme import load_scheme

        return frame, load_scheme(args.scheme)
    if not args.level:
        raise AnalysisError("a unit,rater,value table needs its level of measurement", file=args.source,
                            hint="Pass --level nominal|ordinal|interval|ratio; observer never guesses it.")
    return frame, None


def _read_table(path: Path):
    import pandas as pd

    if not path.is_file():
        raise AnalysisError("no such file", file=path, hint="Check the path.")
    try:
        return pd.read_csv(path, keep_default_na=True)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise AnalysisError(f"cannot read the table: {exc}", file=path, hint="Save it as a UTF-8 CSV.") from None


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _progress_bar():
    """A progress callback that redraws one line on stderr."""

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\rbootstrap [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        sys.stderr.flush()

    return show
