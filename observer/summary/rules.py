"""The summary rules a scheme declares, resolved into the item ids the summary reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from observer.errors import SchemeError
from observer.scheme.model import Group, Item, RuptureType, Scheme

NUMERIC_SCALES = ("ordinal", "interval")


@dataclass(frozen=True)
class RuptureRule:
    """One rupture type: its rating item, its marker items, and when it counts as present.

    ``floor`` is ``None`` when the rating is conditional (recorded only when a
    marker is present, as the 3RS significance), so any recorded value means a
    rupture; otherwise it is the lowest value of the rating's scale (e.g.
    salience 1 "not salient") and only values above it mean a rupture.
    """

    id: str
    label: str
    rating: str
    markers: tuple[str, ...]
    floor: float | None


@dataclass(frozen=True)
class SummaryRules:
    """Everything the summary needs from a scheme, as item ids (``items``: every id, in scheme order).

    ``impacts`` maps each strategy with a per-item impact rating to that
    rating's id; ``min_impact`` is the impact a strategy needs to count toward
    resolving a rupture (None: any marked strategy counts).
    """

    items: tuple[str, ...]
    ruptures: tuple[RuptureRule, ...]
    strategies: tuple[str, ...]
    strategy_tags: Mapping[str, tuple[str, ...]]
    has_resolution: bool
    window: int
    impacts: Mapping[str, str]
    min_impact: float | None
    threshold: float
    rating_groups: Mapping[str, tuple[str, ...]]
    session_items: tuple[str, ...]

    @property
    def markers(self) -> tuple[str, ...]:
        """Every rupture marker id, in scheme order, once."""
        return tuple(dict.fromkeys(m for rule in self.ruptures for m in rule.markers))


def summary_rules(scheme: Scheme) -> SummaryRules:
    """Resolve ``scheme.summary`` into item ids; ``SchemeError`` when it names what the scheme lacks."""
    settings = scheme.summary
    ruptures = tuple(
        _rupture_rule(scheme, rupture_type, index)
        for index, rupture_type in enumerate(settings.rupture_types)
    )
    strategies: tuple[str, ...] = ()
    impacts: dict[str, str] = {}
    if settings.resolution_group is not None:
        group = _group(scheme, settings.resolution_group, "summary.resolution.group")
        strategies = _presence_ids(group)
        impacts = _impact_ids(group)
    if settings.resolution_min_impact is not None:
        _check_rated(strategies, impacts)
    if settings.resolution_window < 0:
        raise SchemeError(
            f"the resolution window is {settings.resolution_window}",
            field="summary.resolution.window",
            hint="Use 0 (same segment only) or a positive number of following segments.",
        )
    tagged = {
        tag: tuple(s for s in strategies if tag in scheme.item(s).tags)
        for tag in settings.strategy_tags
    }
    rating_groups = {
        group.id: tuple(i.id for i in group.all_items if i.scale.kind in NUMERIC_SCALES)
        for group in scheme.groups
        if group.kind == "rating"
    }
    session_items = tuple(i.id for i in scheme.session_items if i.scale.kind in NUMERIC_SCALES)
    return SummaryRules(
        items=tuple(item.id for item in scheme.items),
        ruptures=ruptures,
        strategies=strategies,
        strategy_tags=tagged,
        has_resolution=settings.resolution_group is not None,
        window=settings.resolution_window,
        impacts=impacts,
        min_impact=None if settings.resolution_min_impact is None else float(settings.resolution_min_impact),
        threshold=float(settings.significance_threshold),
        rating_groups={g: ids for g, ids in rating_groups.items() if ids},
        session_items=session_items,
    )


def _rupture_rule(scheme: Scheme, rupture_type: RuptureType, index: int) -> RuptureRule:
    """One rupture type resolved against the scheme."""
    where = f"summary.rupture_types[{index}]"
    try:
        rating: Item = scheme.item(rupture_type.rating)
    except KeyError:
        raise SchemeError(
            f"rupture type {rupture_type.id!r} names rating {rupture_type.rating!r}, which is not an item",
            field=f"{where}.rating",
            hint="Name the id of the type's significance or salience rating.",
        ) from None
    if rating.scale.kind not in NUMERIC_SCALES or rating.level != "segment":
        raise SchemeError(
            f"rupture type {rupture_type.id!r}: {rating.id!r} is not a per-segment ordinal or interval rating",
            field=f"{where}.rating",
            hint="Name a segment item on an ordinal or interval scale.",
        )
    markers: tuple[str, ...] = ()
    if rupture_type.markers is not None:
        markers = _presence_ids(_group(scheme, rupture_type.markers, f"{where}.markers"))
    floor = None if rating.is_conditional else float(min(rating.scale.allowed))
    return RuptureRule(rupture_type.id, rupture_type.label, rating.id, markers, floor)


def _group(scheme: Scheme, group_id: str, field: str) -> Group:
    """The named group, or a ``SchemeError`` naming the setting."""
    try:
        return scheme.group(group_id)
    except KeyError:
        known = ", ".join(g.id for g in scheme.groups)
        raise SchemeError(
            f"{group_id!r} is not a group of this scheme",
            field=field,
            hint=f"Use one of: {known}.",
        ) from None


def _presence_ids(group: Group) -> tuple[str, ...]:
    """The ids of a group's presence (0/1) items."""
    return tuple(item.id for item in group.items if item.is_presence)


def _impact_ids(group: Group) -> dict[str, str]:
    """Each strategy's impact rating: the numeric item of the group that depends on that strategy alone."""
    return {
        item.depends_on[0]: item.id
        for item in group.all_items
        if len(item.depends_on) == 1 and item.scale.kind in NUMERIC_SCALES
    }


def _check_rated(strategies: tuple[str, ...], impacts: Mapping[str, str]) -> None:
    """``SchemeError`` when ``min_impact`` is set but a strategy has no impact rating to compare with it."""
    unrated = [s for s in strategies if s not in impacts]
    if unrated:
        raise SchemeError(
            f"strategy {unrated[0]!r} has no impact rating to compare with min_impact",
            field="summary.resolution.min_impact",
            hint="Give every strategy an impact rating, or remove min_impact.",
        )
