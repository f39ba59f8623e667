"""Per-session figures: one row per session and rater, and the marker and strategy profile."""

from __future__ import annotations

import numpy as np
import pandas as pd

from observer.scheme.model import Scheme
from observer.summary.features import MARKER, STRATEGY, STRATEGY_USED, group_mean, present, significance
from observer.summary.inputs import MEAN, Selection, first_rows, normalise_sessions, select
from observer.summary.rules import SummaryRules, summary_rules
from observer.summary.segments import segment_frame

PAIR = ["session_id", "rater"]


def session_summary(
    codes: pd.DataFrame,
    segments: pd.DataFrame,
    sessions: pd.DataFrame,
    scheme: Scheme,
    *,
    rater: str | None = None,
) -> pd.DataFrame:
    """One row per session and rater (each session a rater coded), with the figures a trainer reads.

    Parameters
    ----------
    codes, segments, sessions : DataFrame
        The study's long-format codes, every segment (session_id,
        segment_index, start, end) and the sessions (session_id, therapist,
        client, date).
    scheme : Scheme
        The scheme the codes were made with; its ``summary`` settings give the rules.
    rater : None, "consensus", a rater name, or "mean"
        As in :func:`segment_table`.

    Returns
    -------
    DataFrame
        session_id, rater, therapist, client, date, segments_total,
        segments_coded, rupture_segments; per rupture type ``<type>_segments``,
        ``<type>_mean_significance``, ``<type>_peak_significance``;
        unresolved_ruptures, resolved_within_window_share, strategy_segments,
        strategies, ``<tag>_strategies``; ``<group>_mean`` per rating group;
        one column per session-level item (its id); ``n_<item>`` per marker
        and strategy (segments in which it was marked).
    """
    rules = summary_rules(scheme)
    selection = select(codes, segments, scheme, rater)
    return session_figures(segment_frame(selection, rules), selection, sessions, rules)


def session_figures(
    frame: pd.DataFrame, selection: Selection, sessions: pd.DataFrame, rules: SummaryRules
) -> pd.DataFrame:
    """The session summary from a segment frame (see :func:`segment_frame`) and the selected codes."""
    info = normalise_sessions(sessions, selection.codes)
    pairs = selection.codes.iloc[first_rows(selection.codes, "session_code", "rater_code")][PAIR]
    if selection.mean:
        pairs = pairs[["session_id"]].drop_duplicates().assign(rater=MEAN)
    order = pd.Series(np.arange(len(info)), index=info["session_id"])
    pairs = pairs.assign(_order=pairs["session_id"].map(order)).sort_values(["_order", "rater"])
    figures = pd.concat([_segment_figures(frame, rules), _session_level(selection, rules)], axis=1)
    out = pairs.drop(columns="_order").join(figures, on=PAIR).merge(info, on="session_id", how="left")
    counts = _count_columns(rules)
    out[counts] = out[counts].fillna(0).astype(np.int64)
    if rules.has_resolution:
        out["unresolved_ruptures"] = out["unresolved_ruptures"].fillna(0).astype("Int64")
    else:
        out["unresolved_ruptures"] = pd.array([pd.NA] * len(out), dtype="Int64")
    return out[_column_order(rules)].reset_index(drop=True)


_COUNTS = ("segments_total", "segments_coded", "rupture_segments", "strategy_segments", "strategies")


def _count_columns(rules: SummaryRules) -> list[str]:
    """The summary columns that count segments or marks (0 when a session has no segments)."""
    return [
        *_COUNTS,
        *(f"{rule.id}_segments" for rule in rules.ruptures),
        *(f"{tag}_strategies" for tag in rules.strategy_tags),
        *(f"n_{i}" for i in (*rules.markers, *rules.strategies)),
    ]


def _segment_figures(frame: pd.DataFrame, rules: SummaryRules) -> pd.DataFrame:
    """Counts, mean and peak significance and resolution figures per (session, rater)."""
    markers = [MARKER + m for m in rules.markers]
    strategies = [STRATEGY + s for s in rules.strategies]
    types = [present(r.id) for r in rules.ruptures]
    ratings = [significance(r.id) for r in rules.ruptures]
    by_pair = frame.groupby(PAIR, sort=False)
    sums = by_pair[["coded", "rupture", STRATEGY_USED, "unresolved", *types, *markers, *strategies]].sum()
    means = by_pair[ratings].mean()
    peaks = by_pair[ratings].max()
    resolved = by_pair["resolved_within_window"]
    columns = {
        "segments_total": by_pair.size(),
        "segments_coded": sums["coded"],
        "rupture_segments": sums["rupture"],
    }
    for rule in rules.ruptures:
        columns[f"{rule.id}_segments"] = sums[present(rule.id)]
        columns[f"{rule.id}_mean_significance"] = means[significance(rule.id)]
        columns[f"{rule.id}_peak_significance"] = peaks[significance(rule.id)]
    columns["unresolved_ruptures"] = sums["unresolved"]
    columns["resolved_within_window_share"] = resolved.sum().astype(float) / resolved.count().replace(0, np.nan)
    columns["strategy_segments"] = sums[STRATEGY_USED]
    columns["strategies"] = sums[strategies].sum(axis=1)
    for tag, members in rules.strategy_tags.items():
        columns[f"{tag}_strategies"] = sums[[STRATEGY + s for s in members]].sum(axis=1)
    counts = sums[markers + strategies].rename(columns=lambda c: "n_" + c.split(":", 1)[1])
    return pd.concat([pd.DataFrame(columns), counts], axis=1)


def _session_level(selection: Selection, rules: SummaryRules) -> pd.DataFrame:
    """Session-level item values and rating-group means per (session, rater); averaged for "mean"."""
    codes = selection.codes
    item_code = codes["item_code"].to_numpy()
    session_rows = codes[np.isin(item_code, [rules.items.index(i) for i in rules.session_items])]
    values = _by_pair(session_rows, "item").reindex(columns=list(rules.session_items))
    group_of = {item: group for group, ids in rules.rating_groups.items() for item in ids}
    group_rows = codes[np.isin(item_code, [rules.items.index(i) for i in group_of])]
    group_rows = group_rows.assign(group=group_rows["item"].map(group_of))
    means = _by_pair(group_rows, "group").reindex(columns=list(rules.rating_groups))
    level = pd.concat([values, means.rename(columns=group_mean)], axis=1)
    if selection.mean:
        level = level.groupby(level="session_id").mean()
        level = level.assign(rater=MEAN).set_index("rater", append=True)
    return level


def _by_pair(rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """Mean value per (session, rater) and ``column``, one column per ``column`` value."""
    means = rows.groupby([*PAIR, column], sort=False)["value"].mean()
    return means.unstack(column) if len(means) else pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=PAIR))


def _column_order(rules: SummaryRules) -> list[str]:
    """Identity first, then counts, ratings, strategies, group means, session items, profiles."""
    order = ["session_id", "rater", "therapist", "client", "date", *_COUNTS[:3]]
    for rule in rules.ruptures:
        order += [f"{rule.id}_segments", f"{rule.id}_mean_significance", f"{rule.id}_peak_significance"]
    order += ["unresolved_ruptures", "resolved_within_window_share", *_COUNTS[3:]]
    order += [f"{tag}_strategies" for tag in rules.strategy_tags]
    order += [group_mean(g) for g in rules.rating_groups]
    order += list(rules.session_items)
    order += [f"n_{i}" for i in (*rules.markers, *rules.strategies)]
    return order


def profile(summary: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """The marker and strategy profile in long form: one row per session, rater and item.

    Columns: session_id, rater, kind ("marker" or "strategy"), group, item,
    label, tags (comma-separated), segments (in which the item was marked).
    """
    rules = summary_rules(scheme)
    ids = [*rules.markers, *rules.strategies]
    kinds = ["marker"] * len(rules.markers) + ["strategy"] * len(rules.strategies)
    group_of = {item.id: group.id for group in scheme.groups for item in group.all_items}
    n = len(summary)
    return pd.DataFrame(
        {
            "session_id": np.repeat(summary["session_id"].to_numpy(), len(ids)),
            "rater": np.repeat(summary["rater"].to_numpy(), len(ids)),
            "kind": np.tile(np.asarray(kinds, dtype=object), n),
            "group": np.tile(np.asarray([group_of[i] for i in ids], dtype=object), n),
            "item": np.tile(np.asarray(ids, dtype=object), n),
            "label": np.tile(np.asarray([scheme.item(i).label for i in ids], dtype=object), n),
            "tags": np.tile(np.asarray([",".join(scheme.item(i).tags) for i in ids], dtype=object), n),
            "segments": summary[[f"n_{i}" for i in ids]].to_numpy(dtype=np.int64).reshape(-1),
        }
    )
