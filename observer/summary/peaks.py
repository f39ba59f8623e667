"""Peak moments: the rupture segments with the highest significance, to review on video."""

from __future__ import annotations

import numpy as np
import pandas as pd

from observer.errors import AnalysisError

SUFFIX = "_significance"


def peak_moments(segment_table: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` rupture segments with the highest significance per session and rater.

    Ties go to the earlier segment. Only segments with a rupture and a
    recorded significance qualify, so a session without ruptures has none.

    Parameters
    ----------
    segment_table : DataFrame
        The output of :func:`segment_table`.
    n : int
        How many moments per session and rater.

    Returns
    -------
    DataFrame
        session_id, rater, rank (1 = highest), segment_index, start, end,
        significance, rupture_type (the type with the highest significance;
        the first in scheme order on a tie), then the table's other columns
        (per-type significance, markers, strategies, resolution).
    """
    if n < 1:
        raise AnalysisError(f"n is {n}", field="n", hint="Ask for at least one peak moment.")
    types = [c[: -len(SUFFIX)] for c in segment_table.columns if c.endswith(SUFFIX) and c != "significance"]
    candidates = segment_table[
        segment_table["rupture"].fillna(False).to_numpy(dtype=bool) & segment_table["significance"].notna()
    ]
    ranked = candidates.sort_values(
        ["session_id", "rater", "significance", "segment_index"],
        ascending=[True, True, False, True],
        kind="stable",
    )
    peaks = ranked.groupby(["session_id", "rater"], sort=False).head(n).copy()
    peaks["rank"] = peaks.groupby(["session_id", "rater"], sort=False).cumcount() + 1
    peaks["rupture_type"] = _peak_type(peaks, types)
    leading = ["session_id", "rater", "rank", "segment_index", "start", "end", "significance", "rupture_type"]
    peaks = peaks[leading + [c for c in peaks.columns if c not in leading]]
    return _in_study_order(peaks, segment_table)


def _peak_type(peaks: pd.DataFrame, types: list[str]) -> list[str | None]:
    """The present type with the highest significance in each row (first on a tie)."""
    if not types or peaks.empty:
        return [None] * len(peaks)
    ratings = peaks[[t + SUFFIX for t in types]].to_numpy(dtype=float)
    shown = peaks[[f"{t}_present" for t in types]].fillna(False).to_numpy(dtype=bool)
    ratings = np.where(shown & ~np.isnan(ratings), ratings, -np.inf)
    return list(np.asarray(types, dtype=object)[ratings.argmax(axis=1)])


def _in_study_order(peaks: pd.DataFrame, segment_table: pd.DataFrame) -> pd.DataFrame:
    """Sessions in the order of the segment table, then rater, then rank."""
    order = pd.Series(np.arange(segment_table["session_id"].nunique()), index=segment_table["session_id"].unique())
    peaks = peaks.assign(_order=peaks["session_id"].map(order))
    peaks = peaks.sort_values(["_order", "rater", "rank"], kind="stable")
    return peaks.drop(columns="_order").reset_index(drop=True)
