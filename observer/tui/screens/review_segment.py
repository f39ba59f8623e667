"""One disagreement's segment, read-only: its transcript with every rater's evidence, their codes side by side."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from observer.errors import ObserverError
from observer.store import RaterView, Study
from observer.store.records import CONSENSUS
from observer.supervision.consensus import ConsensusSession, UnitComparison
from observer.tui.coding_state import CodingState, TranscriptRow
from observer.tui.commands import bindings
from observer.tui.review_data import Place
from observer.tui.widgets.rater_codes import RaterCodes, unit_lines
from observer.tui.widgets.transcript import TranscriptView

WIDE = 110
"""From this many columns, the codes sit beside the transcript instead of above it."""


class SegmentReviewScreen(Screen[None]):
    """The unit of ``places[index]``; n and p step through the other places of the list."""

    COMMAND_SCOPES = ("segment-review",)
    BINDINGS = bindings("segment-review")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    index: reactive[int] = reactive(0, init=False)

    def __init__(self, study: Study, places: list[Place], index: int) -> None:
        super().__init__()
        self.study = study
        self.places = places
        self.set_reactive(SegmentReviewScreen.index, index)
        self._walks: dict[str, ConsensusSession] = {}
        self._transcripts: dict[str, CodingState] = {}

    @property
    def place(self) -> Place:
        """The disagreement on screen."""
        return self.places[self.index]

    @property
    def summary_session(self) -> str:
        """The session on screen."""
        return self.place.session_id

    def compose(self) -> ComposeResult:
        yield Static(id="segment-bar", markup=False)
        with Horizontal(id="segment-body"):
            yield TranscriptView(self._transcript(self.place.session_id).speakers, id="segment-transcript")
            with VerticalScroll(id="segment-side"):
                yield RaterCodes(id="segment-codes")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(TranscriptView).focus()
        self.show()

    async def watch_index(self, old: int, new: int) -> None:
        if self.places[old].session_id != self.places[new].session_id:
            await self._replace_transcript()
        else:
            self.show()

    async def _replace_transcript(self) -> None:
        """A new transcript view for another session's speakers."""
        old = self.query_one(TranscriptView)
        await old.remove()
        view = TranscriptView(self._transcript(self.place.session_id).speakers, id="segment-transcript")
        await self.query_one("#segment-body").mount(view, before=0)
        view.focus()
        self.show()

    def show(self) -> None:
        """Show the place's unit: the transcript with everyone's evidence, the codes side by side."""
        place = self.place
        try:
            unit = self._walk(place.session_id).unit(place.segment)
        except ObserverError as error:
            self.notify(str(error), title="Cannot show the segment", severity="error", timeout=10)
            return
        rows = self._rows(place)
        view = self.query_one(TranscriptView)
        view.show_rows((place.session_id, place.segment), rows, _evidence(unit))
        chosen = next((c for c in unit.items if c.item.id == place.item), None)
        cited = sorted({u for r in chosen.readings for u in r.evidence}) if chosen else []
        row = view.row_of(cited[0]) if cited else None
        if row is not None:
            view.cursor = row
        start_of = {r.utterance.index: r.utterance.start for r in rows}
        self.query_one(RaterCodes).show(unit_lines(unit, place.item, start_of))
        self.query_one("#segment-side").scroll_home(animate=False)
        where = "session ratings" if place.segment is None else f"segment {place.segment + 1}"
        label = chosen.item.label if chosen else place.item
        self.query_one("#segment-bar", Static).update(
            f"Review · {place.session_id} · {where} · {label} · {self.index + 1} of {len(self.places)}"
            " · read-only")

    def _walk(self, session_id: str) -> ConsensusSession:
        """Every rater's readings of a session (read-only: no supervisor name)."""
        if session_id not in self._walks:
            self._walks[session_id] = ConsensusSession(self.study, session_id)
        return self._walks[session_id]

    def _transcript(self, session_id: str) -> CodingState:
        """A session's transcript rows by segment."""
        if session_id not in self._transcripts:
            self._transcripts[session_id] = CodingState(RaterView(self.study, CONSENSUS), session_id)
        return self._transcripts[session_id]

    def _rows(self, place: Place) -> list[TranscriptRow]:
        """A segment's transcript; the whole session's for session-level items."""
        state = self._transcript(place.session_id)
        if place.segment is not None:
            return state.rows(place.segment)
        return [row for s in state.segments for row in state.rows(s.index) if not row.continuing]

    # -- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_disagreement", "previous_disagreement"):
            return len(self.places) > 1
        return True

    def action_next_disagreement(self) -> None:
        """Open the next disagreement of the list."""
        self.index = (self.index + 1) % len(self.places)

    def action_previous_disagreement(self) -> None:
        """Open the previous disagreement of the list."""
        self.index = (self.index - 1) % len(self.places)

    def action_back(self) -> None:
        """Back to the list of disagreements."""
        self.dismiss(None)


def _evidence(unit: UnitComparison) -> dict[int, str]:
    """Utterance index -> the raters who cited it as evidence for any item of the unit."""
    cited: dict[int, list[str]] = {}
    for comparison in unit.items:
        for reading in comparison.readings:
            for utterance in reading.evidence:
                if reading.rater not in cited.setdefault(utterance, []):
                    cited[utterance].append(reading.rater)
    return {utterance: ",".join(raters) for utterance, raters in cited.items()}
