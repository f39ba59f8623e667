"""observer review: the supervisor's agreement screen (reliability table, disagreements, segments)."""

from __future__ import annotations

import argparse

from observer.cli import add_command, study_argument
from observer.errors import AnalysisError


def register(sub) -> None:
    """Add the review command."""
    review = add_command(sub, "review", _review,
                         "review agreement on screen: reliability table, disagreements, each rater's codes")
    study_argument(review)
    review.add_argument("--by", action="append", choices=["item", "group", "pair", "session"],
                        help="scope of the rows (repeatable; default: every scope)")
    review.add_argument("--boot", type=int, default=1000, metavar="N", help="bootstrap resamples per interval (0: none)")
    review.add_argument("--seed", type=int, metavar="N", help="seed for a reproducible bootstrap")


def _review(args: argparse.Namespace) -> int:
    from observer.store import Study

    if args.boot < 0:
        raise AnalysisError("--boot must be 0 or more", field="boot", hint="Pass --boot 0 to skip the bootstrap.")
    Study.open(args.study).close()  # a bad path or file is a one-line error before the screen opens
    from observer.tui.review_app import ReviewApp

    ReviewApp(study=args.study, by=args.by, n_boot=args.boot, seed=args.seed).run()
    return 0
