"""Generic CSV transcripts: columns ``start[,end],speaker,text`` with a header row."""

from __future__ import annotations

from pathlib import Path

from observer.errors import IngestError
from observer.ingest.model import Cue, Transcript
from observer.ingest.rows import check_width, column_index, csv_records, first_record, time_cell
from observer.ingest.source import load_text
from observer.ingest.timeline import build_utterances

REQUIRED = ("start", "speaker", "text")
OPTIONAL = ("end",)
TIME_HINT = "Write times as seconds (95.25) or as hh:mm:ss.mmm / mm:ss (00:01:35.250)."


def read_csv(path: Path, *, overlaps: str = "error") -> list[Transcript]:
    """The one transcript in a CSV with start, optional end, speaker and text columns."""
    records = csv_records(load_text(path), path)
    header_line, header = first_record(records, path)
    columns = column_index(header, REQUIRED, OPTIONAL, path, header_line, extra_allowed=False)
    cues = []
    for line, record in records:
        check_width(record, len(header), path, line)
        end = record[columns["end"]] if "end" in columns else ""
        cues.append(Cue(
            start=time_cell(record[columns["start"]], path, line, "start", TIME_HINT),
            end=time_cell(end, path, line, "end", TIME_HINT) if end.strip() else None,
            speaker=" ".join(record[columns["speaker"]].split()),
            text=" ".join(record[columns["text"]].split()),
            line=line, kind="row", ref=str(len(cues) + 1),
        ))
    if not cues:
        raise IngestError("the file has a header but no rows.", file=path,
                          hint="Add one row per utterance below the header.")
    utterances, notes = build_utterances(cues, path, overlaps=overlaps)
    return [Transcript(utterances, source=str(path), format="csv", notes=notes)]
