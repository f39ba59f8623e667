"""The report's sections that read the scheme and the session summary: profiles, ratings and the glossary."""

from __future__ import annotations

import pandas as pd

from observer.report.segments import SegmentReader
from observer.report.values import mean, missing, rated
from observer.scheme.model import Scheme
from observer.summary.rules import SummaryRules


def marker_profile(summary_row: dict, scheme: Scheme, rules: SummaryRules) -> list[dict]:
    """Per rupture type: its label and each marker's label with the segments it was marked in."""
    coded = max(int(summary_row["segments_coded"]), 1)
    groups = []
    for rule in rules.ruptures:
        items = [{"label": scheme.item(m).label, "count": int(summary_row[f"n_{m}"]),
                  "share": int(summary_row[f"n_{m}"]) / coded} for m in rule.markers]
        if items:
            groups.append({"label": rule.label, "entries": items})
    return groups


def strategy_profile(summary_row: dict, table: pd.DataFrame, reader: SegmentReader, scheme: Scheme,
                     rules: SummaryRules) -> list[dict]:
    """Each strategy: label, tags, segments it was marked in, and its mean impact over those segments."""
    impacts: dict[str, list[float]] = {}
    for row in table.to_dict("records"):
        for strategy_id in row["strategies"]:
            impact = reader.impacts.get((int(row["segment_index"]), strategy_id))
            if impact is not None:
                impacts.setdefault(strategy_id, []).append(impact)
    coded = max(int(summary_row["segments_coded"]), 1)
    out = []
    for strategy_id in rules.strategies:
        item = scheme.item(strategy_id)
        values = impacts.get(strategy_id, [])
        mean = sum(values) / len(values) if values else None
        rating = rules.impacts.get(strategy_id)
        out.append({
            "label": item.label,
            "tags": ", ".join(item.tags),
            "count": int(summary_row[f"n_{strategy_id}"]),
            "share": int(summary_row[f"n_{strategy_id}"]) / coded,
            "impact": rated(mean, scheme.item(rating).scale) if rating and mean is not None else "",
        })
    return out


def session_ratings(summary_row: dict, scheme: Scheme, rules: SummaryRules) -> list[dict]:
    """The session-level ratings (label, "3 (somewhat)", description) and rating-group means."""
    out = []
    for item_id in rules.session_items:
        item = scheme.item(item_id)
        value = summary_row.get(item_id)
        out.append({"label": item.label, "value": rated(value, item.scale) if not missing(value) else "not rated",
                    "description": item.description})
    for group_id, items in rules.rating_groups.items():
        group = scheme.group(group_id)
        scale = scheme.item(items[0]).scale
        low, high = min(scale.allowed), max(scale.allowed)
        value = summary_row.get(f"{group_id}_mean")
        out.append({"label": f"{group.label} (mean of {len(items)} items)",
                    "value": f"{mean(value)} on {low}–{high}" if not missing(value) else "not rated",
                    "description": group.description})
    return out


def glossary(scheme: Scheme, rules: SummaryRules) -> list[dict]:
    """The scheme's groups in plain words: each group's label and description, its items' labels and descriptions."""
    sections = []
    for group in scheme.groups:
        shown = [i for i in group.items if i.is_presence] if group.kind in ("rupture", "resolution") else [
            i for i in group.items if not i.is_conditional]
        items = [{"label": i.label, "description": i.description, "tags": ", ".join(i.tags)} for i in shown]
        if items:
            sections.append({"label": group.label, "description": group.description, "entries": items})
    if scheme.session_items:
        sections.append({"label": "Session ratings", "description": "Rated once, for the whole session.",
                         "entries": [{"label": i.label, "description": i.description, "tags": ""}
                                   for i in scheme.session_items]})
    return sections


def rating_scales(scheme: Scheme, rules: SummaryRules) -> list[dict]:
    """The scales of the rupture ratings, strategy impacts and rating groups, each value with its label and anchor."""
    ids = [scheme.item(rule.rating).scale.id for rule in rules.ruptures]
    ids += [scheme.item(rating).scale.id for rating in rules.impacts.values()]
    ids += [scheme.item(item).scale.id for items in rules.rating_groups.values() for item in items]
    out = []
    for scale_id in dict.fromkeys(ids):
        scale = scheme.scales[scale_id]
        out.append({"label": scale.label or scale.id,
                    "points": [{"value": v.value, "label": v.label, "anchor": v.anchor} for v in scale.values]})
    return out
