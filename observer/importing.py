"""Turn transcript files (or bare recordings) into sessions of a study, in one transaction."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from observer.errors import IngestError
from observer.ingest import media_duration, read_transcripts, segment_bounds, segment_of
from observer.ingest.characters import check_characters
from observer.ingest.fingerprint import fingerprint
from observer.ingest.model import Transcript
from observer.ingest.timecode import MAX_MS
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


@dataclass(frozen=True)
class Imported:
    """The sessions an import added, and notes on what it did beyond reading (for the user to see)."""

    sessions: list[SessionInfo]
    notes: list[str]


def import_files(study: Study, files: Sequence[str | Path], details: SessionDetails, *, format: str = "auto",
                 tier: str | None = None, overlaps: str = "error", allow_duplicate: bool = False) -> Imported:
    """Read every file, then add all their sessions to the study at once (or none on error).

    A transcript whose utterances are those of a session already in the study (or of another
    file of this import) is refused unless `allow_duplicate`.
    """
    _check_details(details)
    transcripts = [t for path in files for t in read_transcripts(path, format=format, tier=tier, overlaps=overlaps)]
    if details.session_id and len(transcripts) > 1:
        raise IngestError(
            f"--session names one session, but the input holds {len(transcripts)}",
            hint="Import the files one at a time, or leave out --session to use their own ids.",
        )
    sessions = [_new_session(study, t, details) for t in transcripts]
    if not allow_duplicate:
        _refuse_duplicates(study, sessions)
    study.add_sessions(sessions)
    notes = [f"{t.source}: {note}" for t in transcripts for note in t.notes]
    return Imported([s.info for s in sessions], notes)


def import_media_only(study: Study, details: SessionDetails) -> SessionInfo:
    """Add a session that has a recording (or a duration) but no transcript."""
    _check_details(details)
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


def _check_details(details: SessionDetails) -> None:
    """Raise IngestError for an id of only spaces, control characters, or an impossible --duration."""
    if details.session_id is not None and not details.session_id.strip():
        raise IngestError("the session id is empty or only spaces.", field="--session", hint="Pass a real id.")
    for option, value in (("--session", details.session_id), ("--therapist", details.therapist),
                          ("--client", details.client), ("--date", details.date)):
        check_characters(value or "", f"the {option} value", None, None, option)
    if details.duration is not None and not 0 <= details.duration <= MAX_MS / 1000:
        raise IngestError(f"{details.duration!r} is not a session length.", field="--duration",
                          hint="Pass the length in seconds, from 0 to 86400 (24 hours).")


def _refuse_duplicates(study: Study, sessions: Sequence[NewSession]) -> None:
    """Raise IngestError when a new session's utterances are those of a session in the study or of this import."""
    known: dict[str, str] = {}
    for session_id, stored in study.session_fingerprints().items():
        if not stored:  # imported before fingerprints were kept: compute it from the stored utterances
            utterances = study.utterances(session_id)
            stored = fingerprint(utterances) if utterances else ""
        if stored:
            known.setdefault(stored, f"session {session_id!r}, already in the study")
    for new in sessions:
        mark = new.metadata.get("fingerprint")
        if mark in known and not study.session_exists(new.info.id):  # a repeated id gets its own message
            raise IngestError(
                f"this transcript has the same utterances, word for word and to the millisecond, as {known[mark]}.",
                file=new.info.source or None,
                hint="It is probably imported already. To keep a second copy on purpose (e.g. for a separate "
                "double-coding session), pass --allow-duplicate.",
            )
        if mark:
            known[mark] = f"session {new.info.id!r} of this import"


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
    if duration > MAX_MS / 1000:
        raise IngestError(
            f"the session would last {duration:.0f} s, more than 24 hours", file=transcript.source or None,
            field="duration", hint="Check --duration (in seconds) and the --media recording.",
        )
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
    meta = dict(transcript.metadata)
    if utterances:
        meta["fingerprint"] = fingerprint(transcript.utterances)
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
    return NewSession(info=info, utterances=utterances, bounds=bounds, metadata=meta)


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
