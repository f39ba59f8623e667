"""The long-format codes of some sessions only (calibration and drift need a few of a study's sessions)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from observer.store import Study

if TYPE_CHECKING:
    import pandas as pd

WHOLE_STUDY_SHARE = 0.25
"""Above this share of the study's sessions one pass over the whole study is faster than one per session."""


def session_codes(study: Study, session_ids: Iterable[str], *, rater: str | None = None) -> pd.DataFrame:
    """``codes_frame`` of these sessions (optionally one rater's codes), in the frame's order."""
    import pandas as pd

    from observer.store.frames import CODE_COLUMNS, codes_frame

    wanted = list(dict.fromkeys(session_ids))
    if len(wanted) > WHOLE_STUDY_SHARE * len(study.sessions()):
        frame = codes_frame(study, rater=rater)
        return frame[frame["session_id"].isin(wanted)].reset_index(drop=True)
    frames = [f for f in (codes_frame(study, session_id=s, rater=rater) for s in wanted) if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CODE_COLUMNS)
