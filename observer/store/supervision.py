"""What a supervisor records: assignments, consensus decisions and master sessions."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterable

from observer.errors import CodesError, StudyError
from observer.store.cells import api_segment, apply_code, apply_unit, now_iso, register_rater, unit_state
from observer.store.records import CONSENSUS, ROLES, Assignment, ConsensusDecision
from observer.store.sessions import natural_key

if TYPE_CHECKING:
    from observer.store.engine import Database


class SupervisionStore:
    """Assignments of sessions to raters, consensus codes with their reasons, master sessions."""

    db: Database
    location: str

    def assignments(self) -> list[Assignment]:
        """Every assignment, in session order, the primary coder first."""
        rows = self.db.execute("SELECT session_id, rater, role, assigned_at, seed FROM assignments").fetchall()
        return sorted((Assignment(*row) for row in rows), key=lambda a: (natural_key(a.session_id), a.role))

    def assigned_sessions(self, rater: str) -> list[str]:
        """The ids of the sessions assigned to a rater (as primary or second coder), in session order."""
        rows = self.db.execute("SELECT DISTINCT session_id FROM assignments WHERE rater = ?", (rater.strip(),))
        return sorted((row[0] for row in rows), key=natural_key)

    def set_assignments(self, assignments: Iterable[Assignment]) -> None:
        """Store assignments in one transaction; they replace every earlier assignment of their sessions."""
        new = list(assignments)
        by_session: dict[str, dict[str, str]] = {}
        for a in new:
            if not self.session_exists(a.session_id):
                self.session(a.session_id)  # raises, naming the known sessions
            roles = by_session.setdefault(a.session_id, {})
            if a.role not in ROLES or a.role in roles or not a.rater.strip() or a.rater == CONSENSUS:
                raise StudyError(f"session {a.session_id!r}: cannot assign {a.rater!r} as {a.role}",
                                 file=self.location, hint="Give each session one primary rater and at most one second.")
            roles[a.role] = a.rater
        for session_id, roles in by_session.items():
            if "primary" not in roles or roles["primary"] == roles.get("second"):
                raise StudyError(f"session {session_id!r} needs a primary rater and a different second rater",
                                 file=self.location, hint="Assign the second coder to another rater.")
        stamp = now_iso()
        with self.db.transaction():
            self.db.executemany("DELETE FROM assignments WHERE session_id = ?", [(s,) for s in by_session])
            for rater in sorted({a.rater for a in new}):
                register_rater(self.db, rater, stamp)
            self.db.executemany(
                "INSERT INTO assignments (session_id, role, rater, assigned_at, seed) VALUES (?,?,?,?,?)",
                [(a.session_id, a.role, a.rater, a.assigned_at or stamp, a.seed) for a in new],
            )

    def coders(self, session_id: str | None = None) -> dict[str, set[str]]:
        """The raters (consensus aside) who have codes or unit states in each session (or one) that has any."""
        where = "rater != ?" + ("" if session_id is None else " AND session_id = ?")
        args = (CONSENSUS,) if session_id is None else (CONSENSUS, session_id)
        rows = self.db.execute(
            f"SELECT session_id, rater FROM codes WHERE {where} UNION SELECT session_id, rater FROM unit_state"
            f" WHERE {where}",
            args + args,
        ).fetchall()
        found: dict[str, set[str]] = {}
        for session_id, rater in rows:
            found.setdefault(session_id, set()).add(rater)
        return found

    def record_consensus(self, session_id: str, segment: int | None, item: str, value: object | None, *,
                         reason: str, decided_by: str, evidence: Iterable[int] = ()) -> ConsensusDecision:
        """Record a consensus value (None: the item stays empty) with who decided it and why.

        The value is stored as rater ``consensus`` with the reason as its note; the
        history entry (action ``consensus``) is linked to the supervisor's name and the reason.
        """
        from observer.store.rater_view import check_unit, parse_value

        reason, decided_by = reason.strip(), decided_by.strip()
        if not reason:
            raise CodesError("a consensus decision needs a reason", field="reason",
                             hint="Say why this value was chosen, e.g. 'the client changes topic twice'.")
        if not decided_by or decided_by == CONSENSUS:
            raise CodesError("a consensus decision needs the name of the supervisor who made it",
                             field="decided_by", hint="Pass your own name with --as NAME.")
        parsed = parse_value(self.scheme, item, segment, value)
        check_unit(self, session_id, segment)
        state = None if parsed is None else {"value": parsed, "note": reason, "evidence": sorted(set(evidence))}

        def change() -> int:
            register_rater(self.db, CONSENSUS)
            history_id = apply_code(self, session_id, segment, CONSENSUS, item, state, action="consensus")
            self.db.execute("INSERT INTO consensus_decisions (history_id, decided_by, reason) VALUES (?, ?, ?)",
                            (history_id, decided_by, reason))
            return history_id

        history_id = self.write(change)
        return self._decisions("h.id = ?", (history_id,))[0]

    def set_consensus_complete(self, session_id: str, segment: int | None, complete: bool) -> None:
        """Mark a consensus unit complete (or open again), recorded in the history when it changes."""
        if unit_state(self.db, session_id, segment, CONSENSUS).complete == complete:
            return

        def change() -> None:
            register_rater(self.db, CONSENSUS)
            apply_unit(self, session_id, segment, CONSENSUS, {"complete": complete}, action="consensus")

        self.write(change)

    def consensus_decisions(self, session_id: str | None = None) -> list[ConsensusDecision]:
        """Every consensus decision, oldest first, optionally of one session."""
        if session_id is None:
            return self._decisions("h.rater = ?", (CONSENSUS,))
        return self._decisions("h.rater = ? AND h.session_id = ?", (CONSENSUS, session_id))

    def master_sessions(self) -> dict[str, str]:
        """The master (training) sessions, in session order, each with the rater whose codes are the master."""
        rows = self.db.execute("SELECT session_id, source FROM master_sessions").fetchall()
        return dict(sorted(rows, key=lambda row: natural_key(row[0])))

    def mark_master(self, session_ids: Iterable[str], source: str) -> None:
        """Mark sessions as master sessions whose codes by ``source`` (a rater or consensus) are the master."""
        session_ids = list(dict.fromkeys(session_ids))
        for session_id in session_ids:
            if not self.session_exists(session_id):
                self.session(session_id)  # raises, naming the known sessions
        coded = {row[0] for row in self.db.execute("SELECT DISTINCT session_id FROM codes WHERE rater = ?",
                                                    (source,))}
        lacking = [s for s in session_ids if s not in coded]
        if lacking:
            raise StudyError(f"{source} has no codes in session(s) {', '.join(lacking)}", file=self.location,
                             field="source", hint="Mark sessions that rater (or the consensus) has coded.")
        stamp = now_iso()
        with self.db.transaction():
            self.db.executemany(
                "INSERT INTO master_sessions (session_id, source, marked_at) VALUES (?, ?, ?)"
                " ON CONFLICT (session_id) DO UPDATE SET source = excluded.source, marked_at = excluded.marked_at",
                [(s, source, stamp) for s in session_ids],
            )

    def unmark_master(self, session_ids: Iterable[str]) -> int:
        """Stop treating sessions as master sessions; returns how many were marked."""
        unmarked = 0
        with self.db.transaction():
            for session_id in session_ids:
                unmarked += self.db.execute("DELETE FROM master_sessions WHERE session_id = ?",
                                            (session_id,)).rowcount
        return unmarked

    def _decisions(self, where: str, args: tuple) -> list[ConsensusDecision]:
        rows = self.db.execute(
            "SELECT h.session_id, h.segment, h.item, h.new, d.reason, d.decided_by, h.at, h.id"
            f" FROM consensus_decisions d JOIN history h ON h.id = d.history_id WHERE {where} ORDER BY h.id",
            args,
        ).fetchall()
        return [ConsensusDecision(s, api_segment(g), i, json.loads(new).get("value"), reason, by, at, hid)
                for s, g, i, new, reason, by, at, hid in rows]
