"""The transcript of one segment: timed utterances, speakers in colour, a cursor over utterances."""

from __future__ import annotations

from typing import ClassVar, Sequence

from textual import events
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from observer.tui.coding_state import TranscriptRow
from observer.tui.commands import bindings
from observer.tui.timefmt import clock
from observer.tui.widgets.line_view import LineView
from observer.tui.widgets.styling import SpanStyles
from observer.tui.wrapping import wrap

SPEAKER_STYLES = 4
SPEAKER_WIDTH = 10
ROOMY = 60
"""Below this many columns, speakers are shown by the shortest prefixes that tell them apart."""
EVIDENCE = "◆"


def distinct_prefix(names) -> int:
    """The shortest prefix length (at most SPEAKER_WIDTH) that tells the names apart."""
    names = list(names)
    for length in range(1, SPEAKER_WIDTH):
        if len({name[:length] for name in names}) == len(names):
            return length
    return SPEAKER_WIDTH


class TranscriptView(LineView, can_focus=True):
    """Utterances wrapped under a hanging indent; ``cursor`` is the row the cursor is on."""

    BINDINGS = bindings("transcript")
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "transcript--time",
        "transcript--continuing",
        "transcript--evidence",
        "transcript--cursor",
        "transcript--empty",
        *(f"transcript--speaker-{n}" for n in range(SPEAKER_STYLES)),
    }

    cursor: reactive[int] = reactive(0, repaint=False)

    class CursorMoved(Message):
        """The cursor moved to another utterance (by key or mouse)."""

        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: Sequence[TranscriptRow] = ()
        self._speakers: dict[str, int] = {}
        self._evidence: dict[int, str] = {}
        self._lines: list[tuple[int, str]] = []
        self._time_width = self._speaker_width = 0
        self._first_line: list[int] = []
        self._strips: dict[tuple[int, bool], Strip] = {}
        self._laid_out_width = 0
        self.spans = SpanStyles(self)

    # -- what to show -------------------------------------------------------------

    def show_rows(self, rows: Sequence[TranscriptRow], speakers: Sequence[str], evidence: dict[int, str]) -> None:
        """Show a segment's rows with the cursor on the first; ``evidence`` maps utterances to anchored keys."""
        self._rows = rows
        self._speakers = {speaker: n for n, speaker in enumerate(speakers)}
        self._evidence = evidence
        self._layout()
        self.set_reactive(TranscriptView.cursor, 0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def show_evidence(self, evidence: dict[int, str]) -> None:
        """Redraw the evidence marks (anchoring changes the rows' text, so lay out again)."""
        if evidence == self._evidence:
            return
        self._evidence = evidence
        self._layout()
        self.refresh()

    @property
    def row_count(self) -> int:
        """How many utterances are shown."""
        return len(self._rows)

    def row_at(self, row: int) -> TranscriptRow | None:
        """The row shown at a position, None when out of range."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, utterance_index: int) -> int | None:
        """The row showing an utterance, None when it is not in this segment."""
        return next((n for n, row in enumerate(self._rows) if row.utterance.index == utterance_index), None)

    def line_text(self, row: int) -> str:
        """The plain text of a row as shown (for tests and screen readers)."""
        start, count = self._rows_lines(row)
        return " ".join(text for _, text in self._lines[start:start + count])

    # -- cursor -------------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return self._clamp(cursor)

    def watch_cursor(self, old: int, new: int) -> None:
        for row in {old, new}:
            self._refresh_row(row)
        self._scroll_to_cursor()
        self.post_message(self.CursorMoved(new))

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def action_page_up(self) -> None:
        self.cursor = self._row_at_line(self._first_line_of(self.cursor) - self.scrollable_content_region.height)

    def action_page_down(self) -> None:
        self.cursor = self._row_at_line(self._first_line_of(self.cursor) + self.scrollable_content_region.height)

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and self._lines:
            line = offset.y + self.scroll_offset.y
            if line < len(self._lines):
                self.cursor = self._lines[line][0]

    def _clamp(self, row: int) -> int:
        return min(max(row, 0), max(len(self._rows) - 1, 0))

    def _first_line_of(self, row: int) -> int:
        return self._first_line[row] if 0 <= row < len(self._first_line) else 0

    def _row_at_line(self, line: int) -> int:
        if not self._lines:
            return 0
        return self._lines[min(max(line, 0), len(self._lines) - 1)][0]

    def _rows_lines(self, row: int) -> tuple[int, int]:
        start = self._first_line_of(row)
        end = self._first_line[row + 1] if row + 1 < len(self._first_line) else len(self._lines)
        return start, end - start

    def _refresh_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            start, count = self._rows_lines(row)
            for line in range(start, start + count):
                self._strips.pop((line, True), None)
                self._strips.pop((line, False), None)
            self.refresh_lines(start, count)

    def _scroll_to_cursor(self) -> None:
        if self._rows and self._lines:
            start, count = self._rows_lines(self.cursor)
            self.scroll_to_region(Region(0, start, 1, count), animate=False, immediate=True)

    # -- layout and rendering -------------------------------------------------------

    def _on_focus(self, event: events.Focus) -> None:
        self._strips.clear()
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._strips.clear()
        self.refresh()

    def _on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._laid_out_width:
            self._layout()
            self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.spans.clear()
        self._layout()

    def _layout(self) -> None:
        """Wrap every row to the current width under a hanging indent of time and speaker.

        Only plain text is wrapped here; a line's styled content is built when it
        is first drawn, so a segment change costs little more than the wrapping.
        """
        width = self.scrollable_content_region.width
        self._laid_out_width = width
        self._strips.clear()
        self._lines = []
        self._first_line = []
        if width <= 0:
            return
        self._time_width = max((len(clock(row.utterance.start)) for row in self._rows), default=4)
        longest = max((len(s) for s in self._speakers), default=1)
        self._speaker_width = min(longest, SPEAKER_WIDTH if width >= ROOMY else distinct_prefix(self._speakers))
        text_width = max(width - self._time_width - self._speaker_width - 2, 10)
        for number, row in enumerate(self._rows):
            text = ("↳ " if row.continuing else "") + row.utterance.text
            anchored = self._evidence.get(row.utterance.index)
            if anchored:
                text += f"  {EVIDENCE}{anchored}"
            self._first_line.append(len(self._lines))
            self._lines.extend((number, line) for line in wrap(text, text_width))
        self.set_line_count(len(self._lines))

    def _line_content(self, line: int) -> Content:
        """The styled content of one wrapped line."""
        number, text = self._lines[line]
        row = self._rows[number]
        if line == self._first_line[number]:
            utterance = row.utterance
            speaker = self.spans(f"transcript--speaker-{self._speakers.get(utterance.speaker, 0) % SPEAKER_STYLES}")
            head = Content.assemble(
                (clock(utterance.start).rjust(self._time_width), self.spans("transcript--time")), " ",
                (utterance.speaker[:self._speaker_width].ljust(self._speaker_width), speaker), " ")
        else:
            head = Content(" " * (self._time_width + self._speaker_width + 2))
        body_style = self.spans("transcript--continuing") if row.continuing else ""
        start, count = self._rows_lines(number)
        last = line == start + count - 1
        mark = text.rfind(EVIDENCE) if last and row.utterance.index in self._evidence else -1
        if mark >= 0:
            return Content.assemble(head, (text[:mark], body_style),
                                    (text[mark:], self.spans("transcript--evidence")))
        return Content.assemble(head, (text, body_style))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._laid_out_width:  # the scrollbar appeared, or a resize is on its way
            self._layout()
        line = self.scroll_offset.y + y
        if line >= len(self._lines):
            if not self._lines and y == 0:
                return self._empty_line(width)
            return Strip.blank(width, self.visual_style.rich_style)
        selected = self._lines[line][0] == self.cursor
        strip = self._strips.get((line, selected))
        if strip is None:
            content = self._line_content(line)
            base = self.visual_style
            if selected:  # the cursor's colours win over the speaker's and the time's
                base = self.get_visual_style("transcript--cursor")
                content = content.stylize(base)
            strip = Strip(content.render_segments(base)).adjust_cell_length(width, base.rich_style)
            self._strips[(line, selected)] = strip
        return strip

    def _empty_line(self, width: int) -> Strip:
        style = self.get_visual_style("transcript--empty")
        return Strip(Content("  No utterances in this segment.").render_segments(style)).adjust_cell_length(
            width, style.rich_style)
