"""One rater's coding of one session: a write-through cache over the blind RaterView.

The coding screens read codes from this cache and write through it, so a key
press costs one targeted store call and never a re-read of the whole session.
It imports no Textual: the rules of editing live here, the screens only show.
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass
from typing import Callable

from observer.errors import CodesError
from observer.scheme.model import Item, Problem, Value
from observer.store import Code, RaterView, StoredUtterance, UnitState

Unit = int | None
"""A coding unit: a segment index, or None for the session level (global items)."""


class UnitComplete(CodesError):
    """A coding change refused because its unit is complete (protected until the rater reopens it)."""

    def __init__(self, unit: Unit) -> None:
        what = "The session ratings are" if unit is None else f"Segment {unit + 1} is"
        super().__init__(f"{what} complete, so its codes are protected", hint="Reopen it first to change them.")
        self.unit = unit


@dataclass(frozen=True)
class Replaced:
    """A value that was there and is now another one (``new`` None: cleared), and why when not asked for."""

    item: str
    old: Value
    new: Value | None
    because: str = ""


@dataclass(frozen=True)
class Change:
    """What one edit changed, so the screen repaints only that and says what it replaced.

    ``unit_events`` are what happened to the unit itself: "completed", "reopened" or "note".
    """

    unit: Unit
    items: tuple[str, ...] = ()
    unit_state: bool = False
    replaced: tuple[Replaced, ...] = ()
    unit_events: tuple[str, ...] = ()

    def __add__(self, other: Change) -> Change:
        return Change(self.unit, tuple(dict.fromkeys(self.items + other.items)),
                      self.unit_state or other.unit_state, self.replaced + other.replaced,
                      self.unit_events + other.unit_events)


@dataclass(frozen=True)
class TranscriptRow:
    """An utterance shown in a segment; ``continuing`` when it began in an earlier one."""

    utterance: StoredUtterance
    continuing: bool = False


class CodingState:
    """The session, its transcript and this rater's codes, with the editing rules."""

    def __init__(self, view: RaterView, session_id: str) -> None:
        self.view = view
        self.scheme = view.scheme
        self.info = view.session(session_id)
        self.segments = view.segments(session_id)
        self.utterances = view.utterances(session_id)
        self.speakers = list(dict.fromkeys(u.speaker for u in self.utterances))
        self.saved_at: float | None = None
        self._segment_starts = [s.start for s in self.segments]
        self._utterance_starts = [u.start for u in self.utterances]
        self._start_of = {u.index: u.start for u in self.utterances}
        self._rows = self._rows_by_segment()
        self._items = {item.id: item for item in self.scheme.items}
        self._ratings = self._ratings_by_marker()
        self._rupture_ratings = self._rupture_rating_ids()
        self.reload()

    @property
    def session_id(self) -> str:
        """The session being coded."""
        return self.info.id

    def reload(self) -> None:
        """Read this rater's codes and unit states again (after undo or redo)."""
        self._codes: dict[tuple[Unit, str], Code] = self.view.codes(self.session_id)
        self._units: dict[Unit, UnitState] = self.view.unit_states(self.session_id)

    # -- the transcript and time ------------------------------------------------

    def rows(self, segment: int) -> list[TranscriptRow]:
        """The utterances to show for a segment, continuing ones first."""
        return self._rows.get(segment, [])

    def start_of(self, utterance: int) -> float | None:
        """When an utterance starts, None for an index the session lacks."""
        return self._start_of.get(utterance)

    def segment_at(self, seconds: float) -> int:
        """The segment that contains a time (clamped to the session)."""
        index = bisect.bisect_right(self._segment_starts, seconds) - 1
        return min(max(index, 0), len(self.segments) - 1)

    def utterance_at(self, seconds: float) -> int | None:
        """The index of the utterance under way at a time (the last one started), None without any."""
        if not self.utterances:
            return None
        position = max(bisect.bisect_right(self._utterance_starts, seconds) - 1, 0)
        return self.utterances[position].index

    def time_meant(self, seconds: float, within: float) -> float:
        """Where a typed time lands: the first utterance starting within it, else the time itself.

        ``within`` is what the typed time rounds to (1 for m:ss): 7:19 lands on an utterance starting
        at 7:19.2, not on the one under way since 7:05; when none starts in [7:19, 7:20), on the one
        under way at 7:19.
        """
        position = bisect.bisect_left(self._utterance_starts, seconds)
        if position < len(self.utterances) and self._utterance_starts[position] < seconds + within:
            return self._utterance_starts[position]
        return seconds

    def _rows_by_segment(self) -> dict[int, list[TranscriptRow]]:
        rows: dict[int, list[TranscriptRow]] = {segment.index: [] for segment in self.segments}
        for utterance in self.utterances:
            rows.setdefault(utterance.segment, []).append(TranscriptRow(utterance))
            for later in self.segments[utterance.segment + 1:]:
                if later.start >= utterance.end:
                    break
                rows[later.index].append(TranscriptRow(utterance, continuing=True))
        return rows

    # -- the scheme as the screen needs it --------------------------------------

    def item(self, item_id: str) -> Item:
        """The scheme item with this id."""
        return self._items[item_id]

    def rating_for(self, item_id: str) -> str:
        """The item digit keys rate when ``item_id`` is focused: a marker's own rating, its group's, or itself."""
        ratings = self._ratings.get(item_id)
        return ratings[0] if ratings else item_id

    def ratings_of(self, item_id: str) -> tuple[str, ...]:
        """The conditional ratings that depend on a marker (its own first, then its group's)."""
        return self._ratings.get(item_id, ())

    def evidence_item(self, unit: Unit, item_id: str, marker: str | None = None) -> str | None:
        """The item whose code takes evidence asked for on ``item_id``: a marker or strategy, never its rating.

        A rating that depends on markers hands it to ``marker`` (the one last pressed) when that is one of
        them, else to its only present marker, else to its only marker; None when it cannot tell which.
        A rating of its own (no markers behind it, e.g. a WAI-O-S item) takes evidence itself.
        """
        markers = self.item(item_id).depends_on
        if not markers:
            return item_id
        if marker in markers:
            return marker
        present = [m for m in markers if self.value(unit, m) == 1]
        if len(present) == 1:
            return present[0]
        return markers[0] if len(markers) == 1 else None

    def _ratings_by_marker(self) -> dict[str, tuple[str, ...]]:
        ratings = [item for item in self.scheme.items if item.depends_on]
        ratings.sort(key=lambda rating: len(rating.depends_on))
        found: dict[str, list[str]] = {}
        for rating in ratings:
            for marker in rating.depends_on:
                found.setdefault(marker, []).append(rating.id)
        return {marker: tuple(ids) for marker, ids in found.items()}

    def _rupture_rating_ids(self) -> tuple[str, ...]:
        declared = tuple(rupture.rating for rupture in self.scheme.summary.rupture_types)
        if declared:
            return declared
        return tuple(item.id for group in self.scheme.groups if group.kind == "rupture"
                     for item in group.all_items if item.role == "rating" and item.scale.kind != "nominal")

    @staticmethod
    def digit_value(item: Item, digit: int) -> Value:
        """The value a digit key gives an item: the number itself, or the n-th category of a nominal scale."""
        scale = item.scale
        if scale.kind == "nominal":
            position = 10 if digit == 0 else digit
            if position <= len(scale.values):
                return scale.values[position - 1].value
        elif digit in scale.allowed:
            return digit
        choices = ", ".join(f"{n} {v.label}" for n, v in enumerate(scale.values, 1)) if scale.kind == "nominal" \
            else ", ".join(str(v) for v in scale.allowed)
        raise CodesError(f"{item.label} takes {choices}, not {digit}", hint="Press one of those digits.")

    # -- reading codes ----------------------------------------------------------

    def code(self, unit: Unit, item_id: str) -> Code | None:
        """This rater's code for one item in one unit."""
        return self._codes.get((unit, item_id))

    def value(self, unit: Unit, item_id: str) -> Value | None:
        """The recorded value, None when uncoded."""
        code = self._codes.get((unit, item_id))
        return None if code is None else code.value

    def values(self, unit: Unit) -> dict[str, Value]:
        """Every recorded value in a unit, by item id."""
        return {item: code.value for (seg, item), code in self._codes.items()
                if seg == unit and code.value is not None}

    def evidence(self, unit: Unit) -> dict[int, list[str]]:
        """The items anchored to each utterance in a unit, by utterance index."""
        anchored: dict[int, list[str]] = {}
        for (seg, item), code in self._codes.items():
            if seg == unit:
                for utterance in code.evidence:
                    anchored.setdefault(utterance, []).append(item)
        return anchored

    def unit_state(self, unit: Unit) -> UnitState:
        """Whether a unit is complete, and its note."""
        return self._units.get(unit, UnitState())

    def is_complete(self, unit: Unit) -> bool:
        """Whether the rater marked a unit complete."""
        return self.unit_state(unit).complete

    def problems(self, unit: Unit) -> list[Problem]:
        """The scheme-rule problems that keep a unit from being complete."""
        return self.scheme.check_unit(self.values(unit), level=_level(unit))

    def progress(self) -> tuple[int, int]:
        """(segments complete, segments) in the session."""
        return sum(self.is_complete(s.index) for s in self.segments), len(self.segments)

    def first_incomplete(self) -> int | None:
        """The first segment not yet complete, None when all are."""
        return next((s.index for s in self.segments if not self.is_complete(s.index)), None)

    def peak(self, segment: int) -> Value | None:
        """The highest rupture rating (significance or salience) recorded in a segment."""
        ratings = [v for item in self._rupture_ratings
                   if isinstance(v := self.value(segment, item), (int, float))]
        return max(ratings) if ratings else None

    def peak_level(self, segment: int, levels: int) -> int | None:
        """A segment's peak as a level from 1 to ``levels`` of the rupture ratings' scale top."""
        peak = self.peak(segment)
        if peak is None:
            return None
        top = max((v for item in self._rupture_ratings for v in self.item(item).scale.allowed
                   if isinstance(v, (int, float))), default=levels)
        return max(1, min(levels, round(levels * peak / top)))

    # -- editing ----------------------------------------------------------------
    # A complete unit is protected: every coding change on it raises UnitComplete until it is reopened
    # (notes stay writable). A key that makes several changes makes them in one batch: one undo step.

    def set_value(self, unit: Unit, item_id: str, value: Value | None) -> Change:
        """Record a value (None clears it); unmarking a marker also clears the ratings it leaves without one."""
        self._require_open(unit)
        item = self.item(item_id)
        orphans = self._orphaned_ratings(unit, item_id) if item.is_presence and value in (None, 0) else ()
        if not orphans:
            return self._write_value(unit, item_id, value)
        because = f"{item.label} unmarked: none of its markers is left"
        def step() -> Change:
            change = self._write_value(unit, item_id, value)
            for rating in orphans:
                change += self._write_value(unit, rating, None, because=because)
            return change

        return self._in_step(step)

    def toggle(self, unit: Unit, item_id: str) -> Change:
        """Mark a presence item present, or absent when it was present."""
        return self.set_value(unit, item_id, None if self.value(unit, item_id) == 1 else 1)

    def rate(self, unit: Unit, item_id: str, digit: int) -> Change:
        """Give the item a focused ``item_id`` rates (see ``rating_for``) the value of a digit key.

        Rating an absent marker's rating marks the marker too (one undo step), so the unit stays valid.
        """
        target = self.item(self.rating_for(item_id))
        if target.is_presence and digit in (0, 1):
            return self.set_value(unit, target.id, digit or None)
        value = self.digit_value(target, digit)
        self._require_open(unit)
        if target.id == item_id or self.value(unit, item_id) == 1:
            return self._write_value(unit, target.id, value)
        return self._in_step(lambda: self._write_value(unit, item_id, 1) + self._write_value(unit, target.id, value))

    def set_note(self, unit: Unit, item_id: str, note: str) -> Change:
        """Write the note of one item's code (also in a complete unit: a note changes no code)."""
        self._keep(unit, item_id, self.view.set_note(self.session_id, unit, item_id, note))
        return Change(unit, (item_id,))

    def toggle_evidence(self, unit: Unit, item_id: str, utterance: int) -> Change:
        """Anchor an item to an utterance, or lift the anchor; anchoring an absent marker marks it (one step)."""
        self._require_open(unit)
        code = self.code(unit, item_id)
        anchored = set(code.evidence) if code else set()
        anchored.symmetric_difference_update({utterance})
        change = Change(unit, (item_id,))
        if utterance not in anchored or not self.item(item_id).is_presence or self.value(unit, item_id) == 1:
            self._keep(unit, item_id, self.view.set_evidence(self.session_id, unit, item_id, anchored))
            return change

        def step() -> Change:
            marked = change + self._write_value(unit, item_id, 1)
            self._keep(unit, item_id, self.view.set_evidence(self.session_id, unit, item_id, anchored))
            return marked

        return self._in_step(step)

    def set_unit_note(self, unit: Unit, note: str) -> Change:
        """Write the rater's note for a whole unit."""
        self.view.set_unit_note(self.session_id, unit, note)
        self._units[unit] = UnitState(self.is_complete(unit), note)
        self._saved()
        return Change(unit, unit_state=True, unit_events=("note",))

    def complete(self, unit: Unit) -> Change:
        """Mark a unit complete; CodesError listing the problems while it breaks the scheme's rules."""
        self.view.set_complete(self.session_id, unit, True)
        self._units[unit] = UnitState(True, self.unit_state(unit).note)
        self._saved()
        return Change(unit, unit_state=True, unit_events=("completed",))

    def reopen(self, unit: Unit) -> Change:
        """Mark a complete unit as not complete, so that its codes can change again."""
        self.view.set_complete(self.session_id, unit, False)
        self._units[unit] = UnitState(False, self.unit_state(unit).note)
        self._saved()
        return Change(unit, unit_state=True, unit_events=("reopened",))

    def undo(self) -> Change | None:
        """Reverse this rater's latest step in the session (all of it); None when nothing is left to undo."""
        return self._replayed(self.view.undo(self.session_id))

    def redo(self) -> Change | None:
        """Re-apply the latest undone step; None when nothing is left to redo."""
        return self._replayed(self.view.redo(self.session_id))

    def _replayed(self, step: list) -> Change | None:
        if not step:
            return None
        self.reload()
        self._saved()
        items = tuple(dict.fromkeys(entry.item for entry in step if entry.item))
        events: list[str] = []
        for entry in step:
            if not entry.item:
                old, new = entry.old or {}, entry.new or {}
                if bool(old.get("complete")) != bool(new.get("complete")):
                    events.append("completed" if new.get("complete") else "reopened")
                if old.get("note", "") != new.get("note", ""):
                    events.append("note")
        return Change(step[0].segment, items, unit_state=any(not entry.item for entry in step),
                      unit_events=tuple(events))

    def _require_open(self, unit: Unit) -> None:
        if self.is_complete(unit):
            raise UnitComplete(unit)

    def _orphaned_ratings(self, unit: Unit, marker: str) -> list[str]:
        """The recorded ratings that unmarking ``marker`` leaves with none of their markers present."""
        return [rating for rating in self.ratings_of(marker) if self.value(unit, rating) is not None
                and not any(self.value(unit, m) == 1 for m in self.item(rating).depends_on if m != marker)]

    def _write_value(self, unit: Unit, item_id: str, value: Value | None, *, because: str = "") -> Change:
        old = self.value(unit, item_id)
        self._keep(unit, item_id, self.view.set_value(self.session_id, unit, item_id, value))
        new = self.value(unit, item_id)
        replaced = () if old is None or old == new or self.item(item_id).is_presence else (
            Replaced(item_id, old, new, because),)
        return Change(unit, (item_id,), replaced=replaced)

    def _in_step(self, step: Callable[[], Change]) -> Change:
        """One batch: one transaction and one undo step; on failure nothing of it stays, in the file or here."""
        try:
            return self.view.in_batch(step)
        except BaseException:
            self.reload()  # the batch was rolled back: forget what the cache took from it
            raise

    def _keep(self, unit: Unit, item_id: str, code: Code | None) -> None:
        if code is None:
            self._codes.pop((unit, item_id), None)
        else:
            self._codes[(unit, item_id)] = code
        self._saved()

    def _saved(self) -> None:
        self.saved_at = time.time()


def unit_name(unit: Unit) -> str:
    """A unit in words: "segment 3" (counted from 1) or "session ratings"."""
    return "session ratings" if unit is None else f"segment {unit + 1}"


def _level(unit: Unit) -> str:
    return "session" if unit is None else "segment"
