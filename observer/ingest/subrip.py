"""SubRip (.srt) reader: numbered cues, speakers from ``<v Name>`` tags or ``Name:`` prefixes."""

from __future__ import annotations

from pathlib import Path

from observer.errors import IngestError
from observer.ingest.blocks import Layout, cue_blocks, cue_times
from observer.ingest.model import Cue, Transcript
from observer.ingest.source import load_text
from observer.ingest.speakers import take_name_prefixes, voice_and_lines
from observer.ingest.timeline import build_utterances

LAYOUT = Layout(
    is_identifier=lambda line: line.strip().isdecimal(),
    is_skipped=lambda line: False,
    untimed="subtitle text without a timing line",
    untimed_hint="Each subtitle needs its number, a 'hh:mm:ss,mmm --> hh:mm:ss,mmm' line and its text: "
    "add the missing timing line, or remove the empty line that splits this text from the subtitle above.",
    timing_hint="Write subtitle times as hh:mm:ss,mmm --> hh:mm:ss,mmm (minutes and seconds under 60).",
)


def read_srt(path: Path, *, overlaps: str = "error") -> list[Transcript]:
    """The one transcript in a SubRip file."""
    blocks = cue_blocks(load_text(path).split("\n"), 0, path, LAYOUT)
    if not blocks:
        raise IngestError("the file has no subtitles.", file=path,
                          hint="Check that this is an .srt file, or pass --format.")
    cues = []
    for number, block in enumerate(blocks, start=1):
        start, end = cue_times(block, f"subtitle {number}", path, LAYOUT)
        speaker, lines = voice_and_lines(block.text)
        cues.append(Cue(start, end, speaker, " ".join(lines), block.line, "subtitle", str(number), lines))
    utterances, notes = build_utterances(take_name_prefixes(cues), path, overlaps=overlaps)
    return [Transcript(utterances, source=str(path), format="srt", notes=notes)]
