"""Trends across sessions: the session figures numbered and ordered within each therapist or dyad."""

from __future__ import annotations

import numpy as np
import pandas as pd

from observer.errors import AnalysisError
from observer.summary.inputs import normalise_sessions

GROUPINGS = {"therapist": ["therapist"], "dyad": ["therapist", "client"]}


def trends(session_summary: pd.DataFrame, sessions: pd.DataFrame, by: str = "therapist") -> pd.DataFrame:
    """The session summary with ``session_number`` within each therapist (or dyad), in that order.

    Within a therapist (or therapist-client dyad) the sessions are numbered
    1, 2, ... by date when every session of the group has a date, otherwise
    by their order in ``sessions`` (the study's order). Every session of the
    study counts towards the numbering, coded or not, so numbers match the
    course of treatment.

    Parameters
    ----------
    session_summary : DataFrame
        The output of :func:`session_summary` (any rater choice).
    sessions : DataFrame
        session_id, therapist, client, date (ISO 8601 or empty).
    by : {"therapist", "dyad"}
        Group by therapist, or by therapist and client.

    Returns
    -------
    DataFrame
        ``session_summary``'s columns plus ``session_number``, sorted by
        therapist (and client), session number and rater.
    """
    if by not in GROUPINGS:
        raise AnalysisError(f"cannot group trends by {by!r}", field="by", hint="Use 'therapist' or 'dyad'.")
    group = GROUPINGS[by]
    info = normalise_sessions(sessions)
    numbered = _numbered(info, group)
    out = session_summary.merge(
        numbered[["session_id", "session_number"]], on="session_id", how="left"
    )
    missing = out["session_number"].isna()
    if missing.any():
        raise AnalysisError(
            f"session {out['session_id'][missing].iloc[0]!r} of the summary is not in the sessions frame",
            field="session_id",
            hint="Pass the sessions frame of the same study as the summary.",
        )
    out["session_number"] = out["session_number"].astype(np.int64)
    return out.sort_values([*group, "session_number", "rater"], kind="stable").reset_index(drop=True)


def _numbered(info: pd.DataFrame, group: list[str]) -> pd.DataFrame:
    """Sessions with their number within their group (by date when all are dated, else study order)."""
    dates = pd.to_datetime(info["date"].where(info["date"] != ""), format="ISO8601", errors="coerce", utc=True)
    bad = dates.isna() & (info["date"] != "")
    if bad.any():
        raise AnalysisError(
            f"session {info['session_id'][bad].iloc[0]!r} has the date {info['date'][bad].iloc[0]!r}",
            field="date",
            hint="Write dates as ISO 8601 (YYYY-MM-DD), or leave them empty.",
        )
    position = np.arange(len(info), dtype=np.int64)
    all_dated = dates.notna().groupby([info[column] for column in group]).transform("all").to_numpy(dtype=bool)
    stamps = dates.dt.tz_convert(None).to_numpy("datetime64[ns]").astype(np.int64)
    ordered = info.assign(_key=np.where(all_dated, stamps, position), _position=position)
    ordered = ordered.sort_values([*group, "_key", "_position"], kind="stable")
    ordered["session_number"] = ordered.groupby(group, sort=False).cumcount() + 1
    return ordered.drop(columns=["_key", "_position"])
