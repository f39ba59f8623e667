"""The consensus screen: walk a session's disagreements, each beside its transcript, and decide them with a reason."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from observer.errors import ObserverError
from observer.store import RaterView
from observer.store.records import CONSENSUS
from observer.supervision.consensus import ConsensusSession, ItemComparison
from observer.tui.coding_state import CodingState, TranscriptRow
from observer.tui.commands import bindings
from observer.tui.widgets.comparison import ComparisonView
from observer.tui.widgets.transcript import TranscriptView

EMPTY = ("-", "none")
"""What the value field takes for "the item stays empty"."""


class ConsensusScreen(Screen[None]):
    """One disagreement at a time: the raters' readings, the transcript with their evidence, the decision form."""

    COMMAND_SCOPES = ("consensus",)
    BINDINGS = bindings("consensus")

    index: reactive[int] = reactive(0, init=False)

    def __init__(self, walk: ConsensusSession, adopted: int = 0) -> None:
        super().__init__()
        self.walk = walk
        self.adopted = adopted
        self.items: list[ItemComparison] = []
        self.transcript = CodingState(RaterView(walk.study, CONSENSUS), walk.session_id)

    def compose(self) -> ComposeResult:
        yield Static(id="consensus-bar", markup=False)
        with Horizontal(id="body"):
            yield TranscriptView(self.transcript.speakers, id="transcript")
            with Vertical(id="side"):
                yield ComparisonView(id="comparison")
                yield Input(placeholder="consensus value (- for empty)", id="value")
                yield Input(placeholder="reason (required)", id="reason")
                yield Static("Enter or ctrl+s records the decision; ctrl+n / ctrl+b: next / back",
                             id="consensus-hint", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        if self.adopted:
            self.notify(f"Adopted {self.adopted} value(s) the raters agree on.")
        if not self.items:
            self.query_one(ComparisonView).show_text(
                "No disagreements: the raters agree on every coded item, and their values are the consensus.")
            for field in self.query(Input):
                field.disabled = True
            self.query_one(TranscriptView).focus()
            return
        pending = [n for n, c in enumerate(self.items) if c.pending]
        self.set_reactive(ConsensusScreen.index, pending[0] if pending else 0)
        self.show_current()
        self.query_one("#value", Input).focus()

    def reload(self) -> None:
        """Read the disagreements and the consensus again, and redraw the top bar."""
        self.items = self.walk.disagreements()
        units = self.walk.units()
        done = sum(u.consensus_complete for u in units)
        pending = sum(c.pending for c in self.items)
        where = f"disagreement {self.index + 1} of {len(self.items)}" if self.items else "no disagreements"
        self.query_one("#consensus-bar", Static).update(
            f"Consensus · session {self.walk.session_id} · {self.walk.supervisor} · {', '.join(self.walk.raters)}"
            f" · {where} · {pending} pending · {done}/{len(units)} units complete")

    def watch_index(self) -> None:
        self.reload()
        self.show_current()

    def show_current(self) -> None:
        """Show the disagreement at ``index``: its readings, the transcript of its unit, the form."""
        comparison = self.items[self.index]
        unit = self.walk.unit(comparison.segment)
        rows = self._rows(comparison.segment)
        self.query_one(ComparisonView).show(comparison, unit, {r.utterance.index: r.utterance.start for r in rows})
        evidence: dict[int, str] = {}
        for reading in comparison.readings:
            for utterance in reading.evidence:
                evidence[utterance] = ",".join(filter(None, (evidence.get(utterance), reading.rater)))
        self.query_one(TranscriptView).show_rows(comparison.segment, rows, evidence)
        value = "" if comparison.decision is None else (
            "-" if comparison.decision.value is None else str(comparison.decision.value))
        self.query_one("#value", Input).value = value
        self.query_one("#reason", Input).value = ""

    def _rows(self, segment: int | None) -> list[TranscriptRow]:
        """A segment's transcript; the whole session's for session-level items."""
        if segment is not None:
            return self.transcript.rows(segment)
        return [row for s in self.transcript.segments for row in self.transcript.rows(s.index) if not row.continuing]

    # -- actions ---------------------------------------------------------------------

    def action_next(self) -> None:
        if self.items:
            self.index = (self.index + 1) % len(self.items)

    def action_previous(self) -> None:
        if self.items:
            self.index = (self.index - 1) % len(self.items)

    def action_transcript(self) -> None:
        self.query_one(TranscriptView).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_decide()

    def action_decide(self) -> None:
        """Record the typed value with its reason; a missing value or reason is refused and nothing is written."""
        if not self.items:
            return
        value_field, reason_field = self.query_one("#value", Input), self.query_one("#reason", Input)
        text, reason = value_field.value.strip(), reason_field.value.strip()
        if not text:
            self.notify("Type the consensus value first (- for empty).", severity="error")
            value_field.focus()
            return
        if not reason:
            self.notify("A reason is required: say why this value.", severity="error")
            reason_field.focus()
            return
        comparison = self.items[self.index]
        try:
            decision = self.walk.decide(comparison.segment, comparison.item.id,
                                        None if text.lower() in EMPTY else text, reason)
        except ObserverError as error:
            self.notify(str(error), severity="error")
            return
        shown = "empty" if decision.value is None else decision.value
        self.notify(f"{comparison.item.label}: consensus {shown}.", timeout=3)
        self._go_to_next_pending()
        value_field.focus()

    def _go_to_next_pending(self) -> None:
        self.items = self.walk.disagreements()
        order = list(range(self.index + 1, len(self.items))) + list(range(self.index + 1))
        pending = [n for n in order if self.items[n].pending]
        if not pending:
            self.notify("Every disagreement has a decision.")
        target = pending[0] if pending else self.index
        if target == self.index:
            self.watch_index()
        else:
            self.index = target
