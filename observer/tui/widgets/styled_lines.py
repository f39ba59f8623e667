"""Lines of styled spans that wrap under a hanging indent; subclasses declare the component classes they use."""

from __future__ import annotations

from typing import NamedTuple

from textual.content import Content
from textual.widget import Widget

from observer.tui.widgets.styling import SpanStyles

Spans = list[tuple[str, str]]
"""Text as (text, component class) spans; an empty class is plain text."""

MIN_TEXT = 20
"""Below this many columns beside the indent, lines wrap without it."""


class Line(NamedTuple):
    """One line of spans; its continuation lines, when it wraps, are indented by ``indent`` columns."""

    spans: Spans
    indent: int = 0


class StyledLines(Widget):
    """Lines of styled spans, as tall as they wrap to."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Line] = []
        self.spans = SpanStyles(self)

    def show(self, lines: list[Line]) -> None:
        """Replace the text."""
        self.lines = lines
        self.refresh(layout=True)

    def plain(self) -> str:
        """The text shown, unwrapped (for tests and screen readers)."""
        return "\n".join("".join(text for text, _ in line.spans) for line in self.lines)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.spans.clear()

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._wrapped(width))

    def render(self) -> Content:
        return Content("\n").join(self._wrapped(self.content_size.width))

    def _wrapped(self, width: int) -> list[Content]:
        """The lines wrapped to ``width`` under their hanging indents."""
        out: list[Content] = []
        for line in self.lines:
            content = Content.assemble(*((text, self.spans(style)) if style else text for text, style in line.spans))
            if content.cell_length <= width or width - line.indent < MIN_TEXT:
                out.append(content)
                continue
            first = content.wrap(width)[0]
            offset = len(first.plain)
            while offset < len(content.plain) and content.plain[offset] == " ":
                offset += 1
            rest = content[offset:].wrap(width - line.indent)
            out += [first, *(Content(" " * line.indent) + part for part in rest)]
        return out
