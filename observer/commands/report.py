"""observer report: a therapist feedback report (HTML) for one session, or for every session with an index."""

from __future__ import annotations

import argparse
from pathlib import Path

from observer.cli import add_command, study_argument
from observer.errors import ObserverError
from observer.tables import plural, terminal_text


def register(sub) -> None:
    """Add the report command."""
    report = add_command(sub, "report", _report, "write a therapist feedback report (one self-contained HTML file)")
    study_argument(report)
    which = report.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", metavar="ID", help="the session to report on")
    which.add_argument("--all", action="store_true", help="one report per coded session plus index.html (-o DIR)")
    report.add_argument("--rater", metavar="NAME|consensus|mean",
                        help="whose codes (default: consensus, else the only rater, else the mean of the raters)")
    report.add_argument("-o", "--output", type=Path, metavar="FILE.html|DIR",
                        help="the report file (default: report-ID.html here); with --all, the folder")
    report.add_argument("--audience", default="therapist", choices=["therapist", "supervisor"],
                        help="therapist (default): no rater names, coders' notes or consensus reasons; "
                             "supervisor: with them, marked as the supervisor's copy")


def _report(args: argparse.Namespace) -> int:
    from observer.outputs import check_target
    from observer.report import StudyFrames, write_all, write_report
    from observer.report.write import file_name
    from observer.store import Study

    if args.all and args.output is None:
        raise ObserverError("--all needs a folder to write into", field="-o", hint="Add -o DIR.")
    path = args.output or Path(file_name(args.session, set()))
    if not args.all:
        check_target(path, [args.study])  # before the study is even opened
    with Study.open(args.study) as study:
        frames = StudyFrames.for_session(study, args.session) if args.session else StudyFrames.from_study(study)
        title = Path(study.name).stem
    if args.all:
        files = write_all(frames, args.output, title=title, rater=args.rater, audience=args.audience,
                          inputs=[args.study])
        print(f"wrote {plural(len(files) - 1, 'report')} and {terminal_text(files[-1])} ({args.audience}'s copies)")
        return 0
    write_report(frames, args.session, path, rater=args.rater, audience=args.audience, inputs=[args.study])
    print(terminal_text(f"wrote the report of session {args.session} to {path} (the {args.audience}'s copy)"))
    return 0
