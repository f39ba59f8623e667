"""The coding-scheme model: scales, items, groups and the rules between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping

ScaleKind = Literal["presence", "ordinal", "nominal", "interval"]
GroupKind = Literal["rupture", "resolution", "rating", "other"]
ItemRole = Literal["marker", "rating", "global"]
Value = int | float | str


@dataclass(frozen=True)
class ScaleValue:
    """One admissible value of a scale, with its label and anchor text."""

    value: Value
    label: str
    anchor: str = ""


@dataclass(frozen=True)
class Scale:
    """A named scale: presence (0/1), ordinal or interval numbers, or nominal categories."""

    id: str
    kind: ScaleKind
    values: tuple[ScaleValue, ...]
    label: str = ""

    @property
    def level(self) -> Literal["nominal", "ordinal", "interval"]:
        """The level of measurement reliability statistics must use for this scale."""
        if self.kind in ("presence", "nominal"):
            return "nominal"
        return "ordinal" if self.kind == "ordinal" else "interval"

    @property
    def allowed(self) -> tuple[Value, ...]:
        """The admissible values in declared order."""
        return tuple(v.value for v in self.values)

    def label_of(self, value: Value) -> str:
        """The label of one value, or the value itself when it has none."""
        for v in self.values:
            if v.value == value:
                return v.label
        return str(value)

    def parse(self, raw: object) -> Value:
        """Turn a raw value (from a CSV, a key press, SQLite) into a scale value.

        Raises ``ValueError`` naming the admissible values when ``raw`` is not one.
        """
        text = str(raw).strip()
        if self.kind == "nominal":
            if text in {str(v) for v in self.allowed}:
                return text
        else:
            try:
                number = float(text)
            except ValueError:
                number = None
            if number is not None:
                value: Value = int(number) if number.is_integer() else number
                if value in self.allowed:
                    return value
        allowed = ", ".join(str(v) for v in self.allowed)
        raise ValueError(f"{raw!r} is not on scale {self.id!r}; use one of {allowed}")


@dataclass(frozen=True)
class Item:
    """A codeable item: a marker, a rating, or a session-level global rating.

    ``depends_on`` lists presence items; when it is non-empty this item is
    required if any of them is present and must be empty if none is.
    """

    id: str
    label: str
    scale: Scale
    role: ItemRole
    description: str = ""
    key: str | None = None
    group: str | None = None
    tags: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()

    @property
    def level(self) -> Literal["segment", "session"]:
        """Whether the item is coded per segment or once per session."""
        return "session" if self.role == "global" else "segment"

    @property
    def is_presence(self) -> bool:
        """True for 0/1 markers."""
        return self.scale.kind == "presence"

    @property
    def is_conditional(self) -> bool:
        """True when the item is required or forbidden by other items' presence."""
        return bool(self.depends_on)


@dataclass(frozen=True)
class Group:
    """A group of items (e.g. the withdrawal markers) and its optional group rating."""

    id: str
    label: str
    kind: GroupKind
    items: tuple[Item, ...]
    description: str = ""
    rating: Item | None = None

    @property
    def all_items(self) -> tuple[Item, ...]:
        """Items, their per-item ratings and the group rating, in display order."""
        return self.items + ((self.rating,) if self.rating else ())


@dataclass(frozen=True)
class RuptureType:
    """A rupture type the summary counts: its significance item and marker group."""

    id: str
    label: str
    rating: str
    markers: str | None = None


@dataclass(frozen=True)
class SummarySettings:
    """How per-session summaries read this scheme."""

    rupture_types: tuple[RuptureType, ...] = ()
    resolution_group: str | None = None
    resolution_window: int = 1
    significance_threshold: float = 3
    strategy_tags: tuple[str, ...] = ()
    resolution_min_impact: float | None = None


@dataclass(frozen=True)
class Problem:
    """A broken conditional rule in one unit's values."""

    item: str
    kind: Literal["missing", "forbidden", "invalid"]
    message: str


@dataclass(frozen=True)
class Scheme:
    """A validated coding scheme."""

    id: str
    name: str
    version: str
    source: str
    segment_seconds: float | None
    scales: Mapping[str, Scale]
    groups: tuple[Group, ...]
    session_items: tuple[Item, ...] = ()
    summary: SummarySettings = field(default_factory=SummarySettings)
    description: str = ""
    definitions: str | None = None
    content_hash: str = ""
    text: str = ""

    @property
    def whole_session(self) -> bool:
        """True when the coding unit is the whole session rather than a time window."""
        return self.segment_seconds is None

    @property
    def segment_items(self) -> tuple[Item, ...]:
        """Every item coded per segment, in display order."""
        return tuple(item for group in self.groups for item in group.all_items)

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item: segment-level first, then session-level."""
        return self.segment_items + self.session_items

    def item(self, item_id: str) -> Item:
        """The item with this id; ``KeyError`` when the scheme has none."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def group(self, group_id: str) -> Group:
        """The group with this id; ``KeyError`` when the scheme has none."""
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)

    def check_unit(self, values: Mapping[str, Value], *, level: str = "segment") -> list[Problem]:
        """The problems that keep one unit from being complete (empty when it is valid).

        ``values`` maps item ids to recorded values; absent items are uncoded. A
        unit is complete when every rating that does not depend on markers has a
        value, every conditional rating is given exactly when one of its markers
        is present, and every value is on its scale. Absent markers count as 0.
        """
        problems: list[Problem] = []
        items = self.segment_items if level == "segment" else self.session_items
        for item in items:
            value = values.get(item.id)
            if value is not None and value not in item.scale.allowed:
                problems.append(
                    Problem(item.id, "invalid", f"{item.label}: {value!r} is not on its scale")
                )
            if not item.depends_on:
                if value is None and not item.is_presence:
                    problems.append(Problem(item.id, "missing", f"{item.label} needs a rating"))
                continue
            present = any(values.get(dep) == 1 for dep in item.depends_on)
            if present and value is None:
                problems.append(
                    Problem(item.id, "missing", f"{item.label} is required: a marker is present")
                )
            elif not present and value is not None:
                problems.append(
                    Problem(item.id, "forbidden", f"{item.label} must be empty: no marker is present")
                )
        return problems
