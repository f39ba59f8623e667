"""Telling a transcript's format from its file name and first bytes."""

from __future__ import annotations

import csv
from pathlib import Path

from observer.errors import IngestError
from observer.ingest.annomi import REQUIRED as ANNOMI_COLUMNS
from observer.ingest.rows import delimiter_of
from observer.ingest.source import head_text, read_bytes
from observer.ingest.table import REQUIRED as CSV_COLUMNS

FORMATS = ("srt", "vtt", "eaf", "csv", "annomi", "txt")
_BY_EXTENSION = {".srt": "srt", ".vtt": "vtt", ".eaf": "eaf", ".txt": "txt"}
_SNIFF_BYTES = 4096


def detect_format(path: str | Path) -> str:
    """The format of `path`: by extension; ``.csv`` files and unknown extensions by their first lines.

    A ``.csv`` is ``annomi`` when its header has the AnnoMI columns, else ``csv``.
    """
    path = Path(path)
    head = read_bytes(path)[:_SNIFF_BYTES]
    extension = path.suffix.lower()
    if extension in _BY_EXTENSION:
        return _BY_EXTENSION[extension]
    lines = head_text(head).lstrip().splitlines() or [""]
    if extension == ".csv":
        return "annomi" if _header_names(lines[0]) >= set(ANNOMI_COLUMNS) else "csv"
    sniffed = _sniff(lines)
    if sniffed is None:
        raise IngestError(
            "the transcript format cannot be told from the file name or its first lines.", file=path,
            hint=f"Pass --format with one of: {', '.join(FORMATS)}.",
        )
    return sniffed


def _sniff(lines: list[str]) -> str | None:
    """The format that a file starting with `lines` looks like, or None."""
    first = lines[0]
    if first.startswith("WEBVTT"):
        return "vtt"
    if any("<ANNOTATION_DOCUMENT" in line for line in lines):
        return "eaf"
    if first.strip().isdecimal() and len(lines) > 1 and "-->" in lines[1]:
        return "srt"
    if first.startswith("[") and first[1:2].isdecimal():
        return "txt"
    names = _header_names(first)
    if names >= set(ANNOMI_COLUMNS):
        return "annomi"
    if names >= set(CSV_COLUMNS):
        return "csv"
    return None


def _header_names(line: str) -> set[str]:
    """The lower-case column names in a CSV header line."""
    return {cell.strip().lower() for row in csv.reader([line], delimiter=delimiter_of(line)) for cell in row}
