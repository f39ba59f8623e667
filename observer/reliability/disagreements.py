"""Where raters disagree: one row per coded unit and item, largest disagreement first."""

from __future__ import annotations

import pandas as pd

from observer.errors import AnalysisError
from observer.reliability._codes import StudyCodes
from observer.scheme.model import Scale, Scheme


def disagreements(codes: pd.DataFrame, scheme: Scheme, *, item: str | None = None,
                  completed: pd.DataFrame | None = None) -> pd.DataFrame:
    """Units (segments, or sessions for global items) where two or more raters coded different values.

    Returns columns session_id, segment_index (NA for session items), item, one
    column per rater with the value they coded (NaN where they did not code it),
    and ``size``: 1 for any disagreement on a presence or nominal item; for
    ordinal items the spread of the coded values in scale steps over the scale's
    steps, for interval items the spread over the scale's range (so 1 = the two
    ends of the scale). Sorted by size (largest first), then session, segment
    and the scheme's item order. Consensus codes are left out, and so are units
    their rater has not completed (``completed`` as for :func:`study_report`), so
    the list stands on the same units as the statistics. ``item`` keeps one item
    only.
    """
    study = StudyCodes.from_frame(codes, scheme, completed=completed)
    frame = study.frame
    if item is not None:
        try:
            scheme.item(item)
        except KeyError:
            raise AnalysisError(f"item {item!r} is not in scheme {scheme.id}", field="item",
                                hint="Use an item id from `observer scheme show`.") from None
        frame = frame[frame["item"] == item]
    if frame.empty:
        return pd.DataFrame(columns=["session_id", "segment_index", "item", "size"])
    sizes = pd.concat(
        [_sizes(part, scheme.item(item_id).scale) for item_id, part in frame.groupby("item", sort=False)]
        or [pd.Series(dtype=float)]
    )
    sizes = sizes[sizes > 0].rename("size")
    order = {it.id: i for i, it in enumerate(scheme.items)}
    keys = frame.drop_duplicates(["unit", "item"]).set_index(["unit", "item"])[["session_id", "segment_index"]]
    wide = frame.pivot(index=["unit", "item"], columns="rater", values="value")
    table = keys.join(wide, how="inner").join(sizes, how="inner").reset_index()
    table["_order"] = table["item"].map(order)
    table = table.sort_values(["size", "session_id", "segment_index", "_order"],
                              ascending=[False, True, True, True], kind="stable", na_position="last")
    columns = ["session_id", "segment_index", "item", *wide.columns, "size"]
    return table[columns].reset_index(drop=True).rename_axis(columns=None)


def _sizes(part: pd.DataFrame, scale: Scale) -> pd.Series:
    """Size of the disagreement per (unit, item) among units coded at least twice."""
    if scale.kind == "interval":
        numbers = part["value"].astype(float)
        span = float(max(scale.allowed)) - float(min(scale.allowed))
    else:
        numbers = pd.Series(pd.Index(scale.allowed).get_indexer(part["value"].to_numpy()), index=part.index,
                            dtype=float)
        span = float(len(scale.allowed) - 1)
    grouped = numbers.groupby([part["unit"], part["item"]])
    spread = grouped.max() - grouped.min()
    if scale.kind in ("presence", "nominal"):
        size = (spread > 0).astype(float)
    else:
        size = spread / span if span > 0 else spread * 0
    return size[grouped.count() >= 2]

