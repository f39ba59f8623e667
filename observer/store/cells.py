"""Reading and writing one cell (a code, or a unit's state) with its history entry; call inside a transaction."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from observer.store.records import SESSION_LEVEL, Code, HistoryEntry, UnitState

if TYPE_CHECKING:
    from observer.store.engine import Database
    from observer.store.study import Study


def now_iso() -> str:
    """The current time as ISO 8601 with the local time zone."""
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


def db_segment(segment: int | None) -> int:
    """The segment number as stored (session level: -1)."""
    return SESSION_LEVEL if segment is None else int(segment)


def api_segment(segment: int) -> int | None:
    """The segment number as the API hands it out (session level: None)."""
    return None if segment == SESSION_LEVEL else segment


def code_state(db: Database, session_id: str, segment: int | None, rater: str, item: str) -> dict:
    """A code cell's value, note and evidence; {} when there is none."""
    row = db.execute(
        "SELECT value, note, evidence FROM codes WHERE session_id = ? AND segment = ? AND rater = ? AND item = ?",
        (session_id, db_segment(segment), rater, item),
    ).fetchone()
    if row is None:
        return {}
    return {"value": row[0], "note": row[1], "evidence": json.loads(row[2])}


def unit_state(db: Database, session_id: str, segment: int | None, rater: str) -> UnitState:
    """A rater's state of one unit (complete, note)."""
    row = db.execute(
        "SELECT complete, note FROM unit_state WHERE session_id = ? AND segment = ? AND rater = ?",
        (session_id, db_segment(segment), rater),
    ).fetchone()
    return UnitState(bool(row[0]), row[1]) if row else UnitState()


def register_rater(db: Database, name: str, stamp: str | None = None) -> None:
    """Add a rater name to the study if it is new."""
    db.execute("INSERT INTO raters (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
               (name, stamp or now_iso()))


def apply_code(study: Study, session_id: str, segment: int | None, rater: str, item: str,
               state: dict | None, *, action: str = "set", target: int | None = None,
               coded_at: str | None = None) -> int:
    """Write one code cell (None or an empty state deletes it) and append its history entry; returns its id."""
    db = study.db
    old = code_state(db, session_id, segment, rater, item)
    empty = not state or (state.get("value") is None and not state.get("note") and not state.get("evidence"))
    new = {} if empty else {"value": state.get("value"), "note": state.get("note", ""),
                            "evidence": list(state.get("evidence", []))}
    stamp = now_iso()
    if empty:
        db.execute("DELETE FROM codes WHERE session_id = ? AND segment = ? AND rater = ? AND item = ?",
                   (session_id, db_segment(segment), rater, item))
    else:
        db.execute(
            "INSERT INTO codes (session_id, segment, rater, item, value, note, coded_at, scheme_hash, evidence)"
            " VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (session_id, segment, rater, item) DO UPDATE SET"
            " value = excluded.value, note = excluded.note, coded_at = excluded.coded_at,"
            " scheme_hash = excluded.scheme_hash, evidence = excluded.evidence",
            (session_id, db_segment(segment), rater, item, db.value_param(new["value"]), new["note"],
             coded_at or stamp, study.scheme_hash, json.dumps(new["evidence"])),
        )
    return record(study, rater, session_id, segment, item, action, target, old, new, stamp)


def apply_unit(study: Study, session_id: str, segment: int | None, rater: str, state: dict,
               *, action: str = "set", target: int | None = None, updated_at: str | None = None) -> int:
    """Write one unit's state (as of ``updated_at``, default now) and append its history entry; returns its id."""
    db = study.db
    before = unit_state(db, session_id, segment, rater)
    old = {"complete": before.complete, "note": before.note}
    new = {"complete": bool(state.get("complete")), "note": state.get("note", "")}
    stamp = now_iso()
    db.execute(
        "INSERT INTO unit_state (session_id, segment, rater, complete, note, updated_at) VALUES (?,?,?,?,?,?)"
        " ON CONFLICT (session_id, segment, rater) DO UPDATE SET"
        " complete = excluded.complete, note = excluded.note, updated_at = excluded.updated_at",
        (session_id, db_segment(segment), rater, int(new["complete"]), new["note"], updated_at or stamp),
    )
    return record(study, rater, session_id, segment, "", action, target, old, new, stamp)


def record(study: Study, rater: str, session_id: str, segment: int | None, item: str, action: str,
           target: int | None, old: dict, new: dict, stamp: str) -> int:
    """Append one history entry (in the study's current batch, if any); returns its id."""
    return study.db.execute(
        "INSERT INTO history (at, rater, session_id, segment, item, action, target, old, new, batch)"
        " VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
        (stamp, rater, session_id, db_segment(segment), item, action, target, json.dumps(old), json.dumps(new),
         study.current_batch),
    ).fetchone()[0]


def where(session_id: str | None, rater: str | None) -> tuple[str, list]:
    """A WHERE clause (and its arguments) for an optional session and rater."""
    clauses, args = ["1 = 1"], []
    for column, value in (("session_id", session_id), ("rater", rater)):
        if value is not None:
            clauses.append(f"{column} = ?")
            args.append(value)
    return " WHERE " + " AND ".join(clauses), args


def read_codes(db: Database, *, session_id: str | None, rater: str | None) -> list[Code]:
    """Stored codes in (session, segment, rater, item) order."""
    clause, args = where(session_id, rater)
    rows = db.execute("SELECT session_id, segment, rater, item, value, note, evidence, coded_at FROM codes"
                      + clause + " ORDER BY session_id, segment, rater, item", args).fetchall()
    return [Code(s, api_segment(g), r, i, v, n, tuple(json.loads(e)), at) for s, g, r, i, v, n, e, at in rows]


def read_history(db: Database, *, session_id: str | None, rater: str | None) -> list[HistoryEntry]:
    """History entries, oldest first."""
    clause, args = where(session_id, rater)
    rows = db.execute("SELECT id, at, rater, session_id, segment, item, action, target, old, new, batch"
                      " FROM history" + clause + " ORDER BY id", args).fetchall()
    return [
        HistoryEntry(i, at, r, s, api_segment(g), item, a, t, json.loads(o), json.loads(n), b)
        for i, at, r, s, g, item, a, t, o, n, b in rows
    ]


def code_from_state(session_id: str, segment: int | None, rater: str, item: str, state: dict) -> Code | None:
    """A Code from a cell's state ({} means none)."""
    if not state:
        return None
    return Code(session_id, segment, rater, item, state["value"], state["note"], tuple(state["evidence"]))
