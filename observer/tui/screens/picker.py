"""The session picker: the rater's sessions with their length and coding progress."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label

from observer.store import RaterView, SessionInfo
from observer.tui.commands import bindings
from observer.tui.timefmt import clock


class SessionPicker(Screen):
    """Pick a session to code; the cursor starts on the first one not yet complete."""

    COMMAND_SCOPES = ("picker",)
    BINDINGS = bindings("picker")

    def __init__(self, view: RaterView) -> None:
        super().__init__()
        self.view = view
        self.assigned: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Label(f" observer · {self.view.name} · rater {self.view.rater}", id="picker-title")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Label(" Enter opens a session; coding resumes at its first segment not yet complete.",
                    id="picker-hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.assigned = set(self.view.assigned_sessions())
        table.add_columns("Session", "Your progress", "Length", "Segments", "Therapist", "Client", "Date")
        if self.assigned:
            table.add_column("Assigned")
        table.focus()

    def on_screen_resume(self) -> None:
        self.fill()

    def fill(self) -> None:
        """List the sessions with this rater's progress."""
        table = self.query_one(DataTable)
        table.clear()
        first_open = None
        for row, (info, assigned) in enumerate(self.sessions()):
            finished, label = self.progress(info)
            if first_open is None and not finished:
                first_open = row
            cells = [info.id, label, clock(info.duration), str(info.n_segments), info.therapist, info.client, info.date]
            table.add_row(*cells, *(["yours" if assigned else ""] if self.assigned else []), key=info.id)
        if first_open is not None:
            table.move_cursor(row=first_open)

    def sessions(self) -> list[tuple[SessionInfo, bool]]:
        """The study's sessions, those assigned to this rater first, each with whether it is assigned."""
        sessions = self.view.sessions()
        return sorted(((info, info.id in self.assigned) for info in sessions), key=lambda pair: not pair[1])

    def progress(self, info: SessionInfo) -> tuple[bool, str]:
        """Whether this rater finished a session, and their progress in words."""
        units = self.view.unit_states(info.id)
        done = sum(1 for unit, state in units.items() if unit is not None and state.complete)
        ratings_done = not self.view.scheme.session_items or (None in units and units[None].complete)
        if done >= info.n_segments:
            return ratings_done, "✓ complete" if ratings_done else "session ratings due"
        return False, f"{done}/{info.n_segments}" if units else "not started"

    def action_open_session(self) -> None:
        """Open the highlighted session."""
        table = self.query_one(DataTable)
        if table.row_count:
            self.app.open_session(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_session(event.row_key.value)

    def palette_entries(self):
        """Palette entries: open each session."""
        return [(f"Open session {info.id}", f"{info.therapist} {info.client} {info.date}".strip(),
                 lambda session=info.id: self.app.open_session(session)) for info in self.view.sessions()]
