"""Reading subtitle files (SubRip, WebVTT): cue blocks with their line numbers, times, speakers and text.

One set of rules for both formats, so that no text is glued onto another cue or dropped:

- blocks are separated by blank lines; a cue block is an optional identifier line (SubRip: the
  subtitle number) followed by its timing line (``start --> end``), then its text lines;
- a line of only spaces straight after the timing line is part of the cue (YouTube's rolling
  captions start cues so), elsewhere it ends the block like an empty line;
- a timing line inside a cue's text starts a new cue, and a whole number on the line above it
  is that cue's number;
- any other block with text (after the blocks a format skips, e.g. WebVTT's ``NOTE``) has no
  timing line, and reading stops there with its line number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from observer.errors import IngestError
from observer.ingest.model import Cue, Transcript
from observer.ingest.speakers import take_name_prefixes, voice_and_lines
from observer.ingest.timecode import TimeError, parse_cue_time
from observer.ingest.timeline import build_utterances

ARROW = "-->"


class CueBlock(NamedTuple):
    """One cue as written: the 1-based line of its timing line, that line, and its text lines."""

    line: int
    timing: str
    text: list[str]


class Layout(NamedTuple):
    """What differs between the subtitle formats: names, identifier lines, skipped blocks, and the messages."""

    format: str
    kind: str
    is_identifier: Callable[[str], bool]
    is_skipped: Callable[[str], bool]
    untimed: str
    untimed_hint: str
    timing_hint: str
    empty: str
    empty_hint: str


def read_subtitles(lines: Sequence[str], first: int, path: Path, layout: Layout, overlaps: str) -> list[Transcript]:
    """The one transcript in a subtitle file's `lines`, its cues starting at index `first`."""
    blocks = cue_blocks(lines, first, path, layout)
    if not blocks:
        raise IngestError(layout.empty, file=path, hint=layout.empty_hint)
    cues = []
    for number, block in enumerate(blocks, start=1):
        start, end = cue_times(block, f"{layout.kind} {number}", path, layout)
        speaker, text = voice_and_lines(block.text)
        cues.append(Cue(start, end, speaker, " ".join(text), block.line, layout.kind, str(number), text))
    utterances, notes = build_utterances(take_name_prefixes(cues), path, overlaps=overlaps)
    return [Transcript(utterances, source=str(path), format=layout.format, notes=notes)]


def cue_blocks(lines: Sequence[str], first: int, path: Path, layout: Layout) -> list[CueBlock]:
    """The cue blocks in `lines` from index `first` on; IngestError at text that has no timing line."""
    cues = []
    index = first
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
        elif layout.is_skipped(line):
            while index < len(lines) and lines[index].strip():
                index += 1
        elif ARROW in line or (index + 1 < len(lines) and ARROW in lines[index + 1] and layout.is_identifier(line)):
            timing = index if ARROW in line else index + 1
            text, index = _text(lines, timing + 1)
            cues.append(CueBlock(timing + 1, lines[timing], text))
        else:
            shown = " ".join(part.strip() for part in lines[index:index + 2] if part.strip())
            raise IngestError(f"{layout.untimed}: {shown[:60]!r}.", file=path, line=index + 1,
                              hint=layout.untimed_hint)
    return cues


def _text(lines: Sequence[str], index: int) -> tuple[list[str], int]:
    """The text lines of a cue whose text starts at `index`, and the index after them."""
    text = []
    if index < len(lines) and lines[index] and not lines[index].strip():
        text.append(lines[index])
        index += 1
    while index < len(lines) and lines[index].strip() and ARROW not in lines[index]:
        text.append(lines[index])
        index += 1
    if index < len(lines) and ARROW in lines[index] and text and text[-1].strip().isdecimal():
        text.pop()
        index -= 1
    return text, index


def cue_times(cue: CueBlock, label: str, path: Path, layout: Layout) -> tuple[int, int]:
    """The start and end in milliseconds of a cue's timing line; IngestError naming the line."""
    start, _, rest = cue.timing.partition(ARROW)
    end = rest.split(maxsplit=1)
    times = []
    for which, text in (("start", start), ("end", end[0] if end else "")):
        try:
            times.append(parse_cue_time(text))
        except TimeError as error:
            raise IngestError(f"the {which} time: {error}.", file=path, line=cue.line, field=label,
                              hint=layout.timing_hint) from None
    return times[0], times[1]
