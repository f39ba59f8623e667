"""Every rater's codes, unit states and history: the supervisor's view of the coding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from observer.store.cells import (
    api_segment,
    apply_code,
    apply_unit,
    code_state,
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

    def unit_note_times(self, session_id: str | None = None) -> dict[tuple[str, int | None, str], str]:
        """When each rater's state (completion, note) of each unit last changed, keyed by (session, segment, rater)."""
        sql = "SELECT session_id, segment, rater, updated_at FROM unit_state"
        args: tuple = ()
        if session_id is not None:
            sql += " WHERE session_id = ?"
            args = (session_id,)
        return {(s, api_segment(g), r): at for s, g, r, at in self.db.execute(sql, args)}

    def history(self, session_id: str | None = None, rater: str | None = None) -> list[HistoryEntry]:
        """Every recorded change, oldest first."""
        return read_history(self.db, session_id=session_id, rater=rater)

    def import_codes(self, codes: list[Code], complete: set[tuple[str, int | None, str]]) -> int:
        """Store validated codes from a file in one transaction, each change in the history; returns the changes.

        A code with an empty ``item`` is the rater's note on the whole unit. ``complete``
        lists (session, segment, rater) units to mark complete, as of the latest
        ``coded_at`` of their rows. Nothing is recorded for a code or unit that would not
        change, nor for a 0 on an unmarked marker of a complete segment that keeps the scheme's
        rules (unmarked there reads as 0 everywhere, as the export shows).
        """
        stamp = now_iso()
        changed = 0
        units: dict[tuple[str, int | None, str], list[Code]] = {}
        for code in codes:
            units.setdefault((code.session_id, code.segment, code.rater), []).append(code)
        with self.db.transaction():
            for rater in sorted({c.rater for c in codes}):
                register_rater(self.db, rater, stamp)
            finished = self._reading_zero(units, complete)
            for code in codes:
                unit = (code.session_id, code.segment, code.rater)
                if code.item and self._import_code(code, stamp, unit in finished):
                    changed += 1
            for unit in sorted(complete | set(units), key=lambda u: (u[0], db_segment(u[1]), u[2])):
                rows = units.get(unit, [])
                old = unit_state(self.db, *unit)
                note = next((c.note for c in rows if not c.item), old.note)
                done = old.complete or unit in complete
                if (done, note) == (old.complete, old.note):
                    continue
                apply_unit(self, *unit, {"complete": done, "note": note}, action="import",
                           updated_at=max((c.coded_at for c in rows if c.coded_at), default=None))
                changed += 1
        return changed

    def _reading_zero(self, units: dict[tuple[str, int | None, str], list[Code]],
                      complete: set[tuple[str, int | None, str]]) -> set[tuple[str, int | None, str]]:
        """Segment units whose unmarked markers read as 0 after the import: complete, and keeping the rules."""
        found = set()
        stored: dict[tuple[str, str], list[Code]] = {}
        for unit, rows in units.items():
            session_id, segment, rater = unit
            if segment is None or not (unit in complete or unit_state(self.db, *unit).complete):
                continue
            if (session_id, rater) not in stored:
                stored[(session_id, rater)] = read_codes(self.db, session_id=session_id, rater=rater)
            values = {c.item: c.value for c in stored[(session_id, rater)] if c.segment == segment}
            values.update({c.item: c.value for c in rows if c.item})
            if not self.scheme.check_unit({k: v for k, v in values.items() if v is not None}):
                found.add(unit)
        return found

    def _import_code(self, code: Code, stamp: str, finished: bool) -> bool:
        """Write one imported code unless it changes nothing; whether it was written."""
        state = {"value": code.value, "note": code.note, "evidence": list(code.evidence)}
        old = code_state(self.db, code.session_id, code.segment, code.rater, code.item)
        if old == state:
            return False
        if not old and finished and state == {"value": 0, "note": "", "evidence": []} \
                and self.scheme.item(code.item).is_presence:
            return False
        apply_code(self, code.session_id, code.segment, code.rater, code.item, state,
                   action="import", coded_at=code.coded_at or stamp)
        return True
