"""What the segment screen and the session-ratings screen share: editing one unit's items."""

from __future__ import annotations

from functools import cached_property, partial, wraps
from typing import Callable, TypeVar

from textual import on
from textual.reactive import reactive
from textual.screen import Screen

from observer.errors import ObserverError, StudyError
from observer.scheme.model import Item, Value
from observer.tui.coding_state import Change, CodingState, Replaced, Unit, UnitComplete, unit_name
from observer.tui.commands import command
from observer.tui.widgets.coding_panel import CodingPanel
from observer.tui.widgets.unit_info import ItemInfo, UnitStatus

Action = TypeVar("Action", bound=Callable[..., object])


def guarded(action: Action) -> Action:
    """Run an action; a user error or a failed write becomes a notification, never a traceback."""

    @wraps(action)
    def run(self, *args, **kwargs):
        try:
            return action(self, *args, **kwargs)
        except StudyError as exc:  # the study is locked, damaged, read-only or gone
            self.saving_failed()
            self.notify(f"{exc}. Your last change is NOT saved.", title="Not saved", severity="error")
        except UnitComplete as exc:  # a stray key on a complete unit: nothing changes
            self.notify(f"{exc.message}. {self.reopen_key} reopens it.", title="Complete", severity="warning")
        except ObserverError as exc:  # a change the scheme's rules refuse
            self.notify(str(exc), title="Not done", severity="error")
        return None

    return run  # type: ignore[return-value]


def value_words(item: Item, value: Value) -> str:
    """A value with its label: "4 high" (a category that is its own label once: "calm")."""
    label = item.scale.label_of(value)
    return label if label == str(value) else f"{value} {label}"


class UnitScreen(Screen):
    """A screen editing the items of one unit (``self.unit``) through ``self.state``.

    Subclasses compose a CodingPanel, a UnitStatus and an ItemInfo, and name the command that
    reopens their unit (``REOPEN``). ``marker`` is the marker or strategy last pressed or focused:
    evidence asked for on a rating goes to it.
    """

    REOPEN = "segment.reopen"
    focused_item: reactive[str | None] = reactive(None, init=False, repaint=False)

    def __init__(self, state: CodingState) -> None:
        super().__init__()
        self.state = state
        self.marker: str | None = None

    @property
    def unit(self) -> Unit:
        """The unit being edited."""
        raise NotImplementedError

    # -- widgets the screen composes --------------------------------------------------

    @cached_property
    def reopen_key(self) -> str:
        """The key that reopens the unit, as the keys file has it."""
        return self.app.key_of(command(self.REOPEN))

    @property
    def panel(self) -> CodingPanel:
        return self.query_one(CodingPanel)

    @property
    def status(self) -> UnitStatus:
        return self.query_one(UnitStatus)

    @property
    def info(self) -> ItemInfo:
        return self.query_one(ItemInfo)

    def watch_focused_item(self, item_id: str | None) -> None:
        if item_id is not None and self.state.item(item_id).is_presence:
            self.marker = item_id
        self.panel.cursor = item_id
        self.show_info()

    # -- actions ------------------------------------------------------------------------

    @guarded
    def action_item(self, item_id: str) -> None:
        """An item's key: toggle a marker (then focus its rating), or focus a rating."""
        item = self.state.item(item_id)
        if item.is_presence:
            self.marker = item_id
            try:
                self.show_change(self.state.toggle(self.unit, item_id))
            except UnitComplete:
                self.focused_item = item_id  # nothing changes, but its definition is on screen
                raise
            self.focus_rating_of(item_id)
        else:
            self.focused_item = item_id

    def focus_rating_of(self, item_id: str) -> None:
        """Focus the rating digits give a marker (when it shows), else the marker itself."""
        rating = self.state.rating_for(item_id)
        row = self.panel.rows.get(rating)
        self.focused_item = rating if row is not None and not row.hidden else item_id

    @guarded
    def action_rate(self, digit: int) -> None:
        """A digit key: rate the focused item (a marker's digits go to its rating)."""
        if self.focused_item is None:
            self.notify("Press an item's key first; digits rate the focused item.", severity="warning")
            return
        self.show_change(self.state.rate(self.unit, self.focused_item, digit))

    @guarded
    def action_clear_item(self) -> None:
        """Clear the focused item's value."""
        if self.focused_item is not None:
            self.show_change(self.state.set_value(self.unit, self.focused_item, None))

    def action_item_note(self) -> None:
        """Write a note on the focused item."""
        from observer.tui.screens.note import NoteScreen

        item_id = self.focused_item
        if item_id is None:
            return
        code = self.state.code(self.unit, item_id)
        current = code.note if code else ""
        self.app.push_screen(NoteScreen(f"Note on {self.state.item(item_id).label}", current),
                             partial(self._save_item_note, self.unit, item_id, current))

    @guarded
    def _save_item_note(self, unit: Unit, item_id: str, current: str, note: str) -> None:
        if note != current:
            self.show_change(self.state.set_note(unit, item_id, note))

    @guarded
    def action_undo(self) -> None:
        """Undo the rater's latest change in this session."""
        self.replay(self.state.undo(), "undo")

    @guarded
    def action_redo(self) -> None:
        """Redo the change last undone."""
        self.replay(self.state.redo(), "redo")

    # -- showing changes ------------------------------------------------------------------

    def replay(self, change: Change | None, what: str) -> None:
        """Show an undone or redone change."""
        if change is None:
            self.notify(f"Nothing to {what} in this session.", severity="warning", timeout=3)
            return
        self.show_change(change)
        self.notify(f"{what.capitalize()}: {self.describe(change)}", timeout=3)

    def describe(self, change: Change) -> str:
        """A change in words, where it happened: "Denial, Withdrawal significance (segment 2)"."""
        events = {"completed": "completion", "reopened": "reopening", "note": "note"}
        parts = [self.state.item(i).label for i in change.items]
        parts += [events[event] for event in dict.fromkeys(change.unit_events)]
        return f"{', '.join(parts) or 'change'} ({unit_name(change.unit)})"

    def show_change(self, change: Change) -> None:
        """Repaint what a change touched, in this unit; say which values it replaced."""
        if change.unit == self.unit:
            self.panel.update_items(self.state, self.unit, change.items)
            self.show_status()
            self.show_info()
        if change.replaced:
            self.notify("\n".join(self.replacement(r) for r in change.replaced), title="Replaced", timeout=3)

    def replacement(self, replaced: Replaced) -> str:
        """A replaced value in words: "Withdrawal significance: 4 high → 1 very low"."""
        item = self.state.item(replaced.item)
        new = "cleared" if replaced.new is None else value_words(item, replaced.new)
        return f"{item.label}: {value_words(item, replaced.old)} → {new}" + (
            f" ({replaced.because})" if replaced.because else "")

    def show_status(self) -> None:
        """Show the unit's state and what it misses (how to reopen it when complete)."""
        state = self.state.unit_state(self.unit)
        self.status.show(state.complete, self.state.problems(self.unit), state.note, self.reopen_key)

    def show_info(self) -> None:
        """Show the focused item's definition and values."""
        item_id = self.focused_item
        if item_id is None:
            self.info.show(None, None, None, None)
            return
        target = self.state.item(self.state.rating_for(item_id))
        code = self.state.code(self.unit, item_id)
        self.info.show(self.state.item(item_id), code, target, self.state.value(self.unit, target.id),
                       self.evidence_times(code.evidence if code else ()))

    def evidence_times(self, utterances: tuple[int, ...]) -> list[float]:
        """The start times of anchored utterances."""
        return [start for u in utterances if (start := self.state.start_of(u)) is not None]

    def saving_failed(self) -> None:
        """Say on screen that the last change did not reach the study file."""

    # -- messages from the widgets ------------------------------------------------------------

    @on(CodingPanel.CursorMoved)
    def _panel_cursor(self, event: CodingPanel.CursorMoved) -> None:
        self.focused_item = event.item_id

    @on(CodingPanel.Clicked)
    def _row_clicked(self, event: CodingPanel.Clicked) -> None:
        self.panel.focus()
        if self.state.item(event.item_id).is_presence:
            self.action_item(event.item_id)
        else:
            self.focused_item = event.item_id
