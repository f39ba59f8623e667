"""WebVTT reader: Teams ``<v Name>`` voice tags, Zoom ``Name:`` prefixes, millisecond times.

Blocks are read as the WebVTT specification lays them out (header, ``NOTE``, ``STYLE`` and
``REGION`` blocks, cues with optional identifiers and settings), with one deliberate difference:
a block of text without a timing line, which the specification skips, stops the import with
its line number, so that no text is dropped unseen.
"""

from __future__ import annotations

import re
from pathlib import Path

from observer.errors import IngestError
from observer.ingest.blocks import ARROW, Layout, read_subtitles
from observer.ingest.model import Transcript
from observer.ingest.source import load_text

_SIGNATURE = re.compile(r"WEBVTT(?:[ \t].*)?")
_SKIPPED = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?")

LAYOUT = Layout(
    format="vtt",
    kind="cue",
    is_identifier=lambda line: True,
    is_skipped=lambda line: _SKIPPED.fullmatch(line) is not None,
    untimed="text without a cue timing line",
    untimed_hint="WebVTT players skip such a block; observer stops so that no text is lost. Add the cue's timing "
    "line (hh:mm:ss.mmm --> hh:mm:ss.mmm), remove the empty line that splits it from the cue above, "
    "or start it with NOTE to keep it as a comment.",
    timing_hint="Write cue times as hh:mm:ss.mmm --> hh:mm:ss.mmm (minutes and seconds under 60).",
    empty="the file has no cues.",
    empty_hint="Export the transcript with its captions, or import the session with --duration.",
)


def read_vtt(path: Path, *, overlaps: str = "error") -> list[Transcript]:
    """The one transcript in a WebVTT file."""
    lines = load_text(path).split("\n")
    if not _SIGNATURE.fullmatch(lines[0]):
        raise IngestError(
            "this is not a WebVTT file: the first line must start with WEBVTT.", file=path, line=1,
            hint="Check that this is the .vtt file exported by Zoom, Teams or your captioning tool, or pass --format.",
        )
    return read_subtitles(lines, _header_end(lines), path, LAYOUT, overlaps)


def _header_end(lines: list[str]) -> int:
    """The index of the first line after the header: its first blank line, or a cue that follows it directly."""
    for index, line in enumerate(lines):
        if not line.strip() or ARROW in line:
            return index
    return len(lines)
