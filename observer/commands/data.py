"""observer export and observer codes import: tidy tables out, codes from elsewhere in."""

from __future__ import annotations

import argparse
from pathlib import Path

from observer.cli import add_command, study_argument
from observer.tables import plural, terminal_text

EXPORTS = ("codes", "utterances", "segments", "sessions", "summary")


def register(sub) -> None:
    """Add the export and codes commands."""
    export = add_command(sub, "export", _export, "export codes, utterances or segments as CSV, XLSX or Parquet")
    study_argument(export)
    export.add_argument("--what", default="codes", choices=EXPORTS)
    export.add_argument("--format", choices=["csv", "xlsx", "parquet"],
                        help="default: from the output file's extension")
    export.add_argument("--session", metavar="ID", help="only this session")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")

    codes = sub.add_parser("codes", help="bring in codes made elsewhere", description="Import codes.")
    actions = codes.add_subparsers(title="codes commands", metavar="ACTION", required=True)
    imp = add_command(actions, "import", _codes_import, "import codes in the long format of observer export")
    study_argument(imp)
    imp.add_argument("file", type=Path, metavar="CODES.csv")
    imp.add_argument("--overwrite", action="store_true",
                     help="replace values the study changed after the file's coded_at (refused by default)")


def _export(args: argparse.Namespace) -> int:
    from observer.export import export_frame, frame_for
    from observer.outputs import check_target
    from observer.store import Study

    check_target(args.output, [args.study])  # before the study is even opened
    with Study.open(args.study) as study:
        frame = frame_for(study, args.what, session_id=args.session)
    fmt = export_frame(frame, args.output, args.format, inputs=[args.study])
    print(f"wrote {plural(len(frame), 'row')} of {args.what} to {terminal_text(args.output)} ({fmt})")
    return 0


def _codes_import(args: argparse.Namespace) -> int:
    from observer.codes_io import read_codes_csv
    from observer.store import Study

    with Study.open(args.study) as study:
        codes, complete = read_codes_csv(args.file, study, overwrite=args.overwrite)
        changed = study.import_codes(codes, complete)
    notes = sum(1 for c in codes if not c.item)
    read = plural(len(codes), "row") + (f" ({plural(notes, 'unit note')})" if notes else "")
    if not changed:
        print(f"read {read} from {terminal_text(args.file)}: the study already holds all of it; nothing recorded")
    else:
        print(f"imported {read} from {terminal_text(args.file)}: {plural(changed, 'change')} recorded "
              f"(rows already as in the study record nothing); {plural(len(complete), 'unit')} complete")
    return 0
