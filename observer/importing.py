"""Turn transcript files (or bare recordings) into sessions of a study, in one transaction."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from observer.errors import IngestError
from observer.ingest import media_duration, read_transcripts, segment_bounds, segment_of
from observer.ingest.model import Transcript
from observer.store import NewSession, SessionInfo, StoredUtterance, Study


@dataclass(frozen=True)
class SessionDetails:
    """What the command line says about the sessions being imported."""

    session_id: str | None = None
    therapist: str = ""
    client: str = ""
    date: str = ""
    media: str | None = None
    duration: float | None = None


def import_files(study: Study, files: Sequence[str | Path], details: SessionDetails, *,
                 format: str = "auto", tier: str | None = None) -> list[SessionInfo]:
    """Read every file, then add all their sessions to the study at once (or none on error)."""
    transcripts = [t for path in files for t in read_transcripts(path, format=format, tier=tier)]
    if details.session_id and len(transcripts) > 1:
        raise IngestError(
            f"--session names one session, but the input holds {len(transcripts)}",
            hint="Import the files one at a time, or leave out --session to use their own ids.",
        )
    sessions = [_new_session(study, t, details) for t in transcripts]
    study.add_sessions(sessions)
    return [s.info for s in sessions]


def import_media_only(study: Study, details: SessionDetails) -> SessionInfo:
    """Add a session that has a recording (or a duration) but no transcript."""
    if not details.session_id:
        raise IngestError("a session without a transcript needs an id", hint="Pass --session ID.")
    if details.duration is None and details.media is None:
        raise IngestError(
            "a session without a transcript needs its length",
            hint="Pass --duration SECONDS or --media PATH to read it from the recording.",
        )
    source = details.media or ""
    transcript = Transcript(utterances=[], source=source, format="media", session_id=details.session_id)
    new = _new_session(study, transcript, details)
    study.add_sessions([new])
    return new.info


def _new_session(study: Study, transcript: Transcript, details: SessionDetails) -> NewSession:
    """Segment a transcript with the study's scheme and attach the session's metadata."""
    session_id = details.session_id or transcript.session_id or Path(transcript.source).stem
    durations = [transcript.end, transcript.duration or 0.0]
    if details.duration is not None:
        durations.append(details.duration)
    media_path = ""
    if details.media:
        media = Path(details.media)
        if not media.is_file():
            raise IngestError("the recording does not exist", file=media, hint="Check the --media path.")
        if details.duration is None:
            durations.append(media_duration(media))
        media_path = relative_to_study(media, study.path)
    duration = max(durations)
    if duration <= 0:
        raise IngestError(
            "the session has no length", file=transcript.source or None,
            hint="Pass --duration SECONDS or --media PATH.",
        )
    bounds = segment_bounds(duration, study.scheme.segment_seconds)
    utterances = [
        StoredUtterance(i, u.start, u.end, u.speaker, u.text, segment_of(u.start, bounds))
        for i, u in enumerate(transcript.utterances)
    ]
    meta = transcript.metadata
    info = SessionInfo(
        id=session_id,
        n_segments=len(bounds),
        n_utterances=len(utterances),
        duration=duration,
        therapist=details.therapist or meta.get("therapist", ""),
        client=details.client or meta.get("client", ""),
        date=details.date or meta.get("date", ""),
        media_path=media_path,
        source=str(transcript.source),
        source_format=transcript.format,
    )
    return NewSession(info=info, utterances=utterances, bounds=bounds, metadata=dict(meta))


def relative_to_study(media: Path, study_path: Path | None) -> str:
    """The recording's path relative to the study file's folder when both are on one drive, else absolute.

    A study in PostgreSQL has no folder: its recordings are named by absolute paths on the server.
    """
    if study_path is None:
        return str(media.resolve())
    try:
        return os.path.relpath(media.resolve(), study_path.resolve().parent)
    except ValueError:
        return str(media.resolve())
