"""Only complete units count: which codes enter reliability, and which units were left out and why.

A unit is one rater's coding of one segment (or of a session's session-level items).
With the study's completion records (``completed``), a unit counts when its rater
marked it complete. Without them (a codes CSV, a frame), a unit counts when it is
complete as ``observer codes import`` reads it: every presence marker of its level has
a value (the export writes unmarked markers of complete units as explicit 0) and its
values keep the scheme's rules. A session's aggregates count for a rater who
completed every segment of the session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from observer.errors import AnalysisError
from observer.scheme.model import Scheme

LEFT_OUT_COLUMNS = ["level", "session_id", "segment_index", "rater", "values", "reason"]
"""One row per left-out unit: level is ``segment``, ``session ratings`` or ``session aggregates``."""

NOT_MARKED = "not marked complete"


@dataclass(frozen=True)
class Completion:
    """The codes of complete units, the units left out, and the (session, rater) pairs whose sessions count."""

    kept: pd.DataFrame
    left_out: pd.DataFrame
    complete_sessions: pd.MultiIndex


def complete_units(frame: pd.DataFrame, scheme: Scheme, completed: pd.DataFrame | None,
                   n_segments: Mapping[str, int] | None) -> Completion:
    """Split parsed codes (columns session_id, segment_index, rater, item, value) by completeness.

    ``completed`` has columns session_id, segment_index (NA for the session level) and
    rater; ``n_segments`` gives each session's number of segments (else the segments
    anyone coded).
    """
    keys = _unit_keys(frame)
    if completed is None:
        reasons = _inferred_reasons(frame, keys, scheme)
    else:
        marked = set(_unit_keys(_checked(completed)).itertuples(index=False, name=None))
        units = keys.drop_duplicates()
        reasons = pd.Series({unit: NOT_MARKED for unit in units.itertuples(index=False, name=None)
                             if unit not in marked}, dtype=object)
    unit_of_row = pd.MultiIndex.from_frame(keys)
    keep = ~unit_of_row.isin(reasons.index)
    kept = frame[keep]
    sessions, session_reasons = _complete_sessions(frame, kept, n_segments)
    return Completion(kept, _left_out(keys, reasons, session_reasons), sessions)


def _unit_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """(session, segment or -1 for the session level, rater) of every row."""
    return pd.DataFrame({"session_id": frame["session_id"].astype(str).to_numpy(),
                         "segment": pd.to_numeric(frame["segment_index"], errors="coerce").fillna(-1)
                         .astype(int).to_numpy(),
                         "rater": frame["rater"].astype(str).to_numpy()})


def _checked(completed: object) -> pd.DataFrame:
    """The completion records, with their columns checked."""
    if not isinstance(completed, pd.DataFrame) or not {"session_id", "segment_index", "rater"} <= set(
            completed.columns):
        raise AnalysisError("completed= needs a frame with columns session_id, segment_index and rater",
                            field="completed",
                            hint="Pass observer.reliability.completion_frame(study), or leave it out to read "
                                 "completeness from the codes.")
    return completed


def _inferred_reasons(frame: pd.DataFrame, keys: pd.DataFrame, scheme: Scheme) -> pd.Series:
    """Why each incomplete unit is incomplete, read from its codes the way ``codes import`` reads them."""
    reasons = {}
    for unit, rows in frame.groupby([keys["session_id"].to_numpy(), keys["segment"].to_numpy(),
                                     keys["rater"].to_numpy()], sort=False):
        level = "session" if unit[1] < 0 else "segment"
        values = dict(zip(rows["item"], rows["value"]))
        items = scheme.segment_items if level == "segment" else scheme.session_items
        missing = [item.id for item in items if item.is_presence and item.id not in values]
        if missing:
            reasons[unit] = f"{len(missing)} marker(s) without a value ({', '.join(missing[:2])}" + (
                ", ...)" if len(missing) > 2 else ")")
            continue
        problems = scheme.check_unit(values, level=level)
        if problems:
            reasons[unit] = problems[0].message
    return pd.Series(reasons, dtype=object)


def _complete_sessions(frame: pd.DataFrame, kept: pd.DataFrame,
                       n_segments: Mapping[str, int] | None) -> tuple[pd.MultiIndex, dict]:
    """(session, rater) pairs that completed every segment of the session, and why the others did not."""
    on_segments = frame["segment_index"].notna()
    coded = frame.loc[on_segments, ["session_id", "rater"]].astype(str).drop_duplicates()
    segments = kept[kept["segment_index"].notna()]
    done = segments.groupby([segments["session_id"].astype(str), segments["rater"].astype(str)])[
        "segment_index"].agg(lambda s: set(map(int, s)))
    if n_segments is None:
        anyone = frame[on_segments].groupby(frame.loc[on_segments, "session_id"].astype(str))["segment_index"]
        wanted = {s: set(map(int, v)) for s, v in anyone}
    else:
        wanted = {str(s): set(range(int(n))) for s, n in n_segments.items()}
    complete, reasons = [], {}
    for session, rater in coded.itertuples(index=False, name=None):
        finished = done.get((session, rater), set())
        unfinished = sorted(wanted.get(session, set()) - finished)
        if unfinished:
            listed = ", ".join(str(g + 1) for g in unfinished[:4]) + (" ..." if len(unfinished) > 4 else "")
            reasons[(session, rater)] = (f"segment{'s' if len(unfinished) > 1 else ''} {listed} not complete "
                                         f"({len(finished)} of {len(wanted.get(session, ()))} complete)")
        else:
            complete.append((session, rater))
    return pd.MultiIndex.from_tuples(complete, names=["session_id", "rater"]), reasons


def _left_out(keys: pd.DataFrame, reasons: pd.Series, sessions: dict) -> pd.DataFrame:
    """One row per left-out unit, segments in session and segment order, then session aggregates."""
    counts = keys.value_counts(sort=False)
    rows = [("segment" if segment >= 0 else "session ratings", session, None if segment < 0 else segment, rater,
             int(counts.get((session, segment, rater), 0)), reason)
            for (session, segment, rater), reason in reasons.items()]
    rows += [("session aggregates", session, None, rater, 0, reason) for (session, rater), reason in sessions.items()]
    table = pd.DataFrame(rows, columns=LEFT_OUT_COLUMNS)
    table["segment_index"] = table["segment_index"].astype("Int64")
    order = {"segment": 0, "session ratings": 1, "session aggregates": 2}
    table = table.assign(_order=table["level"].map(order), _session=table["session_id"].map(natural))
    table = table.sort_values(["_order", "_session", "segment_index", "rater"], kind="stable", na_position="first")
    return table.drop(columns=["_order", "_session"]).reset_index(drop=True)


def natural(text: str) -> tuple:
    """A sort key that puts 's2' before 's10'."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(text)))
