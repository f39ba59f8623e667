"""CSV records with the line each starts on, and the header, row and time-cell checks the CSV readers share."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from observer.errors import IngestError
from observer.ingest.timecode import TimeError, parse_time

DELIMITERS = (",", ";", "\t")


def csv_records(text: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on; empty records are skipped.

    The delimiter is the one of comma, semicolon and tab that the header line has most of.
    """
    delimiter = delimiter_of(text.lstrip().split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    try:
        for record in reader:
            if any(record):
                yield line, record
            line = reader.line_num + 1
    except csv.Error as error:
        raise IngestError(
            f"the CSV cannot be read ({error}).", file=path, line=line,
            hint="Check the quotes in this record: a field with commas or quotes must be in double quotes, "
            "with inner quotes doubled.",
        ) from None


def delimiter_of(header: str) -> str:
    """Comma, semicolon or tab, whichever the header line has most of (many spreadsheets write semicolons)."""
    return max(DELIMITERS, key=header.count)


def first_record(records: Iterator[tuple[int, list[str]]], path: Path) -> tuple[int, list[str]]:
    """The header record; IngestError when the file has only empty cells."""
    header = next(records, None)
    if header is None:
        raise IngestError("the file has no header and no rows, only empty cells.", file=path,
                          hint="Export the transcript again.")
    return header


def column_index(header: Sequence[str], required: Sequence[str], optional: Sequence[str],
                 path: Path, line: int, *, extra_allowed: bool) -> dict[str, int]:
    """The position of each known column in `header` (names compared without case and spaces).

    Raises IngestError naming the columns expected and found when a required column is missing,
    a column appears twice, or (unless `extra_allowed`) a column is unknown.
    """
    names = [name.strip().lower() for name in header]
    known = [*required, *optional]
    missing = [name for name in required if name not in names]
    repeated = sorted({name for name in names if names.count(name) > 1 and name in known})
    unknown = [] if extra_allowed else [name for name in names if name not in known]
    if missing or repeated or unknown:
        problems = [
            f"{label}: {', '.join(columns)}"
            for label, columns in (("missing", missing), ("repeated", repeated), ("unknown", unknown))
            if columns
        ]
        raise IngestError(
            f"the header does not have the expected columns ({'; '.join(problems)}).",
            file=path, line=line, field="header",
            hint=f"The first row must name the columns {', '.join(required)}"
            + (f" and optionally {', '.join(optional)}" if optional else "")
            + f"; found: {', '.join(names)}.",
        )
    return {name: names.index(name) for name in known if name in names}


def check_width(record: Sequence[str], width: int, path: Path, line: int) -> None:
    """Raise IngestError when a record has another number of fields than the header."""
    if len(record) != width:
        raise IngestError(
            f"this row has {len(record)} fields but the header has {width}.", file=path, line=line,
            hint="Put fields that contain the delimiter in double quotes, or add the missing fields.",
        )


def time_cell(cell: str, path: Path, line: int, column: str, hint: str) -> int:
    """Milliseconds in a time cell (see parse_time); IngestError naming the row and column otherwise."""
    try:
        return parse_time(cell)
    except TimeError as error:
        raise IngestError(f"{error}.", file=path, line=line, field=column, hint=hint) from None
