"""The study frames a report reads, taken from the store once so that many reports can share them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from observer.errors import AnalysisError
from observer.scheme.model import Scheme

if TYPE_CHECKING:
    from observer.store import Study


@dataclass(frozen=True)
class StudyFrames:
    """The codes, segments (per rater, with completion), sessions and utterances of a study, and its scheme."""

    codes: pd.DataFrame
    segments: pd.DataFrame
    sessions: pd.DataFrame
    utterances: pd.DataFrame
    scheme: Scheme

    @classmethod
    def from_study(cls, study: Study) -> StudyFrames:
        """Read every frame of ``study``."""
        from observer.store.frames import study_frames, utterances_frame

        codes, segments, sessions = study_frames(study)
        return cls(codes, segments, sessions, utterances_frame(study), study.scheme)

    @classmethod
    def for_session(cls, study: Study, session_id: str) -> StudyFrames:
        """What one session's report reads: the codes, segments and utterances of its therapist's sessions.

        The sessions frame stays whole (trends number every session of the therapist).
        """
        from observer.store.frames import codes_frame, segments_frame, sessions_frame, utterances_frame

        therapist = study.session(session_id).therapist
        ids = [s.id for s in study.sessions() if s.id == session_id or (therapist and s.therapist == therapist)]
        parts = [(codes_frame(study, session_id=i), segments_frame(study, session_id=i),
                  utterances_frame(study, session_id=i)) for i in ids]
        codes, segments, utterances = (pd.concat(frames, ignore_index=True) for frames in zip(*parts))
        return cls(codes, segments, sessions_frame(study), utterances, study.scheme)

    def session_ids(self) -> list[str]:
        """The study's sessions in study order."""
        return list(self.sessions["session_id"].astype(str))

    def session_info(self, session_id: str) -> dict:
        """One session's row of the sessions frame; ``AnalysisError`` naming the sessions when there is none."""
        rows = self.sessions[self.sessions["session_id"].astype(str) == session_id]
        if rows.empty:
            known = self.session_ids()
            listing = ", ".join(known[:8]) + (" ..." if len(known) > 8 else "")
            raise AnalysisError(f"there is no session {session_id!r}", field="session",
                                hint=f"Choose one of: {listing or 'none yet (import a transcript first)'}.")
        return rows.iloc[0].to_dict()

    def of_sessions(self, session_ids: list[str]) -> StudyFrames:
        """The frames cut down to some sessions."""
        keep = set(session_ids)
        return StudyFrames(*(frame[frame["session_id"].astype(str).isin(keep)] for frame in
                             (self.codes, self.segments, self.sessions, self.utterances)), self.scheme)
