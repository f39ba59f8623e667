"""Generic CSV transcripts: columns ``start[,end],speaker,text`` with a header row."""

from __future__ import annotations

from pathlib import Path

from observer.errors import IngestError
from observer.ingest.model import Transcript
from observer.ingest.rows import check_width, column_index, csv_records, first_record
from observer.ingest.source import load_text
from observer.ingest.timecode import parse_time
from observer.ingest.timeline import Cue, build_utterances

REQUIRED = ("start", "speaker", "text")
OPTIONAL = ("end",)


def read_csv(path: Path) -> list[Transcript]:
    """The one transcript in a CSV with start, optional end, speaker and text columns."""
    records = csv_records(load_text(path), path)
    header_line, header = first_record(records, path)
    columns = column_index(header, REQUIRED, OPTIONAL, path, header_line, extra_allowed=False)
    cues = []
    for line, record in records:
        check_width(record, len(header), path, line)
        end = record[columns["end"]] if "end" in columns else ""
        cues.append(Cue(
            start=_time(record[columns["start"]], "start", path, line),
            end=_time(end, "end", path, line) if end.strip() else None,
            speaker=record[columns["speaker"]].strip(),
            text=" ".join(record[columns["text"]].split()),
            line=line, kind="row", ref=str(len(cues) + 1),
        ))
    if not cues:
        raise IngestError("the file has a header but no rows.", file=path,
                          hint="Add one row per utterance below the header.")
    return [Transcript(build_utterances(cues, path), source=str(path), format="csv")]


def _time(cell: str, column: str, path: Path, line: int) -> int:
    """Milliseconds in a time cell; IngestError when it is empty or not a time."""
    milliseconds = parse_time(cell)
    if milliseconds is None:
        what = "is empty" if not cell.strip() else f"{cell.strip()[:40]!r} is not a time"
        raise IngestError(
            f"{what}.", file=path, line=line, field=column,
            hint="Write times as seconds (95.25) or as hh:mm:ss.mmm / mm:ss (00:01:35.250).",
        )
    return milliseconds
