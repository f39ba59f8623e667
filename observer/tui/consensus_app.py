"""The consensus app: ``ConsensusApp(study=PATH, session=ID, supervisor=NAME)`` settles one session."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from observer.store import Study
from observer.supervision.consensus import ConsensusSession
from observer.tui.app import ObserverApp
from observer.tui.commands import COMMANDS, bindings
from observer.tui.keymap import install_keymap
from observer.tui.notices import BriefNotifications


class ConsensusApp(BriefNotifications, App[None]):
    """Walk the disagreements of a double-coded session as ``supervisor``; agreed values are adopted on start."""

    CSS_PATH = ["app.tcss", "consensus.tcss"]
    TITLE = "observer consensus"
    COMMANDS = ObserverApp.COMMANDS  # the command table's entries, not Textual's system commands
    BINDINGS = [binding for binding in bindings("app") if binding.id == "app.quit"]  # q once out of the fields

    def __init__(self, study: str | Path, session: str, supervisor: str) -> None:
        super().__init__()
        self.study = Study.open(study)
        try:
            self.walk = ConsensusSession(self.study, session, supervisor)
        except BaseException:
            self.study.close()
            raise
        self.keymap: dict[str, str] = {}

    key_of = ObserverApp.key_of  # how a command's key reads after the user's remapping

    def on_mount(self) -> None:
        from observer.tui.screens.consensus import ConsensusScreen

        self.keymap = install_keymap(self, {command.id for command in COMMANDS})
        self.push_screen(ConsensusScreen(self.walk, self.walk.adopt_agreements()))

    def action_cli_hint(self, topic: str) -> None:
        """Show the shell command for an export, the consensus report or the reliability figures."""
        from observer.tui.screens.shell_hint import ShellHintScreen

        self.push_screen(ShellHintScreen(topic, self.study.location, self.walk.session_id, "consensus"))

    def on_unmount(self) -> None:
        self.study.close()
