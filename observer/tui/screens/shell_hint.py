"""What the terminal UI leaves to the command line (exports, reports, reliability): the command to run."""

from __future__ import annotations

import shlex

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

HINTS = {
    "export": ("Export", "observer export {study} --what codes{session} -o codes.csv",
               "It writes every rater's codes (a supervisor's or an analyst's task). --what also takes segments, "
               "utterances, sessions or summary; the format follows the file's extension (.csv, .xlsx, "
               ".parquet)."),
    "report": ("Therapist report", "observer report {study} --session {session_id}{rater} -o report.html",
               "One self-contained HTML file; --all -o FOLDER writes one per coded session."),
    "reliability": ("Reliability", "observer reliability {study}",
                    "--by item|group|pair|session, --level, --boot N; see docs/reliability.md."),
}
"""For each topic: its title, the command (filled in with this study) and what else it takes."""


def shell_command(topic: str, study: str, session: str | None, rater: str | None) -> str:
    """The command line for a topic, for this study and (when known) session and rater."""
    _, template, _ = HINTS[topic]
    return template.format(study=shlex.quote(study), session=f" --session {shlex.quote(session)}" if session else "",
                           session_id=shlex.quote(session) if session else "ID",
                           rater=f" --rater {shlex.quote(rater)}" if rater else "")


class ShellHintScreen(ModalScreen[None]):
    """The command to run in a shell for something the coder does not do itself; Esc or Enter closes it."""

    BINDINGS = [Binding("escape,enter", "close", "Close", id="hint.close")]

    def __init__(self, topic: str, study: str, session: str | None = None, rater: str | None = None) -> None:
        super().__init__()
        self.topic = topic
        self.command_line = shell_command(topic, study, session, rater)

    def compose(self) -> ComposeResult:
        title, _, more = HINTS[self.topic]
        with Vertical(id="hint-dialog", classes="dialog"):
            yield Label(f"{title}: run this in a shell", classes="dialog-title")
            yield Static(self.command_line, id="hint-command", markup=False)
            yield Static(more, classes="dialog-hint", markup=False)
            yield Label("Esc closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
