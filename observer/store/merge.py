"""Merge the codes made in a copy of a study elsewhere, with their history, conflicts resolved only as told.

Each history entry records one cell's state before and after a change, so the two files'
histories say what each side did since they parted. An entry of the other file that this
file lacks is copied (its action prefixed ``merge:``, so undo never replays it). A cell the
other file changed is then taken from it when this file still holds the state the other
side's changes started from; when both sides changed it to different states it is a
conflict, which ``prefer`` resolves (``ours``, ``theirs``, or ``newest`` change) or which
stops the merge with nothing written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from observer.errors import StudyError
from observer.store.audit import describe_place, describe_state
from observer.store.cells import apply_code, apply_unit, code_state, db_segment, register_rater, unit_state
from observer.store.study import Study

PREFERENCES = ("ours", "theirs", "newest")
MERGED_PREFIX = "merge:"
MAX_LISTED = 10

Cell = tuple[str, int | None, str, str]
"""(session, segment or None for the session level, rater, item or '' for the unit state)."""


@dataclass(frozen=True)
class Conflict:
    """A cell both files changed to different states since they parted."""

    cell: Cell
    ours: dict
    theirs: dict
    ours_at: str
    theirs_at: str

    def describe(self) -> str:
        """One line: where, and each side's state with the time of its latest change."""
        return (f"{describe_place(*self.cell)}: ours {describe_state(self.ours)} ({self.ours_at or 'never'}), "
                f"theirs {describe_state(self.theirs)} ({self.theirs_at})")


@dataclass
class MergeReport:
    """What a merge did, in cells (codes and unit states) and history entries."""

    history_copied: int = 0
    added: int = 0
    updated: int = 0
    identical: int = 0
    kept_ours: int = 0
    took_theirs: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    backup: Path | None = None

    @property
    def changed(self) -> int:
        """Cells of this study the merge changed."""
        return self.added + self.updated + self.took_theirs


@dataclass(frozen=True)
class _Entry:
    """A history row as stored, with the identity it keeps across copies of the file."""

    id: int
    at: str
    rater: str
    session_id: str
    segment: int
    item: str
    action: str
    target: int | None
    old: str
    new: str

    @property
    def fingerprint(self) -> tuple:
        return (self.at, self.rater, self.session_id, self.segment, self.item,
                self.action.removeprefix(MERGED_PREFIX), self.old, self.new)

    @property
    def cell(self) -> Cell:
        return (self.session_id, None if self.segment < 0 else self.segment, self.rater, self.item)


def merge_studies(study: Study, other: Study, prefer: str | None = None, *, backup: bool = True) -> MergeReport:
    """Bring into ``study`` the changes ``other`` made since the two files parted, in one transaction.

    Refuses (StudyError, nothing written) when the scheme hashes differ, a session the
    other file coded is missing here or cut differently, or cells conflict and ``prefer``
    is None. With ``backup``, ``study`` is backed up first whenever it will change.
    """
    if prefer is not None and prefer not in PREFERENCES:
        raise StudyError(f"unknown preference {prefer!r}.", field="--prefer",
                         hint=f"Use one of: {', '.join(PREFERENCES)}.")
    _check_compatible(study, other)
    ours = _entries(study)
    theirs = _entries(other)
    our_prints = {e.fingerprint for e in ours}
    new = [e for e in theirs if e.fingerprint not in our_prints]
    report = MergeReport(history_copied=len(new))
    if not new:
        return report
    _check_sessions(study, other, {e.session_id for e in new})
    plan = _plan(study, other, ours, new, prefer, report)
    if report.conflicts and prefer is None:
        listed = "; ".join(c.describe() for c in report.conflicts[:MAX_LISTED])
        more = f" (and {len(report.conflicts) - MAX_LISTED} more)" if len(report.conflicts) > MAX_LISTED else ""
        raise StudyError(
            f"{len(report.conflicts)} conflict(s): the same rater, unit and item hold different values in "
            f"the two files: {listed}{more}.",
            file=other.location,
            hint="Nothing was merged. Say how to resolve them: --prefer ours, --prefer theirs or --prefer newest.",
        )
    if backup:
        from observer.store.backup import backup_study

        report.backup = backup_study(study.target)
    with study.transaction():
        _copy_history(study, other, ours, new, {e.id: e for e in theirs})
        for cell, state, coded_at in plan:
            _write(study, cell, state, coded_at)
    return report


def _check_compatible(study: Study, other: Study) -> None:
    if study.db.same_as(other.db):
        raise StudyError("a study cannot be merged with itself.", file=other.location,
                         hint="Give the copy of the study that was coded elsewhere as OTHER.")
    if study.scheme_hash != other.scheme_hash:
        raise StudyError(
            f"the two studies use different versions of the scheme: {study.location} has {study.scheme_hash[:12]}, "
            f"{other.location} has {other.scheme_hash[:12]}.",
            file=other.location,
            hint="Bring both to the same scheme first: observer scheme upgrade STUDY NEW.yaml --map MAP.yaml",
        )


def _check_sessions(study: Study, other: Study, session_ids: set[str]) -> None:
    missing = sorted(s for s in session_ids if not study.session_exists(s))
    if missing:
        raise StudyError(
            f"{other.location} has codes for session(s) this study lacks: {', '.join(missing[:MAX_LISTED])}.",
            file=study.location,
            hint="Import those sessions into STUDY first, with the same ids (observer import STUDY FILE --session ID).",
        )
    for session_id in sorted(session_ids):
        if _bounds(study, session_id) != _bounds(other, session_id):
            raise StudyError(
                f"session {session_id!r} is cut into different segments in the two files.",
                file=other.location,
                hint="Both copies must come from the same import; codes of differently cut segments cannot be merged.",
            )


def _bounds(study: Study, session_id: str) -> list[tuple[int, float, float]]:
    return [(s.index, s.start, s.end) for s in study.segments(session_id)]


def _entries(study: Study) -> list[_Entry]:
    rows = study.db.execute(
        "SELECT id, at, rater, session_id, segment, item, action, target, old, new FROM history ORDER BY id"
    ).fetchall()
    return [_Entry(*row) for row in rows]


def _plan(study: Study, other: Study, ours: list[_Entry], new: list[_Entry], prefer: str | None,
          report: MergeReport) -> list[tuple[Cell, dict, str | None]]:
    """Classify each cell the other file changed; returns the cells to write with their new state."""
    first_old: dict[Cell, dict] = {}
    their_last: dict[Cell, str] = {}
    for entry in new:
        first_old.setdefault(entry.cell, json.loads(entry.old))
        their_last[entry.cell] = entry.at
    our_last = {e.cell: e.at for e in ours}
    plan = []
    for cell, started_from in first_old.items():
        mine, theirs = _state(study, cell), _state(other, cell)
        if mine == theirs:
            report.identical += 1
            continue
        if mine == started_from:
            if _is_empty(mine):
                report.added += 1
            else:
                report.updated += 1
            plan.append((cell, theirs, _coded_at(other, cell)))
            continue
        conflict = Conflict(cell, mine, theirs, our_last.get(cell, ""), their_last[cell])
        report.conflicts.append(conflict)
        if prefer == "theirs" or (prefer == "newest" and _later(conflict.theirs_at, conflict.ours_at)):
            report.took_theirs += 1
            plan.append((cell, theirs, _coded_at(other, cell)))
        else:
            report.kept_ours += 1
    return plan


def _is_empty(state: dict) -> bool:
    """Whether a cell holds nothing: no code, or a unit neither complete nor noted."""
    return not state or state == {"complete": False, "note": ""}


def _later(a: str, b: str) -> bool:
    """Whether time ``a`` is strictly after ``b`` (an empty ``b`` is never); ties keep ours."""
    return not b or datetime.fromisoformat(a) > datetime.fromisoformat(b)


def _state(study: Study, cell: Cell) -> dict:
    session_id, segment, rater, item = cell
    if item:
        return code_state(study.db, session_id, segment, rater, item)
    unit = unit_state(study.db, session_id, segment, rater)
    return {"complete": unit.complete, "note": unit.note}


def _coded_at(study: Study, cell: Cell) -> str | None:
    session_id, segment, rater, item = cell
    if not item:
        return None
    row = study.db.execute(
        "SELECT coded_at FROM codes WHERE session_id = ? AND segment = ? AND rater = ? AND item = ?",
        (session_id, db_segment(segment), rater, item),
    ).fetchone()
    return row[0] if row else None


def _copy_history(study: Study, other: Study, ours: list[_Entry], new: list[_Entry],
                  theirs_by_id: dict[int, _Entry]) -> None:
    """Append the other file's entries, oldest first, pointing undo targets at this file's ids.

    A consensus decision (who decided, why) comes along with its entry.
    """
    ids = {e.fingerprint: e.id for e in ours}
    decisions = {row[0]: row[1:] for row in other.db.execute(
        "SELECT history_id, decided_by, reason FROM consensus_decisions")}
    for entry in new:
        target = theirs_by_id.get(entry.target) if entry.target is not None else None
        action = entry.action if entry.action.startswith(MERGED_PREFIX) else MERGED_PREFIX + entry.action
        copied = study.db.execute(
            "INSERT INTO history (at, rater, session_id, segment, item, action, target, old, new)"
            " VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
            (entry.at, entry.rater, entry.session_id, entry.segment, entry.item, action,
             ids.get(target.fingerprint) if target else None, entry.old, entry.new),
        ).fetchone()[0]
        ids[entry.fingerprint] = copied
        if entry.id in decisions:
            study.db.execute("INSERT INTO consensus_decisions (history_id, decided_by, reason) VALUES (?, ?, ?)",
                             (copied, *decisions[entry.id]))


def _write(study: Study, cell: Cell, state: dict, coded_at: str | None) -> None:
    session_id, segment, rater, item = cell
    register_rater(study.db, rater)
    if item:
        apply_code(study, session_id, segment, rater, item, state, action="merge", coded_at=coded_at)
    else:
        apply_unit(study, session_id, segment, rater, state, action="merge")
