"""The transcript of one segment: timed utterances, speakers in colour, a cursor over utterances."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import ClassVar, Hashable, Sequence

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
PAGES = 4
"""Laid-out segments kept, so going back and forth (and the prepared next segment) costs no layout."""


def distinct_prefix(names) -> int:
    """The shortest prefix length (at most SPEAKER_WIDTH) that tells the names apart."""
    names = list(names)
    for length in range(1, SPEAKER_WIDTH):
        if len({name[:length] for name in names}) == len(names):
            return length
    return SPEAKER_WIDTH


@dataclass
class Page:
    """One segment's rows wrapped to a width: the lines as (row, text), where each row starts, drawn strips."""

    rows: Sequence[TranscriptRow]
    evidence: dict[int, str]
    lines: list[tuple[int, str]] = field(default_factory=list)
    first_line: list[int] = field(default_factory=list)
    time_width: int = 0
    speaker_width: int = 0
    strips: dict[tuple[int, bool], Strip] = field(default_factory=dict)

    def span(self, row: int) -> tuple[int, int]:
        """The first line of a row and how many lines it takes."""
        if not 0 <= row < len(self.first_line):
            return 0, 0
        end = self.first_line[row + 1] if row + 1 < len(self.first_line) else len(self.lines)
        return self.first_line[row], end - self.first_line[row]


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

    def __init__(self, speakers: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._speakers = {speaker: n for n, speaker in enumerate(speakers)}
        self._page = Page((), {})
        self._key: Hashable = None
        self._pages: OrderedDict[Hashable, Page] = OrderedDict()
        self._laid_out_width = 0
        self.spans = SpanStyles(self)

    # -- what to show -------------------------------------------------------------

    def show_rows(self, key: Hashable, rows: Sequence[TranscriptRow], evidence: dict[int, str]) -> None:
        """Show a segment's rows (``key`` names the segment) with the cursor on the first.

        ``evidence`` maps utterance indices to the keys of the items anchored there.
        """
        self._key = key
        self._page = self._page_for(key, rows, evidence)
        self.set_line_count(len(self._page.lines))
        self.set_reactive(TranscriptView.cursor, 0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def prepare(self, key: Hashable, rows: Sequence[TranscriptRow], evidence: dict[int, str]) -> None:
        """Lay out and draw a segment's first screen ahead of time (the next one, while the rater reads)."""
        if self.scrollable_content_region.width != self._laid_out_width:
            return  # a resize is under way; the segment will be laid out when shown
        page = self._page_for(key, rows, evidence)
        for line in range(min(self.scrollable_content_region.height, len(page.lines))):
            self._strip(page, line, page.lines[line][0] == 0)

    def show_evidence(self, evidence: dict[int, str]) -> None:
        """Redraw the evidence marks of the segment shown (anchoring changes the rows' text: lay out again)."""
        if evidence != self._page.evidence:
            self._page = self._page_for(self._key, self._page.rows, evidence)
            self.set_line_count(len(self._page.lines))
            self.refresh()

    @property
    def row_count(self) -> int:
        """How many utterances are shown."""
        return len(self._page.rows)

    def row_at(self, row: int) -> TranscriptRow | None:
        """The row shown at a position, None when out of range."""
        return self._page.rows[row] if 0 <= row < len(self._page.rows) else None

    def row_of(self, utterance_index: int) -> int | None:
        """The row showing an utterance, None when it is not in this segment."""
        return next((n for n, row in enumerate(self._page.rows) if row.utterance.index == utterance_index), None)

    def line_text(self, row: int) -> str:
        """The plain text of a row as shown (for tests and screen readers)."""
        start, count = self._page.span(row)
        return " ".join(text for _, text in self._page.lines[start:start + count])

    # -- cursor -------------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return min(max(cursor, 0), max(len(self._page.rows) - 1, 0))

    def watch_cursor(self, old: int, new: int) -> None:
        for row in {old, new}:
            start, count = self._page.span(row)
            self.refresh_lines(start, count)
        self._scroll_to_cursor()
        self.post_message(self.CursorMoved(new))

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._page.rows) - 1

    def action_page_up(self) -> None:
        self.cursor = self._row_at_line(self._page.span(self.cursor)[0] - self.scrollable_content_region.height)

    def action_page_down(self) -> None:
        self.cursor = self._row_at_line(self._page.span(self.cursor)[0] + self.scrollable_content_region.height)

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            line = offset.y + self.scroll_offset.y
            if line < len(self._page.lines):
                self.cursor = self._page.lines[line][0]

    def _row_at_line(self, line: int) -> int:
        lines = self._page.lines
        return lines[min(max(line, 0), len(lines) - 1)][0] if lines else 0

    def _scroll_to_cursor(self) -> None:
        start, count = self._page.span(self.cursor)
        if count:
            self.scroll_to_region(Region(0, start, 1, count), animate=False, immediate=True)

    # -- layout ---------------------------------------------------------------------

    def _on_focus(self, event: events.Focus) -> None:
        self._forget_strips()

    def _on_blur(self, event: events.Blur) -> None:
        self._forget_strips()

    def _on_resize(self, event: events.Resize) -> None:
        self._relayout()
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.spans.clear()
        self._forget_strips()

    def _forget_strips(self) -> None:
        for page in self._pages.values():
            page.strips.clear()
        self.refresh()

    def _relayout(self) -> None:
        """Lay the shown segment out again when the width changed (every kept page is stale then)."""
        if self.scrollable_content_region.width != self._laid_out_width:
            self._pages.clear()
            self._page = self._page_for(self._key, self._page.rows, self._page.evidence)
            self.set_line_count(len(self._page.lines))

    def _page_for(self, key: Hashable, rows: Sequence[TranscriptRow], evidence: dict[int, str]) -> Page:
        """The kept page of a segment, or a new one laid out to the current width."""
        width = self.scrollable_content_region.width
        cache_key = (key, width, tuple(sorted(evidence.items())))
        page = self._pages.get(cache_key)
        if page is None:
            page = self._pages[cache_key] = self._layout(Page(rows, dict(evidence)), width)
            while len(self._pages) > PAGES:
                self._pages.popitem(last=False)
        self._pages.move_to_end(cache_key)
        self._laid_out_width = width
        return page

    def _layout(self, page: Page, width: int) -> Page:
        """Wrap every row to ``width`` under a hanging indent of time and speaker (plain text only)."""
        if width <= 0:
            return page
        page.time_width = max((len(clock(row.utterance.start)) for row in page.rows), default=4)
        longest = max((len(s) for s in self._speakers), default=1)
        page.speaker_width = min(longest, SPEAKER_WIDTH if width >= ROOMY else distinct_prefix(self._speakers))
        text_width = max(width - page.time_width - page.speaker_width - 2, 10)
        for number, row in enumerate(page.rows):
            text = ("↳ " if row.continuing else "") + row.utterance.text
            anchored = page.evidence.get(row.utterance.index)
            if anchored:
                text += f"  {EVIDENCE}{anchored}"
            page.first_line.append(len(page.lines))
            page.lines.extend((number, line) for line in wrap(text, text_width))
        return page

    # -- drawing --------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._laid_out_width:  # the scrollbar appeared, or a resize is on its way
            self._relayout()
        page = self._page
        line = self.scroll_offset.y + y
        if line >= len(page.lines):
            if not page.lines and y == 0:
                return self._empty_line(width)
            return Strip.blank(width, self.visual_style.rich_style)
        return self._strip(page, line, page.lines[line][0] == self.cursor)

    def _strip(self, page: Page, line: int, selected: bool) -> Strip:
        strip = page.strips.get((line, selected))
        if strip is None:
            content = self._line_content(page, line)
            base = self.visual_style
            if selected:  # the cursor's colours win over the speaker's and the time's
                base = self.get_visual_style("transcript--cursor")
                content = content.stylize(base)
            strip = Strip(content.render_segments(base)).adjust_cell_length(self._laid_out_width, base.rich_style)
            page.strips[(line, selected)] = strip
        return strip

    def _line_content(self, page: Page, line: int) -> Content:
        """The styled content of one wrapped line."""
        number, text = page.lines[line]
        row = page.rows[number]
        start, count = page.span(number)
        if line == start:
            utterance = row.utterance
            speaker = self.spans(f"transcript--speaker-{self._speakers.get(utterance.speaker, 0) % SPEAKER_STYLES}")
            head = Content.assemble(
                (clock(utterance.start).rjust(page.time_width), self.spans("transcript--time")), " ",
                (utterance.speaker[:page.speaker_width].ljust(page.speaker_width), speaker), " ")
        else:
            head = Content(" " * (page.time_width + page.speaker_width + 2))
        body_style = self.spans("transcript--continuing") if row.continuing else ""
        last = line == start + count - 1
        mark = text.rfind(EVIDENCE) if last and row.utterance.index in page.evidence else -1
        if mark >= 0:
            return Content.assemble(head, (text[:mark], body_style),
                                    (text[mark:], self.spans("transcript--evidence")))
        return Content.assemble(head, (text, body_style))

    def _empty_line(self, width: int) -> Strip:
        style = self.get_visual_style("transcript--empty")
        return Strip(Content("  No utterances in this segment.").render_segments(style)).adjust_cell_length(
            width, style.rich_style)
