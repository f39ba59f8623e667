"""One rater's coding of one session: a write-through cache over the blind RaterView.

The coding screens read codes from this cache and write through it, so a key
press costs one targeted store call and never a re-read of the whole session.
It imports no Textual: the rules of editing live here, the screens only show.
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass

from observer.errors import CodesError
from observer.scheme.model import Item, Problem, Value
from observer.store import Code, RaterView, StoredUtterance, UnitState

Unit = int | None
"""A coding unit: a segment index, or None for the session level (global items)."""


@dataclass(frozen=True)
class Change:
    """What one edit changed, so the screen repaints only that."""

    unit: Unit
    items: tuple[str, ...] = ()
    unit_state: bool = False
    reopened: bool = False


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

    def set_value(self, unit: Unit, item_id: str, value: Value | None) -> Change:
        """Record a value (None clears it); a complete unit the change would break is reopened first."""
        reopened = self._reopen_if_broken(unit, item_id, value)
        self._keep(unit, item_id, self.view.set_value(self.session_id, unit, item_id, value))
        return Change(unit, (item_id,), unit_state=reopened, reopened=reopened)

    def toggle(self, unit: Unit, item_id: str) -> Change:
        """Mark a presence item present, or absent when it was present."""
        return self.set_value(unit, item_id, None if self.value(unit, item_id) == 1 else 1)

    def rate(self, unit: Unit, item_id: str, digit: int) -> Change:
        """Give the item a focused ``item_id`` rates (see ``rating_for``) the value of a digit key.

        Rating an absent marker's rating marks the marker too, so the unit stays valid.
        """
        target = self.item(self.rating_for(item_id))
        if target.is_presence and digit in (0, 1):
            return self.set_value(unit, target.id, digit or None)
        value = self.digit_value(target, digit)
        marked = target.id != item_id and self.value(unit, item_id) != 1
        reopened = marked and self.set_value(unit, item_id, 1).reopened
        change = self.set_value(unit, target.id, value)
        items = (item_id, target.id) if marked else (target.id,)
        return Change(unit, items, unit_state=change.unit_state or reopened, reopened=change.reopened or reopened)

    def set_note(self, unit: Unit, item_id: str, note: str) -> Change:
        """Write the note of one item's code."""
        self._keep(unit, item_id, self.view.set_note(self.session_id, unit, item_id, note))
        return Change(unit, (item_id,))

    def toggle_evidence(self, unit: Unit, item_id: str, utterance: int) -> Change:
        """Anchor an item to an utterance, or lift the anchor; anchoring a marker marks it present."""
        code = self.code(unit, item_id)
        anchored = set(code.evidence) if code else set()
        reopened = False
        if utterance in anchored:
            anchored.discard(utterance)
        else:
            anchored.add(utterance)
            if self.item(item_id).is_presence and self.value(unit, item_id) != 1:
                reopened = self.set_value(unit, item_id, 1).reopened
        self._keep(unit, item_id, self.view.set_evidence(self.session_id, unit, item_id, anchored))
        return Change(unit, (item_id,), unit_state=reopened, reopened=reopened)

    def set_unit_note(self, unit: Unit, note: str) -> Change:
        """Write the rater's note for a whole unit."""
        self.view.set_unit_note(self.session_id, unit, note)
        self._units[unit] = UnitState(self.is_complete(unit), note)
        self._saved()
        return Change(unit, unit_state=True)

    def complete(self, unit: Unit) -> Change:
        """Mark a unit complete; CodesError listing the problems while it breaks the scheme's rules."""
        self.view.set_complete(self.session_id, unit, True)
        self._units[unit] = UnitState(True, self.unit_state(unit).note)
        self._saved()
        return Change(unit, unit_state=True)

    def reopen(self, unit: Unit) -> Change:
        """Mark a complete unit as not complete."""
        self.view.set_complete(self.session_id, unit, False)
        self._units[unit] = UnitState(False, self.unit_state(unit).note)
        self._saved()
        return Change(unit, unit_state=True)

    def undo(self) -> Change | None:
        """Reverse this rater's latest change in the session; None when nothing is left to undo."""
        return self._replayed(self.view.undo(self.session_id))

    def redo(self) -> Change | None:
        """Re-apply the latest undone change; None when nothing is left to redo."""
        return self._replayed(self.view.redo(self.session_id))

    def _replayed(self, step: list) -> Change | None:
        if not step:
            return None
        self.reload()
        self._saved()
        items = tuple(dict.fromkeys(entry.item for entry in step if entry.item))
        return Change(step[0].segment, items, unit_state=any(not entry.item for entry in step))

    def _reopen_if_broken(self, unit: Unit, item_id: str, value: Value | None) -> bool:
        if not self.is_complete(unit):
            return False
        values = self.values(unit)
        values.pop(item_id, None)
        if value is not None:
            try:
                values[item_id] = self.item(item_id).scale.parse(value)
            except ValueError:
                return False  # the store refuses the value itself, with its own message
        if not self.scheme.check_unit(values, level=_level(unit)):
            return False
        self.reopen(unit)
        return True

    def _keep(self, unit: Unit, item_id: str, code: Code | None) -> None:
        if code is None:
            self._codes.pop((unit, item_id), None)
        else:
            self._codes[(unit, item_id)] = code
        self._saved()

    def _saved(self) -> None:
        self.saved_at = time.time()


def _level(unit: Unit) -> str:
    return "session" if unit is None else "segment"
