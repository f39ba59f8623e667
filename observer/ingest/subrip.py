"""SubRip (.srt) reader: numbered cues, speakers from ``<v Name>`` tags or ``Name:`` prefixes."""

from __future__ import annotations

from pathlib import Path

from observer.ingest.blocks import Layout, read_subtitles
from observer.ingest.model import Transcript
from observer.ingest.source import load_text

LAYOUT = Layout(
    format="srt",
    kind="subtitle",
    is_identifier=lambda line: line.strip().isdecimal(),
    is_skipped=lambda line: False,
    untimed="subtitle text without a timing line",
    untimed_hint="Each subtitle needs its number, a 'hh:mm:ss,mmm --> hh:mm:ss,mmm' line and its text: "
    "add the missing timing line, or remove the empty line that splits this text from the subtitle above.",
    timing_hint="Write subtitle times as hh:mm:ss,mmm --> hh:mm:ss,mmm (minutes and seconds under 60).",
    empty="the file has no subtitles.",
    empty_hint="Check that this is an .srt file, or pass --format.",
)


def read_srt(path: Path, *, overlaps: str = "error") -> list[Transcript]:
    """The one transcript in a SubRip file."""
    return read_subtitles(load_text(path).split("\n"), 0, path, LAYOUT, overlaps)
