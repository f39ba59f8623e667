"""A readable listing of a scheme, for `observer scheme show`."""

from __future__ import annotations

import textwrap

from observer.scheme.model import Group, Item, Scale, Scheme, SummarySettings

_WIDTH = 88


def describe(scheme: Scheme) -> str:
    """The scheme's header, scales, groups with items and keys, session items and summary settings."""
    sections = [
        _header(scheme),
        _section("Scales", [line for scale in scheme.scales.values() for line in _scale(scale)]),
        _section("Groups", [line for group in scheme.groups for line in _group(group)]),
    ]
    if scheme.session_items:
        sections.append(_section("Session items (rated once per session)",
                                 [line for item in scheme.session_items for line in _item(item)]))
    if scheme.summary.rupture_types or scheme.summary.resolution_group:
        sections.append(_section("Summary", _summary(scheme.summary)))
    sections.append("Keys: digits enter rating values; ? help; q quit. Items without a key are reached by focus.")
    return "\n\n".join(sections) + "\n"


def _header(scheme: Scheme) -> str:
    """Id, name, version, source, unit, definitions and content hash."""
    unit = "whole session" if scheme.whole_session else f"segments of {scheme.segment_seconds} seconds"
    lines = [f"{scheme.id}: {scheme.name} (version {scheme.version})"]
    lines += _wrapped(f"Source: {scheme.source}", "")
    lines += _wrapped(scheme.description, "")
    lines.append(f"Coding unit: {unit}")
    if scheme.definitions:
        lines.append(f"Definitions: {scheme.definitions}")
    lines.append(f"Content hash: {scheme.content_hash}")
    return "\n".join(lines)


def _section(title: str, lines: list[str]) -> str:
    """A titled block."""
    return "\n".join([title, "-" * len(title), *lines])


def _wrapped(text: str, indent: str) -> list[str]:
    """Text wrapped to the listing's width with a hanging indent."""
    return textwrap.wrap(" ".join(text.split()), _WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def _scale(scale: Scale) -> list[str]:
    """A scale with its values, labels and anchors."""
    title = f"  {scale.id} ({scale.kind}" + (f", {scale.label})" if scale.label else ")")
    lines = [title]
    for value in scale.values:
        anchor = f": {value.anchor}" if value.anchor else ""
        lines += _wrapped(f"{value.value} = {value.label}{anchor}", "      ")
    return lines


def _group(group: Group) -> list[str]:
    """A group with its items in display order."""
    lines = [f"  {group.id}: {group.label} [{group.kind}]"]
    lines += _wrapped(group.description, "      ")
    for item in group.all_items:
        lines += _item(item, group)
    return lines


def _item(item: Item, group: Group | None = None) -> list[str]:
    """One item: key, id, label, scale, tags, its condition and description."""
    key = f"[{item.key}]" if item.key else "[ ]"
    tags = f" {{{', '.join(item.tags)}}}" if item.tags else ""
    lines = [f"    {key} {item.id}: {item.label} ({item.scale.id}){tags}"]
    if item.depends_on:
        lines += _wrapped(_condition(item, group), "          ")
    lines += _wrapped(item.description, "          ")
    return lines


def _condition(item: Item, group: Group | None) -> str:
    """When a conditional rating is required."""
    if group is not None and group.rating is item:
        when = f"any {group.id} marker is present"
    elif len(item.depends_on) == 1:
        when = f"{item.depends_on[0]} is present"
    else:
        when = f"any of {', '.join(item.depends_on)} is present"
    return f"rated only when {when}; required then, empty otherwise"


def _summary(summary: SummarySettings) -> list[str]:
    """Rupture types, resolution and threshold."""
    lines = []
    for rupture_type in summary.rupture_types:
        markers = f", markers {rupture_type.markers}" if rupture_type.markers else ""
        lines.append(f"  rupture type {rupture_type.id}: {rupture_type.label} (rating {rupture_type.rating}{markers})")
    lines.append(f"  significance threshold: {summary.significance_threshold}")
    if summary.resolution_group:
        tags = f", tags {', '.join(summary.strategy_tags)}" if summary.strategy_tags else ""
        impact = "" if summary.resolution_min_impact is None else f", impact {summary.resolution_min_impact} or more"
        lines.append(f"  resolution: group {summary.resolution_group}, within {summary.resolution_window} "
                     f"following segment(s){impact}{tags}")
    return lines
