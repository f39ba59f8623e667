"""The coding panel: the scheme's groups and items with their keys, values and what is missing.

One line-based widget draws every row, so a key press repaints the one or two
lines it changed and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Iterable, Sequence

from textual import events
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from observer.scheme.model import Group, Item, Value
from observer.tui.coding_state import CodingState, Unit
from observer.tui.commands import bindings
from observer.tui.widgets.line_view import LineView
from observer.tui.widgets.styling import SpanStyles

PRESENT, ABSENT = "■", "□"


@dataclass(frozen=True)
class Section:
    """A titled block of item rows; ``sub`` rows are ratings shown under their marker."""

    id: str
    label: str
    rows: tuple[tuple[Item, bool], ...]

    @classmethod
    def of_group(cls, group: Group) -> Section:
        """A scheme group: its items, each marker's own rating under it, the group rating last."""
        rows = tuple((item, len(item.depends_on) == 1) for item in group.items)
        rating = ((group.rating, False),) if group.rating else ()
        return cls(group.id, group.label, rows + rating)


@dataclass
class Row:
    """What one item's row shows: its value, the rule it breaks, its note and evidence flags."""

    item: Item
    sub: bool
    value: Value | None = None
    problem: str | None = None
    flags: str = ""

    @property
    def hidden(self) -> bool:
        """A marker's own rating stays out of sight until it has a value or is needed."""
        return self.sub and self.value is None and self.problem is None


@dataclass
class Block:
    """A section on screen: its header, then its rows."""

    section: Section
    rows: dict[str, Row] = field(default_factory=dict)

    @property
    def marked(self) -> list[Row]:
        """The section's present markers."""
        return [row for row in self.rows.values() if row.item.is_presence and row.value == 1]


class CodingPanel(LineView, can_focus=True):
    """All sections of items; ``cursor`` is the focused item (digits rate it).

    Every row is always there, labelled: when they do not fit the panel's height
    it scrolls, showing the focused item's section from its header when it fits.
    """

    BINDINGS = bindings("panel")
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-row--key", "item-row--mark", "item-row--marked", "item-row--label", "item-row--label-present",
        "item-row--value", "item-row--problem", "item-row--flag", "item-row--cursor", "item-row--cursor-focused",
        "group-header", "group-header--rating", "group-header--problem",
    }

    cursor: reactive[str | None] = reactive(None, repaint=False)

    class CursorMoved(Message):
        """The user moved the cursor to another item."""

        def __init__(self, item_id: str) -> None:
            super().__init__()
            self.item_id = item_id

    class Clicked(Message):
        """An item's row was clicked."""

        def __init__(self, item_id: str) -> None:
            super().__init__()
            self.item_id = item_id

    def __init__(self, sections: Sequence[Section], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.blocks = [Block(section, {item.id: Row(item, sub) for item, sub in section.rows})
                       for section in sections]
        self.rows: dict[str, Row] = {i: row for block in self.blocks for i, row in block.rows.items()}
        self._block_of = {item_id: block for block in self.blocks for item_id in block.rows}
        self._lines: list[tuple[Block, Row | None]] = []
        self._line_of: dict[int, int] = {}
        self._strips: dict[int, Strip] = {}
        self._strips_width = 0
        self.spans = SpanStyles(self)

    # -- showing a unit's codes ----------------------------------------------------

    def show_unit(self, state: CodingState, unit: Unit) -> None:
        """Show every item's value in a unit."""
        self._show(state, unit, self.rows)

    def update_items(self, state: CodingState, unit: Unit, item_ids: Iterable[str]) -> None:
        """Show the changed items again, with the ratings that depend on them and any problem that came or went."""
        changed = set()
        for item_id in item_ids:
            if item_id in self.rows:
                changed.add(item_id)
                changed.update(state.ratings_of(item_id))
        changed.update(p.item for p in state.problems(unit) if p.item in self.rows)
        changed.update(item_id for item_id, row in self.rows.items() if row.problem)
        self._show(state, unit, {item_id: self.rows[item_id] for item_id in changed if item_id in self.rows})

    def row_text(self, item_id: str) -> str:
        """A row's text as drawn (for tests and screen readers)."""
        return self._render_row(self.rows[item_id], max(self.scrollable_content_region.width, 40)).plain

    def header_text(self, section_id: str) -> str:
        """A section header's text as drawn."""
        block = next(block for block in self.blocks if block.section.id == section_id)
        return self._render_header(block, max(self.scrollable_content_region.width, 40)).plain

    def _show(self, state: CodingState, unit: Unit, rows: dict[str, Row]) -> None:
        problems = {p.item: p.kind for p in state.problems(unit)}
        visible_before = self._visible_ids()
        touched: set[int] = set()
        for item_id, row in rows.items():
            code = state.code(unit, item_id)
            note = "✎" if code and code.note else ""
            flags = note + (f"◆{len(code.evidence)}" if code and code.evidence else "")
            shown = (None if code is None else code.value, problems.get(item_id), flags)
            if shown != (row.value, row.problem, row.flags):
                row.value, row.problem, row.flags = shown
                touched.add(id(row))
                touched.add(id(self._block_of[item_id]))
        if self._visible_ids() != visible_before:
            self._fit()
        else:
            self._repaint(touched)

    # -- cursor ----------------------------------------------------------------------

    def watch_cursor(self, old: str | None, new: str | None) -> None:
        self._repaint({id(self.rows[i]) for i in (old, new) if i in self.rows})
        self._scroll_to_cursor()

    def _on_focus(self, event: events.Focus) -> None:
        self._repaint({id(self.rows[self.cursor])} if self.cursor in self.rows else set())

    def _on_blur(self, event: events.Blur) -> None:
        self._repaint({id(self.rows[self.cursor])} if self.cursor in self.rows else set())

    def _move(self, step: int | None = None, *, to: int | None = None) -> None:
        visible = self._visible_ids()
        if not visible:
            return
        if to is None:
            here = visible.index(self.cursor) if self.cursor in visible else 0
            to = here + (step or 0)
        self.post_message(self.CursorMoved(visible[min(max(to, 0), len(visible) - 1)]))

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_first(self) -> None:
        self._move(to=0)

    def action_last(self) -> None:
        self._move(to=len(self._visible_ids()) - 1)

    def action_page_up(self) -> None:
        self._move(-max(self.size.height - 2, 1))

    def action_page_down(self) -> None:
        self._move(max(self.size.height - 2, 1))

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = offset.y + self.scroll_offset.y
        if line < len(self._lines):
            block, row = self._lines[line]
            if row is not None:
                self.post_message(self.Clicked(row.item.id))
            elif block.rows:
                self.post_message(self.CursorMoved(next(iter(block.rows))))

    def _visible_ids(self) -> list[str]:
        return [item_id for item_id, row in self.rows.items() if not row.hidden]

    def _scroll_to_cursor(self) -> None:
        """Bring the cursor's row into view; its section's header at the top when the two fit together."""
        line = self._line_of.get(id(self.rows[self.cursor])) if self.cursor in self.rows else None
        if line is None:
            return
        height = self.scrollable_content_region.height
        header = self._line_of[id(self._block_of[self.cursor])]
        if line - header < height:
            self.scroll_to(y=header, animate=False, immediate=True)
        else:
            self.scroll_to_region(Region(0, line, 1, 1), animate=False, immediate=True)

    # -- lines -------------------------------------------------------------------------

    def _on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self._fit(force=True)
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.spans.clear()
        self._strips.clear()

    def _fit(self, *, force: bool = False) -> bool:
        """Lay the lines out again when rows appeared or disappeared; True when it did."""
        lines = []
        for block in self.blocks:
            lines.append((block, None))
            lines.extend((block, row) for row in block.rows.values() if not row.hidden)
        if not force and [(id(b), id(r)) for b, r in lines] == [(id(b), id(r)) for b, r in self._lines]:
            return False
        self._lines = lines
        self._line_of = {id(row if row is not None else block): n for n, (block, row) in enumerate(lines)}
        self._strips.clear()
        self.set_line_count(len(lines))
        self.refresh()
        return True

    def _repaint(self, touched: set[int]) -> None:
        for key in touched:
            line = self._line_of.get(key)
            if line is not None:
                self._strips.pop(line, None)
                self.refresh_line(line)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._strips_width:
            self._strips.clear()
            self._strips_width = width
        line = self.scroll_offset.y + y
        if line >= len(self._lines):
            return Strip.blank(width, self.visual_style.rich_style)
        strip = self._strips.get(line)
        if strip is None:
            block, row = self._lines[line]
            if row is None:
                base = self.get_visual_style("group-header")
                content = self._render_header(block, width)
            else:
                base = self.visual_style
                content = self._render_row(row, width)
            strip = Strip(content.render_segments(base)).adjust_cell_length(width, base.rich_style)
            self._strips[line] = strip
        return strip

    def _render_row(self, row: Row, width: int) -> Content:
        style = self.get_visual_style
        item = row.item
        present = item.is_presence and row.value == 1
        if item.is_presence:
            mark = Content.styled(PRESENT if present else ABSENT,
                                  self.spans("item-row--marked" if present else "item-row--mark"))
            right = Content("")
        else:
            mark = Content(" ")
            right = self._value_text(row)
        key = Content.styled(item.key or " ", self.spans("item-row--key"))
        flags = Content.styled(f" {row.flags}" if row.flags else "", self.spans("item-row--flag"))
        head = Content.assemble("   " if row.sub else " ", key, " ", mark, " ")
        tail = right.cell_length + flags.cell_length + 1
        label = Content.styled(item.label, self.spans("item-row--label-present" if present else "item-row--label"))
        label = label.truncate(max(width - head.cell_length - tail - 1, 1), ellipsis=True)
        gap = max(width - head.cell_length - label.cell_length - tail, 1)
        line = Content.assemble(head, label, " " * gap, right, flags, " ")
        if self.cursor == item.id:  # focused: the cursor's colours win; blurred: only its background
            if self.has_focus:
                return line.stylize(style("item-row--cursor-focused"))
            return line.stylize_before(style("item-row--cursor"))
        return line

    def _value_text(self, row: Row) -> Content:
        scale = row.item.scale
        if row.problem == "missing":
            return Content.styled(f"needs {scale.values[0].value}-{scale.values[-1].value}",
                                  self.spans("item-row--problem"))
        if row.value is None:
            return Content.styled("–", self.spans("item-row--value"))
        name = "item-row--problem" if row.problem else "item-row--value"
        return Content.styled(f"{row.value} {scale.label_of(row.value)}", self.spans(name))

    def _render_header(self, block: Block, width: int) -> Content:
        """A section's title, its ratings (or what they miss), then how many are marked."""
        marked = block.marked
        parts: list[Content | str] = [block.section.label]
        for row in block.rows.values():
            if row.sub or row.item.is_presence:
                continue
            key = row.item.key or ""
            if row.problem:
                text = f"{key}:?" if row.value is None else f"{key}:{row.value}✗"
                parts += ["  ", Content.styled(text, self.spans("group-header--problem"))]
            elif row.value is not None:
                parts += ["  ", Content.styled(f"{key}:{row.value}", self.spans("group-header--rating"))]
        if marked:
            parts.append(f"  · {len(marked)} marked")
        return Content.assemble(" ", *parts).truncate(max(width, 1), ellipsis=True)
