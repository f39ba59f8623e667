"""Below the coding panel: the unit's state (what is missing) and the focused item's definition."""

from __future__ import annotations

from typing import ClassVar, Sequence

from textual.content import Content
from textual.markup import escape
from textual.widget import Widget

from observer.scheme.model import Item, Problem
from observer.store import Code
from observer.tui.timefmt import clock
from observer.tui.widgets.styling import span_style


MAX_PROBLEMS = 3
"""The problems listed under the items; the rest are counted (the rows show each one)."""


class AutoHeight(Widget):
    """A widget of ``height: auto`` that asks for a new layout only when its height changes."""

    _height = -1

    def refresh_content(self) -> None:
        """Repaint; lay the screen out again only when the number of lines changed."""
        width = self.content_size.width
        height = self.render().get_height(self.styles, width) if width else -1
        if height != self._height:
            self._height = height
            self.refresh(layout=True)
        else:
            self.refresh()


class UnitStatus(AutoHeight):
    """Whether the unit is complete, what keeps it from being so, and the unit note."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"unit-status--problem", "unit-status--ready",
                                             "unit-status--complete", "unit-status--note"}

    def __init__(self, *, noun: str = "segment", id: str | None = None) -> None:
        super().__init__(id=id)
        self.noun = noun
        self.complete = False
        self.problems: Sequence[Problem] = ()
        self.note = ""
        self.reopen_key = ""

    def show(self, complete: bool, problems: Sequence[Problem], note: str, reopen_key: str = "") -> None:
        """Show the unit's state; a complete one says which key reopens it."""
        shown = (complete, tuple(problems), note, reopen_key)
        if shown != (self.complete, self.problems, self.note, self.reopen_key):
            self.complete, self.problems, self.note, self.reopen_key = shown
            self.refresh_content()

    def render(self) -> Content:
        if self.complete:
            complete = span_style(self, "unit-status--complete")
            reopen = f"  {self.reopen_key} reopens it" if self.reopen_key else ""
            lines = [Content.assemble((f"✓ {self.noun.capitalize()} complete", complete),
                                      (reopen, span_style(self, "unit-status--ready")))]
        elif self.problems:
            problem = span_style(self, "unit-status--problem")
            lines = [Content.styled(f"✗ {p.message}", problem) for p in self.problems[:MAX_PROBLEMS]]
            if len(self.problems) > MAX_PROBLEMS:
                lines.append(Content.styled(f"  … and {len(self.problems) - MAX_PROBLEMS} more", problem))
        else:
            lines = [Content.styled(f"Ready: Enter marks the {self.noun} complete",
                                    span_style(self, "unit-status--ready"))]
        if self.note:
            lines.append(Content.styled(f"✎ {self.note}", span_style(self, "unit-status--note")))
        return Content("\n").join(lines)


class ItemInfo(AutoHeight):
    """The focused item: its definition, its scale's values (clickable), its note and evidence."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"item-info--label", "item-info--value", "item-info--chosen",
                                             "item-info--note"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.item: Item | None = None
        self.target: Item | None = None
        self.code: Code | None = None
        self.target_value = None
        self.evidence_times: tuple[float, ...] = ()

    def show(self, item: Item | None, code: Code | None, target: Item | None, target_value,
             evidence_times: Sequence[float] = ()) -> None:
        """Show an item, its code, and the rating digit keys set for it (``target``)."""
        shown = (item, code, target, target_value, tuple(evidence_times))
        if shown != (self.item, self.code, self.target, self.target_value, self.evidence_times):
            self.item, self.code, self.target, self.target_value, self.evidence_times = shown
            self.refresh_content()

    def render(self) -> Content:
        item = self.item
        if item is None:
            return Content("")
        key = f"[{item.key}] " if item.key else ""
        lines = [Content.assemble((f"{key}{item.label}", span_style(self, "item-info--label")),
                                  f"  {item.description}" if item.description else "")]
        target = self.target
        if target is not None and not target.is_presence:
            values = []
            for number, value in enumerate(target.scale.values, 1):
                digit = number if target.scale.kind == "nominal" else value.value
                name = "item-info--chosen" if value.value == self.target_value else "item-info--value"
                markup = f"[@click=screen.rate({int(digit)})]{escape(f'{digit} {value.label}')}[/]"
                values.append(Content.from_markup(markup).stylize(span_style(self, name)))
            prefix = "" if target is item else f"{target.label}: "
            lines.append(Content(prefix) + Content(" · ").join(values))
        if self.code is not None and self.code.note:
            lines.append(Content.styled(f"✎ {self.code.note}", span_style(self, "item-info--note")))
        if self.evidence_times:
            lines.append(Content("◆ evidence at " + ", ".join(clock(t) for t in self.evidence_times)))
        return Content("\n").join(lines)
