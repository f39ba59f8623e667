"""One rater's blind view of a study: the transcripts, and their own codes only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, TypeVar

from observer.errors import CodesError
from observer.scheme.model import Value
from observer.store.cells import (
    api_segment,
    apply_code,
    apply_unit,
    code_from_state,
    code_state,
    read_codes,
    read_history,
    unit_state,
)
from observer.store.records import Code, HistoryEntry, Segment, SessionInfo, StoredUtterance, UnitState

if TYPE_CHECKING:
    from observer.scheme.model import Item, Scheme
    from observer.store.study import Study

T = TypeVar("T")


class RaterView:
    """What one rater may see and change: their own codes only (blind coding)."""

    def __init__(self, study: Study, rater: str) -> None:
        self._study = study
        self.rater = rater

    # -- what every rater may read: the study's sessions and transcripts ----------

    @property
    def path(self) -> Path | None:
        """The study file (None for a study in PostgreSQL)."""
        return self._study.path

    @property
    def location(self) -> str:
        """Where the study lives: the file path or the URL."""
        return self._study.location

    @property
    def name(self) -> str:
        """A short name of the study for titles."""
        return self._study.name

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

    def in_batch(self, change: Callable[[], T]) -> T:
        """Run ``change`` (some of this view's writes) as one transaction and one undo step, again from the
        start if it lost a race with another writer."""
        def batched() -> T:
            with self._study.batch():
                return change()

        return self._study.write(batched)

    def codes(self, session_id: str) -> dict[tuple[int | None, str], Code]:
        """This rater's codes in a session, keyed by (segment, item)."""
        return {(c.segment, c.item): c for c in read_codes(self._study.db, session_id=session_id, rater=self.rater)}

    def unit_states(self, session_id: str) -> dict[int | None, UnitState]:
        """This rater's unit states (complete, note) in a session, keyed by segment."""
        rows = self._study.db.execute(
            "SELECT segment, complete, note FROM unit_state WHERE session_id = ? AND rater = ?",
            (session_id, self.rater),
        ).fetchall()
        return {api_segment(g): UnitState(bool(c), n) for g, c, n in rows}

    def history(self, session_id: str | None = None) -> list[HistoryEntry]:
        """This rater's own changes."""
        return read_history(self._study.db, session_id=session_id, rater=self.rater)

    def set_value(self, session_id: str, segment: int | None, item_id: str, value: object | None) -> Code | None:
        """Record a value (None clears it); committed at once with its history entry."""
        parsed = parse_value(self.scheme, item_id, segment, value)
        return self._change_code(session_id, segment, item_id, value=parsed)

    def set_note(self, session_id: str, segment: int | None, item_id: str, note: str) -> Code | None:
        """Attach a note to one item's code."""
        scheme_item(self.scheme, item_id, segment)
        return self._change_code(session_id, segment, item_id, note=note)

    def set_evidence(self, session_id: str, segment: int | None, item_id: str, utterances: Iterable[int]) -> Code | None:
        """Anchor an item's code to the utterances where it shows."""
        scheme_item(self.scheme, item_id, segment)
        return self._change_code(session_id, segment, item_id, evidence=sorted(set(int(u) for u in utterances)))

    def set_unit_note(self, session_id: str, segment: int | None, note: str) -> None:
        """Write the rater's note for a whole unit."""
        check_unit(self._study, session_id, segment)
        self._change_unit(session_id, segment, note=note)

    def set_complete(self, session_id: str, segment: int | None, complete: bool = True) -> None:
        """Mark a unit complete (refused while its values break the scheme's rules) or reopen it."""
        check_unit(self._study, session_id, segment)
        if complete:
            problems = self.problems(session_id, segment)
            if problems:
                raise CodesError(
                    "the unit cannot be marked complete: " + "; ".join(p.message for p in problems),
                    hint="Fix the items listed, then mark it complete again.",
                )
        self._change_unit(session_id, segment, complete=complete)

    def problems(self, session_id: str, segment: int | None):
        """The scheme-rule problems of this rater's values in one unit."""
        values = {item: c.value for (seg, item), c in self.codes(session_id).items() if seg == segment and c.value is not None}
        return self.scheme.check_unit(values, level="session" if segment is None else "segment")

    def undo(self, session_id: str) -> list[HistoryEntry]:
        """Reverse this rater's latest change (all of a batch) in the session; [] when nothing is left."""
        undo_stack, _ = self._stacks(session_id)
        return self._reverse(undo_stack[-1], "undo") if undo_stack else []

    def redo(self, session_id: str) -> list[HistoryEntry]:
        """Re-apply the latest undone change (all of a batch); [] when nothing is left."""
        _, redo_stack = self._stacks(session_id)
        return self._reverse(redo_stack[-1], "redo") if redo_stack else []

    # -- internals -------------------------------------------------------------

    def _change_code(self, session_id: str, segment: int | None, item_id: str, **changes) -> Code | None:
        check_unit(self._study, session_id, segment)
        db = self._study.db

        def change() -> dict:
            current = {"value": None, "note": "", "evidence": [],
                       **code_state(db, session_id, segment, self.rater, item_id)}
            new = {**current, **changes}
            if new != current:
                apply_code(self._study, session_id, segment, self.rater, item_id, new)
            return code_state(db, session_id, segment, self.rater, item_id)

        return code_from_state(session_id, segment, self.rater, item_id, self._study.write(change))

    def _change_unit(self, session_id: str, segment: int | None, **changes) -> None:
        def change() -> None:
            old = unit_state(self._study.db, session_id, segment, self.rater)
            state = {"complete": old.complete, "note": old.note, **changes}
            apply_unit(self._study, session_id, segment, self.rater, state)

        self._study.write(change)

    def _stacks(self, session_id: str) -> tuple[list[list[HistoryEntry]], list[list[HistoryEntry]]]:
        """Replay this rater's history in the session into undo and redo stacks of steps (a batch is one step)."""
        undo_stack: list[list[HistoryEntry]] = []
        redo_stack: list[list[HistoryEntry]] = []
        for step in _steps(self.history(session_id)):
            action = step[0].action
            if action == "set":
                undo_stack.append(step)
                redo_stack.clear()
            elif action == "undo" and undo_stack:
                redo_stack.append(undo_stack.pop())
            elif action == "redo" and redo_stack:
                undo_stack.append(redo_stack.pop())
        return undo_stack, redo_stack

    def _reverse(self, step: list[HistoryEntry], action: str) -> list[HistoryEntry]:
        entries = list(reversed(step)) if action == "undo" else step

        def change() -> None:
            with self._study.batch():
                for entry in entries:
                    state = entry.old if action == "undo" else entry.new
                    if entry.item:
                        apply_code(self._study, entry.session_id, entry.segment, self.rater, entry.item,
                                   state or None, action=action, target=entry.id)
                    else:
                        apply_unit(self._study, entry.session_id, entry.segment, self.rater,
                                   state or {"complete": False, "note": ""}, action=action, target=entry.id)

        self._study.write(change)
        return step


def _steps(entries: list[HistoryEntry]) -> list[list[HistoryEntry]]:
    """Consecutive entries of one batch form one step; an entry outside a batch is a step of its own."""
    steps: list[list[HistoryEntry]] = []
    for entry in entries:
        if steps and entry.batch is not None and steps[-1][-1].batch == entry.batch:
            steps[-1].append(entry)
        else:
            steps.append([entry])
    return steps


def scheme_item(scheme: Scheme, item_id: str, segment: int | None) -> Item:
    """The scheme's item, refused when unknown or coded at the wrong level (a session item in a segment)."""
    try:
        item = scheme.item(item_id)
    except KeyError:
        raise CodesError(f"the scheme has no item {item_id!r}") from None
    if (item.level == "session") != (segment is None):
        raise CodesError(f"{item.label} is a {item.level}-level item")
    return item


def parse_value(scheme: Scheme, item_id: str, segment: int | None, value: object | None) -> Value | None:
    """A value checked against the item's scale (None stays None); a CodesError otherwise."""
    item = scheme_item(scheme, item_id, segment)
    if value is None:
        return None
    try:
        return item.scale.parse(value)
    except ValueError as exc:
        raise CodesError(f"{item.label}: {exc}") from None


def check_unit(study: Study, session_id: str, segment: int | None) -> None:
    """Refuse a session or segment the study does not have."""
    if segment is None:
        study.session(session_id)
        return
    row = study.db.execute("SELECT 1 FROM segments WHERE session_id = ? AND idx = ?", (session_id, segment)).fetchone()
    if row is None:
        raise CodesError(f"session {session_id!r} has no segment {segment + 1}")
