"""Every rater's codes of one unit side by side, with their notes, evidence and the consensus so far."""

from __future__ import annotations

from typing import ClassVar

from observer.supervision.consensus import ItemComparison, Reading, UnitComparison
from observer.tui.timefmt import clock
from observer.tui.widgets.styled_lines import Line, StyledLines

LABEL_WIDTH = 28
PRESENT, ABSENT, EMPTY, DIFFER, CHOSEN = "✓", "·", "—", "≠", "▶"


class RaterCodes(StyledLines):
    """The supervisor's view of one unit: items by raters, the disagreement in question marked."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "codes--title", "codes--muted", "codes--chosen", "codes--differ", "codes--rater", "codes--decided",
        "codes--pending",
    }


def unit_lines(unit: UnitComparison, chosen: str, start_of: dict[int, float]) -> list[Line]:
    """The unit's coded items by rater (the chosen item first marked), then notes, evidence and consensus."""
    shown = [c for c in unit.items if c.item.id == chosen or not c.agreed or any(_coded(r) for r in c.readings)]
    raters = [reading.rater for reading in unit.items[0].readings] if unit.items else []
    label_width = min(max((len(c.item.label) for c in shown), default=4), LABEL_WIDTH)
    widths = [max(len(rater), 3) + 2 for rater in raters]
    where = "Session ratings" if unit.segment is None else (
        f"Segment {unit.segment + 1} · {clock(unit.start)}–{clock(unit.end)}")
    lines = [Line([(where, "codes--title")]),
             Line([(" " * (label_width + 4), ""), *((r.ljust(w), "codes--rater") for r, w in zip(raters, widths))])]
    for comparison in shown:
        mark, style = (CHOSEN, "codes--chosen") if comparison.item.id == chosen else (" ", "")
        cells = "".join(_shown(comparison, reading).ljust(width) for reading, width in zip(comparison.readings, widths))
        lines.append(Line([(f"{mark} {comparison.item.label[:label_width].ljust(label_width)}  ", style),
                           (cells, style), (DIFFER if not comparison.agreed else "", "codes--differ")]))
    lines += _section("Notes", [(c.item.label, r.rater, r.note) for c in shown for r in c.readings if r.note])
    lines += _section("Evidence (◆ in the transcript)", [
        (c.item.label, r.rater, ", ".join(clock(start_of[u]) for u in r.evidence if u in start_of))
        for c in shown for r in c.readings if r.evidence])
    lines += _section("Notes on the unit", [("", rater, note) for rater, note in unit.notes.items() if note])
    chosen_item = next((c for c in unit.items if c.item.id == chosen), None)
    if chosen_item is not None:
        lines += [Line([]), _decision(chosen_item)]
    return lines


def _coded(reading: Reading) -> bool:
    """Whether a reading says something: a rating, or a marker marked present."""
    return reading.value is not None and not (reading.implicit or reading.value == 0)


def _shown(comparison: ItemComparison, reading: Reading) -> str:
    """A reading as a cell: ✓ or · for markers, the value for ratings, — when not coded."""
    if reading.value is None:
        return EMPTY
    if comparison.item.is_presence:
        return PRESENT if reading.value == 1 else ABSENT
    return str(reading.value)


def _section(title: str, entries: list[tuple[str, str, str]]) -> list[Line]:
    """A titled list of (item, rater, text) entries; nothing when there are none."""
    if not entries:
        return []
    lines = [Line([]), Line([(title, "codes--title")])]
    for item, rater, text in entries:
        head = f"  {item} · " if item else "  "
        lines.append(Line([(head, "codes--muted"), (f"{rater}: ", "codes--rater"), (text, "")], 4))
    return lines


def _decision(comparison: ItemComparison) -> Line:
    """The consensus on the chosen item: its value, who decided and why, or that it is still open."""
    decision = comparison.decision
    if decision is None:
        return Line([(f"Consensus on {comparison.item.label}: not decided yet", "codes--pending")], 2)
    value = "empty" if decision.value is None else f"{decision.value} {comparison.item.scale.label_of(decision.value)}"
    return Line([(f"Consensus on {comparison.item.label}: {value}, by {decision.decided_by}", "codes--decided"),
                 (f" · {decision.reason}", "codes--muted")], 2)
