"""The review app: ``ReviewApp(study=PATH, by=..., n_boot=N)`` shows a study's agreement to a supervisor.

Read-only: the reliability table (computed in a worker), the disagreements behind a
row, and each disagreement's segment with every rater's codes side by side.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from textual.app import App

from observer.store import Study
from observer.tui.app import ObserverApp
from observer.tui.commands import binding_ids, bindings
from observer.tui.keymap import install_keymap
from observer.tui.notices import BriefNotifications


class ReviewApp(BriefNotifications, App[None]):
    """Review the agreement of the raters of the study at ``study`` (supervisor mode, not blind)."""

    CSS_PATH = ["app.tcss", "review.tcss"]
    TITLE = "observer review"
    BINDINGS = bindings("app")
    COMMANDS = ObserverApp.COMMANDS  # the command table's entries, not Textual's system commands

    def __init__(self, study: str | Path, *, by: Sequence[str] | None = None, n_boot: int = 1000,
                 seed: int | None = None, keys_file: Path | None = None) -> None:
        super().__init__()
        self.study = Study.open(study)
        self.by = tuple(by) if by else None
        self.n_boot = n_boot
        self.seed = seed
        self.keys_file = keys_file
        self.keymap: dict[str, str] = {}

    key_of = ObserverApp.key_of  # how a command's key reads after the user's remapping

    def on_mount(self) -> None:
        from observer.tui.screens.review import ReviewScreen

        self.keymap = install_keymap(self, binding_ids(self.study.scheme.items), self.keys_file)
        self.push_screen(ReviewScreen(self.study.target, self.study.name, self.study.scheme, self.by, self.n_boot,
                                     self.seed))

    def on_unmount(self) -> None:
        self.study.close()

    def action_help(self) -> None:
        """Show the review's keys and the scheme's definitions."""
        from observer.tui.screens.review_help import ReviewHelpScreen

        self.push_screen(ReviewHelpScreen(self.study.scheme, self.key_of))

    def action_cli_hint(self, topic: str) -> None:
        """Show the shell command for an export, a report or the reliability figures."""
        from observer.tui.screens.shell_hint import ShellHintScreen

        self.push_screen(ShellHintScreen(topic, self.study.location, getattr(self.screen, "summary_session", None)))

    def action_session_summary(self) -> None:
        """Show the summary of the session in focus: a rater, the consensus or the mean (again: close it)."""
        from observer.tui.screens.summary import SummaryScreen

        if isinstance(self.screen, SummaryScreen):
            self.pop_screen()
        elif (session := getattr(self.screen, "summary_session", None)) is not None:
            self.push_screen(SummaryScreen.of_study(self.study, session))
        else:
            self.notify("Highlight a session row or a disagreement first: the summary is of one session.",
                        severity="warning")
