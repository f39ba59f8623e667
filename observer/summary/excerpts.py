"""Evidence utterances and a short transcript excerpt for each peak moment, to find it on video."""

from __future__ import annotations

import numpy as np
import pandas as pd

from observer.scheme.model import Scheme
from observer.summary.inputs import CONSENSUS, MEAN
from observer.summary.rules import summary_rules

COLUMNS = [
    "session_id", "rater", "rank", "part", "utterance_index", "start", "end", "speaker", "text", "items",
]
THERAPIST_WORDS = ("therapist", "counsel", "clinician", "interviewer", "doctor", "psycholog", "coach")
"""Speaker names containing one of these are the therapist's side (so "Physiotherapist" is too)."""


def peak_excerpts(
    peaks: pd.DataFrame,
    codes: pd.DataFrame,
    utterances: pd.DataFrame,
    sessions: pd.DataFrame,
    scheme: Scheme,
    *,
    size: int = 4,
) -> pd.DataFrame:
    """The evidence utterances and a transcript excerpt of each peak moment, in long form.

    Evidence: every utterance that the peak's rater cited as evidence for any
    item of the peak's segment (for the ``mean`` rater, any rater other than
    consensus), in transcript order. Excerpt: ``size`` consecutive utterances
    starting one before an anchor, which is the earliest evidence utterance of
    a rupture item (a marker or the significance rating), else the earliest
    evidence utterance of any item, else, without evidence, the segment's
    first utterance by the client (a speaker that is neither the session's
    therapist nor named like a clinician, see ``THERAPIST_WORDS``; the
    segment's first utterance when no speaker qualifies). Without evidence
    the excerpt stays inside the segment.

    Parameters
    ----------
    peaks : DataFrame
        The output of :func:`peak_moments`.
    codes : DataFrame
        The long codes; an ``evidence`` column holds utterance numbers
        separated by ";" (as the study exports them). Without it there is no evidence.
    utterances : DataFrame
        session_id, utterance_index, segment_index, start, end, speaker, text.
    sessions : DataFrame
        session_id and therapist, to tell the therapist's turns from the client's.
    scheme : Scheme
        The scheme of the codes; its summary rules say which items are rupture items.
    size : int
        Utterances in an excerpt.

    Returns
    -------
    DataFrame
        session_id, rater, rank, part ("evidence" or "excerpt"),
        utterance_index, start, end, speaker, text, items (tuple of the item
        ids citing the utterance as evidence; empty when none does).
    """
    rules = summary_rules(scheme)
    rupture_items = {*rules.markers, *(rule.rating for rule in rules.ruptures)}
    therapists = dict(zip(sessions["session_id"].astype(str), sessions["therapist"].fillna("").astype(str)))
    by_session = {sid: part.sort_values("utterance_index") for sid, part in utterances.groupby(
        utterances["session_id"].astype(str), sort=False)}
    cited = _citations(codes, peaks)
    rows = []
    for peak in peaks.itertuples(index=False):
        transcript = by_session.get(str(peak.session_id))
        if transcript is None:
            continue
        raters = None if peak.rater == MEAN else {peak.rater}
        citing = _citing(cited, peak.session_id, peak.segment_index, raters)
        key = (peak.session_id, peak.rater, peak.rank)
        evidence = transcript[transcript["utterance_index"].isin(citing)]
        rows += [_row(key, "evidence", u, citing) for u in evidence.itertuples(index=False)]
        excerpt = _excerpt(transcript, evidence, citing, rupture_items, peak.segment_index,
                           therapists.get(str(peak.session_id), ""), size)
        rows += [_row(key, "excerpt", u, citing) for u in excerpt.itertuples(index=False)]
    return pd.DataFrame(rows, columns=COLUMNS)


def _citations(codes: pd.DataFrame, peaks: pd.DataFrame) -> pd.DataFrame:
    """One row per (session, segment, rater, item, utterance) cited as evidence in a peak's segment."""
    empty = pd.DataFrame({"session_id": [], "segment_index": [], "rater": [], "item": [], "utterance": []})
    if "evidence" not in codes.columns or peaks.empty:
        return empty
    wanted = set(zip(peaks["session_id"].astype(str), peaks["segment_index"].astype(int)))
    segment = pd.to_numeric(codes["segment_index"], errors="coerce")
    has = codes["evidence"].notna() & (codes["evidence"].astype(str).str.strip() != "") & segment.notna()
    rows = []
    for sid, seg, rater, item, evidence in zip(codes["session_id"][has].astype(str), segment[has].astype(int),
                                               codes["rater"][has], codes["item"][has], codes["evidence"][has]):
        if (sid, seg) in wanted:
            rows += [(sid, seg, rater, item, number) for number in _numbers(evidence)]
    return pd.DataFrame(rows, columns=list(empty.columns)) if rows else empty


def _numbers(evidence: object) -> list[int]:
    """Utterance numbers from an evidence cell: "3;4" or a sequence of numbers."""
    parts = evidence.split(";") if isinstance(evidence, str) else list(evidence)
    return [int(p) for p in parts if str(p).strip() != ""]


def _citing(cited: pd.DataFrame, session_id: str, segment: int, raters: set[str] | None) -> dict[int, tuple[str, ...]]:
    """Utterance number -> the item ids citing it in one segment, by the given raters (None: all but consensus)."""
    here = cited[(cited["session_id"] == str(session_id)) & (cited["segment_index"] == segment)]
    here = here[here["rater"] != CONSENSUS] if raters is None else here[here["rater"].isin(raters)]
    return {int(u): tuple(dict.fromkeys(items)) for u, items in here.groupby("utterance", sort=True)["item"]}


def _excerpt(transcript: pd.DataFrame, evidence: pd.DataFrame, citing: dict[int, tuple[str, ...]],
             rupture_items: set[str], segment: int, therapist: str, size: int) -> pd.DataFrame:
    """The excerpt's utterances (see :func:`peak_excerpts` for the anchor rule)."""
    numbers = transcript["utterance_index"].to_numpy()
    if len(evidence):
        of_rupture = [u for u in evidence["utterance_index"] if rupture_items & set(citing[int(u)])]
        anchor = int(np.flatnonzero(numbers == (of_rupture or list(evidence["utterance_index"]))[0])[0])
        return transcript.iloc[max(anchor - 1, 0): max(anchor - 1, 0) + size]
    in_segment = transcript[transcript["segment_index"] == segment]
    if in_segment.empty:
        return in_segment
    client = [not _is_therapist(s, therapist) for s in in_segment["speaker"].astype(str)]
    first = int(np.argmax(client)) if any(client) else 0
    start = max(first - 1, 0)
    return in_segment.iloc[start: start + size]


def _is_therapist(speaker: str, therapist: str) -> bool:
    """Whether a speaker name is the therapist's side of the conversation."""
    name = speaker.strip().lower()
    return (bool(therapist) and name == therapist.strip().lower()) or any(w in name for w in THERAPIST_WORDS)


def _row(key: tuple, part: str, utterance, citing: dict[int, tuple[str, ...]]) -> tuple:
    """One output row for an utterance of a peak."""
    number = int(utterance.utterance_index)
    return (*key, part, number, utterance.start, utterance.end, utterance.speaker, utterance.text,
            citing.get(number, ()))
