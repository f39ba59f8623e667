"""observer summary, reliability and report: the headless analysis on a study."""

from __future__ import annotations

import argparse

from observer.cli import add_command, study_argument


def register(sub) -> None:
    """Add the analysis commands."""
    summary = add_command(sub, "summary", _summary, "per-session rupture summaries")
    study_argument(summary)
    summary.add_argument("--session", metavar="ID", help="one session in detail (timeline, peaks)")
    summary.add_argument("--rater", metavar="NAME|consensus|mean",
                         help="whose codes: a rater, consensus, or the mean of raters (default: each rater)")
    summary.add_argument("--format", default="table", choices=["table", "csv", "json"])


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
