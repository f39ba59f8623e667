"""Per-unit features (one row per coded segment and rater) computed from the long codes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from observer.summary.inputs import unit_key
from observer.summary.rules import SummaryRules

KEYS = ["session_id", "segment_index", "rater"]
MARKER = "marker:"
STRATEGY = "strategy:"
IMPACT = "impact:"
STRATEGY_USED = "strategy_used"


def significance(type_id: str) -> str:
    """The column holding a rupture type's significance (or salience) rating."""
    return f"{type_id}_significance"


def present(type_id: str) -> str:
    """The column saying whether a rupture type is present."""
    return f"{type_id}_present"


def group_mean(group_id: str) -> str:
    """The column holding the mean of a rating group's items."""
    return f"{group_id}_mean"


def unit_features(codes: pd.DataFrame, rules: SummaryRules) -> pd.DataFrame:
    """One row per coded (session, segment, rater): marker and strategy flags, ratings, types present.

    Session-level codes in ``codes`` are left aside. When the rules set a
    minimum impact, each strategy's impact rating comes along as ``impact:<id>``.

    A segment counts as coded by a rater when the rater recorded any item in
    it. Markers and strategies are present when recorded as 1. A rupture type
    is present when any of its markers is, or when its rating is recorded
    (conditional ratings) or above its scale's lowest value (other ratings).
    """
    impacts = rules.impacts if rules.min_impact is not None else {}
    needed = list(
        dict.fromkeys(
            [*rules.markers, *rules.strategies, *(r.rating for r in rules.ruptures), *impacts.values()]
            + [i for ids in rules.rating_groups.values() for i in ids]
        )
    )
    wide = _wide_values(codes, rules.items, needed)
    columns: dict[str, pd.Series] = {}
    markers = wide[list(rules.markers)].eq(1)
    strategies = wide[list(rules.strategies)].eq(1)
    for rule in rules.ruptures:
        rating = wide[rule.rating]
        rated = rating.notna() if rule.floor is None else rating.gt(rule.floor)
        columns[significance(rule.id)] = rating
        columns[present(rule.id)] = markers[list(rule.markers)].any(axis=1) | rated
    columns[STRATEGY_USED] = strategies.any(axis=1)
    for strategy, rating in impacts.items():
        columns[IMPACT + strategy] = wide[rating]
    for group_id, ids in rules.rating_groups.items():
        columns[group_mean(group_id)] = wide[list(ids)].mean(axis=1)
    return pd.concat(
        [markers.add_prefix(MARKER), strategies.add_prefix(STRATEGY), pd.DataFrame(columns, index=wide.index)],
        axis=1,
    )


def _wide_values(codes: pd.DataFrame, items: tuple[str, ...], needed: list[str]) -> pd.DataFrame:
    """The ``needed`` items' values, one row per coded (session, segment, rater), NaN where not recorded.

    ``items`` lists the scheme's item ids in the order of ``item_code``.
    """
    segment = codes["segment_index"].to_numpy()
    rows = np.flatnonzero(~np.isnan(segment))
    unit = unit_key(codes, "session_code", "segment_index", "rater_code")[rows]
    units, first, row_unit = np.unique(unit, return_index=True, return_inverse=True)
    first = rows[first]
    index = pd.MultiIndex.from_arrays(
        [
            codes["session_id"].to_numpy()[first],
            segment[first].astype(np.int64),
            codes["rater"].to_numpy()[first],
        ],
        names=KEYS,
    )
    column_of = np.full(len(items), -1)
    column_of[[items.index(item) for item in needed]] = np.arange(len(needed))
    column = column_of[codes["item_code"].to_numpy()[rows]]
    kept = column >= 0
    values = np.full((len(units), len(needed)), np.nan)
    values[row_unit.reshape(-1)[kept], column[kept]] = codes["value"].to_numpy()[rows][kept]
    return pd.DataFrame(values, index=index, columns=needed)


def mean_of_raters(features: pd.DataFrame, rules: SummaryRules, label: str) -> pd.DataFrame:
    """Combine the raters of each segment into one rater ``label``.

    Flags (markers, strategies, types present, strategy used) hold when a
    strict majority of the raters who coded the segment recorded them; ratings
    and group means are averaged over the raters who recorded them. A
    conditional significance is kept only where its type is present.
    """
    by_unit = features.groupby(level=["session_id", "segment_index"], sort=False)
    flags = [c for c in features.columns if features[c].dtype == bool]
    numbers = [c for c in features.columns if c not in flags]
    combined = pd.concat([by_unit[flags].mean().gt(0.5), by_unit[numbers].mean()], axis=1)
    for rule in rules.ruptures:
        if rule.floor is None:
            combined[significance(rule.id)] = combined[significance(rule.id)].where(combined[present(rule.id)])
    combined = combined[features.columns]
    combined["rater"] = label
    return combined.set_index("rater", append=True)
