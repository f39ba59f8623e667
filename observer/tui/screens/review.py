"""The review screen: the study's reliability table, computed by ``observer.reliability`` in a worker."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Sequence

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from observer.errors import ObserverError
from observer.scheme.model import Scheme
from observer.tui.commands import bindings, command
from observer.tui.review_data import ReportLine, reliability, target_of

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ("target", "statistic", "value", "CI", "units", "raters", "level", "note")
BELOW = "▼"
TARGET_WIDTH = 34
"""The target column is cut at this width (the whole target is in the hint under the table)."""


class Cancelled(Exception):
    """The review closed while its report was being computed."""


class ReportTable(DataTable):
    """The report's rows; values below their threshold and undefined ones stand out."""

    COMPONENT_CLASSES: ClassVar[set[str]] = DataTable.COMPONENT_CLASSES | {
        "report-table--below", "report-table--undefined", "report-table--muted"}


class ReviewScreen(Screen[None]):
    """Agreement per item, group, rater pair and session; Enter lists the disagreements behind a row."""

    COMMAND_SCOPES = ("review",)
    BINDINGS = bindings("review")

    flagged_only: reactive[bool] = reactive(False, init=False)

    class Progress(Message):
        """The report worker finished ``done`` of ``total`` pieces of work."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    def __init__(self, study: str | Path, study_name: str, scheme: Scheme, by: Sequence[str] | None, n_boot: int,
                 seed: int | None) -> None:
        super().__init__()
        self.study, self.study_name, self.scheme = study, study_name, scheme
        self.by, self.n_boot, self.seed = by, n_boot, seed
        self.codes: pd.DataFrame | None = None
        self.report: pd.DataFrame | None = None
        self.lines: list[ReportLine] = []

    def compose(self) -> ComposeResult:
        yield Static(f"Review · {self.study_name} · computing agreement…", id="review-bar", markup=False)
        with Horizontal(id="review-progress"):
            yield ProgressBar(show_eta=False, id="review-progress-bar")
            yield Static("reading the codes…", id="review-progress-text", markup=False)
        yield ReportTable(id="report", cursor_type="row", zebra_stripes=True)
        yield Static(id="review-hint", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(ReportTable).focus()
        self.run_worker(partial(reliability, self.study, by=self.by, n_boot=self.n_boot, seed=self.seed,
                                progress=self._progress), thread=True, exit_on_error=False, group="report")

    def _progress(self, done: int, total: int) -> None:
        """Called in the worker's thread: report progress, or stop when the review has closed."""
        if get_current_worker().is_cancelled:
            raise Cancelled
        self.post_message(self.Progress(done, total))

    @on(Progress)
    def _show_progress(self, event: Progress) -> None:
        self.query_one(ProgressBar).update(total=event.total, progress=event.done)
        self.query_one("#review-progress-text", Static).update(
            f"{event.done}/{event.total} · bootstrap {self.n_boot}" if self.n_boot else f"{event.done}/{event.total}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "report":
            return
        if event.state == WorkerState.SUCCESS:
            self.codes, self.report, self.lines = event.worker.result
            self.query_one("#review-progress").display = False
            self.fill()
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            text = str(error) if isinstance(error, ObserverError) else f"{type(error).__name__}: {error}"
            self.query_one("#review-progress").display = False
            self.query_one("#review-bar", Static).update(f"Review · {self.study_name} · no agreement to show")
            self.query_one("#review-hint", Static).update(text)
            self.notify(text, title="Cannot compute agreement", severity="error", timeout=12)

    # -- the table -------------------------------------------------------------------

    def watch_flagged_only(self) -> None:
        self.fill()

    def fill(self) -> None:
        """Show the report's rows (only those below their threshold when ``flagged_only``)."""
        if self.report is None:
            return
        table = self.query_one(ReportTable)
        table.clear(columns=True)
        for column in COLUMNS:
            width = min(max(len(line.target) for line in self.lines), TARGET_WIDTH) if column == "target" else None
            table.add_column("95% CI" if column == "CI" else column, key=column, width=width)
        styles = {state: table.get_component_rich_style(f"report-table--{state}")
                  for state in ("below", "undefined", "muted")}
        for position, line in enumerate(self.lines):
            if line.flagged or not self.flagged_only:
                table.add_row(*_cells(line, styles), key=str(position))
        self._show_bar()

    def _show_bar(self) -> None:
        report, settings = self.report, self.report.attrs.get("observer", {})
        raters = ", ".join(settings.get("raters", []))
        flagged, undefined = int(report["flag"].sum()), int(report["value"].isna().sum())
        shown = "flagged rows only" if self.flagged_only else f"{len(report)} rows"
        self.query_one("#review-bar", Static).update(
            f"Review · {self.study_name} · {raters} · {shown} · {flagged} below · {undefined} undefined")
        self._show_hint()

    @on(DataTable.RowHighlighted)
    def _show_hint(self) -> None:
        """Under the table: the highlighted row in full with its note, then what the keys do."""
        line = self.line()
        settings = self.report.attrs.get("observer", {}) if self.report is not None else {}
        keys = {name: self.app.key_of(command(name)) for name in ("review.disagreements", "app.summary")}
        about = "" if line is None else f"{line.target} · {line.statistic} · {line.note or 'no note'}\n"
        self.query_one("#review-hint", Static).update(
            f"{about}{keys['review.disagreements']} disagreements · {keys['app.summary']} session summary · {BELOW} "
            f"below threshold · {_bootstrap(settings.get('n_boot', 0))}")

    def row(self) -> dict | None:
        """The report row under the cursor."""
        line = self.line()
        return None if line is None else self.report.loc[line.index].to_dict()

    def line(self) -> ReportLine | None:
        """The report line under the cursor."""
        table = self.query_one(ReportTable)
        if self.report is None or not table.row_count:
            return None
        return self.lines[int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)]

    @property
    def summary_session(self) -> str | None:
        """The session of the highlighted row, when it is a session row."""
        row = self.row()
        return str(row["target"]) if row is not None and row["scope"] == "session" else None

    # -- actions ---------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_disagreements()

    def action_disagreements(self) -> None:
        """List the disagreements the highlighted row stands on."""
        from observer.tui.screens.review_disagreements import DisagreementsScreen

        row = self.row()
        if row is not None and self.codes is not None:
            self.app.push_screen(DisagreementsScreen(self.codes, self.scheme, target_of(row, self.scheme)))

    def action_flagged(self) -> None:
        """Show only the flagged rows, or every row again."""
        self.flagged_only = not self.flagged_only


def _cells(line: ReportLine, styles: dict[str, Style]) -> list[Text]:
    """One report line as table cells (plain text: ids and notes are never read as markup)."""
    value = f"{line.value} {BELOW}" if line.state == "below" else line.value
    return [Text(line.target), Text(line.statistic), Text(value, style=styles.get(line.state, "")),
            Text(line.interval), Text(str(line.n_units), justify="right"), Text(str(line.n_raters), justify="right"),
            Text(line.level, style=styles["muted"]), Text(line.note, style=styles["muted"])]


def _bootstrap(n_boot: int) -> str:
    """How the alpha intervals were made, briefly."""
    return f"CI: {n_boot} resamples" if n_boot else "no CI (--boot 0)"
