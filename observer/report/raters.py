"""Whose codes a report is based on: the rater asked for, else consensus, else the only rater, else the mean."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from observer.errors import AnalysisError
from observer.summary.inputs import CONSENSUS, MEAN

THERAPIST, SUPERVISOR = "therapist", "supervisor"
AUDIENCES = (THERAPIST, SUPERVISOR)
"""Who a report is for: the therapist (no names, notes or reasons) or the supervisor (everything)."""


@dataclass(frozen=True)
class RaterChoice:
    """The rater choice passed to the summary, the raters whose codes it uses, and why, in a sentence."""

    rater: str
    coders: tuple[str, ...]
    reason: str

    @property
    def label(self) -> str:
        """How the report names the codes: a rater's name, "consensus", or "mean of a and b"."""
        return f"mean of {_listing(self.coders)}" if self.rater == MEAN else self.rater

    def shown(self, audience: str) -> str:
        """The codes named for a report's reader: ``label`` for a supervisor, words without names for a therapist."""
        if audience == SUPERVISOR:
            return self.label
        if self.rater == CONSENSUS:
            return "the observers' consensus"
        if self.rater == MEAN:
            return f"the combined codes of {observers(len(self.coders))}"
        return "one observer's codes"


def observers(count: int) -> str:
    """"one observer", "two observers", "5 observers": raters without their names."""
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
    return f"{words.get(count, count)} observer{'' if count == 1 else 's'}"


def session_raters(codes: pd.DataFrame, session_id: str) -> tuple[str, ...]:
    """The raters (consensus included) with codes in a session, sorted, consensus last."""
    names = set(codes.loc[codes["session_id"].astype(str) == session_id, "rater"].astype(str))
    return tuple(sorted(names - {CONSENSUS})) + ((CONSENSUS,) if CONSENSUS in names else ())


def choose_rater(codes: pd.DataFrame, session_id: str, requested: str | None = None) -> RaterChoice:
    """The codes a session's report uses; ``AnalysisError`` with a hint when the session has none that fit.

    Without ``requested``: consensus codes when they cover segments, else the one
    rater who coded the session, else the mean of its raters (see
    ``docs/summaries.md`` for how raters are combined).
    """
    raters = session_raters(codes, session_id)
    if not raters:
        raise AnalysisError(
            f"session {session_id!r} has no codes yet",
            field="session",
            hint=f"Code it first (observer code STUDY --rater NAME --session {session_id}) or import codes.",
        )
    individual = tuple(r for r in raters if r != CONSENSUS)
    if requested == MEAN:
        if not individual:
            raise AnalysisError(f"session {session_id!r} has only consensus codes, so there is no mean of raters",
                                field="rater", hint="Use --rater consensus.")
        return RaterChoice(MEAN, individual, "the mean of the raters, as asked")
    if requested is not None:
        if requested not in raters:
            raise AnalysisError(f"rater {requested!r} has no codes in session {session_id!r}", field="rater",
                                hint=f"Choose one of: {', '.join(raters)} (or mean).")
        return RaterChoice(requested, (requested,), "as asked")
    if CONSENSUS in raters and (_segment_codes(codes, session_id, CONSENSUS) or not individual):
        return RaterChoice(CONSENSUS, (CONSENSUS,), "the consensus codes of the session")
    if len(individual) == 1:
        return RaterChoice(individual[0], individual, "the only rater of the session")
    return RaterChoice(MEAN, individual, "no consensus codes yet, so the raters are combined")


def _segment_codes(codes: pd.DataFrame, session_id: str, rater: str) -> bool:
    """Whether ``rater`` coded any segment of the session (not only session-level ratings)."""
    mine = (codes["session_id"].astype(str) == session_id) & (codes["rater"].astype(str) == rater)
    return bool(codes.loc[mine, "segment_index"].notna().any())


def _listing(names: tuple[str, ...]) -> str:
    """"a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
