"""The study's sessions: their records, segments and transcripts."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Iterable

from observer.errors import StudyError
from observer.store.cells import now_iso
from observer.store.records import NewSession, Segment, SessionInfo, StoredUtterance

if TYPE_CHECKING:
    from observer.store.engine import Database

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key that puts ``s2`` before ``s10``: digit runs compare as numbers."""
    return tuple((0, int(part), part) if part.isdigit() else (1, part.casefold(), part)
                 for part in _DIGITS.split(text) if part)


class SessionStore:
    """Sessions, segments and utterances: what every rater may read."""

    db: Database
    location: str

    def sessions(self) -> list[SessionInfo]:
        """All sessions, in natural order of their ids (s2 before s10)."""
        rows = self.db.execute(
            """
            SELECT s.id, s.duration, s.therapist, s.client, s.date, s.media_path, s.media_offset,
                   s.source, s.source_format,
                   (SELECT count(*) FROM segments g WHERE g.session_id = s.id),
                   (SELECT count(*) FROM utterances u WHERE u.session_id = s.id)
            FROM sessions s
            """
        ).fetchall()
        return sorted((SessionInfo(*row) for row in rows), key=lambda s: natural_key(s.id))

    def session(self, session_id: str) -> SessionInfo:
        """One session; a StudyError naming the known ids when there is none."""
        for info in self.sessions():
            if info.id == session_id:
                return info
        known = ", ".join(s.id for s in self.sessions()[:10]) or "none yet"
        raise StudyError(
            f"no session {session_id!r} in this study",
            file=self.location,
            hint=f"Known sessions: {known}. List them with: observer sessions {self.location}",
        )

    def session_exists(self, session_id: str) -> bool:
        """Whether the study has a session with this id."""
        return self.db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is not None

    def session_fingerprints(self) -> dict[str, str]:
        """Each session's content fingerprint, kept in its metadata at import ('' when it has none)."""
        rows = self.db.execute("SELECT id, metadata FROM sessions").fetchall()
        return {session_id: json.loads(metadata or "{}").get("fingerprint", "") for session_id, metadata in rows}

    def add_sessions(self, sessions: Iterable[NewSession]) -> int:
        """Add sessions with their utterances and segments in one transaction."""
        sessions = list(sessions)
        seen: set[str] = set()
        for new in sessions:
            if new.info.id in seen or self.session_exists(new.info.id):
                raise StudyError(
                    f"session {new.info.id!r} is already in the study",
                    file=new.info.source or self.location,
                    hint="Pass another id with --session, or remove the duplicate.",
                )
            seen.add(new.info.id)
        stamp = now_iso()
        with self.db.transaction():
            for new in sessions:
                info = new.info
                self.db.execute(
                    "INSERT INTO sessions (id, therapist, client, date, media_path, duration, source,"
                    " source_format, metadata, imported_at, media_offset) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (info.id, info.therapist, info.client, info.date, info.media_path, info.duration,
                     info.source, info.source_format, json.dumps(new.metadata), stamp, info.media_offset),
                )
                self.db.executemany(
                    "INSERT INTO utterances (session_id, idx, start, stop, speaker, text, segment)"
                    " VALUES (?,?,?,?,?,?,?)",
                    [(info.id, u.index, u.start, u.end, u.speaker, u.text, u.segment) for u in new.utterances],
                )
                self.db.executemany(
                    "INSERT INTO segments (session_id, idx, start, stop) VALUES (?,?,?,?)",
                    [(info.id, i, start, end) for i, (start, end) in enumerate(new.bounds)],
                )
        return len(sessions)

    def set_media(self, session_id: str, media_path: str, offset: float | None = None) -> None:
        """Link a session to its recording (and optionally set the recording's offset)."""
        self.session(session_id)
        with self.db.transaction():
            self.db.execute("UPDATE sessions SET media_path = ? WHERE id = ?", (media_path, session_id))
            if offset is not None:
                self.db.execute("UPDATE sessions SET media_offset = ? WHERE id = ?", (offset, session_id))

    def segments(self, session_id: str) -> list[Segment]:
        """The session's coding units in order."""
        rows = self.db.execute(
            "SELECT session_id, idx, start, stop FROM segments WHERE session_id = ? ORDER BY idx", (session_id,)
        ).fetchall()
        return [Segment(*row) for row in rows]

    def utterances(self, session_id: str) -> list[StoredUtterance]:
        """The session's utterances in time order."""
        rows = self.db.execute(
            "SELECT idx, start, stop, speaker, text, segment FROM utterances WHERE session_id = ? ORDER BY idx",
            (session_id,),
        ).fetchall()
        return [StoredUtterance(*row) for row in rows]
