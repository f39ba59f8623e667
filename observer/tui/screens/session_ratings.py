"""The session-level (global) ratings, offered after the last segment and open at any time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label

from observer.tui.coding_state import CodingState, Unit
from observer.tui.commands import bindings, rating_bindings, scheme_bindings
from observer.tui.screens.editing import UnitScreen, guarded
from observer.tui.widgets.coding_panel import CodingPanel, Section
from observer.tui.widgets.unit_info import ItemInfo, UnitStatus


class SessionRatingsScreen(UnitScreen, ModalScreen[bool]):
    """Rate the session's global items; Enter marks them complete, Esc goes back to the segments."""

    COMMAND_SCOPES = ("ratings",)
    BINDINGS = bindings("ratings") + rating_bindings()
    REOPEN = "ratings.reopen"

    def __init__(self, state: CodingState) -> None:
        super().__init__(state)
        extra = BindingsMap(scheme_bindings(state.scheme.session_items))
        for key, found in extra.key_to_bindings.items():
            self._bindings.key_to_bindings.setdefault(key, []).extend(found)

    @property
    def unit(self) -> Unit:
        return None

    def compose(self) -> ComposeResult:
        items = self.state.scheme.session_items
        with Vertical(id="ratings-dialog", classes="dialog"):
            yield Label(f"Session ratings · {self.state.session_id}", classes="dialog-title")
            yield CodingPanel([Section("session", "Rated once for the whole session",
                                       tuple((item, False) for item in items))], id="ratings-panel")
            yield UnitStatus(noun="session ratings", id="ratings-status")
            yield ItemInfo(id="ratings-info")
            yield Footer()

    def on_mount(self) -> None:
        self.panel.show_unit(self.state, None)
        self.show_status()
        self.focused_item = self.state.scheme.session_items[0].id
        self.panel.focus()

    @guarded
    def action_complete(self) -> None:
        """Mark the session ratings complete and close."""
        if not self.state.is_complete(None):
            self.state.complete(None)
        self.dismiss(True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reopen":
            return self.state.is_complete(None)
        return True

    @guarded
    def action_reopen(self) -> None:
        """Reopen the complete session ratings, so that they can change."""
        if self.state.is_complete(None):
            self.show_change(self.state.reopen(None))
            self.refresh_bindings()  # its footer no longer offers to reopen

    def action_close(self) -> None:
        """Back to the segments."""
        self.dismiss(self.state.is_complete(None))
