"""The coding screen: one segment's transcript beside the scheme's items, the session at a glance."""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Footer

from observer.tui.coding_state import Change, CodingState, Unit, UnitComplete
from observer.tui.commands import bindings, command, rating_bindings, scheme_bindings
from observer.tui.screens.media_actions import MEDIA_ACTIONS, MediaActions
from observer.tui.widgets.media_bar import MediaBar
from observer.tui.screens.editing import UnitScreen, guarded
from observer.tui.timefmt import clock, parse_clock_span
from observer.tui.widgets.coding_panel import CodingPanel, Section
from observer.tui.widgets.segment_strip import PEAK_LEVELS, SegmentStrip
from observer.tui.widgets.session_bar import SessionBar
from observer.tui.widgets.transcript import TranscriptView
from observer.tui.widgets.unit_info import ItemInfo, UnitStatus


class CodingScreen(MediaActions, UnitScreen):
    """Code a session segment by segment; ``segment``, ``focused_item`` and ``cursor`` drive the widgets.

    Media seam: ``current_range`` and ``utterance_at`` tell the player what to play,
    ``go_to_time`` follows it; ``MediaActions`` plays the session's recording.
    """

    COMMAND_SCOPES = ("coding",)
    BINDINGS = bindings("coding") + rating_bindings()
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-medium"), (110, "-medium-wide"), (140, "-wide")]

    segment: reactive[int] = reactive(-1, init=False, repaint=False)
    cursor: reactive[int] = reactive(0, init=False, repaint=False)

    def __init__(self, state: CodingState) -> None:
        super().__init__(state)
        # the layout class for the terminal's width from the start: set on the first resize, it restyles everything
        width = self.app.size.width
        self.add_class(next(name for least, name in reversed(self.HORIZONTAL_BREAKPOINTS) if width >= least))
        extra = BindingsMap(scheme_bindings(state.scheme.segment_items))
        for key, found in extra.key_to_bindings.items():
            self._bindings.key_to_bindings.setdefault(key, []).extend(found)
        self._applies: tuple[bool, bool, bool] | None = None

    def compose(self) -> ComposeResult:
        state = self.state
        yield SessionBar(state.session_id, state.view.rater, id="bar")
        yield SegmentStrip([segment.start for segment in state.segments], id="strip")
        yield MediaBar(id="media")
        with Horizontal(id="body"):
            yield TranscriptView(state.speakers, id="transcript")
            with Vertical(id="side"):
                yield CodingPanel([Section.of_group(group) for group in state.scheme.groups], id="panel")
                yield UnitStatus(id="status")
                yield ItemInfo(id="info")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        strip = self.query_one(SegmentStrip)
        for segment in self.state.segments:
            strip.show_segment(segment.index, self.state.is_complete(segment.index),
                               self.state.peak_level(segment.index, PEAK_LEVELS))
        self._show_progress()
        self.query_one(SessionBar).show_saved(None)
        first = next((item for item in self.state.scheme.segment_items if item.key), None)
        self.focused_item = first.id if first else None
        first_open = self.state.first_incomplete()
        self.segment = first_open if first_open is not None else max(len(self.state.segments) - 1, 0)
        self.query_one(TranscriptView).focus()
        if self.state.first_incomplete() is None and self.state.segments:
            self.notify("Every segment of this session is complete.")
        self.setup_media()
        self.call_after_refresh(self.start_media)

    def on_unmount(self) -> None:
        self.stop_media()

    @property
    def unit(self) -> Unit:
        return self.segment

    # -- the media seam ----------------------------------------------------------------

    @property
    def current_range(self) -> tuple[float, float]:
        """The time range (seconds) of the segment on screen."""
        segment = self.state.segments[self.segment]
        return segment.start, segment.end

    def utterance_at(self, seconds: float) -> int | None:
        """The index of the utterance under way at a time."""
        return self.state.utterance_at(seconds)

    def go_to_time(self, seconds: float) -> None:
        """Show the segment of a time with the cursor on the utterance under way then."""
        self.segment = self.state.segment_at(seconds)
        utterance = self.state.utterance_at(seconds)
        row = self.query_one(TranscriptView).row_of(utterance) if utterance is not None else None
        if row is not None:
            self.cursor = row

    # -- watchers push state into widgets -----------------------------------------------

    def watch_segment(self, segment: int) -> None:
        state = self.state
        info = state.segments[segment]
        self.query_one(TranscriptView).show_rows(segment, state.rows(segment), self._evidence_keys(segment))
        self.set_reactive(CodingScreen.cursor, 0)
        self.panel.show_unit(state, segment)
        self.query_one(SessionBar).show_segment(segment + 1, len(state.segments), info.start, info.end,
                                                 state.is_complete(segment))
        self.query_one(SegmentStrip).show_current(segment)
        self.show_status()
        self.show_info()
        self._refresh_footer()
        self.media_segment_shown()
        self.call_after_refresh(self._prepare_next)

    def _prepare_next(self) -> None:
        """Lay out the next segment's transcript while the rater works on this one."""
        following = self.segment + 1
        if following < len(self.state.segments):
            self.query_one(TranscriptView).prepare(following, self.state.rows(following),
                                                   self._evidence_keys(following))

    def watch_cursor(self, row: int) -> None:
        self.query_one(TranscriptView).cursor = row

    @on(TranscriptView.CursorMoved)
    def _transcript_cursor(self, event: TranscriptView.CursorMoved) -> None:
        if event.row == self.query_one(TranscriptView).cursor:  # news of a cursor that has moved on since is stale:
            self.cursor = event.row                              # taking it would bounce the two cursors forever

    @on(SegmentStrip.Picked)
    def _strip_picked(self, event: SegmentStrip.Picked) -> None:
        self.segment = event.segment

    def _refresh_footer(self) -> None:
        """Refresh the footer's bindings when what applies has changed (a footer refresh is costly)."""
        applies = (self.segment > 0, self.segment < len(self.state.segments) - 1, self.state.is_complete(self.segment))
        if applies != self._applies:
            self._applies = applies
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "previous_segment":
            return self.segment > 0 or None
        if action == "next_segment":
            return self.segment < len(self.state.segments) - 1 or None
        if action == "reopen":
            return self.state.is_complete(self.segment)
        if action == "session_ratings":
            return bool(self.state.scheme.session_items)
        if action in MEDIA_ACTIONS:
            return not self.media_unavailable
        return True

    # -- navigation ----------------------------------------------------------------------

    def action_next_segment(self) -> None:
        """Go to the next segment."""
        if self.segment < len(self.state.segments) - 1:
            self.segment += 1

    def action_previous_segment(self) -> None:
        """Go to the previous segment."""
        if self.segment > 0:
            self.segment -= 1

    def action_jump(self) -> None:
        """Ask for a segment number or a time, and go there."""
        from observer.tui.screens.jump import JumpScreen

        count = len(self.state.segments)
        prompt = f"segment 1-{count}, or a time up to {clock(self.state.info.duration)} (m:ss)"
        self.app.push_screen(JumpScreen(prompt, self._resolve_jump), self._jump_to)

    def _resolve_jump(self, text: str) -> tuple[int, float | None]:
        text = text.strip()
        if text.isdigit():
            number = int(text)
            if not 1 <= number <= len(self.state.segments):
                raise ValueError(f"There is no segment {number}; type 1-{len(self.state.segments)}.")
            return number - 1, None
        seconds, within = parse_clock_span(text)
        if seconds > self.state.info.duration:
            raise ValueError(f"{clock(seconds)} is past the end of the session ({clock(self.state.info.duration)}).")
        seconds = self.state.time_meant(seconds, within)
        return self.state.segment_at(seconds), seconds

    def _jump_to(self, target: tuple[int, float | None] | None) -> None:
        if target is None:
            return
        segment, seconds = target
        if seconds is None:
            self.segment = segment
        else:
            self.go_to_time(seconds)

    def action_sessions(self) -> None:
        """Back to the session list."""
        self.app.show_sessions()

    # -- the unit: complete, reopen, note --------------------------------------------------

    @guarded
    def action_complete(self) -> None:
        """Mark the segment complete (refused, with the reasons, while a rule is broken) and go on."""
        if not self.state.is_complete(self.segment):
            self.show_change(self.state.complete(self.segment))
        if self.segment < len(self.state.segments) - 1:
            self.segment += 1
        elif self.state.first_incomplete() is not None:
            self.notify(f"Segment {self.state.first_incomplete() + 1} is not complete yet.", severity="warning")
        elif self.state.scheme.session_items and not self.state.is_complete(None):
            self.action_session_ratings()
        else:
            back = self.app.key_of(command("session.list"))
            self.notify(f"The whole session is coded. {back} goes back to the sessions.", title="Done")

    @guarded
    def action_reopen(self) -> None:
        """Reopen the complete segment, so that its codes can change."""
        if self.state.is_complete(self.segment):
            self.show_change(self.state.reopen(self.segment))

    def action_unit_note(self) -> None:
        """Write a note on this segment."""
        from observer.tui.screens.note import NoteScreen

        current = self.state.unit_state(self.segment).note
        self.app.push_screen(NoteScreen(f"Note on segment {self.segment + 1}", current),
                             partial(self._save_unit_note, self.segment, current))

    @guarded
    def _save_unit_note(self, segment: int, current: str, note: str) -> None:
        if note != current:
            self.show_change(self.state.set_unit_note(segment, note))

    def action_session_ratings(self) -> None:
        """Open the session-level ratings."""
        from observer.tui.screens.session_ratings import SessionRatingsScreen

        if self.state.scheme.session_items:
            self.app.push_screen(SessionRatingsScreen(self.state))
        else:
            self.notify("This scheme has no session-level ratings.", severity="warning")

    # -- evidence ------------------------------------------------------------------------------

    @guarded
    def action_anchor(self) -> None:
        """Ask which item to anchor at the utterance under the cursor (ctrl+e, then the item's key)."""
        from observer.tui.screens.evidence import EvidencePrompt

        transcript = self.query_one(TranscriptView)
        row = transcript.row_at(transcript.cursor)  # the row lit now (news of its move may still be on its way)
        if row is None:
            self.notify("This segment has no utterance to anchor to.", severity="warning")
            return
        if self.state.is_complete(self.segment):
            raise UnitComplete(self.segment)
        focused = self._evidence_target(self.focused_item) if self.focused_item else None
        again = self.app.key_of(command("evidence.focused"))
        prompt = (f"Evidence at {clock(row.utterance.start)} · the marker's key"
                  + (f" · {again} {self.state.item(focused).label}" if focused else "")
                  + f" · {self.app.key_of(command('evidence.cancel'))} cancel")
        self.app.push_screen(EvidencePrompt(self.state.scheme.segment_items, self.app.keymap, prompt),
                             partial(self._anchor_chosen, row.utterance.index))

    @guarded
    def _anchor_chosen(self, utterance: int, chosen: str | None) -> None:
        asked = chosen or self.focused_item
        if chosen is None or asked is None:
            return
        item_id = self._evidence_target(asked)
        if item_id is None:
            self.notify(f"{self.state.item(asked).label} is a rating: evidence belongs to a marker. "
                        f"Press {self.app.key_of(command('item.anchor'))}, then the marker's key.", severity="warning")
            return
        self.show_change(self.state.toggle_evidence(self.segment, item_id, utterance))
        self.marker = item_id
        self.focus_rating_of(item_id)  # as its own key does: digits now rate what was anchored
        code = self.state.code(self.segment, item_id)
        anchored = code is not None and utterance in code.evidence
        start = clock(self.state.start_of(utterance) or 0.0)
        self.notify(f"{self.state.item(item_id).label}: evidence {'anchored at' if anchored else 'lifted from'} "
                    f"{start}", timeout=2)

    def _evidence_target(self, item_id: str | None) -> str | None:
        """The item that takes evidence asked for on ``item_id`` (a rating's goes to its marker)."""
        return None if item_id is None else self.state.evidence_item(self.segment, item_id, self.marker)

    def _evidence_keys(self, segment: int) -> dict[int, str]:
        """The keys of the items anchored to each utterance of a segment."""
        return {utterance: "".join(self.state.item(i).key or "·" for i in items)
                for utterance, items in self.state.evidence(segment).items()}

    # -- showing changes -------------------------------------------------------------------------

    def show_change(self, change: Change) -> None:
        if change.unit is not None and change.unit != self.segment:
            self.segment = change.unit  # undo/redo of a change elsewhere: show it where it happened
        super().show_change(change)
        if change.unit is not None:
            self.query_one(SegmentStrip).show_segment(change.unit, self.state.is_complete(change.unit),
                                                      self.state.peak_level(change.unit, PEAK_LEVELS))
        if change.unit == self.segment:
            self.query_one(TranscriptView).show_evidence(self._evidence_keys(self.segment))
            info = self.state.segments[self.segment]
            self.query_one(SessionBar).show_segment(self.segment + 1, len(self.state.segments), info.start, info.end,
                                                     self.state.is_complete(self.segment))
        self._show_progress()
        self.query_one(SessionBar).show_saved(self.state.saved_at)
        self._refresh_footer()

    def saving_failed(self) -> None:
        self.query_one(SessionBar).show_saved(None, failed=True)

    def _show_progress(self) -> None:
        done, count = self.state.progress()
        self.query_one(SessionBar).show_progress(done, count)

    # -- the palette's extra entries ---------------------------------------------------------------

    def palette_entries(self):
        """Palette entries beyond the command table: go to each segment, mark or focus each item."""
        entries = []
        for segment in self.state.segments:
            done = " ✓" if self.state.is_complete(segment.index) else ""
            span = f"{clock(segment.start)}–{clock(segment.end)}"
            entries.append((f"Go to segment {segment.index + 1}{done}", span,
                            lambda n=segment.index: setattr(self, "segment", n)))
        for item in self.state.scheme.segment_items:
            verb = "Mark" if item.is_presence else "Rate"
            entries.append((f"{verb} {item.label}", f"key: {item.key}" if item.key else "",
                            lambda i=item.id: self.run_action(f"item({i!r})")))
        return entries
