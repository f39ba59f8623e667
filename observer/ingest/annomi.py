"""The AnnoMI layout: many transcripts in one CSV, one row per utterance, start times only."""

from __future__ import annotations

from pathlib import Path

from observer.errors import IngestError
from observer.ingest.characters import check_characters
from observer.ingest.model import Cue, Transcript
from observer.ingest.rows import check_width, column_index, csv_records, first_record, time_cell
from observer.ingest.source import load_text
from observer.ingest.timeline import build_utterances

REQUIRED = ("transcript_id", "interlocutor", "timestamp", "utterance_text")
OPTIONAL = ("utterance_id", "mi_quality", "topic", "video_title", "video_url")
SESSION_FIELDS = ("topic", "mi_quality", "video_title", "video_url")
ROLES = ("therapist", "client")


def read_annomi(path: Path) -> list[Transcript]:
    """One transcript per ``transcript_id``, in the order they first appear.

    Utterances keep their ``utterance_id`` order. AnnoMI stamps start times in whole seconds and
    stamps overlapping turns (back-channels) earlier than the turn before them, so a start may step
    back; an utterance ends where the next one begins, or at its own start if the next begins earlier.
    """
    records = csv_records(load_text(path), path)
    header_line, header = first_record(records, path)
    columns = column_index(header, REQUIRED, OPTIONAL, path, header_line, extra_allowed=True)
    sessions: dict[str, list[tuple[int, int, list[str]]]] = {}
    for line, record in records:
        check_width(record, len(header), path, line)
        transcript_id = record[columns["transcript_id"]].strip()
        if not transcript_id:
            raise IngestError("transcript_id is empty.", file=path, line=line, field="transcript_id",
                              hint="Give every row the id of its transcript.")
        if transcript_id not in sessions:
            check_characters(transcript_id, "the transcript_id", path, line, "transcript_id")
        rows = sessions.setdefault(transcript_id, [])
        rows.append((_order(record, columns, len(rows), path, line), line, record))
    if not sessions:
        raise IngestError("the file has a header but no rows.", file=path,
                          hint="Add one row per utterance below the header.")
    return [_transcript(key, rows, columns, path) for key, rows in sessions.items()]


def _order(record: list[str], columns: dict[str, int], position: int, path: Path, line: int) -> int:
    """The utterance's place in its transcript: its utterance_id, or its position without that column."""
    if "utterance_id" not in columns:
        return position
    cell = record[columns["utterance_id"]].strip()
    if not cell.isdecimal():
        raise IngestError(f"utterance_id {cell!r} is not a whole number.", file=path, line=line,
                          field="utterance_id", hint="Number the utterances of each transcript 0, 1, 2, ...")
    return int(cell)


def _transcript(key: str, rows: list[tuple[int, int, list[str]]], columns: dict[str, int], path: Path) -> Transcript:
    """The transcript of one transcript_id from its rows."""
    rows.sort(key=lambda row: row[0])
    for (order, _, _), (next_order, line, _) in zip(rows, rows[1:]):
        if order == next_order:
            raise IngestError(
                f"utterance_id {order} appears twice in transcript {key}.", file=path, line=line,
                field="utterance_id", hint="Use AnnoMI-simple.csv (one row per utterance), or remove the repeated row.",
            )
    cues = []
    for order, line, record in rows:
        start = time_cell(record[columns["timestamp"]], path, line, "timestamp",
                          "Write the utterance's start as hh:mm:ss.")
        cues.append(Cue(start, None, " ".join(record[columns["interlocutor"]].split()),
                        " ".join(record[columns["utterance_text"]].split()), line,
                        "utterance", f"{order} of transcript {key}"))
    _, first_line, first = rows[0]
    metadata = {name: " ".join(first[columns[name]].split()) for name in SESSION_FIELDS if name in columns}
    for name, value in metadata.items():
        check_characters(value, f"the {name}", path, first_line, name)
    speakers = {cue.speaker for cue in cues}
    metadata.update({f"{role}_speaker": role for role in ROLES if role in speakers})
    utterances, notes = build_utterances(cues, path, overlapping_turns=True)
    return Transcript(utterances, source=str(path), format="annomi", session_id=f"annomi-{key}",
                      metadata=metadata, notes=notes)
