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
from observer.ingest.blocks import ARROW, Layout, cue_blocks, cue_times
from observer.ingest.model import Cue, Transcript
from observer.ingest.source import load_text
from observer.ingest.speakers import take_name_prefixes, voice_and_lines
from observer.ingest.timeline import build_utterances

_SIGNATURE = re.compile(r"WEBVTT(?:[ \t].*)?")
_SKIPPED = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?")

LAYOUT = Layout(
    is_identifier=lambda line: True,
    is_skipped=lambda line: _SKIPPED.fullmatch(line) is not None,
    untimed="text without a cue timing line",
    untimed_hint="WebVTT players skip such a block; observer stops so that no text is lost. Add the cue's timing "
    "line (hh:mm:ss.mmm --> hh:mm:ss.mmm), remove the empty line that splits it from the cue above, "
    "or start it with NOTE to keep it as a comment.",
    timing_hint="Write cue times as hh:mm:ss.mmm --> hh:mm:ss.mmm (minutes and seconds under 60).",
)


def read_vtt(path: Path, *, overlaps: str = "error") -> list[Transcript]:
    """The one transcript in a WebVTT file."""
    lines = load_text(path).split("\n")
    if not _SIGNATURE.fullmatch(lines[0]):
        raise IngestError(
            "this is not a WebVTT file: the first line must start with WEBVTT.", file=path, line=1,
            hint="Check that this is the .vtt file exported by Zoom, Teams or your captioning tool, or pass --format.",
        )
    blocks = cue_blocks(lines, _header_end(lines), path, LAYOUT)
    if not blocks:
        raise IngestError("the file has no cues.", file=path,
                          hint="Export the transcript with its captions, or import the session with --duration.")
    cues = []
    for number, block in enumerate(blocks, start=1):
        start, end = cue_times(block, f"cue {number}", path, LAYOUT)
        speaker, text_lines = voice_and_lines(block.text)
        cues.append(Cue(start, end, speaker, " ".join(text_lines), block.line, "cue", str(number), text_lines))
    utterances, notes = build_utterances(take_name_prefixes(cues), path, overlaps=overlaps)
    return [Transcript(utterances, source=str(path), format="vtt", notes=notes)]


def _header_end(lines: list[str]) -> int:
    """The index of the first line after the header: its first blank line, or a cue that follows it directly."""
    for index, line in enumerate(lines):
        if not line.strip() or ARROW in line:
            return index
    return len(lines)
