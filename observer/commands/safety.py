"""observer backup|merge|history and observer scheme upgrade: keep a study's work safe and accounted for."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from observer.cli import add_command, study_argument
from observer.store.engine import shown, study_target
from observer.tables import csv_text, json_text, terminal_text

HISTORY_COLUMNS = ("id", "at", "rater", "session_id", "segment_index", "item", "action", "target", "old", "new",
                   "decided_by", "reason")
UPGRADE_EPILOG = """\
MAP.yaml says what becomes of the old scheme's items, for example:

  rename:            # old item id: new item id
    wd_shift: wd_avoid
  drop:              # old items whose codes are removed (the history keeps them)
    - rs_clarify_impact
  values:            # per old item: old value: new value
    wd_significance: {1: 1, 2: 1, 3: 2}

Every old item the new scheme lacks must be renamed or dropped. The study is backed up first.
"""


def register(sub) -> None:
    """Add the backup, merge and history commands."""
    from observer.store.merge import PREFERENCES

    backup = add_command(sub, "backup", _backup, "copy a study safely, even while raters are coding in it")
    study_argument(backup)
    backup.add_argument("dest", nargs="?", type=Path, metavar="DEST",
                        help="a new file or a folder (default: STUDY.backups/)")

    merge = add_command(sub, "merge", _merge, "bring in codes made in a copy of the study elsewhere")
    study_argument(merge)
    merge.add_argument("other", type=study_target, metavar="OTHER", help="the copy that was coded elsewhere")
    merge.add_argument("--prefer", choices=PREFERENCES,
                       help="how to resolve conflicts (default: list them and merge nothing)")

    history = add_command(sub, "history", _history, "list every recorded change: who, when, where, old and new")
    study_argument(history)
    history.add_argument("--session", metavar="ID", help="only this session")
    history.add_argument("--rater", metavar="NAME", help="only this rater")
    history.add_argument("--format", default="table", choices=["table", "csv", "json"])
    history.add_argument("--logins", action="store_true",
                         help="list the lab server's logins, failed logins, logouts and lock-outs instead "
                              "(--rater: one account)")


def register_upgrade(actions) -> None:
    """Add ``observer scheme upgrade`` to the scheme command group."""
    upgrade = add_command(actions, "upgrade", _upgrade, "move a study's codes to a new version of its scheme")
    upgrade.formatter_class = argparse.RawDescriptionHelpFormatter
    upgrade.epilog = UPGRADE_EPILOG
    study_argument(upgrade)
    upgrade.add_argument("scheme", metavar="NEW.yaml", help="the new scheme (a file or a shipped name)")
    upgrade.add_argument("--map", required=True, type=Path, metavar="MAP.yaml", dest="map_file",
                         help="how old items and values become new ones")


def _backup(args: argparse.Namespace) -> int:
    from observer.store.backup import backup_study

    target = backup_study(args.study, args.dest)
    print(terminal_text(f"backed up {shown(args.study)} to {target}"))
    return 0


def _merge(args: argparse.Namespace) -> int:
    from observer.store import Study
    from observer.store.merge import merge_studies

    with Study.open(args.study) as study, Study.open(args.other) as other:
        report = merge_studies(study, other, args.prefer)
    print(terminal_text(f"merged {shown(args.other)} into {shown(args.study)}: {report.history_copied} history "
                        f"entries copied; cells (codes and unit states): {report.added} added, {report.updated} "
                        f"updated, {report.identical} already identical, {len(report.conflicts)} in conflict "
                        f"({report.kept_ours} kept ours, {report.took_theirs} took theirs)"))
    for conflict in report.conflicts:
        print(terminal_text(f"  conflict: {conflict.describe()}"))
    if report.backup:
        print(f"the study as it was before is in {report.backup}")
    return 0


def _history(args: argparse.Namespace) -> int:
    from observer.errors import StudyError
    from observer.store import Study

    if args.logins:
        return _logins(args)

    with Study.open(args.study) as study:
        if args.session:
            study.session(args.session)
        if args.rater and args.rater not in study.raters():
            raise StudyError(f"no rater {args.rater!r} in this study.", file=shown(args.study),
                             hint=f"Known raters: {', '.join(study.raters()) or 'none yet'}.")
        entries = study.history(session_id=args.session, rater=args.rater)
        decisions = {d.history_id: d for d in study.consensus_decisions(args.session)}
    rows = [_history_row(e, decisions.get(e.id)) for e in entries]
    if args.format == "json":
        print(json_text(rows, indent=1))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, HISTORY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: csv_text(v) if isinstance(v, str) else v
                          for k, v in {**r, "old": json.dumps(r["old"]), "new": json.dumps(r["new"])}.items()}
                         for r in rows)
    else:
        _print_history_table(rows, args.study, filtered=bool(args.session or args.rater))
    return 0


def _logins(args: argparse.Namespace) -> int:
    """The access log of observer serve, oldest first."""
    from dataclasses import asdict

    from observer.store import Study
    from observer.tables import format_table

    with Study.open(args.study) as study:
        rows = [asdict(event) for event in study.access_log(args.rater)]
    if args.format == "json":
        print(json.dumps(rows, indent=1, ensure_ascii=False))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, ["id", "at", "account", "event", "address"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    elif not rows:
        print(f"{shown(args.study)}: no logins recorded")
    else:
        print(format_table(["id", "at", "account", "event", "address"], [list(row.values()) for row in rows]))
    return 0


def _history_row(entry, decision) -> dict:
    """One change; a consensus change carries who decided it and why."""
    return {"id": entry.id, "at": entry.at, "rater": entry.rater, "session_id": entry.session_id,
            "segment_index": entry.segment, "item": entry.item, "action": entry.action, "target": entry.target,
            "old": entry.old, "new": entry.new, "decided_by": decision.decided_by if decision else "",
            "reason": decision.reason if decision else ""}


def _print_history_table(rows: list[dict], study: Path, *, filtered: bool) -> None:
    from observer.store.audit import describe_state
    from observer.tables import format_table

    if not rows:
        print(f"{shown(study)}: no changes recorded" + (" for this session and rater" if filtered else ""))
        return
    table = [[r["id"], r["at"], r["rater"], r["session_id"], "session" if r["segment_index"] is None
              else r["segment_index"] + 1, r["item"] or "(unit)", r["action"],
              f"{describe_state(r['old'])} -> {describe_state(r['new'])}",
              f"{r['decided_by']}: {r['reason']}" if r["decided_by"] else ""] for r in rows]
    print(format_table(["id", "at", "rater", "session", "segment", "item", "action", "old -> new", "decided"], table))


def _upgrade(args: argparse.Namespace) -> int:
    from observer.scheme import load_scheme
    from observer.store import Study
    from observer.store.upgrade import load_map, upgrade_scheme

    with Study.open(args.study, allow_scheme_drift=True) as study:
        new = load_scheme(args.scheme)
        mapping = load_map(args.map_file)
        report = upgrade_scheme(study, new, mapping)
    if not report.changed:
        print(f"{shown(args.study)} already uses {new.id} {new.version} ({new.content_hash[:12]}); "
              "nothing to upgrade")
        return 0
    print(f"upgraded {shown(args.study)} to {new.id} {new.version} ({new.content_hash[:12]}): "
          f"{report.kept} code(s) kept, "
          f"{report.renamed} renamed, {report.revalued} with mapped values, {report.dropped} dropped; "
          f"{report.reopened} complete unit(s) reopened")
    if report.backup:
        print(f"the study as it was before is in {report.backup}")
    return 0
