"""How a recorded change reads: a cell's place and its state before or after, as short text."""

from __future__ import annotations


def describe_place(session_id: str, segment: int | None, rater: str, item: str) -> str:
    """Where a change happened: rater, session, segment (counted from 1, as people read it) and item."""
    unit = "session level" if segment is None else f"segment {segment + 1}"
    return f"{rater}, session {session_id}, {unit}, {item or 'unit state'}"


def describe_state(state: dict) -> str:
    """A code or unit state as a user reads it: ``-`` for none, the value, then note and evidence."""
    if not state:
        return "-"
    if "complete" in state:
        parts = ["complete" if state["complete"] else "open"]
    else:
        value = state.get("value")
        parts = ["-" if value is None else str(value)]
        if state.get("evidence"):
            parts.append("evidence " + ";".join(str(u) for u in state["evidence"]))
    if state.get("note"):
        parts.append(f"note {state['note']!r}")
    return ", ".join(parts)
