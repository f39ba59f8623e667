"""The coding panel: the scheme's groups and items with their keys, values and what is missing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Iterable, Sequence

from textual import events
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from observer.scheme.model import Group, Item, Value
from observer.tui.coding_state import CodingState, Unit
from observer.tui.commands import bindings

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


class ItemRow(Widget):
    """One item on one line: key, mark or value, label, and flags for note and evidence."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-row--key", "item-row--mark", "item-row--marked", "item-row--value", "item-row--problem",
        "item-row--flag",
    }

    class Clicked(Message):
        """The row was clicked."""

        def __init__(self, item_id: str) -> None:
            super().__init__()
            self.item_id = item_id

    def __init__(self, item: Item, *, sub: bool = False) -> None:
        super().__init__(id=f"row-{item.id}", classes="-sub" if sub else None)
        self.item = item
        self.sub = sub
        self.value: Value | None = None
        self.problem: str | None = None
        self.flags = ""

    def show(self, value: Value | None, problem: str | None, note: bool, evidence: int) -> None:
        """Show a value, the rule it breaks (missing/forbidden) and whether it has a note or evidence."""
        flags = ("✎" if note else "") + (f"◆{evidence}" if evidence else "")
        if (value, problem, flags) == (self.value, self.problem, self.flags):
            return
        self.value, self.problem, self.flags = value, problem, flags
        self.set_class(self.item.is_presence and value == 1, "-present")
        self.set_class(problem is not None, "-problem")
        self.set_class(self.sub and value is None and problem is None, "-hidden")
        self.refresh()

    def render(self) -> Content:
        style = self.get_visual_style
        item = self.item
        if item.is_presence:
            present = self.value == 1
            mark = Content.styled(PRESENT if present else ABSENT,
                                  style("item-row--marked" if present else "item-row--mark", partial=True))
            right = Content("")
        else:
            mark = Content(" ")
            right = self._value_text()
        key = Content.styled(item.key or " ", style("item-row--key", partial=True))
        flags = Content.styled(f" {self.flags}" if self.flags else "", style("item-row--flag", partial=True))
        head = Content.assemble("  " if self.sub else "", key, " ", mark, " ")
        width = self.content_size.width
        room = width - head.cell_length - right.cell_length - flags.cell_length - 1
        label = Content(item.label).truncate(max(room, 1), ellipsis=True)
        gap = max(width - head.cell_length - label.cell_length - right.cell_length - flags.cell_length, 1)
        return Content.assemble(head, label, " " * gap, right, flags)

    def _value_text(self) -> Content:
        style = self.get_visual_style
        if self.problem == "missing":
            low, high = self.item.scale.values[0].value, self.item.scale.values[-1].value
            return Content.styled(f"needs {low}-{high}", style("item-row--problem", partial=True))
        if self.value is None:
            return Content.styled("–", style("item-row--value", partial=True))
        text = f"{self.value} {self.item.scale.label_of(self.value)}"
        name = "item-row--problem" if self.problem else "item-row--value"
        return Content.styled(text, style(name, partial=True))

    def _on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self.item.id))


class GroupHeader(Widget):
    """A group's title; collapsed, it lists the group's keys with the marked ones lit and its rating."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"group-header--present", "group-header--absent",
                                             "group-header--rating"}

    def __init__(self, section: Section) -> None:
        super().__init__()
        self.section = section
        self.summary: tuple = ()

    def show(self, marked: frozenset[str], ratings: tuple[tuple[str, Value | None], ...]) -> None:
        """Show which markers are present and the values of the section's ratings."""
        summary = (marked, ratings)
        if summary != self.summary:
            self.summary = summary
            self.refresh()

    def render(self) -> Content:
        collapsed = self.parent is not None and self.parent.has_class("-collapsed")
        marked, ratings = self.summary or (frozenset(), ())
        style = self.get_visual_style
        parts: list[Content | str] = [("▸ " if collapsed else "▾ ") + self.section.label]
        if collapsed:
            lit, dim = style("group-header--present", partial=True), style("group-header--absent", partial=True)
            keys = [Content.styled(item.key, lit if item.id in marked else dim)
                    for item, sub in self.section.rows if item.is_presence and item.key]
            if keys:
                parts += ["  ", Content(" ").join(keys)]
        elif marked:
            parts.append(f"  · {len(marked)} marked")
        for key, value in ratings:
            if value is not None:
                parts += ["  ", Content.styled(f"{key}:{value}", style("group-header--rating", partial=True))]
        return Content.assemble(*parts).truncate(max(self.content_size.width, 1), ellipsis=True)


class GroupBox(Vertical):
    """A group's header and rows."""

    def __init__(self, section: Section) -> None:
        super().__init__(id=f"group-{section.id}")
        self.section = section
        self.header = GroupHeader(section)
        self.rows = {item.id: ItemRow(item, sub=sub) for item, sub in section.rows}

    def compose(self):
        yield self.header
        yield from self.rows.values()


class CodingPanel(VerticalScroll, can_focus=True):
    """All sections of items; ``cursor`` is the focused item (digits rate it).

    When the rows do not fit the panel's height it turns compact: only the
    focused group stays open, the others collapse to a line of their keys.
    """

    BINDINGS = bindings("panel")

    cursor: reactive[str | None] = reactive(None)

    class CursorMoved(Message):
        """The user moved the cursor to another item."""

        def __init__(self, item_id: str) -> None:
            super().__init__()
            self.item_id = item_id

    def __init__(self, sections: Sequence[Section], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.boxes = [GroupBox(section) for section in sections]
        self.rows: dict[str, ItemRow] = {i: row for box in self.boxes for i, row in box.rows.items()}
        self._box_of = {item_id: box for box in self.boxes for item_id in box.rows}

    def compose(self):
        yield from self.boxes

    # -- showing a unit's codes ----------------------------------------------------

    def show_unit(self, state: CodingState, unit: Unit) -> None:
        """Show every item's value in a unit."""
        self._show(state, unit, self.rows, self.boxes)

    def update_items(self, state: CodingState, unit: Unit, item_ids: Iterable[str]) -> None:
        """Show the changed items again, with the ratings that depend on them and their groups."""
        changed = set()
        for item_id in item_ids:
            if item_id in self.rows:
                changed.add(item_id)
                changed.update(state.ratings_of(item_id))
        # a problem elsewhere in the unit may have come or gone with the change
        changed.update(p.item for p in state.problems(unit) if p.item in self.rows)
        changed.update(item_id for item_id, row in self.rows.items() if row.problem)
        boxes = list(dict.fromkeys(self._box_of[item_id] for item_id in changed if item_id in self._box_of))
        self._show(state, unit, {item_id: self.rows[item_id] for item_id in changed if item_id in self.rows}, boxes)

    def _show(self, state: CodingState, unit: Unit, rows: dict[str, ItemRow], boxes: Sequence[GroupBox]) -> None:
        problems = {p.item: p.kind for p in state.problems(unit)}
        layout_before = self._visible_ids()
        for item_id, row in rows.items():
            code = state.code(unit, item_id)
            row.show(None if code is None else code.value, problems.get(item_id),
                     bool(code and code.note), len(code.evidence) if code else 0)
        for box in boxes:
            marked = frozenset(i for i, row in box.rows.items() if row.item.is_presence and row.value == 1)
            ratings = tuple((item.key or "", box.rows[item.id].value) for item, sub in box.section.rows
                            if not sub and not item.is_presence)
            box.header.show(marked, ratings)
        if self._visible_ids() != layout_before:
            self._fit()

    # -- cursor ----------------------------------------------------------------------

    def watch_cursor(self, old: str | None, new: str | None) -> None:
        if old in self.rows:
            self.rows[old].remove_class("-cursor")
        if new in self.rows:
            self.rows[new].add_class("-cursor")
            self._fit()
            self.scroll_to_widget(self.rows[new], animate=False, immediate=True)

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

    def _visible_ids(self) -> list[str]:
        return [item_id for item_id, row in self.rows.items() if not row.has_class("-hidden")]

    # -- fitting the height ------------------------------------------------------------

    def _on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        """Collapse the groups without the cursor when the rows do not fit the panel's height."""
        needed = len(self._visible_ids()) + len(self.boxes)
        compact = needed > self.size.height > 0
        self.set_class(compact, "-compact")
        focused = self._box_of.get(self.cursor or "")
        for box in self.boxes:
            collapsed = compact and box is not focused
            if box.has_class("-collapsed") != collapsed:
                box.set_class(collapsed, "-collapsed")
                box.header.refresh()
