"""One session's transcript and codes, read on the UI thread for a summary computed in a worker.

A snapshot answers the few reads ``observer.store.frames`` makes of a study
(``scheme``, ``sessions``, ``session``, ``segments``, ``utterances``, ``codes``,
``completed_units``), so the worker builds its frames with the store's own
functions and never touches the study file. Uses neither Textual nor pandas.
"""

from __future__ import annotations

from dataclasses import dataclass

from observer.scheme.model import Scheme
from observer.store import Code, RaterView, Segment, SessionInfo, StoredUtterance, Study


@dataclass(frozen=True)
class SessionSnapshot:
    """The session, its segments and utterances, and the codes someone may see, frozen at one moment."""

    scheme: Scheme
    info: SessionInfo
    segment_list: tuple[Segment, ...]
    utterance_list: tuple[StoredUtterance, ...]
    code_list: tuple[Code, ...]
    done: dict[tuple[str, str], dict[int | None, str]]

    @classmethod
    def of_rater(cls, view: RaterView, session_id: str) -> SessionSnapshot:
        """What a rater may see: their own codes only (blind coding)."""
        done = view.completed_units(session_id).get(session_id, {})
        return cls(view.scheme, view.session(session_id), tuple(view.segments(session_id)),
                   tuple(view.utterances(session_id)), tuple(view.codes(session_id).values()),
                   {(session_id, view.rater): dict(done)} if done else {})

    @classmethod
    def of_study(cls, study: Study, session_id: str) -> SessionSnapshot:
        """What a supervisor sees: every rater's codes and the consensus."""
        return cls(study.scheme, study.session(session_id), tuple(study.segments(session_id)),
                   tuple(study.utterances(session_id)), tuple(study.codes(session_id)),
                   study.completed_units(session_id))

    @property
    def session_id(self) -> str:
        """The session's id."""
        return self.info.id

    @property
    def raters(self) -> tuple[str, ...]:
        """Whoever has codes in the snapshot (consensus included), sorted."""
        return tuple(sorted({code.rater for code in self.code_list}))

    # -- the reads observer.store.frames makes of a study ------------------------------

    def sessions(self) -> list[SessionInfo]:
        """The one session."""
        return [self.info]

    def session(self, session_id: str) -> SessionInfo:
        """The session, when asked for by its id."""
        self._check(session_id)
        return self.info

    def segments(self, session_id: str) -> list[Segment]:
        """The session's segments."""
        self._check(session_id)
        return list(self.segment_list)

    def utterances(self, session_id: str) -> list[StoredUtterance]:
        """The session's utterances."""
        self._check(session_id)
        return list(self.utterance_list)

    def codes(self, session_id: str | None = None, rater: str | None = None) -> list[Code]:
        """The codes of the snapshot, optionally of one rater."""
        if session_id is not None:
            self._check(session_id)
        return [code for code in self.code_list if rater is None or code.rater == rater]

    def completed_units(self, session_id: str | None = None) -> dict[tuple[str, str], dict[int | None, str]]:
        """Units marked complete, keyed by (session, rater)."""
        if session_id is not None:
            self._check(session_id)
        return self.done

    def _check(self, session_id: str) -> None:
        if session_id != self.info.id:
            raise KeyError(f"the snapshot holds session {self.info.id!r}, not {session_id!r}")
