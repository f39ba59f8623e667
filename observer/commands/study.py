"""observer init|import|sessions|media: create a study and bring sessions into it."""

from __future__ import annotations

import argparse
from pathlib import Path

from observer.cli import add_command, study_argument
from observer.store.engine import shown
from observer.tables import terminal_text


def register(sub) -> None:
    """Add the study-building commands."""
    init = add_command(sub, "init", _init, "create a study file with a coding scheme")
    study_argument(init)
    init.add_argument("--scheme", required=True, metavar="NAME|PATH",
                      help="a shipped scheme (3rs-2015, 3rs-2022-dyadic, wai-o-s) or a scheme file")

    imp = add_command(sub, "import", _import, "import transcripts (or a recording) as sessions")
    study_argument(imp)
    imp.add_argument("files", nargs="*", metavar="FILE", help="transcript files; none with --media/--duration")
    imp.add_argument("--session", metavar="ID", help="session id (default: the file name)")
    imp.add_argument("--therapist", default="", metavar="ID")
    imp.add_argument("--client", default="", metavar="ID")
    imp.add_argument("--date", default="", metavar="YYYY-MM-DD")
    imp.add_argument("--media", metavar="PATH", help="the session's recording")
    imp.add_argument("--duration", type=float, metavar="SECONDS", help="session length (media-only sessions)")
    imp.add_argument("--format", default="auto", choices=["auto", "srt", "vtt", "eaf", "csv", "annomi", "txt"])
    imp.add_argument("--tier", metavar="NAME", help="ELAN: import only this tier (any tier type)")
    imp.add_argument("--overlaps", default="error", choices=["error", "merge"],
                     help="overlapping cues of one speaker: stop (default), or merge: fold repeated caption "
                     "lines and trim overlaps up to 1 s (see docs/formats.md)")
    imp.add_argument("--allow-duplicate", action="store_true",
                     help="import a transcript even when a session with the same utterances exists")

    sessions = add_command(sub, "sessions", _sessions, "list sessions with duration, segments and progress")
    study_argument(sessions)

    media = sub.add_parser("media", help="link sessions to their recordings", description="Link recordings.")
    actions = media.add_subparsers(title="media commands", metavar="ACTION", required=True)
    link = add_command(actions, "link", _media_link, "link a session to its recording")
    study_argument(link)
    link.add_argument("session", metavar="SESSION")
    link.add_argument("path", type=Path, metavar="PATH")
    link.add_argument("--offset", type=float, metavar="SECONDS",
                      help="where the transcript's zero lies in the recording")


def _init(args: argparse.Namespace) -> int:
    from observer.scheme import load_scheme
    from observer.store import Study

    scheme = load_scheme(args.scheme)
    Study.create(args.study, scheme).close()
    print(f"created {shown(args.study)} with scheme {scheme.id} {scheme.version}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from observer.importing import SessionDetails, import_files, import_media_only
    from observer.store import Study

    details = SessionDetails(args.session, args.therapist, args.client, args.date, args.media, args.duration)
    with Study.open(args.study) as study:
        if args.files:
            imported = import_files(study, args.files, details, format=args.format, tier=args.tier,
                                    overlaps=args.overlaps, allow_duplicate=args.allow_duplicate)
            added, notes = imported.sessions, imported.notes
        else:
            added, notes = [import_media_only(study, details)], []
    names = ", ".join(s.id for s in added[:5]) + (" ..." if len(added) > 5 else "")
    utterances = sum(s.n_utterances for s in added)
    print(terminal_text(f"imported {len(added)} session(s), {utterances} utterances, into {shown(args.study)}: "
                        f"{names}"))
    for note in notes:
        print(terminal_text(f"  note: {note}"))
    return 0


def _sessions(args: argparse.Namespace) -> int:
    from observer.store import Study
    from observer.supervision.overview import sessions_overview

    with Study.open(args.study) as study:
        overview = sessions_overview(study)
    if overview is None:
        print(f"{shown(args.study)}: no sessions yet; add some with: observer import {shown(args.study)} FILE")
        return 0
    print(overview)
    return 0


def _media_link(args: argparse.Namespace) -> int:
    from observer.errors import IngestError
    from observer.importing import relative_to_study
    from observer.store import Study

    if not args.path.is_file():
        raise IngestError("the recording does not exist", file=args.path, hint="Check the path.")
    with Study.open(args.study) as study:
        study.set_media(args.session, relative_to_study(Path(args.path), study.path), args.offset)
    print(terminal_text(f"linked {args.session} to {args.path}"))
    return 0
