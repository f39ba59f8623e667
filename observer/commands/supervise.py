"""observer assign|master|calibrate|drift|consensus: the supervisor's workflows."""

from __future__ import annotations

import argparse
import json
import sys

from observer.cli import add_command, study_argument
from observer.store.engine import shown
from observer.errors import StudyError
from observer.tables import csv_output, format_table, json_text, plural, segment_label, terminal_text


def register(sub) -> None:
    """Add the supervisor commands."""
    assign = add_command(sub, "assign", _assign, "assign sessions to raters, with a random double-coded sample")
    study_argument(assign)
    assign.add_argument("--raters", required=True, metavar="A,B,C", help="the raters, comma-separated")
    assign.add_argument("--double", default="0.25", metavar="SHARE|N|Nsegments",
                        help="sessions a second rater also codes: a share (0.25 or 25%%, default 0.25), a number "
                             "of sessions (40), or enough whole sessions for N segments (300segments, e.g. the "
                             "answer of observer reliability plan)")
    assign.add_argument("--seed", type=int, metavar="N", help="seed of the random draw (printed when not given)")
    assign.add_argument("--by", choices=["therapist", "client"], help="stratify the double-coded sample")
    again = assign.add_mutually_exclusive_group()
    again.add_argument("--new", action="store_true", help="assign only the sessions without an assignment")
    again.add_argument("--force", action="store_true",
                       help="assign again every session nobody has started coding (started ones keep their raters)")

    master = add_command(sub, "master", _master, "mark master (training) sessions, or list them")
    study_argument(master)
    master.add_argument("--sessions", metavar="S1,S2", help="the sessions, comma-separated")
    master.add_argument("--from", dest="source", metavar="NAME|consensus",
                        help="whose codes on those sessions are the master codes")
    master.add_argument("--clear", action="store_true", help="stop treating the sessions as master sessions")

    calibrate = add_command(sub, "calibrate", _calibrate, "a trainee's agreement with the master codes, pass or fail")
    study_argument(calibrate)
    calibrate.add_argument("--trainee", metavar="NAME", help="the rater in training")
    calibrate.add_argument("--master", metavar="NAME",
                           help="compare with this rater on every shared session instead of the master sessions")
    calibrate.add_argument("--set-threshold", action="append", default=[], metavar="NAME=VALUE",
                           help="store a threshold in the study: kappa=0.6, alpha=0.667 (repeatable)")
    calibrate.add_argument("--top", type=int, default=10, metavar="N", help="segments that differ most to list")
    calibrate.add_argument("--format", default="table", choices=["table", "csv", "json"])

    drift = add_command(sub, "drift", _drift, "each rater's agreement over time, with drops flagged")
    study_argument(drift)
    drift.add_argument("--by", default="week", choices=["week", "batch"], help="periods (default: week of coding)")
    drift.add_argument("--batch-size", type=int, default=5, metavar="N", help="sessions per batch (default 5)")
    drift.add_argument("--against", default="master", choices=["master", "others"],
                       help="the master codes (default) or the other raters' majority reading")
    drift.add_argument("--drop", type=float, default=0.15, metavar="X",
                       help="flag a kappa more than X under the rater's running mean (default 0.15)")
    drift.add_argument("--format", default="table", choices=["table", "csv", "json"])

    consensus = add_command(sub, "consensus", _consensus,
                            "settle the disagreements of a double-coded session (opens the consensus screen)")
    study_argument(consensus)
    consensus.add_argument("--session", required=True, metavar="ID")
    consensus.add_argument("--as", dest="supervisor", metavar="NAME", help="your name, recorded with each decision")
    consensus.add_argument("--list", action="store_true", help="print the disagreements instead of opening the screen")
    consensus.add_argument("--adopt", action="store_true", help="adopt the values the raters agree on, then stop")
    consensus.add_argument("--decide", nargs=3, metavar=("SEGMENT", "ITEM", "VALUE"),
                           help="record one consensus value (SEGMENT from 1 as --list shows it, 'session' for "
                                "global items; VALUE '-' for none)")
    consensus.add_argument("--reason", metavar="TEXT", help="why (required with --decide)")


def _assign(args: argparse.Namespace) -> int:
    from observer.store import Study
    from observer.supervision import assign, loads
    from observer.supervision.assignment import Sample

    mode = "new" if args.new else "force" if args.force else "fresh"
    sample = Sample.parse(args.double)
    with Study.open(args.study) as study:
        result = assign(study, args.raters.split(","), double=sample, seed=args.seed, by=args.by, mode=mode)
        everything = study.assignments()
    if not result.sessions:
        print("every session already has an assignment; nothing to do")
        return 0
    doubles = [a.session_id for a in result.assignments if a.role == "second"]
    stratified = f", stratified by {args.by}" if args.by else ""
    print(f"assigned {plural(len(result.sessions), 'session')} (seed {result.seed}; {len(doubles)} double-coded"
          f"{stratified})")
    if sample.segments is not None:
        print(f"double-coded sample: {result.double_target} session(s) for {result.double_basis}")
    rows = [[rater, c["primary"], c["second"], c["primary"] + c["second"]] for rater, c in loads(everything).items()]
    print(format_table(["rater", "primary", "second", "total"], rows))
    for label, ids in (("double-coded now", doubles), ("kept as they were", result.kept),
                       ("already coded, given to their coders", result.adopted),
                       ("master sessions, not assigned", result.skipped_master)):
        if ids:
            print(terminal_text(f"{label}: {_listed(ids)}"))
    print(f"the same draw again: --seed {result.seed}")
    return 0


def _master(args: argparse.Namespace) -> int:
    from observer.store import Study

    sessions = _names(args.sessions)
    if (args.source or args.clear) and not sessions:
        raise StudyError("name the sessions to mark or unmark", field="sessions", hint="Pass --sessions s1,s2.")
    if sessions and not (args.source or args.clear):
        raise StudyError("say whose codes are the master codes", field="from",
                         hint="Pass --from NAME (a rater) or --from consensus; or --clear to unmark.")
    with Study.open(args.study) as study:
        if args.clear:
            removed = study.unmark_master(sessions)
            print(f"{removed} session(s) are no longer master sessions")
        elif sessions:
            study.mark_master(sessions, args.source)
            print(terminal_text(f"marked {_listed(sessions)} as master sessions (master codes: {args.source})"))
        masters = study.master_sessions()
    if not masters:
        print(f"no master sessions; mark some with: observer master {shown(args.study)} --sessions S1,S2 --from NAME")
    elif not sessions:
        print(format_table(["session", "master codes"], [[s, who] for s, who in masters.items()]))
    return 0


def _calibrate(args: argparse.Namespace) -> int:
    from observer.store import Study
    from observer.supervision import calibrate, set_threshold, thresholds

    if not args.trainee and not args.set_threshold:
        raise StudyError("name the trainee", field="trainee", hint="Pass --trainee NAME (or --set-threshold only).")
    if args.top < 0:
        raise StudyError("--top must be 0 or more", field="top", hint="e.g. --top 10.")
    with Study.open(args.study) as study:
        for text in args.set_threshold:
            name, value = set_threshold(study, text)
            print(f"calibration threshold {name} set to {value:g}", file=sys.stderr if args.trainee else sys.stdout)
        if not args.trainee:
            print("thresholds: " + ", ".join(f"{k} {v:g}" for k, v in thresholds(study).items()))
            return 0
        result = calibrate(study, args.trainee, master=args.master, top=args.top)
    if args.format == "csv":
        sys.stdout.write(csv_output(result.table))
    elif args.format == "json":
        print(json_text(_calibration_json(result), indent=2))
    else:
        print(_calibration_text(result))
    return 0


def _calibration_text(result) -> str:
    table = result.table
    rows = [[r.group, r.level, _items(r.items, r.level), r.statistic, _number(r.value), r.n_units,
             _number(r.threshold), r.result, r.note] for r in table.itertuples(index=False)]
    lines = [terminal_text(f"Calibration of {result.trainee} against {result.master}"),
             format_table(["group", "level", "items", "statistic", "value", "n_units", "threshold", "result", "note"],
                          rows), "",
             "groups: " + ", ".join(f"{g} {v}" for g, v in result.groups.items()),
             f"verdict: {result.verdict.upper()} (thresholds: "
             + ", ".join(f"{k} {v:g}" for k, v in result.thresholds.items()) + ")"]
    if not result.differences.empty:
        lines += ["", terminal_text(f"Segments where {result.trainee} differs most from the master"),
                  format_table(["session", "segment", "items", "size", "differences"],
                               result.differences.values.tolist())]
    return "\n".join(lines)


def _items(ids: str, level: str) -> str:
    """A block's items as the table shows them: the id of a single item, else how many."""
    count = ids.count(",") + 1
    return ids if count == 1 else f"{count} {'markers' if level == 'presence' else 'ratings'}"


def _calibration_json(result) -> dict:
    return {"trainee": result.trainee, "master": result.master, "sessions": list(result.sessions),
            "thresholds": result.thresholds, "verdict": result.verdict, "groups": result.groups,
            "statistics": json.loads(result.table.to_json(orient="records")),
            "differences": json.loads(result.differences.astype(object).to_json(orient="records"))}


def _drift(args: argparse.Namespace) -> int:
    from observer.store import Study
    from observer.supervision import drift, plot_lines

    with Study.open(args.study) as study:
        result = drift(study, by=args.by, against=args.against, batch_size=args.batch_size, drop=args.drop)
    table = result.table
    if args.format == "csv":
        sys.stdout.write(csv_output(table))
        return 0
    if args.format == "json":
        print(json_text({"by": result.by, "against": result.against, "threshold": result.threshold,
                          "drop": result.drop, "rows": json.loads(table.to_json(orient="records"))}, indent=2))
        return 0
    rows = [[r.rater, r.period, r.sessions, r.units, _number(r.agreement), _number(r.kappa), _number(r.running_mean),
             r.flag, r.note] for r in table.itertuples(index=False)]
    print(f"Agreement with the {'master codes' if result.against == 'master' else 'other raters'} "
          f"on marker presence, by {result.by}")
    print(format_table(["rater", result.by, "sessions", "units", "agreement", "kappa", "running mean", "flag", "note"],
                       rows))
    print("\n" + "\n".join(terminal_text(line) for line in plot_lines(result)))
    print(f"\nflags: below = kappa under {result.threshold:g}; drop = kappa more than {result.drop:g} under the "
          "mean of the rater's earlier periods (after two)")
    if not result.flagged.empty:
        print(terminal_text("flagged: " + ", ".join(f"{r.rater} {r.period}"
                                                    for r in result.flagged.itertuples(index=False))))
    return 0


def _consensus(args: argparse.Namespace) -> int:
    from observer.store import Study
    from observer.supervision import ConsensusSession

    writing = args.adopt or args.decide or not args.list
    if writing and not args.supervisor:
        raise StudyError("consensus decisions need your name", field="as", hint="Pass --as NAME.")
    if args.decide and not (args.reason or "").strip():
        raise StudyError("a consensus decision needs a reason", field="reason",
                         hint='Pass --reason "why this value", e.g. --reason "the client changes topic twice".')
    if not (args.list or args.adopt or args.decide):
        return _open_consensus(args)
    with Study.open(args.study) as study:
        walk = ConsensusSession(study, args.session, args.supervisor)
        if writing:
            print(f"adopted {walk.adopt_agreements()} value(s) the raters agree on")
        if args.decide:
            _decide(walk, *args.decide, args.reason)
        print(_consensus_text(walk))
    return 0


def _decide(walk, segment: str, item: str, value: str, reason: str) -> None:
    unit = None if segment.lower() in ("session", "-") else _segment_number(segment) - 1
    decision = walk.decide(unit, item, None if value.lower() in ("-", "none") else value, reason)
    value = "empty" if decision.value is None else decision.value
    print(terminal_text(f"consensus {item} = {value} at {segment_label(unit)}, decided by {decision.decided_by}: "
                        f"{decision.reason}"))


def _segment_number(text: str) -> int:
    """A segment as the user counts it (from 1, as the coder and ``--list`` show it)."""
    if not text.isdecimal() or not text.isascii() or int(text) < 1:
        raise StudyError(f"{text!r} is not a segment number", field="SEGMENT",
                         hint="Give the segment's number as --list shows it (from 1), "
                              "or 'session' for session-level items.")
    return int(text)


def _consensus_text(walk) -> str:
    rows = []
    for c in walk.disagreements():
        readings = [("-" if r.value is None else str(r.value)) + (f" ({r.note})" if r.note else "")
                    for r in c.readings]
        status = "pending" if c.pending else f"decided by {c.decision.decided_by}"
        rows.append(["session" if c.segment is None else c.segment + 1, c.item.id, *readings,
                     "-" if c.value is None else c.value, status])
    pending = sum(row[-1] == "pending" for row in rows)
    units = walk.units()
    open_units = [u.segment for u in units if not u.consensus_complete]
    head = terminal_text(f"session {walk.session_id}: {plural(len(rows), 'disagreement')} between "
                         f"{', '.join(walk.raters)}, {pending} pending; consensus complete in "
                         f"{len(units) - len(open_units)} of {plural(len(units), 'unit')}")
    lines = [head]
    if rows:
        lines.append(format_table(["segment", "item", *walk.raters, "consensus", "status"], rows))
    unfinished = sorted({r for u in units for r in u.unfinished})
    if unfinished:
        lines.append(terminal_text(f"not yet complete by {', '.join(unfinished)}: "
                                   "the consensus waits for their units"))
    if open_units and not pending and not unfinished:
        lines.append(terminal_text("open units break the scheme's rules: " + "; ".join(
            f"{segment_label(u)}: " + ", ".join(p.message for p in walk.problems(u)) for u in open_units)))
    return "\n".join(lines)


def _open_consensus(args: argparse.Namespace) -> int:
    from observer.store import Study
    from observer.store.backup import rolling_backup
    from observer.supervision import ConsensusSession

    with Study.open(args.study) as study:
        ConsensusSession(study, args.session, args.supervisor)  # refuses a session without two raters
    from observer.tui.consensus_app import ConsensusApp

    rolling_backup(args.study)
    ConsensusApp(study=args.study, session=args.session, supervisor=args.supervisor).run()
    return 0


def _names(text: str | None) -> list[str]:
    return [name.strip() for name in (text or "").split(",") if name.strip()]


def _listed(ids: list[str], limit: int = 12) -> str:
    return ", ".join(ids[:limit]) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _number(value) -> str:
    return "-" if value is None or value != value else f"{value:.3f}"
