"""Agreement between the raters of one double-coded session, on marker presence per segment."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from observer.scheme.model import Scheme
from observer.summary.inputs import CONSENSUS
from observer.summary.rules import summary_rules


@dataclass(frozen=True)
class AgreementRow:
    """Agreement on one kind of presence item: decisions compared, percent agreement, kappa (None: undefined)."""

    what: str
    decisions: int
    percent: float | None
    kappa: float | None
    note: str = ""


@dataclass(frozen=True)
class SessionAgreement:
    """The raters compared, the segments every one of them completed, the kappa used, and one row per kind."""

    raters: tuple[str, ...]
    segments: int
    kappa_name: str
    rows: tuple[AgreementRow, ...]


def session_agreement(codes: pd.DataFrame, segments: pd.DataFrame, scheme: Scheme,
                      session_id: str) -> SessionAgreement | None:
    """Percent agreement and kappa on marker presence in the segments all raters completed; None if single-coded.

    A decision is one presence item (rupture marker, or resolution strategy)
    in one segment. Only segments that every rater (consensus aside) marked
    complete count, so an unmarked item there is a recorded absence. Kappa is
    Cohen's for two raters, Fleiss' (Gwet's generalisation) for more; both from
    :mod:`observer.reliability`, on the categories present/absent.
    """
    mine = codes[(codes["session_id"].astype(str) == session_id) & codes["segment_index"].notna()]
    raters = tuple(sorted(set(mine["rater"].astype(str)) - {CONSENSUS}))
    if len(raters) < 2:
        return None
    done = _completed_by_all(segments, session_id, raters, mine)
    rules = summary_rules(scheme)
    kinds = [("Rupture markers", rules.markers), ("Resolution strategies", rules.strategies)]
    kappa_name = "Cohen's kappa" if len(raters) == 2 else "Fleiss' kappa"
    rows = tuple(_row(what, mine, done, raters, items) for what, items in kinds if items)
    return SessionAgreement(raters, len(done), kappa_name, rows)


def _completed_by_all(segments: pd.DataFrame, session_id: str, raters: tuple[str, ...],
                      codes: pd.DataFrame) -> set[int]:
    """Segments every rater marked complete (or, for frames without completion, coded anything in)."""
    if {"rater", "complete"} <= set(segments.columns):
        here = segments[(segments["session_id"].astype(str) == session_id) & segments["complete"].astype(bool)]
        per_rater = here.groupby("rater")["segment_index"].apply(lambda s: set(s.astype(int)))
    else:
        per_rater = codes.groupby("rater")["segment_index"].apply(lambda s: set(s.astype(int)))
    sets = [per_rater.get(r, set()) for r in raters]
    return set.intersection(*sets) if sets else set()


def _row(what: str, codes: pd.DataFrame, done: set[int], raters: tuple[str, ...],
         items: tuple[str, ...]) -> AgreementRow:
    """One kind of presence item: the decisions of the completed segments and their statistics."""
    from observer.reliability import UndefinedStatistic, cohen_kappa, fleiss_kappa, percent_agreement

    part = codes[codes["item"].isin(items) & codes["rater"].isin(raters)
                 & codes["segment_index"].astype(int).isin(done)]
    data = pd.DataFrame({
        "unit": part["segment_index"].astype(int).astype(str) + ":" + part["item"].astype(str),
        "rater": part["rater"].astype(str),
        "value": pd.to_numeric(part["value"], errors="coerce").fillna(0).astype(int),
    })
    decisions = len(done) * len(items)
    if data.empty:
        return AgreementRow(what, 0, None, None, "no segment completed by every rater")
    percent = percent_agreement(data, categories=[0, 1])
    kappa_of = cohen_kappa if len(raters) == 2 else fleiss_kappa
    try:
        return AgreementRow(what, decisions, percent, kappa_of(data, categories=[0, 1]))
    except UndefinedStatistic as undefined:
        return AgreementRow(what, decisions, percent, None, undefined.reason)
