"""The session's segments side by side, coloured by significance, with ruptures, strategies and resolution."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.widget import Widget

from observer.tui.summary_digest import LEVELS, SegmentLine, SessionDigest, number
from observer.tui.timefmt import clock
from observer.tui.widgets.styling import SpanStyles

MAX_CELL = 12
TIMED_CELL = 8
STRATEGY, RESOLVED, UNRESOLVED = "◆", "✓", "!"


class SummaryTimeline(Widget):
    """Three lines per segment cell: its number (and start), its significance band, its resolution marks."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "summary-timeline--label", "summary-timeline--uncoded", "summary-timeline--calm",
        "summary-timeline--strategy", "summary-timeline--resolved", "summary-timeline--unresolved",
        *(f"summary-timeline--level-{n}" for n in range(1, LEVELS + 1)),
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.digest: SessionDigest | None = None
        self.spans = SpanStyles(self)

    def show(self, digest: SessionDigest) -> None:
        """Draw a session's segments."""
        self.digest = digest
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.spans.clear()

    @property
    def cell_width(self) -> int:
        """Cells share the width, up to a few columns each."""
        count = len(self.digest.segments) if self.digest else 1
        return max(min(self.content_size.width // max(count, 1), MAX_CELL), 1)

    def render(self) -> Content:
        if self.digest is None or not self.digest.segments:
            return Content("")
        width = self.cell_width
        bands, marks = [], []
        for segment in self.digest.segments:
            bands.append(Content.styled(_fit(self._band_text(segment, width), width), self._band_style(segment)))
            marks.append(self._marks(segment, width))
        labels = Content.styled(self._labels(width), self.spans("summary-timeline--label"))
        return Content("\n").join([labels, Content.assemble(*bands), Content.assemble(*marks)])

    def _labels(self, width: int) -> str:
        """Segment numbers (and start times when cells are wide); every few cells when cells are narrow."""
        segments = self.digest.segments
        if width >= TIMED_CELL:
            return "".join(_fit(f"{s.index + 1} {clock(s.start)}", width) for s in segments)
        step = -(-(len(str(len(segments))) + 1) // width)  # cells a number and a gap need
        line = [" "] * (width * len(segments))
        for position in range(0, len(segments), step):
            for offset, character in enumerate(str(segments[position].index + 1)):
                if position * width + offset < len(line):
                    line[position * width + offset] = character
        return "".join(line)

    def _band_style(self, segment: SegmentLine):
        """The band's own solid colours (a span style would leave out its background)."""
        if not segment.coded:
            name = "uncoded"
        else:
            name = "calm" if segment.level is None else f"level-{segment.level}"
        return self.get_visual_style(f"summary-timeline--{name}")

    def _band_text(self, segment: SegmentLine, width: int) -> str:
        """Each type's significance (W2 C4) when it fits, else the highest; · when not coded."""
        if not segment.coded:
            return "·"
        parts = [f"{kind.tag}{number(rating)}" for kind, rating in zip(self.digest.kinds, segment.ratings)
                 if rating is not None]
        text = " ".join(parts)
        if len(text) < width:
            return text
        return number(segment.significance) if segment.significance is not None else ""

    def _marks(self, segment: SegmentLine, width: int) -> Content:
        """◆ a strategy that counts toward resolving, ✓ a rupture resolved in the window, ! one unresolved."""
        marks = []
        if segment.resolving:
            marks.append((STRATEGY, self.spans("summary-timeline--strategy")))
        if segment.unresolved:
            marks.append((UNRESOLVED, self.spans("summary-timeline--unresolved")))
        elif segment.resolved:
            marks.append((RESOLVED, self.spans("summary-timeline--resolved")))
        content = Content.assemble(*marks)[:width]
        return content.pad_right(width - content.cell_length)


def _fit(text: str, width: int) -> str:
    """Text cut or padded to a cell, leaving a gap before the next cell when there is room."""
    room = width - 1 if width > 2 else width
    return text[:room].ljust(width)
