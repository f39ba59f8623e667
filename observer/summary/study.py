"""Everything a report or screen shows about the sessions of a study, computed in one pass."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from observer.scheme.model import Scheme
from observer.summary.excerpts import peak_excerpts
from observer.summary.inputs import select
from observer.summary.peaks import peak_moments
from observer.summary.rules import summary_rules
from observer.summary.segments import public_table, segment_frame
from observer.summary.session import profile, session_figures


@dataclass(frozen=True)
class Summary:
    """The segment table, session summary, peak moments and profile for one rater choice.

    ``excerpts`` (see :func:`peak_excerpts`) is there when :func:`summarise` was given the utterances.
    """

    rater: str | None
    segments: pd.DataFrame
    sessions: pd.DataFrame
    peaks: pd.DataFrame
    profile: pd.DataFrame
    excerpts: pd.DataFrame | None = None


def summarise(
    codes: pd.DataFrame,
    segments: pd.DataFrame,
    sessions: pd.DataFrame,
    scheme: Scheme,
    *,
    rater: str | None = None,
    peaks: int = 3,
    utterances: pd.DataFrame | None = None,
) -> Summary:
    """Compute :func:`segment_table`, :func:`session_summary`, :func:`peak_moments` and :func:`profile` at once.

    With ``utterances`` (the study's utterances frame) the peak moments also
    get their evidence and transcript excerpts (:func:`peak_excerpts`).
    """
    rules = summary_rules(scheme)
    selection = select(codes, segments, scheme, rater)
    frame = segment_frame(selection, rules)
    table = public_table(frame, rules)
    figures = session_figures(frame, selection, sessions, rules)
    moments = peak_moments(table, peaks)
    excerpts = None
    if utterances is not None:
        excerpts = peak_excerpts(moments, codes, utterances, sessions, scheme)
    return Summary(
        rater=rater,
        segments=table,
        sessions=figures,
        peaks=moments,
        profile=profile(figures, scheme),
        excerpts=excerpts,
    )
