"""What a study gives its reliability report: its codes, its scheme, which units each rater completed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from observer.store import Study


def completion_frame(study: Study) -> pd.DataFrame:
    """The units each rater marked complete: session_id, segment_index (NA for the session level), rater."""
    import pandas as pd

    rows = [(session, segment, rater) for (session, rater), units in study.completed_units().items()
            for segment in units]
    frame = pd.DataFrame(rows, columns=["session_id", "segment_index", "rater"])
    frame["segment_index"] = frame["segment_index"].astype("Int64")
    return frame


def study_inputs(study: Study) -> dict:
    """Keyword arguments of :func:`study_report` for a study: ``data``, ``scheme``, ``completed``, ``n_segments``."""
    from observer.store.frames import codes_frame

    return {"data": codes_frame(study), "scheme": study.scheme, "completed": completion_frame(study),
            "n_segments": {session.id: session.n_segments for session in study.sessions()}}


def complete_codes(codes: pd.DataFrame, completed: pd.DataFrame) -> pd.DataFrame:
    """The rows of a codes frame whose (session, segment, rater) unit is in ``completed`` (consensus rows kept)."""
    import pandas as pd

    def keys(frame: pd.DataFrame) -> pd.MultiIndex:
        segment = pd.to_numeric(frame["segment_index"], errors="coerce").fillna(-1).astype(int)
        return pd.MultiIndex.from_arrays([frame["session_id"].astype(str), segment, frame["rater"].astype(str)])

    keep = keys(codes).isin(keys(completed)) | (codes["rater"].astype(str) == "consensus")
    return codes[keep].reset_index(drop=True)
