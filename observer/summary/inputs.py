"""Checks the summary's input frames and brings them to one shape; selects the raters asked for."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from observer.errors import AnalysisError
from observer.scheme.model import Scheme

CODE_COLUMNS = ("session_id", "segment_index", "rater", "item", "value")
SEGMENT_COLUMNS = ("session_id", "segment_index", "start", "end")
SESSION_COLUMNS = ("session_id", "therapist", "client", "date")
CONSENSUS = "consensus"
MEAN = "mean"


@dataclass(frozen=True)
class Selection:
    """The codes of the chosen rater(s), numeric, plus the segments they belong to.

    ``codes`` has columns session_id, segment_index (float, NaN for session
    items), rater, item, value (float, NaN for nominal items); ``mean`` says
    whether the raters are to be averaged into one rater called ``mean``.
    """

    codes: pd.DataFrame
    segments: pd.DataFrame
    mean: bool


def select(codes: pd.DataFrame, segments: pd.DataFrame, scheme: Scheme, rater: str | None) -> Selection:
    """Validate codes and segments and keep the codes of ``rater`` (None, ``consensus``, a name or ``mean``)."""
    codes = _normalise_codes(codes, scheme)
    segments = normalise_segments(segments)
    _check_segments_known(codes, segments)
    chosen = _choose_rater(codes, rater)
    return Selection(codes=chosen, segments=segments, mean=rater == MEAN)


def normalise_sessions(sessions: pd.DataFrame, codes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Session info with string ids, one row per session; every session in ``codes`` must be there."""
    _require(sessions, SESSION_COLUMNS, "sessions")
    out = sessions.loc[:, list(SESSION_COLUMNS)].copy()
    out["session_id"] = out["session_id"].astype(str)
    for column in ("therapist", "client", "date"):
        out[column] = out[column].fillna("").astype(str)
    duplicated = out["session_id"].duplicated()
    if duplicated.any():
        raise AnalysisError(
            f"session {out['session_id'][duplicated].iloc[0]!r} appears twice in the sessions frame",
            field="session_id",
            hint="Pass one row per session.",
        )
    if codes is not None:
        unknown = ~codes["session_id"].isin(out["session_id"])
        if unknown.any():
            raise AnalysisError(
                f"codes name session {codes['session_id'][unknown].iloc[0]!r}, which the sessions frame lacks",
                field="session_id",
                hint="Pass the sessions frame of the same study as the codes.",
            )
    return out.reset_index(drop=True)


def normalise_segments(segments: pd.DataFrame) -> pd.DataFrame:
    """Segments with string session ids and integer indices, once each, in study order.

    Rows repeated per rater (as the store's segments frame has them) are merged.
    """
    _require(segments, SEGMENT_COLUMNS, "segments")
    out = segments.loc[:, list(SEGMENT_COLUMNS)].copy()
    out["session_id"] = out["session_id"].astype(str)
    index = pd.to_numeric(out["segment_index"], errors="coerce")
    bad = index.isna() | (index % 1 != 0) | (index < 0)
    if bad.any():
        row = out[bad].iloc[0]
        raise AnalysisError(
            f"session {row['session_id']!r} has segment index {row['segment_index']!r}",
            field="segment_index",
            hint="Segment indices are whole numbers from 0.",
        )
    out["segment_index"] = index.astype(np.int64)
    out["start"] = pd.to_numeric(out["start"], errors="coerce")
    out["end"] = pd.to_numeric(out["end"], errors="coerce")
    out = out.drop_duplicates()
    duplicated = out.duplicated(["session_id", "segment_index"])
    if duplicated.any():
        row = out[duplicated].iloc[0]
        raise AnalysisError(
            f"segment {row['segment_index']} of session {row['session_id']!r} has two different time ranges",
            field="segment_index",
            hint="Pass each segment with one start and end (rows repeated per rater must agree).",
        )
    return out.reset_index(drop=True)


def _normalise_codes(codes: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """Codes with string ids, float segment indices, numeric values and integer id codes.

    Besides session_id, segment_index (NaN for session items), rater, item and
    value, the frame has ``session_code``, ``rater_code`` and ``item_code``
    (position in ``scheme.items``), so later steps group on integers. Unknown
    items, non-numeric values of numeric items and repeated values raise.
    """
    _require(codes, CODE_COLUMNS, "codes")
    out = pd.DataFrame(
        {
            "session_id": codes["session_id"].astype(str).to_numpy(),
            "segment_index": pd.to_numeric(codes["segment_index"], errors="coerce").to_numpy(dtype=float),
            "rater": codes["rater"].to_numpy(),
            "item": codes["item"].astype(str).to_numpy(),
        }
    )
    raw_index = codes["segment_index"].to_numpy()
    index = out["segment_index"].to_numpy()
    unreadable = np.isnan(index) & pd.notna(raw_index)
    unreadable[unreadable] = [str(v).strip() != "" for v in raw_index[unreadable]]
    bad = unreadable | (np.nan_to_num(index) % 1 != 0) | (index < 0)
    if bad.any():
        row = out[bad].iloc[0]
        raise AnalysisError(
            f"a code of session {row['session_id']!r} has segment index {raw_index[bad][0]!r}",
            field="segment_index",
            hint="Segment indices are whole numbers from 0; leave them empty for session-level items.",
        )
    if out["rater"].isna().any():
        first = out[out["rater"].isna()].iloc[0]
        raise AnalysisError(
            f"a code of session {first['session_id']!r} (item {first['item']!r}) has no rater",
            field="rater",
            hint="Every code needs a rater name (or 'consensus').",
        )
    out["rater"] = out["rater"].astype(str)
    items = scheme.items
    item_code = pd.Index([item.id for item in items]).get_indexer(out["item"]).astype(np.int64)  # -1: unknown
    if (item_code < 0).any():
        row = out[item_code < 0].iloc[0]
        raise AnalysisError(
            f"item {row['item']!r} (session {row['session_id']!r}) is not in scheme {scheme.id!r}",
            field="item",
            hint="Summarise the codes with the scheme they were coded with.",
        )
    raw = codes["value"].to_numpy()
    value = pd.to_numeric(pd.Series(raw), errors="coerce").to_numpy(dtype=float)
    numeric = np.array([item.scale.kind != "nominal" for item in items], dtype=bool)[item_code]
    bad = numeric & np.isnan(value) & pd.notna(raw)
    if bad.any():
        row = out[bad].iloc[0]
        raise AnalysisError(
            f"item {row['item']!r} of session {row['session_id']!r} has the non-numeric value {raw[bad][0]!r}",
            field="value",
            hint="Record the scale value (a number) for presence, ordinal and interval items.",
        )
    out["value"] = np.where(numeric, value, np.nan)
    out["session_code"] = pd.factorize(out["session_id"])[0]
    out["rater_code"] = pd.factorize(out["rater"])[0]
    out["item_code"] = item_code
    _check_one_value_each(out)
    return out


def unit_key(codes: pd.DataFrame, *columns: str) -> np.ndarray:
    """One int64 per row combining the integer ``columns`` (segment_index: -1 for session level)."""
    arrays = [
        np.nan_to_num(codes[c].to_numpy(dtype=float), nan=-1).astype(np.int64) + 1
        if c == "segment_index"
        else codes[c].to_numpy(dtype=np.int64)
        for c in columns
    ]
    if not len(codes):
        return np.zeros(0, dtype=np.int64)
    return np.ravel_multi_index(arrays, [int(a.max()) + 1 for a in arrays])


def first_rows(codes: pd.DataFrame, *columns: str) -> np.ndarray:
    """Positions of the first row of each distinct combination of the integer ``columns``."""
    return np.flatnonzero(~pd.Series(unit_key(codes, *columns)).duplicated().to_numpy())


def _check_one_value_each(codes: pd.DataFrame) -> None:
    """Raise when a rater has two values for one item in one unit."""
    key = unit_key(codes, "session_code", "segment_index", "rater_code", "item_code")
    duplicated = pd.Series(key).duplicated().to_numpy()
    if duplicated.any():
        row = codes[duplicated].iloc[0]
        where = "the session level" if np.isnan(row["segment_index"]) else f"segment {int(row['segment_index'])}"
        raise AnalysisError(
            f"rater {row['rater']!r} has two values for item {row['item']!r} in session "
            f"{row['session_id']!r}, {where}",
            field="item",
            hint="Keep one value per rater, unit and item.",
        )


def _check_segments_known(codes: pd.DataFrame, segments: pd.DataFrame) -> None:
    """Every segment-level code must name a segment of the segments frame."""
    first = first_rows(codes, "session_code", "segment_index")
    coded = codes.iloc[first][["session_id", "segment_index"]].dropna()
    known = pd.MultiIndex.from_frame(segments[["session_id", "segment_index"]].astype({"segment_index": float}))
    missing = ~pd.MultiIndex.from_frame(coded).isin(known)
    if missing.any():
        row = coded[missing].iloc[0]
        raise AnalysisError(
            f"codes name segment {int(row['segment_index'])} of session {row['session_id']!r}, "
            "which the segments frame lacks",
            field="segment_index",
            hint="Pass every segment of every coded session.",
        )


def _choose_rater(codes: pd.DataFrame, rater: str | None) -> pd.DataFrame:
    """The codes of the rater(s) asked for; ``AnalysisError`` listing the raters when there are none."""
    if rater is None:
        return codes
    names = codes["rater"].to_numpy()
    keep = names != CONSENSUS if rater == MEAN else names == rater
    if keep.all():
        return codes
    if not keep.any():
        raters = ", ".join(sorted(codes["rater"].unique())) or "none yet"
        wanted = "raters other than consensus" if rater == MEAN else f"rater {rater!r}"
        raise AnalysisError(
            f"there are no codes by {wanted}",
            field="rater",
            hint=f"Choose one of the raters with codes: {raters} (or 'mean' of the raters).",
        )
    return codes[keep]


def _require(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    """Raise when ``frame`` lacks any of ``columns``."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise AnalysisError(
            f"the {what} frame lacks the column(s) {', '.join(missing)}",
            field=missing[0],
            hint=f"Pass the study's {what} frame, with columns {', '.join(columns)}.",
        )
