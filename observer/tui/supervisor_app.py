"""The supervisor's start screen in a lab server's page: the review, consensus per session, reports, the overview.

``SupervisorApp(study=..., supervisor=NAME)``. The review and each consensus open as
pages of their own (the server runs those apps); a report is built in a worker and
delivered to the browser as a download; the overview is what ``observer sessions``
prints.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from textual import on
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from observer.errors import ObserverError
from observer.store import Study
from observer.tui.commands import bindings


@dataclass(frozen=True)
class StudyState:
    """What the start screen lists: the overview text, the sessions with two or more raters, the coded ones."""

    name: str
    overview: str
    double_coded: dict[str, tuple[str, ...]]
    coded: tuple[str, ...]


def read_state(target: str | Path) -> StudyState:
    """Read the study (in a worker: its own connection) for the start screen."""
    from observer.supervision.overview import sessions_overview

    with Study.open(target) as study:
        coders = study.coders()
        order = [info.id for info in study.sessions()]
        overview = sessions_overview(study) or "No sessions yet: import some with observer import."
        return StudyState(study.name, overview,
                          {s: tuple(sorted(coders[s])) for s in order if len(coders.get(s, ())) >= 2},
                          tuple(s for s in order if coders.get(s)))


def build_report(target: str | Path, session_id: str) -> tuple[str, str]:
    """A session's feedback report (in a worker): its file name and HTML."""
    from observer.report import StudyFrames, session_report
    from observer.report.write import file_name

    with Study.open(target) as study:
        frames = StudyFrames.for_session(study, session_id)
    return file_name(session_id, set()), session_report(frames, session_id)


class SupervisorApp(App[None]):
    """The start screen of a supervisor's page; choosing an entry opens it."""

    CSS_PATH = ["app.tcss", "supervisor.tcss"]
    TITLE = "observer"
    BINDINGS = [binding for binding in bindings("app") if binding.action == "quit"]

    def __init__(self, study: str | Path, supervisor: str) -> None:
        super().__init__()
        Study.open(study).close()  # a study that cannot open is one clear error before the screen
        self.target = study
        self.supervisor = supervisor

    def compose(self) -> ComposeResult:
        yield Label(f" observer · supervisor {self.supervisor}", id="start-title", markup=False)
        yield OptionList(id="start-choices")
        yield Label(" ↑↓ choose · Enter opens · q quits · the review and a consensus open as pages of their "
                    "own", id="start-hint", markup=False)
        with VerticalScroll(id="start-overview"):
            yield Static("Reading the study…", id="overview", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.run_worker(lambda: read_state(self.target), thread=True, group="state", exit_on_error=False)

    def show(self, state: StudyState) -> None:
        """List what the supervisor can open, and the overview."""
        self.query_one("#start-title", Label).update(f" observer · {state.name} · supervisor {self.supervisor}")
        options: list[Option | None] = [Option("Review agreement: reliability, disagreements, each rater's codes",
                                               id="review")]
        if state.double_coded:
            options += [None, Option("Consensus: sessions coded by two or more raters", disabled=True)]
            options += [Option(f"Consensus of session {session} ({', '.join(raters)})", id=f"consensus:{session}")
                        for session, raters in state.double_coded.items()]
        if state.coded:
            options += [None, Option("Feedback reports (download to your browser)", disabled=True)]
            options += [Option(f"Report of session {session}", id=f"report:{session}")
                        for session in state.coded]
        choices = self.query_one(OptionList)
        choices.clear_options()
        choices.add_options(options)
        choices.highlighted = 0
        self.query_one("#overview", Static).update(state.overview)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or ""
        kind, _, session = choice.partition(":")
        if kind == "review":
            self.open_url("/review", new_tab=False)
        elif kind == "consensus":
            self.open_url(f"/consensus/{quote(session, safe='')}", new_tab=False)
        elif kind == "report":
            self.notify(f"Writing the report of session {session}…", timeout=4)
            self.run_worker(lambda: build_report(self.target, session), thread=True, group="report",
                            exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS:
            if event.worker.group == "state":
                self.show(event.worker.result)
            elif event.worker.group == "report":
                name, html = event.worker.result
                self.deliver_text(io.StringIO(html), save_filename=name, mime_type="text/html")
                self.notify(f"{name} is on its way to your browser's downloads.", timeout=6)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            text = str(error) if isinstance(error, ObserverError) else f"{type(error).__name__}: {error}"
            self.notify(text, title="Cannot do that", severity="error", timeout=12)
