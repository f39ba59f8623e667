"""The consensus app: ``ConsensusApp(study=PATH, session=ID, supervisor=NAME)`` settles one session."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from observer.store import Study
from observer.supervision.consensus import ConsensusSession
from observer.tui.commands import COMMANDS
from observer.tui.keymap import install_keymap


class ConsensusApp(App[None]):
    """Walk the disagreements of a double-coded session as ``supervisor``; agreed values are adopted on start."""

    CSS_PATH = ["app.tcss", "consensus.tcss"]
    TITLE = "observer consensus"

    def __init__(self, study: str | Path, session: str, supervisor: str) -> None:
        super().__init__()
        self.study = Study.open(study)
        try:
            self.walk = ConsensusSession(self.study, session, supervisor)
        except BaseException:
            self.study.close()
            raise

    def on_mount(self) -> None:
        from observer.tui.screens.consensus import ConsensusScreen

        install_keymap(self, {command.id for command in COMMANDS})
        self.push_screen(ConsensusScreen(self.walk, self.walk.adopt_agreements()))

    def on_unmount(self) -> None:
        self.study.close()
