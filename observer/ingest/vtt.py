"""WebVTT reader (webvtt-py): Teams ``<v Name>`` voice tags, Zoom ``Name:`` prefixes, millisecond times."""

from __future__ import annotations

from pathlib import Path

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from observer.errors import IngestError
from observer.ingest.locate import Timing, split_timing, timing_lines
from observer.ingest.model import Transcript
from observer.ingest.source import load_text
from observer.ingest.speakers import speaker_and_text
from observer.ingest.timecode import parse_time
from observer.ingest.timeline import Cue, build_utterances


def read_vtt(path: Path) -> list[Transcript]:
    """The one transcript in a WebVTT file."""
    text = load_text(path)
    try:
        captions = webvtt.from_string(text).captions
    except MalformedFileError:
        raise IngestError(
            "this is not a WebVTT file: the first line must start with WEBVTT.", file=path, line=1,
            hint="Check that this is the .vtt file exported by Zoom, Teams or your captioning tool, or pass --format.",
        ) from None
    except MalformedCaptionError as error:
        raise IngestError(f"a cue cannot be read ({error}).", file=path,
                          hint="Fix the cue's times (hh:mm:ss.mmm --> hh:mm:ss.mmm).") from None
    # webvtt-py's *_in_seconds truncate to whole seconds: read the hh:mm:ss.mmm text instead.
    timings = [(parse_time(c.start), parse_time(c.end)) for c in captions]
    all_lines = text.split("\n")
    lines, unmatched = timing_lines(all_lines, timings, _read_timing)
    if unmatched:
        bad = unmatched[0]
        raise IngestError(
            f"the cue timing {all_lines[bad - 1].strip()[:80]!r} cannot be read.", file=path, line=bad,
            hint="Write cue times as hh:mm:ss.mmm --> hh:mm:ss.mmm (minutes and seconds under 60), "
            "with the timing line first in its cue or right after the cue identifier.",
        )
    if not captions:
        raise IngestError("the file has no cues.", file=path,
                          hint="Export the transcript with its captions, or import the session with --duration.")
    cues = []
    for number, (caption, (start, end), line) in enumerate(zip(captions, timings, lines), start=1):
        speaker, words = speaker_and_text(caption.lines)
        cues.append(Cue(start, end, speaker, words, line, "cue", str(number)))
    return [Transcript(build_utterances(cues, path), source=str(path), format="vtt")]


def _read_timing(line: str) -> Timing:
    """The start and end in milliseconds of a WebVTT timing line."""
    start, end = split_timing(line)
    return parse_time(start), parse_time(end)
