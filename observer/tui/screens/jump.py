"""Go to a segment by its number, or to a time."""

from __future__ import annotations

from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

Target = tuple[int, float | None]
"""Where to go: a segment, and a time in it (None for its start)."""


class JumpScreen(ModalScreen[Target | None]):
    """Ask for a segment number or a time; ``resolve`` turns the text into a target or says what is wrong."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="jump.cancel")]

    def __init__(self, prompt: str, resolve: Callable[[str], Target]) -> None:
        super().__init__()
        self.prompt = prompt
        self.resolve = resolve

    def compose(self) -> ComposeResult:
        with Vertical(id="jump-dialog", classes="dialog"):
            yield Label("Go to", classes="dialog-title")
            yield Input(placeholder=self.prompt, id="jump-input")
            yield Label(self.prompt, id="jump-error", classes="dialog-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            target = self.resolve(event.value)
        except ValueError as exc:
            error = self.query_one("#jump-error", Label)
            error.update(str(exc))
            error.add_class("-error")
            return
        self.dismiss(target)

    def action_cancel(self) -> None:
        self.dismiss(None)
