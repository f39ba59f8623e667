"""Every rater's codes, unit states and history: the supervisor's view of the coding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from observer.store.cells import (
    api_segment,
    apply_code,
    apply_unit,
    db_segment,
    now_iso,
    read_codes,
    read_history,
    register_rater,
    unit_state,
)
from observer.store.names import clean_name
from observer.store.records import Code, HistoryEntry

if TYPE_CHECKING:
    from observer.store.engine import Database


class CodeStore:
    """Raters, their codes, their progress and the history of every change."""

    db: Database

    def raters(self) -> list[str]:
        """Every rater who has coded or been registered, in name order."""
        return [r[0] for r in self.db.execute("SELECT name FROM raters ORDER BY name")]

    def ensure_rater(self, name: str) -> str:
        """Register a rater name (idempotent); returns it as stored (NFC, trimmed), refusing unusable names."""
        name = clean_name(name)
        with self.db.transaction():
            register_rater(self.db, name)
        return name

    def completed_units(self, session_id: str | None = None) -> dict[tuple[str, str], dict[int | None, str]]:
        """Units each rater marked complete, keyed by (session, rater), with when they were marked.

        The inner keys are segment numbers, None for the session level.
        """
        sql = "SELECT session_id, rater, segment, updated_at FROM unit_state WHERE complete = 1"
        args: tuple = ()
        if session_id is not None:
            sql += " AND session_id = ?"
            args = (session_id,)
        done: dict[tuple[str, str], dict[int | None, str]] = {}
        for session, rater, segment, at in self.db.execute(sql, args):
            done.setdefault((session, rater), {})[api_segment(segment)] = at
        return done

    def codes(self, session_id: str | None = None, rater: str | None = None) -> list[Code]:
        """Stored codes, optionally for one session and/or rater."""
        return read_codes(self.db, session_id=session_id, rater=rater)

    def unit_notes(self, session_id: str | None = None) -> list[tuple[str, int | None, str, bool, str]]:
        """(session, segment, rater, complete, note) for every unit a rater touched."""
        sql = "SELECT session_id, segment, rater, complete, note FROM unit_state"
        args: tuple = ()
        if session_id is not None:
            sql += " WHERE session_id = ?"
            args = (session_id,)
        rows = self.db.execute(sql + " ORDER BY session_id, segment, rater", args).fetchall()
        return [(s, api_segment(g), r, bool(c), n) for s, g, r, c, n in rows]

    def history(self, session_id: str | None = None, rater: str | None = None) -> list[HistoryEntry]:
        """Every recorded change, oldest first."""
        return read_history(self.db, session_id=session_id, rater=rater)

    def import_codes(self, codes: list[Code], complete: set[tuple[str, int | None, str]]) -> int:
        """Store validated codes from a file in one transaction, each change in the history.

        ``complete`` lists (session, segment, rater) units to mark complete.
        """
        stamp = now_iso()
        with self.db.transaction():
            for rater in sorted({c.rater for c in codes}):
                register_rater(self.db, rater, stamp)
            for code in codes:
                state = {"value": code.value, "note": code.note, "evidence": list(code.evidence)}
                apply_code(self, code.session_id, code.segment, code.rater, code.item, state,
                           action="import", coded_at=code.coded_at or stamp)
            for session_id, segment, rater in sorted(complete, key=lambda u: (u[0], db_segment(u[1]), u[2])):
                old = unit_state(self.db, session_id, segment, rater)
                apply_unit(self, session_id, segment, rater, {"complete": True, "note": old.note}, action="import")
        return len(codes)
