"""The segment table: one row per session, segment and rater, with ruptures, strategies and resolution."""

from __future__ import annotations

import numpy as np
import pandas as pd

from observer.scheme.model import Scheme
from observer.summary.features import (
    IMPACT,
    KEYS,
    MARKER,
    STRATEGY,
    STRATEGY_USED,
    group_mean,
    mean_of_raters,
    present,
    significance,
    unit_features,
)
from observer.summary.inputs import MEAN, Selection, first_rows, select
from observer.summary.rules import SummaryRules, summary_rules


def segment_table(
    codes: pd.DataFrame, segments: pd.DataFrame, scheme: Scheme, *, rater: str | None = None
) -> pd.DataFrame:
    """One row per session x segment x rater (or one "mean" rater), for timelines and peak moments.

    Parameters
    ----------
    codes : DataFrame
        Long-format codes (session_id, segment_index, rater, item, value, ...).
    segments : DataFrame
        Every segment of every session: session_id, segment_index, start, end.
    scheme : Scheme
        The scheme the codes were made with; its ``summary`` settings give the rules.
    rater : None, "consensus", a rater name, or "mean"
        None keeps every rater (consensus included) apart; "mean" combines the
        raters other than consensus (see ``docs/summaries.md``).

    Returns
    -------
    DataFrame
        session_id, segment_index, rater, start, end, coded; per rupture type
        ``<type>_significance`` and ``<type>_present``; ``significance`` (the
        highest significance among the types present), ``rupture``, ``markers``
        and ``strategies`` (tuples of item ids, in scheme order), ``<tag>_strategies`` (counts),
        ``strategy_used``, ``resolved_within_window``, ``unresolved``, and
        ``<group>_mean`` per rating group. Flags are nullable booleans: NA
        where the segment is uncoded or the answer unknown.
    """
    rules = summary_rules(scheme)
    return public_table(segment_frame(select(codes, segments, scheme, rater), rules), rules)


def segment_frame(selection: Selection, rules: SummaryRules) -> pd.DataFrame:
    """The segment table with one flag column per marker and strategy instead of id tuples."""
    codes = selection.codes
    features = unit_features(codes, rules)
    raters = codes.iloc[first_rows(codes, "session_code", "rater_code")][["session_id", "rater"]]
    if selection.mean:
        features = mean_of_raters(features, rules, MEAN)
        raters = raters[["session_id"]].drop_duplicates().assign(rater=MEAN)
    grid = _grid(selection.segments, raters)
    frame = grid.join(features, on=KEYS)
    frame["coded"] = pd.MultiIndex.from_frame(frame[KEYS]).isin(features.index)
    flags = [c for c in features.columns if c.startswith((MARKER, STRATEGY))]
    frame[flags] = frame[flags].eq(True)
    known = [present(r.id) for r in rules.ruptures] + [STRATEGY_USED]
    frame[known] = frame[known].astype("boolean").where(frame["coded"])
    return _add_resolution(_add_rupture(frame, rules), rules)


def public_table(frame: pd.DataFrame, rules: SummaryRules) -> pd.DataFrame:
    """The segment table as users see it: marker and strategy flags turned into id tuples and tag counts."""
    markers = frame[[MARKER + m for m in rules.markers]].to_numpy()
    strategies = frame[[STRATEGY + s for s in rules.strategies]].to_numpy()
    table = frame[["session_id", "segment_index", "rater", "start", "end", "coded"]].copy()
    for rule in rules.ruptures:
        table[significance(rule.id)] = frame[significance(rule.id)]
        table[present(rule.id)] = frame[present(rule.id)]
    table["significance"] = frame["significance"]
    table["rupture"] = frame["rupture"]
    table["markers"] = _id_tuples(markers, rules.markers)
    table["strategies"] = _id_tuples(strategies, rules.strategies)
    for tag, members in rules.strategy_tags.items():
        table[f"{tag}_strategies"] = frame[[STRATEGY + s for s in members]].sum(axis=1).astype(np.int64)
    for column in (STRATEGY_USED, "resolving", "resolved_within_window", "unresolved"):
        table[column] = frame[column]
    for group_id in rules.rating_groups:
        table[group_mean(group_id)] = frame[group_mean(group_id)]
    return table


def _grid(segments: pd.DataFrame, raters: pd.DataFrame) -> pd.DataFrame:
    """Every segment of each coded session, once per rater, ordered by session (study order), rater, segment."""
    order = pd.Series(np.arange(segments["session_id"].nunique()), index=segments["session_id"].unique())
    grid = segments.merge(raters, on="session_id")
    grid["_order"] = grid["session_id"].map(order)
    grid = grid.sort_values(["_order", "rater", "segment_index"], kind="stable")
    return grid.drop(columns="_order")[[*KEYS, "start", "end"]].reset_index(drop=True)


def _add_rupture(frame: pd.DataFrame, rules: SummaryRules) -> pd.DataFrame:
    """Add ``significance`` (highest among the types present) and ``rupture`` (any type present)."""
    types = [present(r.id) for r in rules.ruptures]
    ratings = frame[[significance(r.id) for r in rules.ruptures]].to_numpy(dtype=float)
    mask = frame[types].fillna(False).to_numpy(dtype=bool)
    shown = np.where(mask, ratings, np.nan)
    frame["significance"] = _row_max(shown)
    frame["rupture"] = pd.Series(mask.any(axis=1), index=frame.index, dtype="boolean").where(frame["coded"])
    return frame


def _row_max(values: np.ndarray) -> np.ndarray:
    """The maximum of each row ignoring NaN; NaN for rows without a number."""
    if values.shape[1] == 0:
        return np.full(values.shape[0], np.nan)
    filled = np.where(np.isnan(values), -np.inf, values).max(axis=1)
    return np.where(np.isneginf(filled), np.nan, filled)


def _resolving(frame: pd.DataFrame, rules: SummaryRules) -> np.ndarray:
    """Per segment 1.0 when a strategy counts toward resolution, 0.0 when none does, NaN when unknown.

    Without ``min_impact`` any marked strategy counts. With it, a marked
    strategy counts when its impact is at least ``min_impact``; one whose
    impact is not recorded leaves the answer unknown unless another counts.
    Uncoded segments are unknown.
    """
    used = frame[STRATEGY_USED].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    if rules.min_impact is None or not rules.strategies:
        return used
    marked = frame[[STRATEGY + s for s in rules.strategies]].to_numpy(dtype=bool)
    impact = frame[[IMPACT + s for s in rules.strategies]].to_numpy(dtype=float)
    counts = (marked & (impact >= rules.min_impact)).any(axis=1)
    unknown = (marked & np.isnan(impact)).any(axis=1)
    return np.where(counts, 1.0, np.where(unknown | np.isnan(used), np.nan, 0.0))


def _add_resolution(frame: pd.DataFrame, rules: SummaryRules) -> pd.DataFrame:
    """Add ``resolving``, ``resolved_within_window`` and ``unresolved``.

    A rupture segment is resolved within the window when a strategy that
    counts (see :func:`_resolving`) is used in it or in one of the next
    ``window`` segments of the same session and rater; unknown (NA) when none
    is seen but one of those segments is unknown. ``unresolved``:
    significance at or above the threshold and not resolved. Without a
    resolution group all three are unknown.
    """
    rupture = frame["rupture"].fillna(False).to_numpy(dtype=bool)
    if rules.has_resolution:
        used = _resolving(frame, rules)
        frame["resolving"] = pd.array(used == 1, dtype="boolean")
        frame.loc[np.isnan(used), "resolving"] = pd.NA
        ahead = pd.DataFrame({"used": used, "exists": 1.0}, index=frame.index)
        by_session = ahead.groupby([frame["session_id"], frame["rater"]], sort=False)
        found = np.zeros(len(frame), dtype=bool)
        unknown = np.zeros(len(frame), dtype=bool)
        for step in range(rules.window + 1):
            shifted = ahead if step == 0 else by_session.shift(-step)
            value = shifted["used"].to_numpy()
            found |= value == 1
            unknown |= (shifted["exists"].to_numpy() == 1) & np.isnan(value)
        resolved = pd.array(found, dtype="boolean")
        resolved[~found & unknown] = pd.NA
    else:
        frame["resolving"] = pd.array([pd.NA] * len(frame), dtype="boolean")
        resolved = pd.array([pd.NA] * len(frame), dtype="boolean")
    resolved[~rupture] = pd.NA
    frame["resolved_within_window"] = resolved
    high = pd.array(frame["significance"].to_numpy() >= rules.threshold, dtype="boolean")
    unresolved = high & ~resolved
    frame["unresolved"] = pd.Series(unresolved, index=frame.index).where(frame["coded"])
    return frame


def _id_tuples(flags: np.ndarray, ids: tuple[str, ...]) -> np.ndarray:
    """For each row of a boolean matrix, the tuple of ids of its true columns, in column order.

    Built once per distinct combination of flags, then shared by the rows that have it.
    """
    flags = flags.astype(bool)
    names = np.asarray(ids, dtype=object)
    combination, first = _combinations(flags)
    tuples = np.empty(len(first), dtype=object)
    for k, row in enumerate(first):
        tuples[k] = tuple(names[flags[row]])
    return tuples[combination]


def _combinations(flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A code per row for its combination of flags, and the first row of each combination."""
    weights = np.left_shift(1, np.arange(flags.shape[1]) % 62, dtype=np.int64)
    blocks = [
        flags[:, start : start + 62].astype(np.int64) @ weights[start : start + 62]
        for start in range(0, flags.shape[1], 62)
    ]
    if not blocks:
        key = np.zeros(flags.shape[0], dtype=np.int64)
    elif len(blocks) == 1:
        key = blocks[0]
    else:
        key = np.unique(np.column_stack(blocks), axis=0, return_inverse=True)[1].reshape(-1)
    combination, _ = pd.factorize(key)
    first = np.flatnonzero(~pd.Series(combination).duplicated().to_numpy())
    return combination, first
