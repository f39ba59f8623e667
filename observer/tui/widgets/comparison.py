"""One disagreement side by side: the item, each rater's value, note and evidence, the unit notes, the decision."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.widget import Widget

from observer.supervision.consensus import ItemComparison, UnitComparison
from observer.tui.timefmt import clock


class ComparisonView(Widget):
    """The raters' readings of the disagreement on screen, for the supervisor (not blind)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"comparison--title", "comparison--rater", "comparison--muted",
                                             "comparison--pending", "comparison--decided"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[tuple[str, str]] = [("No disagreement to show.", "comparison--muted")]

    def show(self, comparison: ItemComparison, unit: UnitComparison, start_of: dict[int, float]) -> None:
        """Show one item's readings and the consensus so far; ``start_of`` times the evidence utterances."""
        item, scale = comparison.item, comparison.item.scale
        where = "session level" if unit.segment is None else (
            f"segment {unit.segment + 1}  {clock(unit.start)}–{clock(unit.end)}")
        lines = [(f"{item.label} ({item.id})", "comparison--title"), (where, "comparison--muted")]
        if item.description:
            lines.append((item.description, "comparison--muted"))
        lines.append(("scale: " + " · ".join(f"{v.value} {v.label}".strip() for v in scale.values),
                      "comparison--muted"))
        lines.append(("", ""))
        width = max(len(r.rater) for r in comparison.readings)
        for reading in comparison.readings:
            value = "—" if reading.value is None else f"{reading.value} {scale.label_of(reading.value)}"
            if reading.implicit:
                value += " (not marked)"
            lines.append((f"{reading.rater.ljust(width)}  {value}", "comparison--rater"))
            if reading.note:
                lines.append((f"{' ' * width}  note: {reading.note}", ""))
            if reading.evidence:
                times = ", ".join(clock(start_of[u]) for u in reading.evidence if u in start_of)
                lines.append((f"{' ' * width}  evidence: {times}", ""))
        for rater, note in unit.notes.items():
            if note:
                lines.append((f"{rater}'s note on the unit: {note}", "comparison--muted"))
        lines.append(("", ""))
        if comparison.decision is None:
            lines.append(("Consensus: not decided yet", "comparison--pending"))
        else:
            decision = comparison.decision
            shown = "empty" if decision.value is None else f"{decision.value} {scale.label_of(decision.value)}"
            lines.append((f"Consensus: {shown}, by {decision.decided_by} ({decision.decided_at[:16]})",
                          "comparison--decided"))
            lines.append((f"why: {decision.reason}", ""))
        self.lines = lines
        self.refresh(layout=True)

    def show_text(self, text: str) -> None:
        """Show a message instead of a disagreement."""
        self.lines = [(text, "comparison--muted")]
        self.refresh(layout=True)

    def plain(self) -> str:
        """The text shown (for tests and screen readers)."""
        return "\n".join(text for text, _ in self.lines)

    def render(self) -> Content:
        parts = [Content.styled(text, self.get_visual_style(style, partial=True)) if style else Content(text)
                 for text, style in self.lines]
        return Content("\n").join(parts)
