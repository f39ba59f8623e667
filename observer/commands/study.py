"""observer init|import|sessions|media: create a study and bring sessions into it."""

from __future__ import annotations

import argparse
from pathlib import Path

from observer.cli import add_command, study_argument
from observer.store.engine import shown
from observer.tables import format_duration, format_table, terminal_text


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

    with Study.open(args.study) as study:
        sessions = study.sessions()
        done = study.completed_units()
        raters = study.raters()
        assignments = study.assignments()
        assigned: dict[str, dict[str, str]] = {}
        for a in assignments:
            assigned.setdefault(a.session_id, {})[a.role] = a.rater
        masters = study.master_sessions()
        rows = []
        for s in sessions:
            progress = []
            for rater in raters:
                units = done.get((s.id, rater), set())
                segs = sum(1 for u in units if u is not None)
                if units:
                    progress.append(f"{rater} {segs}/{s.n_segments}" + (" +globals" if None in units else ""))
            coders = assigned.get(s.id, {})
            plan = [" + ".join(coders[r] for r in ("primary", "second") if r in coders) or "-",
                    "yes" if "second" in coders else ""] if assigned else []
            training = [f"master ({masters[s.id]})" if s.id in masters else ""] if masters else []
            rows.append([s.id, s.therapist, s.client, s.date, format_duration(s.duration), s.n_segments,
                         s.n_utterances, *plan, *training, ", ".join(progress) or "-"])
        workload = []
        if assignments:  # the scheme is read only here: loading it costs a quick listing its speed
            has_globals = bool(study.scheme.session_items)
            n_segments = {s.id: s.n_segments for s in sessions}
            finished = {key for key, units in done.items()
                        if len([u for u in units if u is not None]) == n_segments[key[0]]
                        and (None in units or not has_globals)}
            workload = _workload(assignments, finished)
    if not rows:
        print(f"{shown(args.study)}: no sessions yet; add some with: observer import {shown(args.study)} FILE")
        return 0
    plan_headers = (["assigned", "double"] if assigned else []) + (["training"] if masters else [])
    print(format_table(["session", "therapist", "client", "date", "duration", "segments", "utterances",
                        *plan_headers, "progress"], rows))
    if workload:
        print()
        print(format_table(["rater", "assigned", "as second", "finished", "to do"], workload))
    return 0


def _workload(assignments, finished: set[tuple[str, str]]) -> list[list]:
    """Per rater: sessions assigned, those as second coder, finished (every unit complete), left to do."""
    per_rater: dict[str, list[str]] = {}
    seconds: dict[str, int] = {}
    for a in assignments:
        per_rater.setdefault(a.rater, []).append(a.session_id)
        seconds[a.rater] = seconds.get(a.rater, 0) + (a.role == "second")
    rows = []
    for rater, ids in sorted(per_rater.items()):
        complete = sum((s, rater) in finished for s in ids)
        rows.append([rater, len(ids), seconds[rater], complete, len(ids) - complete])
    return rows


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
