"""The strip of all segments: which are complete, how significant their ruptures were, where the rater is."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from observer.tui.timefmt import clock
from observer.tui.widgets.styling import span_style

PEAK_LEVELS = 5
MAX_CELL = 12
TIMED_CELL = 10


class SegmentStrip(Widget):
    """One cell per segment; a click on a cell asks to go there."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "segment-strip--open", "segment-strip--done", "segment-strip--current",
        *(f"segment-strip--peak-{n}" for n in range(1, PEAK_LEVELS + 1)),
    }

    class Picked(Message):
        """The rater clicked a segment."""

        def __init__(self, segment: int) -> None:
            super().__init__()
            self.segment = segment

    def __init__(self, starts: list[float], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.starts = starts
        self.done = [False] * len(starts)
        self.peaks: list[int | None] = [None] * len(starts)
        self.current = 0

    def show_segment(self, segment: int, done: bool, peak: int | None) -> None:
        """Show one segment's state (complete, peak level 1-5 or None)."""
        if (self.done[segment], self.peaks[segment]) != (done, peak):
            self.done[segment], self.peaks[segment] = done, peak
            self.refresh()

    def show_current(self, segment: int) -> None:
        """Mark the segment on screen."""
        if segment != self.current:
            self.current = segment
            self.refresh()

    @property
    def cell_width(self) -> int:
        """Cells share the width, up to a few columns each."""
        return max(min(self.content_size.width // max(len(self.done), 1), MAX_CELL), 1)

    def render(self) -> Content:
        width = self.cell_width
        cells = []
        for index, (done, peak) in enumerate(zip(self.done, self.peaks)):
            cell_style = span_style(self, "segment-strip--done" if done else "segment-strip--open")
            if peak:
                cell_style += span_style(self, f"segment-strip--peak-{peak}")
            if index == self.current:
                cell_style += span_style(self, "segment-strip--current")
            here = "▸" if index == self.current else " "
            if width >= TIMED_CELL:
                tick = "✓" if done else " "
                label = f"{here}{index + 1}{tick} {clock(self.starts[index])}".ljust(width - 1) + "▕"
            elif width >= 3:
                label = f"{here}{index + 1}{'✓' if done else ''}".ljust(width - 1) + "▕"
            else:
                label = ("▸" if index == self.current else "✓" if done else "·").center(width)
            cells.append(Content.styled(label, cell_style))
        return Content.assemble(*cells)

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            segment = offset.x // self.cell_width
            if segment < len(self.done):
                self.post_message(self.Picked(segment))
