"""The Study API: one SQLite file holding a scheme, sessions, codes and their history."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from observer.errors import CodesError, StudyError
from observer.scheme.model import Value
from observer.store import schema
from observer.store.connection import connect, create_file, read_layout, transaction
from observer.store.records import (
    Code,
    HistoryEntry,
    NewSession,
    Segment,
    SessionInfo,
    StoredUtterance,
    UnitState,
)

if TYPE_CHECKING:
    from observer.scheme.model import Item, Scheme

SESSION_LEVEL = -1  # the segment number stored for session-level items
CONSENSUS = "consensus"  # the rater name of consensus codes
ROLES = ("primary", "second")  # an assigned session's coders: every session a primary, a sample a second


@dataclass(frozen=True)
class Assignment:
    """A session assigned to a rater as its primary or second (double-coding) coder."""

    session_id: str
    rater: str
    role: str
    assigned_at: str = ""
    seed: int | None = None


@dataclass(frozen=True)
class ConsensusDecision:
    """A consensus value recorded by a supervisor, with the reason (None: the item stays empty)."""

    session_id: str
    segment: int | None
    item: str
    value: Value | None
    reason: str
    decided_by: str
    decided_at: str
    history_id: int


def now_iso() -> str:
    """The current time as ISO 8601 with the local time zone."""
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


def _db_segment(segment: int | None) -> int:
    return SESSION_LEVEL if segment is None else int(segment)


def _api_segment(segment: int) -> int | None:
    return None if segment == SESSION_LEVEL else segment


class Study:
    """A study file: create or open one, then read and write through this object."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    # -- opening -------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, scheme: Scheme) -> Study:
        """Create a new study file with ``scheme`` frozen into it."""
        path = Path(path)
        if not path.parent.is_dir():
            raise StudyError(
                "the folder for the study does not exist", file=path, hint="Create the folder first."
            )
        create_file(path)
        conn = None
        try:
            conn = connect(path)
            schema.migrate(conn)
            study = cls(path, conn)
            with study.transaction():
                study._add_scheme(scheme)
                conn.execute("INSERT INTO meta VALUES ('scheme_hash', ?)", (scheme.content_hash,))
                conn.execute("INSERT INTO meta VALUES ('created_at', ?)", (now_iso(),))
        except BaseException:
            if conn is not None:
                conn.close()
            _remove_study_files(path)
            raise
        return study

    @classmethod
    def open(cls, path: str | Path, *, allow_scheme_drift: bool = False) -> Study:
        """Open an existing study file, migrating an older layout in one transaction.

        A file that is not a study is refused before anything writes to it. Codes made
        with another version of the scheme are refused unless ``allow_scheme_drift``
        (for ``observer scheme upgrade`` and backups).
        """
        path = Path(path)
        if not path.is_file():
            raise StudyError(
                "no study file here",
                file=path,
                hint="Check the path, or create one with: observer init STUDY --scheme 3rs-2015",
            )
        version, tables = read_layout(path)
        if version > schema.SCHEMA_VERSION:
            raise StudyError(
                f"the study file has layout version {version}, newer than this observer "
                f"understands ({schema.SCHEMA_VERSION})",
                file=path,
                hint="Upgrade observer: pip install --upgrade observer",
            )
        if version == 0 or "meta" not in tables:
            raise StudyError(
                "this SQLite file is not an observer study",
                file=path,
                hint="Create a study with: observer init STUDY --scheme 3rs-2015",
            )
        conn = connect(path)
        try:
            if not allow_scheme_drift:
                _refuse_scheme_drift(conn, path)
            schema.migrate(conn)
        except BaseException:
            conn.close()
            raise
        return cls(path, conn)

    def close(self) -> None:
        """Close the connection (changes are already committed)."""
        self.conn.close()

    def __enter__(self) -> Study:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self):
        """One write transaction: everything in the block is committed, or nothing."""
        return transaction(self.conn, self.path)

    # -- scheme --------------------------------------------------------------

    @property
    def scheme_hash(self) -> str:
        """The content hash of the study's current scheme."""
        return self._meta("scheme_hash")

    @cached_property
    def scheme(self) -> Scheme:
        """The study's scheme, loaded from the frozen copy in the file."""
        from observer.scheme import load_scheme_text

        row = self.conn.execute("SELECT text FROM schemes WHERE hash = ?", (self.scheme_hash,)).fetchone()
        return load_scheme_text(row[0], f"{self.path}#scheme")

    def _add_scheme(self, scheme: Scheme) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO schemes VALUES (?, ?, ?, ?, ?)",
            (scheme.content_hash, scheme.id, scheme.version, scheme.text, now_iso()),
        )

    def _meta(self, key: str) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise StudyError(f"the study file lacks its {key!r} entry", file=self.path)
        return row[0]

    # -- sessions ------------------------------------------------------------

    def sessions(self) -> list[SessionInfo]:
        """All sessions in import order of their ids."""
        rows = self.conn.execute(
            """
            SELECT s.id, s.duration, s.therapist, s.client, s.date, s.media_path, s.media_offset,
                   s.source, s.source_format,
                   (SELECT count(*) FROM segments g WHERE g.session_id = s.id),
                   (SELECT count(*) FROM utterances u WHERE u.session_id = s.id)
            FROM sessions s ORDER BY s.rowid
            """
        ).fetchall()
        return [SessionInfo(*row) for row in rows]

    def session(self, session_id: str) -> SessionInfo:
        """One session; a StudyError naming the known ids when there is none."""
        for info in self.sessions():
            if info.id == session_id:
                return info
        known = ", ".join(s.id for s in self.sessions()[:10]) or "none yet"
        raise StudyError(
            f"no session {session_id!r} in this study",
            file=self.path,
            hint=f"Known sessions: {known}. List them with: observer sessions {self.path}",
        )

    def session_exists(self, session_id: str) -> bool:
        """Whether the study has a session with this id."""
        return self.conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is not None

    def add_sessions(self, sessions: Iterable[NewSession]) -> int:
        """Add sessions with their utterances and segments in one transaction."""
        sessions = list(sessions)
        seen: set[str] = set()
        for new in sessions:
            if new.info.id in seen or self.session_exists(new.info.id):
                raise StudyError(
                    f"session {new.info.id!r} is already in the study",
                    file=new.info.source or self.path,
                    hint="Pass another id with --session, or remove the duplicate.",
                )
            seen.add(new.info.id)
        stamp = now_iso()
        with self.transaction():
            for new in sessions:
                info = new.info
                self.conn.execute(
                    "INSERT INTO sessions (id, therapist, client, date, media_path, duration, source,"
                    " source_format, metadata, imported_at, media_offset) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (info.id, info.therapist, info.client, info.date, info.media_path, info.duration,
                     info.source, info.source_format, json.dumps(new.metadata), stamp, info.media_offset),
                )
                self.conn.executemany(
                    "INSERT INTO utterances VALUES (?,?,?,?,?,?,?)",
                    [(info.id, u.index, u.start, u.end, u.speaker, u.text, u.segment) for u in new.utterances],
                )
                self.conn.executemany(
                    "INSERT INTO segments VALUES (?,?,?,?)",
                    [(info.id, i, start, end) for i, (start, end) in enumerate(new.bounds)],
                )
        return len(sessions)

    def set_media(self, session_id: str, media_path: str, offset: float | None = None) -> None:
        """Link a session to its recording (and optionally set the recording's offset)."""
        self.session(session_id)
        with self.transaction():
            self.conn.execute("UPDATE sessions SET media_path = ? WHERE id = ?", (media_path, session_id))
            if offset is not None:
                self.conn.execute("UPDATE sessions SET media_offset = ? WHERE id = ?", (offset, session_id))

    def segments(self, session_id: str) -> list[Segment]:
        """The session's coding units in order."""
        rows = self.conn.execute(
            "SELECT session_id, idx, start, end FROM segments WHERE session_id = ? ORDER BY idx", (session_id,)
        ).fetchall()
        return [Segment(*row) for row in rows]

    def utterances(self, session_id: str) -> list[StoredUtterance]:
        """The session's utterances in time order."""
        rows = self.conn.execute(
            "SELECT idx, start, end, speaker, text, segment FROM utterances WHERE session_id = ? ORDER BY idx",
            (session_id,),
        ).fetchall()
        return [StoredUtterance(*row) for row in rows]

    # -- raters and progress -------------------------------------------------

    def raters(self) -> list[str]:
        """Every rater who has coded or been registered, in name order."""
        return [r[0] for r in self.conn.execute("SELECT name FROM raters ORDER BY name")]

    def ensure_rater(self, name: str) -> None:
        """Register a rater name (idempotent)."""
        name = name.strip()
        if not name:
            raise StudyError("a rater needs a name", hint="Pass --rater NAME.")
        with self.transaction():
            self.conn.execute("INSERT OR IGNORE INTO raters VALUES (?, ?)", (name, now_iso()))

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
        for session, rater, segment, at in self.conn.execute(sql, args):
            done.setdefault((session, rater), {})[_api_segment(segment)] = at
        return done

    # -- codes (supervisor view: every rater) ---------------------------------

    def codes(self, session_id: str | None = None, rater: str | None = None) -> list[Code]:
        """Stored codes, optionally for one session and/or rater."""
        return _read_codes(self.conn, session_id=session_id, rater=rater)

    def unit_notes(self, session_id: str | None = None) -> list[tuple[str, int | None, str, bool, str]]:
        """(session, segment, rater, complete, note) for every unit a rater touched."""
        sql = "SELECT session_id, segment, rater, complete, note FROM unit_state"
        args: tuple = ()
        if session_id is not None:
            sql += " WHERE session_id = ?"
            args = (session_id,)
        rows = self.conn.execute(sql + " ORDER BY session_id, segment, rater", args).fetchall()
        return [(s, _api_segment(g), r, bool(c), n) for s, g, r, c, n in rows]

    def history(self, session_id: str | None = None, rater: str | None = None) -> list[HistoryEntry]:
        """Every recorded change, oldest first."""
        return _read_history(self.conn, session_id=session_id, rater=rater)

    def for_rater(self, name: str) -> RaterView:
        """A blind view for one rater: it never returns another rater's codes."""
        if name.strip() == CONSENSUS:
            raise StudyError(
                "'consensus' is reserved for consensus codes, which carry a decision and a reason",
                hint="Code under your own name; settle disagreements with: observer consensus STUDY --session ID",
            )
        self.ensure_rater(name)
        return RaterView(self, name.strip())

    def import_codes(self, codes: list[Code], complete: set[tuple[str, int | None, str]]) -> int:
        """Store validated codes from a file in one transaction, each change in the history.

        ``complete`` lists (session, segment, rater) units to mark complete.
        """
        stamp = now_iso()
        with self.transaction():
            for rater in sorted({c.rater for c in codes}):
                self.conn.execute("INSERT OR IGNORE INTO raters VALUES (?, ?)", (rater, stamp))
            for code in codes:
                state = {"value": code.value, "note": code.note, "evidence": list(code.evidence)}
                _apply_code(self, code.session_id, code.segment, code.rater, code.item, state,
                            action="import", coded_at=code.coded_at or stamp)
            for session_id, segment, rater in sorted(complete, key=lambda u: (u[0], _db_segment(u[1]), u[2])):
                old = _unit_state(self.conn, session_id, segment, rater)
                _apply_unit(self, session_id, segment, rater, {"complete": True, "note": old.note},
                            action="import")
        return len(codes)


    # -- supervision: assignments, consensus, master codes, settings -----------

    def assignments(self) -> list[Assignment]:
        """Every assignment, in session order, the primary coder first."""
        rows = self.conn.execute(
            "SELECT a.session_id, a.rater, a.role, a.assigned_at, a.seed FROM assignments a"
            " JOIN sessions s ON s.id = a.session_id ORDER BY s.rowid, a.role"
        ).fetchall()
        return [Assignment(*row) for row in rows]

    def assigned_sessions(self, rater: str) -> list[str]:
        """The ids of the sessions assigned to a rater (as primary or second coder), in session order."""
        rows = self.conn.execute(
            "SELECT a.session_id FROM assignments a JOIN sessions s ON s.id = a.session_id"
            " WHERE a.rater = ? ORDER BY s.rowid",
            (rater.strip(),),
        ).fetchall()
        return [row[0] for row in rows]

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
                                 file=self.path, hint="Give each session one primary rater and at most one second.")
            roles[a.role] = a.rater
        for session_id, roles in by_session.items():
            if "primary" not in roles or roles["primary"] == roles.get("second"):
                raise StudyError(f"session {session_id!r} needs a primary rater and a different second rater",
                                 file=self.path, hint="Assign the second coder to another rater.")
        stamp = now_iso()
        with self.transaction():
            self.conn.executemany("DELETE FROM assignments WHERE session_id = ?", [(s,) for s in by_session])
            self.conn.executemany("INSERT OR IGNORE INTO raters VALUES (?, ?)",
                                  [(r, stamp) for r in sorted({a.rater for a in new})])
            self.conn.executemany(
                "INSERT INTO assignments VALUES (?,?,?,?,?)",
                [(a.session_id, a.role, a.rater, a.assigned_at or stamp, a.seed) for a in new],
            )

    def coders(self, session_id: str | None = None) -> dict[str, set[str]]:
        """The raters (consensus aside) who have codes or unit states in each session (or one) that has any."""
        where = "rater != ?" + ("" if session_id is None else " AND session_id = ?")
        args = (CONSENSUS,) if session_id is None else (CONSENSUS, session_id)
        rows = self.conn.execute(
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
        reason, decided_by = reason.strip(), decided_by.strip()
        if not reason:
            raise CodesError("a consensus decision needs a reason", field="reason",
                             hint="Say why this value was chosen, e.g. 'the client changes topic twice'.")
        if not decided_by or decided_by == CONSENSUS:
            raise CodesError("a consensus decision needs the name of the supervisor who made it",
                             field="decided_by", hint="Pass your own name with --as NAME.")
        view = RaterView(self, CONSENSUS)
        scheme_item = view._item(item, segment)
        parsed = None if value is None else view._parse(scheme_item, value)
        view._check_unit(session_id, segment)
        state = None if parsed is None else {"value": parsed, "note": reason, "evidence": sorted(set(evidence))}
        with self.transaction():
            self.conn.execute("INSERT OR IGNORE INTO raters VALUES (?, ?)", (CONSENSUS, now_iso()))
            _apply_code(self, session_id, segment, CONSENSUS, item, state, action="consensus")
            history_id = self.conn.execute("SELECT last_insert_rowid()").fetchone()[0]
            self.conn.execute("INSERT INTO consensus_decisions VALUES (?, ?, ?)", (history_id, decided_by, reason))
        return _read_decisions(self.conn, "h.id = ?", (history_id,))[0]

    def set_consensus_complete(self, session_id: str, segment: int | None, complete: bool) -> None:
        """Mark a consensus unit complete (or open again), recorded in the history when it changes."""
        if _unit_state(self.conn, session_id, segment, CONSENSUS).complete == complete:
            return
        with self.transaction():
            self.conn.execute("INSERT OR IGNORE INTO raters VALUES (?, ?)", (CONSENSUS, now_iso()))
            _apply_unit(self, session_id, segment, CONSENSUS, {"complete": complete}, action="consensus")

    def consensus_decisions(self, session_id: str | None = None) -> list[ConsensusDecision]:
        """Every consensus decision, oldest first, optionally of one session."""
        if session_id is None:
            return _read_decisions(self.conn, "h.rater = ?", (CONSENSUS,))
        return _read_decisions(self.conn, "h.rater = ? AND h.session_id = ?", (CONSENSUS, session_id))

    def master_sessions(self) -> dict[str, str]:
        """The master (training) sessions, in session order, each with the rater whose codes are the master."""
        rows = self.conn.execute(
            "SELECT m.session_id, m.source FROM master_sessions m JOIN sessions s ON s.id = m.session_id"
            " ORDER BY s.rowid"
        ).fetchall()
        return dict(rows)

    def mark_master(self, session_ids: Iterable[str], source: str) -> None:
        """Mark sessions as master sessions whose codes by ``source`` (a rater or consensus) are the master."""
        session_ids = list(dict.fromkeys(session_ids))
        for session_id in session_ids:
            if not self.session_exists(session_id):
                self.session(session_id)  # raises, naming the known sessions
        coded = {row[0] for row in self.conn.execute("SELECT DISTINCT session_id FROM codes WHERE rater = ?",
                                                      (source,))}
        lacking = [s for s in session_ids if s not in coded]
        if lacking:
            raise StudyError(f"{source} has no codes in session(s) {', '.join(lacking)}", file=self.path,
                             field="source", hint="Mark sessions that rater (or the consensus) has coded.")
        stamp = now_iso()
        with self.transaction():
            self.conn.executemany(
                "INSERT INTO master_sessions VALUES (?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET"
                " source = excluded.source, marked_at = excluded.marked_at",
                [(s, source, stamp) for s in session_ids],
            )

    def unmark_master(self, session_ids: Iterable[str]) -> int:
        """Stop treating sessions as master sessions; returns how many were marked."""
        with self.transaction():
            cursor = self.conn.executemany("DELETE FROM master_sessions WHERE session_id = ?",
                                           [(s,) for s in session_ids])
        return cursor.rowcount

    def settings(self) -> dict[str, str]:
        """The study's own settings (e.g. calibration thresholds), by name."""
        rows = self.conn.execute("SELECT key, value FROM meta WHERE key LIKE 'setting.%'").fetchall()
        return {key.removeprefix("setting."): value for key, value in rows}

    def set_setting(self, name: str, value: str) -> None:
        """Store one setting of the study."""
        with self.transaction():
            self.conn.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              (f"setting.{name}", str(value)))


class RaterView:
    """What one rater may see and change: their own codes only (blind coding)."""

    def __init__(self, study: Study, rater: str) -> None:
        self._study = study
        self.rater = rater

    # -- what every rater may read: the study's sessions and transcripts ----------

    @property
    def path(self) -> Path:
        """The study file."""
        return self._study.path

    def sessions(self) -> list[SessionInfo]:
        """All sessions of the study."""
        return self._study.sessions()

    def session(self, session_id: str) -> SessionInfo:
        """One session; a StudyError naming the known ids when there is none."""
        return self._study.session(session_id)

    def segments(self, session_id: str) -> list[Segment]:
        """The session's coding units in order."""
        return self._study.segments(session_id)

    def utterances(self, session_id: str) -> list[StoredUtterance]:
        """The session's utterances in time order."""
        return self._study.utterances(session_id)

    def assigned_sessions(self) -> list[str]:
        """The sessions assigned to this rater."""
        return self._study.assigned_sessions(self.rater)

    def completed_units(self, session_id: str | None = None) -> dict[str, dict[int | None, str]]:
        """This rater's completed units, keyed by session, with when they were marked."""
        done = self._study.completed_units(session_id)
        return {session: units for (session, rater), units in done.items() if rater == self.rater}

    # -- this rater's own codes ----------------------------------------------------

    @property
    def scheme(self) -> Scheme:
        """The study's scheme."""
        return self._study.scheme

    def codes(self, session_id: str) -> dict[tuple[int | None, str], Code]:
        """This rater's codes in a session, keyed by (segment, item)."""
        return {(c.segment, c.item): c for c in _read_codes(self._study.conn, session_id=session_id, rater=self.rater)}

    def unit_states(self, session_id: str) -> dict[int | None, UnitState]:
        """This rater's unit states (complete, note) in a session, keyed by segment."""
        rows = self._study.conn.execute(
            "SELECT segment, complete, note FROM unit_state WHERE session_id = ? AND rater = ?",
            (session_id, self.rater),
        ).fetchall()
        return {_api_segment(g): UnitState(bool(c), n) for g, c, n in rows}

    def history(self, session_id: str | None = None) -> list[HistoryEntry]:
        """This rater's own changes."""
        return _read_history(self._study.conn, session_id=session_id, rater=self.rater)

    def set_value(self, session_id: str, segment: int | None, item_id: str, value: object | None) -> Code | None:
        """Record a value (None clears it); committed at once with its history entry."""
        item = self._item(item_id, segment)
        parsed = None if value is None else self._parse(item, value)
        return self._change_code(session_id, segment, item_id, value=parsed)

    def set_note(self, session_id: str, segment: int | None, item_id: str, note: str) -> Code | None:
        """Attach a note to one item's code."""
        self._item(item_id, segment)
        return self._change_code(session_id, segment, item_id, note=note)

    def set_evidence(self, session_id: str, segment: int | None, item_id: str, utterances: Iterable[int]) -> Code | None:
        """Anchor an item's code to the utterances where it shows."""
        self._item(item_id, segment)
        return self._change_code(session_id, segment, item_id, evidence=sorted(set(int(u) for u in utterances)))

    def set_unit_note(self, session_id: str, segment: int | None, note: str) -> None:
        """Write the rater's note for a whole unit."""
        self._check_unit(session_id, segment)
        old = _unit_state(self._study.conn, session_id, segment, self.rater)
        with self._study.transaction():
            _apply_unit(self._study, session_id, segment, self.rater, {"complete": old.complete, "note": note})

    def set_complete(self, session_id: str, segment: int | None, complete: bool = True) -> None:
        """Mark a unit complete (refused while its values break the scheme's rules) or reopen it."""
        self._check_unit(session_id, segment)
        if complete:
            problems = self.problems(session_id, segment)
            if problems:
                raise CodesError(
                    "the unit cannot be marked complete: " + "; ".join(p.message for p in problems),
                    hint="Fix the items listed, then mark it complete again.",
                )
        old = _unit_state(self._study.conn, session_id, segment, self.rater)
        with self._study.transaction():
            _apply_unit(self._study, session_id, segment, self.rater, {"complete": complete, "note": old.note})

    def problems(self, session_id: str, segment: int | None):
        """The scheme-rule problems of this rater's values in one unit."""
        values = {item: c.value for (seg, item), c in self.codes(session_id).items() if seg == segment and c.value is not None}
        return self.scheme.check_unit(values, level="session" if segment is None else "segment")

    def undo(self, session_id: str) -> HistoryEntry | None:
        """Reverse this rater's latest change in the session; None when nothing is left."""
        undo_stack, _ = self._stacks(session_id)
        return self._reverse(undo_stack[-1], "undo") if undo_stack else None

    def redo(self, session_id: str) -> HistoryEntry | None:
        """Re-apply the latest undone change; None when nothing is left."""
        _, redo_stack = self._stacks(session_id)
        return self._reverse(redo_stack[-1], "redo") if redo_stack else None

    # -- internals -------------------------------------------------------------

    def _item(self, item_id: str, segment: int | None) -> Item:
        try:
            item = self.scheme.item(item_id)
        except KeyError:
            raise CodesError(f"the scheme has no item {item_id!r}") from None
        if (item.level == "session") != (segment is None):
            raise CodesError(f"{item.label} is a {item.level}-level item")
        return item

    @staticmethod
    def _parse(item: Item, value: object) -> Value:
        try:
            return item.scale.parse(value)
        except ValueError as exc:
            raise CodesError(f"{item.label}: {exc}") from None

    def _check_unit(self, session_id: str, segment: int | None) -> None:
        if segment is None:
            self._study.session(session_id)
            return
        row = self._study.conn.execute(
            "SELECT 1 FROM segments WHERE session_id = ? AND idx = ?", (session_id, segment)
        ).fetchone()
        if row is None:
            raise CodesError(f"session {session_id!r} has no segment {segment}")

    def _change_code(self, session_id: str, segment: int | None, item_id: str, **changes) -> Code | None:
        self._check_unit(session_id, segment)
        conn = self._study.conn
        with self._study.transaction():
            current = {"value": None, "note": "", "evidence": [], **_code_state(conn, session_id, segment, self.rater, item_id)}
            new = {**current, **changes}
            if new != current:
                _apply_code(self._study, session_id, segment, self.rater, item_id, new)
        return _code_from_state(session_id, segment, self.rater, item_id, _code_state(conn, session_id, segment, self.rater, item_id))

    def _stacks(self, session_id: str) -> tuple[list[HistoryEntry], list[HistoryEntry]]:
        """Replay this rater's history in the session into undo and redo stacks."""
        undo_stack: list[HistoryEntry] = []
        redo_stack: list[HistoryEntry] = []
        for entry in self.history(session_id):
            if entry.action == "set":
                undo_stack.append(entry)
                redo_stack.clear()
            elif entry.action == "undo" and undo_stack:
                redo_stack.append(undo_stack.pop())
            elif entry.action == "redo" and redo_stack:
                undo_stack.append(redo_stack.pop())
        return undo_stack, redo_stack

    def _reverse(self, entry: HistoryEntry, action: str) -> HistoryEntry:
        state = entry.old if action == "undo" else entry.new
        with self._study.transaction():
            if entry.item:
                _apply_code(self._study, entry.session_id, entry.segment, self.rater, entry.item,
                            state or None, action=action, target=entry.id)
            else:
                _apply_unit(self._study, entry.session_id, entry.segment, self.rater,
                            state or {"complete": False, "note": ""}, action=action, target=entry.id)
        return entry


# -- cell writes shared by the views (call inside a transaction) ----------------


def _code_state(conn: sqlite3.Connection, session_id: str, segment: int | None, rater: str, item: str) -> dict:
    row = conn.execute(
        "SELECT value, note, evidence FROM codes WHERE session_id = ? AND segment = ? AND rater = ? AND item = ?",
        (session_id, _db_segment(segment), rater, item),
    ).fetchone()
    if row is None:
        return {}
    return {"value": row[0], "note": row[1], "evidence": json.loads(row[2])}


def _unit_state(conn: sqlite3.Connection, session_id: str, segment: int | None, rater: str) -> UnitState:
    row = conn.execute(
        "SELECT complete, note FROM unit_state WHERE session_id = ? AND segment = ? AND rater = ?",
        (session_id, _db_segment(segment), rater),
    ).fetchone()
    return UnitState(bool(row[0]), row[1]) if row else UnitState()


def _apply_code(study: Study, session_id: str, segment: int | None, rater: str, item: str,
                state: dict | None, *, action: str = "set", target: int | None = None,
                coded_at: str | None = None) -> None:
    """Write one code cell (None or an empty state deletes it) and append its history entry."""
    conn = study.conn
    old = _code_state(conn, session_id, segment, rater, item)
    empty = not state or (state.get("value") is None and not state.get("note") and not state.get("evidence"))
    new = {} if empty else {"value": state.get("value"), "note": state.get("note", ""),
                            "evidence": list(state.get("evidence", []))}
    stamp = now_iso()
    if empty:
        conn.execute(
            "DELETE FROM codes WHERE session_id = ? AND segment = ? AND rater = ? AND item = ?",
            (session_id, _db_segment(segment), rater, item),
        )
    else:
        conn.execute(
            "INSERT INTO codes (session_id, segment, rater, item, value, note, coded_at, scheme_hash, evidence)"
            " VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (session_id, segment, rater, item) DO UPDATE SET"
            " value = excluded.value, note = excluded.note, coded_at = excluded.coded_at,"
            " scheme_hash = excluded.scheme_hash, evidence = excluded.evidence",
            (session_id, _db_segment(segment), rater, item, new["value"], new["note"], coded_at or stamp,
             study.scheme_hash, json.dumps(new["evidence"])),
        )
    _record(conn, rater, session_id, segment, item, action, target, old, new, stamp)


def _apply_unit(study: Study, session_id: str, segment: int | None, rater: str, state: dict,
                *, action: str = "set", target: int | None = None) -> None:
    """Write one unit's state and append its history entry."""
    conn = study.conn
    before = _unit_state(conn, session_id, segment, rater)
    old = {"complete": before.complete, "note": before.note}
    new = {"complete": bool(state.get("complete")), "note": state.get("note", "")}
    stamp = now_iso()
    conn.execute(
        "INSERT INTO unit_state VALUES (?,?,?,?,?,?) ON CONFLICT (session_id, segment, rater) DO UPDATE SET"
        " complete = excluded.complete, note = excluded.note, updated_at = excluded.updated_at",
        (session_id, _db_segment(segment), rater, int(new["complete"]), new["note"], stamp),
    )
    _record(conn, rater, session_id, segment, "", action, target, old, new, stamp)


def _record(conn, rater, session_id, segment, item, action, target, old, new, stamp) -> None:
    conn.execute(
        "INSERT INTO history (at, rater, session_id, segment, item, action, target, old, new)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        (stamp, rater, session_id, _db_segment(segment), item, action, target, json.dumps(old), json.dumps(new)),
    )


def _code_from_state(session_id, segment, rater, item, state: dict) -> Code | None:
    if not state:
        return None
    return Code(session_id, segment, rater, item, state["value"], state["note"], tuple(state["evidence"]))


def _where(session_id: str | None, rater: str | None) -> tuple[str, list]:
    """A WHERE clause (and its arguments) for an optional session and rater."""
    clauses, args = ["1 = 1"], []
    for column, value in (("session_id", session_id), ("rater", rater)):
        if value is not None:
            clauses.append(f"{column} = ?")
            args.append(value)
    return " WHERE " + " AND ".join(clauses), args


def _read_codes(conn: sqlite3.Connection, *, session_id: str | None, rater: str | None) -> list[Code]:
    where, args = _where(session_id, rater)
    rows = conn.execute("SELECT session_id, segment, rater, item, value, note, evidence, coded_at FROM codes"
                        + where + " ORDER BY session_id, segment, rater, item", args).fetchall()
    return [Code(s, _api_segment(g), r, i, v, n, tuple(json.loads(e)), at) for s, g, r, i, v, n, e, at in rows]


def _read_history(conn: sqlite3.Connection, *, session_id: str | None, rater: str | None) -> list[HistoryEntry]:
    where, args = _where(session_id, rater)
    rows = conn.execute("SELECT id, at, rater, session_id, segment, item, action, target, old, new FROM history"
                        + where + " ORDER BY id", args).fetchall()
    return [
        HistoryEntry(i, at, r, s, _api_segment(g), item, a, t, json.loads(o), json.loads(n))
        for i, at, r, s, g, item, a, t, o, n in rows
    ]


def _read_decisions(conn: sqlite3.Connection, where: str, args: tuple) -> list[ConsensusDecision]:
    rows = conn.execute(
        "SELECT h.session_id, h.segment, h.item, h.new, d.reason, d.decided_by, h.at, h.id"
        f" FROM consensus_decisions d JOIN history h ON h.id = d.history_id WHERE {where} ORDER BY h.id",
        args,
    ).fetchall()
    return [ConsensusDecision(s, _api_segment(g), i, json.loads(new).get("value"), reason, by, at, hid)
            for s, g, i, new, reason, by, at, hid in rows]


def _refuse_scheme_drift(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a study holding codes made with a scheme version other than its current one."""
    current = conn.execute("SELECT value FROM meta WHERE key = 'scheme_hash'").fetchone()
    if current is None:
        raise StudyError("the study file lacks its 'scheme_hash' entry.", file=path,
                         hint="Restore a backup of the study (observer backup makes them).")
    # Two range scans of the codes_by_scheme index: near free however many codes there are.
    if conn.execute("SELECT 1 FROM codes WHERE scheme_hash < ?1 OR scheme_hash > ?1 LIMIT 1",
                    (current[0],)).fetchone() is None:
        return
    other = conn.execute(
        "SELECT scheme_hash, count(*) FROM codes WHERE scheme_hash != ? GROUP BY scheme_hash", (current[0],)
    ).fetchall()
    if other:
        counts = ", ".join(f"{n} with {h[:12]}" for h, n in other)
        raise StudyError(
            f"the study holds codes made with another version of its scheme ({counts}; "
            f"the study's scheme is {current[0][:12]}); codes of different versions are never mixed.",
            file=path,
            hint="Migrate them explicitly: observer scheme upgrade STUDY NEW.yaml --map MAP.yaml",
        )


def _remove_study_files(path: Path) -> None:
    """Remove a study that failed half-way through creation (and its WAL files)."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
