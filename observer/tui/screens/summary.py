"""The summary screen: one session's timeline by significance, peak moments, unresolved ruptures and figures.

The figures come from ``observer.summary``, computed in a thread worker (pandas is
imported there, never when the app starts). In the coder the screen summarises the
rater's own codes only; in review it can show each rater, the consensus or the mean.
"""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static
from textual.worker import Worker, WorkerState

from observer.errors import ObserverError
from observer.store import RaterView, Study
from observer.store.records import CONSENSUS
from observer.tui.commands import bindings
from observer.tui.session_snapshot import SessionSnapshot
from observer.tui.summary_digest import SessionDigest, digest
from observer.tui.widgets.styled_lines import Line
from observer.tui.widgets.summary_text import (
    SummaryText,
    figure_lines,
    peak_lines,
    segment_lines,
    unresolved_lines,
)
from observer.tui.widgets.summary_timeline import RESOLVED, STRATEGY, UNRESOLVED, SummaryTimeline

MEAN = "mean"
WIDE = 110
"""From this many columns, the segments sit beside the peak moments instead of below them."""


class SummaryScreen(Screen[None]):
    """A session's summary for one of ``choices`` (rater names, ``consensus``, ``mean``); ``r`` moves on."""

    CSS_PATH = "../summary.tcss"
    COMMAND_SCOPES = ("summary",)
    BINDINGS = bindings("summary")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    choice: reactive[int] = reactive(0, init=False)

    def __init__(self, snapshot: SessionSnapshot, choices: tuple[str, ...], *, blind: bool) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.choices = choices
        self.blind = blind

    @classmethod
    def of_rater(cls, view: RaterView, session_id: str) -> SummaryScreen:
        """The coder's summary: this rater's own codes, nobody else's."""
        return cls(SessionSnapshot.of_rater(view, session_id), (view.rater,), blind=True)

    @classmethod
    def of_study(cls, study: Study, session_id: str) -> SummaryScreen:
        """The supervisor's summary: consensus first when there is one, then the mean and each rater."""
        snapshot = SessionSnapshot.of_study(study, session_id)
        raters = tuple(r for r in snapshot.raters if r != CONSENSUS)
        choices = ((CONSENSUS,) if CONSENSUS in snapshot.raters else ()) + ((MEAN,) if len(raters) > 1 else ())
        return cls(snapshot, choices + raters or (MEAN,), blind=False)

    def compose(self) -> ComposeResult:
        yield Static(id="summary-bar", markup=False)
        yield SummaryTimeline(id="summary-timeline")
        yield Static(f"{STRATEGY} strategy  {RESOLVED} resolved in window  {UNRESOLVED} unresolved  "
                     "colour: significance", id="summary-legend", markup=False)
        yield LoadingIndicator(id="summary-loading")
        with VerticalScroll(id="summary-body", can_focus=True):
            with Horizontal(id="summary-columns"):
                with Vertical(id="summary-left"):
                    yield Static("Session figures", classes="summary-heading")
                    yield SummaryText(id="summary-figures")
                    yield Static("Peak moments", classes="summary-heading")
                    yield SummaryText(id="summary-peaks")
                    yield Static("Unresolved ruptures", classes="summary-heading")
                    yield SummaryText(id="summary-unresolved")
                with Vertical(id="summary-right"):
                    yield Static("Segments", classes="summary-heading")
                    yield SummaryText(id="summary-segments")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#summary-body").focus()
        self.compute()

    @property
    def rater(self) -> str:
        """The rater choice on screen."""
        return self.choices[self.choice]

    def watch_choice(self) -> None:
        self.compute()

    def compute(self) -> None:
        """Summarise the session for the current choice in a thread worker."""
        self._show_bar("computing…")
        self.query_one("#summary-loading").display = True
        self.run_worker(partial(digest, self.snapshot, self.rater), thread=True, exclusive=True,
                        group="summary", exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS:
            self.show(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.query_one("#summary-loading").display = False
            error = event.worker.error
            text = str(error) if isinstance(error, ObserverError) else f"{type(error).__name__}: {error}"
            self._show_bar("no summary")
            self.query_one("#summary-figures", SummaryText).show([Line([(text, "summary--unresolved")])])
            self.notify(text, title="Cannot summarise", severity="error")

    def show(self, result: SessionDigest) -> None:
        """Fill the screen with a computed summary."""
        self.query_one("#summary-loading").display = False
        self._show_bar(f"{len(result.unresolved)} unresolved" if result.has_resolution else "")
        self.query_one(SummaryTimeline).show(result)
        for name, lines in (("figures", figure_lines), ("peaks", peak_lines), ("unresolved", unresolved_lines),
                            ("segments", segment_lines)):
            self.query_one(f"#summary-{name}", SummaryText).show(lines(result))

    def _show_bar(self, status: str) -> None:
        info = self.snapshot.info
        whose = f"{self.rater} (your codes)" if self.blind else self._whose()
        parts = [f"Summary · {info.id}", whose, info.therapist, info.date, status]
        self.query_one("#summary-bar", Static).update(" · ".join(filter(None, parts)))

    def _whose(self) -> str:
        named = {CONSENSUS: "consensus codes", MEAN: "mean of the raters"}.get(self.rater, f"rater {self.rater}")
        return f"{named} ({self.choice + 1}/{len(self.choices)})" if len(self.choices) > 1 else named

    # -- actions -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_rater":
            return len(self.choices) > 1
        return True

    def action_next_rater(self) -> None:
        """Summarise the next choice of rater."""
        self.choice = (self.choice + 1) % len(self.choices)

    def action_close(self) -> None:
        """Back to the screen below."""
        self.dismiss(None)

    def palette_entries(self):
        """Palette entries: summarise each rater choice."""
        return [(f"Summary of {choice}", "", partial(setattr, self, "choice", n))
                for n, choice in enumerate(self.choices)]
