"""An app that shows why the app asked for cannot open (in a lab server's page), until the user closes it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

from observer.tui.commands import bindings


class ProblemApp(App[None]):
    """Shows one problem's message; the quit key closes it."""

    TITLE = "observer"
    BINDINGS = [binding for binding in bindings("app") if binding.action == "quit"]
    CSS = "#problem { margin: 1 2; color: $error; }"

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        yield Static(f"This cannot open:\n\n{self.message}\n\nFix it, then reload the page.", id="problem",
                     markup=False)
        yield Footer()
