"""observer summary, reliability and report: the headless analysis on a study."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from observer.cli import add_command, study_argument
from observer.errors import AnalysisError
from observer.store.engine import is_url, study_target

METHODS = ("bca", "percentile", "kalpha", "gwet")
"""Interval methods of ``--ci-method`` (observer.reliability.intervals.METHODS, not imported to keep the CLI
light)."""


def register(sub) -> None:
    """Add the analysis commands."""
    summary = add_command(sub, "summary", _summary, "per-session rupture summaries")
    study_argument(summary)
    summary.add_argument("--session", metavar="ID", help="one session in detail (timeline, peaks)")
    summary.add_argument("--rater", metavar="NAME|consensus|mean",
                         help="whose codes: a rater, consensus, or the mean of raters (default: each rater)")
    summary.add_argument("--format", default="table", choices=["table", "csv", "json"])

    rel = add_command(sub, "reliability", _reliability,
                      "inter-rater reliability of a study or a codes table; `reliability plan` sizes a double-coded "
                      "sample")
    rel.add_argument("source", type=study_target, metavar="STUDY|CODES.csv|plan",
                     help="a study file or URL, a long-format codes CSV (with --scheme), a unit,rater,value[,item] "
                          "CSV, or the word plan (see planning below)")
    rel.add_argument("--level", choices=["nominal", "ordinal", "interval", "ratio"],
                     help="level of measurement of a unit,rater,value table (required for one); plan: of the "
                          "planned ratings (default nominal)")
    rel.add_argument("--scheme", metavar="NAME|PATH", help="the scheme of a long-format codes CSV")
    rel.add_argument("--by", action="append", choices=["item", "group", "pair", "session"],
                     help="scope of the rows (repeatable; default: item and group for the table, every scope "
                          "with --detail, csv and json)")
    rel.add_argument("--boot", type=int, metavar="N",
                     help="bootstrap resamples per interval (default 1000; plan: 500; 0: no bootstrap)")
    rel.add_argument("--seed", type=int, metavar="N", help="seed for a reproducible bootstrap")
    rel.add_argument("--ci-method", choices=METHODS, default="bca",
                     help="intervals: unit bootstrap bca (default) or percentile; kalpha: Hayes & Krippendorff's "
                          "for alpha; gwet: Gwet's formulas for kappa, AC1 and agreement")
    rel.add_argument("--format", default="table", choices=["table", "csv", "json"])
    rel.add_argument("--detail", action="store_true",
                     help="every row of every scope (default: per level the rows a paper reports)")
    rel.add_argument("--undefined", action="store_true", help="list the statistics with no value (default: counted)")
    rel.add_argument("--methods", action="store_true", help="print a methods paragraph for a paper after the table")
    rel.add_argument("--disagreements", type=int, nargs="?", const=20, metavar="N",
                     help="list the N largest disagreements (session, segment, item, each rater's value)")
    rel.add_argument("--incomplete", action="store_true",
                     help="list the units left out because their rater has not completed them")
    planning = rel.add_argument_group(
        "planning", "observer reliability plan --alpha A --half-width W --raters K [--level L] "
                    "[--unit segments|sessions]: how many double-coded units alpha's 95%% interval needs to be "
                    "no wider than +/- W, by simulation (docs/reliability-statistics.md)")
    planning.add_argument("--alpha", type=float, metavar="A", help="the alpha you expect")
    planning.add_argument("--half-width", type=float, metavar="W", help="the largest +/- around alpha you accept")
    planning.add_argument("--raters", type=int, metavar="K", help="raters per double-coded unit")
    planning.add_argument("--unit", choices=["segments", "sessions"], default="segments",
                          help="what a unit is: segments (default) or sessions (session-level ratings)")
    planning.add_argument("--prevalence", type=float, default=0.25, metavar="P",
                          help="nominal: share of units in which the marker is present (default 0.25)")
    planning.add_argument("--segments-per-session", type=float, metavar="S",
                          help="also give the answer in sessions of S segments")
    planning.add_argument("--studies", type=int, default=200, metavar="N",
                          help="simulated studies per size (default 200)")


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


PLAN_ONLY = ("alpha", "half_width", "raters", "segments_per_session")


def _reliability(args: argparse.Namespace) -> int:
    if str(args.source) == "plan":
        return _plan(args)
    from observer.reliability import disagreements, methods_paragraph, study_report
    from observer.reliability.render import disagreements_text, incomplete_table, to_json, to_paper, to_table
    from observer.tables import csv_output, terminal_lines

    given = [f"--{name.replace('_', '-')}" for name in PLAN_ONLY if getattr(args, name) is not None]
    if given:
        raise AnalysisError(f"{', '.join(given)} belong to planning", field=given[0].lstrip("-"),
                            hint="Run: observer reliability plan --alpha A --half-width W --raters K.")
    boot = 1000 if args.boot is None else args.boot
    if boot < 0:
        raise AnalysisError("--boot must be 0 or more", hint="Pass --boot 0 to skip the bootstrap.")
    inputs = _reliability_input(args)
    paper = args.format == "table" and not args.detail
    by = args.by or ((["item", "group"] if inputs["scheme"] is not None else ["item"]) if paper else None)
    report = study_report(**inputs, level=args.level, by=by, n_boot=boot, seed=args.seed, ci_method=args.ci_method,
                          progress=_progress_bar() if sys.stderr.isatty() else None)
    # names and ids from a table come as they were typed: nothing reaches the terminal or a sheet as a code
    if args.format == "table":
        render = to_paper if paper else to_table
        sys.stdout.write(terminal_lines(render(report, undefined=args.undefined)))
    else:
        sys.stdout.write(csv_output(report) if args.format == "csv" else to_json(report))
    if args.incomplete:
        print("\n" + terminal_lines(incomplete_table(report)))
    if args.methods:
        print("\n" + terminal_lines(methods_paragraph(report)))
    if args.disagreements and inputs["scheme"] is not None:
        table = disagreements(inputs["data"], inputs["scheme"], completed=inputs.get("completed"))
        print("\n" + terminal_lines(disagreements_text(table.head(args.disagreements))))
    return 0


def _plan(args: argparse.Namespace) -> int:
    """observer reliability plan: the double-coded units alpha's interval needs."""
    from observer.reliability.planning import plan
    from observer.reliability.render import plan_json, plan_text

    missing = [f"--{name.replace('_', '-')}" for name in ("alpha", "half_width", "raters") if getattr(args, name)
               is None]
    if missing:
        raise AnalysisError(f"planning needs {', '.join(missing)}", field=missing[0].lstrip("-"),
                            hint="e.g. observer reliability plan --alpha 0.7 --half-width 0.1 --raters 2.")
    if args.format == "csv":
        raise AnalysisError("a plan prints as a table or json", field="format", hint="Pass --format json.")
    answer = plan(args.alpha, args.half_width, args.raters, level=args.level or "nominal",
                  prevalence=args.prevalence, studies=args.studies, n_boot=500 if args.boot is None else args.boot,
                  seed=1 if args.seed is None else args.seed)
    render = plan_json if args.format == "json" else plan_text
    sys.stdout.write(render(answer, unit=args.unit, per_session=args.segments_per_session))
    return 0


def _reliability_input(args: argparse.Namespace) -> dict:
    """The report's inputs named on the command line: a study's codes, scheme and completion, or a table."""
    from observer.reliability.inputs import study_inputs
    from observer.store import Study

    if is_url(args.source) or _is_sqlite(args.source):
        with Study.open(args.source) as study:
            return study_inputs(study)
    frame = _read_table(args.source)
    if {"session_id", "segment_index", "item"} <= set(frame.columns):
        if not args.scheme:
            raise AnalysisError("a long-format codes file needs its scheme", file=args.source,
                                hint="Pass --scheme NAME|PATH (e.g. --scheme 3rs-2015).")
        from observer.scheme import load_scheme

        return {"data": frame, "scheme": load_scheme(args.scheme)}
    if not args.level:
        raise AnalysisError("a unit,rater,value table needs its level of measurement", file=args.source,
                            hint="Pass --level nominal|ordinal|interval|ratio; observer never guesses it.")
    return {"data": frame, "scheme": None}


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
