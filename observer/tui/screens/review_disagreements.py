"""The disagreements behind a report row: each unit and item the raters coded differently, largest first."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.worker import Worker, WorkerState

from observer.errors import ObserverError
from observer.scheme.model import Scheme
from observer.tui.commands import bindings, command
from observer.tui.review_data import DisagreementLine, Place, Target, disagreement_lines

if TYPE_CHECKING:
    import pandas as pd

class DisagreementsScreen(Screen[None]):
    """The disagreements of one target; Enter opens the highlighted one's segment."""

    COMMAND_SCOPES = ("disagreements",)
    BINDINGS = bindings("disagreements")

    def __init__(self, codes: pd.DataFrame, scheme: Scheme, target: Target) -> None:
        super().__init__()
        self.codes, self.scheme, self.target = codes, scheme, target
        self.places: list[Place] = []

    def compose(self) -> ComposeResult:
        yield Static(f"Disagreements · {self.target.title} · computing…", id="disagreements-bar", markup=False)
        yield DataTable(id="disagreements", cursor_type="row", zebra_stripes=True)
        yield Static(id="disagreements-hint", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.run_worker(partial(disagreement_lines, self.codes, self.scheme, self.target), thread=True,
                        exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS:
            self.fill(*event.worker.result)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            text = str(error) if isinstance(error, ObserverError) else f"{type(error).__name__}: {error}"
            self.query_one("#disagreements-hint", Static).update(text)
            self.notify(text, title="Cannot list the disagreements", severity="error", timeout=10)

    def fill(self, raters: tuple[str, ...], lines: list[DisagreementLine]) -> None:
        """Show the disagreements, one row per unit and item, each rater's value in a column."""
        view = self.query_one(DataTable)
        view.add_columns("session", "segment", "time", "item", *raters, "size")
        self.places = [line.place for line in lines]
        for number, line in enumerate(lines):
            segment = line.place.segment
            view.add_row(Text(line.place.session_id), Text("session" if segment is None else str(segment + 1)),
                         Text(line.when), Text(line.item), *map(Text, line.values),
                         Text(f"{line.size:.2f}", justify="right"), key=str(number))
        count = len(lines)
        self.query_one("#disagreements-bar", Static).update(
            f"Disagreements · {self.target.title} · {count} unit{'' if count == 1 else 's'}, largest first")
        keys = {name: self.app.key_of(command(name)) for name in ("disagreements.open", "app.summary")}
        self.query_one("#disagreements-hint", Static).update(
            f"{keys['disagreements.open']} the segment with every rater's codes · {keys['app.summary']} the "
            "session's summary · size 1: the ends of the scale apart"
            if count else "No disagreements: the raters coded the same values wherever they both coded.")

    def place(self) -> int | None:
        """The position of the highlighted disagreement in ``places``."""
        view = self.query_one(DataTable)
        if not view.row_count:
            return None
        return int(view.coordinate_to_cell_key(view.cursor_coordinate).row_key.value)

    @property
    def summary_session(self) -> str | None:
        """The session of the highlighted disagreement."""
        index = self.place()
        return None if index is None else self.places[index].session_id

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open_segment()

    def action_open_segment(self) -> None:
        """Open the highlighted disagreement's segment, read-only."""
        from observer.tui.screens.review_segment import SegmentReviewScreen

        index = self.place()
        if index is not None:
            self.app.push_screen(SegmentReviewScreen(self.app.study, self.places, index))

    def action_back(self) -> None:
        """Back to the reliability table."""
        self.dismiss(None)
