"""The top bar: session, rater, the segment and its time range, progress and the saved state."""

from __future__ import annotations

import time
from typing import ClassVar

from textual.content import Content
from textual.widget import Widget

from observer.tui.timefmt import clock
from observer.tui.widgets.styling import span_style


class SessionBar(Widget):
    """One line that says where the rater is and that their work is saved."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "session-bar--title", "session-bar--segment", "session-bar--done", "session-bar--saved",
        "session-bar--unsaved",
    }

    def __init__(self, session_id: str, rater: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session_id = session_id
        self.rater = rater
        self.position = ""
        self.range = ""
        self.done = ""
        self.saved = "✓ saved"
        self.failed = False

    def show_segment(self, number: int, count: int, start: float, end: float, complete: bool) -> None:
        """Show which segment is on screen and its time range."""
        self._set(position=f"Segment {number}/{count}" + (" ✓" if complete else ""),
                  range=f"{clock(start)}–{clock(end)}")

    def show_progress(self, done: int, count: int) -> None:
        """Show how many segments are complete."""
        self._set(done=f"{done}/{count} complete")

    def show_saved(self, saved_at: float | None, *, failed: bool = False) -> None:
        """Show when the last change reached the study file, or that the last one did not."""
        if failed:
            self._set(failed=True, saved="✗ last change NOT saved")
        elif saved_at is not None:
            self._set(failed=False, saved="✓ saved " + time.strftime("%H:%M", time.localtime(saved_at)))

    def _set(self, **fields: object) -> None:
        if any(getattr(self, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(self, name, value)
            self.refresh()

    def render(self) -> Content:
        title = Content.styled(f" {self.session_id} · {self.rater}", span_style(self, "session-bar--title"))
        segment = Content.assemble((self.position, span_style(self, "session-bar--segment")), "  ", self.range)
        saved_style = "session-bar--unsaved" if self.failed else "session-bar--saved"
        right = Content.assemble((self.done, span_style(self, "session-bar--done")), "  ",
                                 (self.saved, span_style(self, saved_style)), " ")
        width = self.content_size.width
        if title.cell_length + segment.cell_length + right.cell_length + 4 > width:
            right = Content.styled(self.saved.replace("saved ", "") + " ", span_style(self, saved_style))
        gap = max(width - title.cell_length - segment.cell_length - right.cell_length, 2)
        left_gap = gap // 2
        return Content.assemble(title, " " * left_gap, segment, " " * (gap - left_gap), right)
