"""The observer app: opens the study for one rater and shows the session picker or a session."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from observer.errors import ObserverError
from observer.store import Study
from observer.tui.coding_state import CodingState
from observer.tui.commands import Command, binding_ids, bindings
from observer.tui.keymap import install_keymap
from observer.tui.media_settings import media_settings
from observer.tui.notices import BriefNotifications


def _command_table_provider():
    """The palette's provider of the command table, imported when the palette first opens."""
    from observer.tui.palette import CommandTableProvider

    return CommandTableProvider


class ObserverApp(BriefNotifications, App[None]):
    """Code sessions of the study at ``study`` as ``rater``; ``session`` opens one directly.

    ``media`` (auto, video, audio or off) plays each session's recording in mpv;
    ``media_args`` are extra mpv options (tests give ``--ao=null``).
    """

    CSS_PATH = "app.tcss"
    TITLE = "observer"
    BINDINGS = bindings("app")
    COMMANDS = {_command_table_provider}  # observer's commands only, not Textual's system ones

    def __init__(self, study: str | Path, rater: str, session: str | None = None, *,
                 keys_file: Path | None = None, media: str = "off", media_args: Sequence[str] = ()) -> None:
        super().__init__()
        self.media = media_settings(media, media_args)
        self.study = Study.open(study)
        try:
            self.view = self.study.for_rater(rater)
            if session is not None:
                self.study.session(session)
        except BaseException:
            self.study.close()
            raise
        self.session_id = session
        self.keys_file = keys_file
        self.keymap: dict[str, str] = {}
        self._collecting = False

    def on_load(self) -> None:
        # Starting up allocates much and frees little: hold off cyclic garbage collection until the
        # first frame is on screen (it saves some 40 ms of start-up; see bench/bench_tui.py).
        self._collecting = gc.isenabled()
        gc.disable()

    def on_ready(self) -> None:
        self._resume_collection()

    def _resume_collection(self) -> None:
        if self._collecting:
            self._collecting = False
            gc.enable()

    def on_mount(self) -> None:
        self._load_keys()
        if self.session_id is not None:
            self.open_session(self.session_id)
        else:
            self.show_sessions()

    def on_unmount(self) -> None:
        self._resume_collection()
        self.study.close()

    def open_session(self, session_id: str) -> None:
        """Open the coding screen on a session, at its first segment not yet complete."""
        from observer.tui.screens.coding import CodingScreen

        try:
            state = CodingState(self.view, session_id)
        except ObserverError as exc:
            self.notify(str(exc), title="Cannot open the session", severity="error")
            return
        self.push_screen(CodingScreen(state))

    def show_sessions(self) -> None:
        """Show the session picker (back to it when it is below the current screen)."""
        from observer.tui.screens.picker import SessionPicker

        if any(isinstance(screen, SessionPicker) for screen in self.screen_stack):
            while not isinstance(self.screen, SessionPicker):
                self.pop_screen()
        elif len(self.screen_stack) > 1:
            self.switch_screen(SessionPicker(self.view))
        else:
            self.push_screen(SessionPicker(self.view))

    def action_help(self) -> None:
        """Show the keys and the scheme's definitions."""
        from observer.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.view.scheme, self.key_of))

    def action_session_summary(self) -> None:
        """Show the summary of the session being coded, from this rater's own codes only (again: close it)."""
        from observer.tui.screens.summary import SummaryScreen

        if isinstance(self.screen, SummaryScreen):
            self.pop_screen()
        elif (state := getattr(self.screen, "state", None)) is not None:
            self.push_screen(SummaryScreen.of_rater(self.view, state.session_id))
        else:
            self.notify("Open a session first: the summary is of the session being coded.", severity="warning")

    def action_cli_hint(self, topic: str) -> None:
        """Show the shell command for what the coder leaves to the command line (export, report, reliability)."""
        from observer.tui.screens.shell_hint import ShellHintScreen

        state = getattr(self.screen, "state", None)
        session = state.session_id if state is not None else None
        self.push_screen(ShellHintScreen(topic, self.study.location, session, self.view.rater))

    def key_of(self, command: Command) -> str:
        """How a command's key reads after the user's remapping (its first key)."""
        keys = self.keymap.get(command.id, command.key)
        if not keys:
            return ""
        return self.get_key_display(Binding(keys.split(",")[0].strip(), command.action))

    def _load_keys(self) -> None:
        self.keymap = install_keymap(self, binding_ids(self.view.scheme.items), self.keys_file)
