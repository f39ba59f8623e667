"""The evidence prompt: after ctrl+e, the next key names the item to anchor at the utterance under the cursor."""

from __future__ import annotations

from typing import Iterable

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.screen import ModalScreen
from textual.widgets import Static

from observer.scheme.model import Item
from observer.tui.commands import bindings, evidence_bindings

FOCUSED = ""
"""What the prompt returns for "the focused item" (ctrl+e or enter again)."""


class EvidencePrompt(ModalScreen[str | None]):
    """One line over the footer: an item's key returns its id, ctrl+e or enter FOCUSED, any other key None.

    Escape cancels quietly; another key is named in a notification.
    """

    COMMAND_SCOPES = ("evidence",)
    BINDINGS = bindings("evidence")

    def __init__(self, items: Iterable[Item], keymap: dict[str, str], prompt: str) -> None:
        super().__init__()
        extra = BindingsMap(evidence_bindings(items, keymap))
        for key, found in extra.key_to_bindings.items():
            self._bindings.key_to_bindings.setdefault(key, []).extend(found)
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        yield Static(self.prompt, id="evidence-prompt", markup=False)

    def on_key(self, event: events.Key) -> None:
        if event.key not in self.active_bindings:  # a key the prompt does not take ends it, anchoring nothing
            event.stop()
            event.prevent_default()
            self.app.notify(f"{event.key} is not an item key: no evidence anchored.", severity="warning")
            self.dismiss(None)

    def action_anchor_item(self, item_id: str) -> None:
        self.dismiss(item_id)

    def action_focused(self) -> None:
        self.dismiss(FOCUSED)

    def action_cancel(self) -> None:
        self.dismiss(None)
