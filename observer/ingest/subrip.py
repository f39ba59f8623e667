"""SubRip (.srt) reader (srt): speakers from ``Name:`` prefixes or ``<v Name>`` tags."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import srt

from observer.errors import IngestError
from observer.ingest.locate import Timing, split_timing, timing_lines
from observer.ingest.model import Transcript
from observer.ingest.source import load_text
from observer.ingest.speakers import speaker_and_text
from observer.ingest.timeline import Cue, build_utterances


def read_srt(path: Path) -> list[Transcript]:
    """The one transcript in a SubRip file."""
    text = load_text(path)
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as error:
        offset = error.expected_start + len(error.unmatched_content) - len(error.unmatched_content.lstrip())
        raise IngestError(
            f"this part cannot be read as SubRip: {error.unmatched_content.strip()[:80]!r}.",
            file=path, line=text.count("\n", 0, offset) + 1,
            hint="Each subtitle needs a number line, a 'hh:mm:ss,mmm --> hh:mm:ss,mmm' line, its text and a blank line.",
        ) from None
    except ValueError as error:
        raise IngestError(f"a subtitle time cannot be read ({error}).", file=path,
                          hint="Write times as hh:mm:ss,mmm --> hh:mm:ss,mmm.") from None
    if not subtitles:
        raise IngestError("the file has no subtitles.", file=path,
                          hint="Check that this is an .srt file, or pass --format.")
    timings = [(_ms(s.start), _ms(s.end)) for s in subtitles]
    lines, _ = timing_lines(text.split("\n"), timings, _read_timing)
    lines += [None] * (len(subtitles) - len(lines))
    cues = []
    for number, (subtitle, (start, end), line) in enumerate(zip(subtitles, timings, lines), start=1):
        speaker, words = speaker_and_text(subtitle.content.split("\n"))
        cues.append(Cue(start, end, speaker, words, line, "subtitle", str(number)))
    return [Transcript(build_utterances(cues, path), source=str(path), format="srt")]


def _ms(delta: timedelta) -> int:
    """Whole milliseconds in a timedelta."""
    return delta // timedelta(milliseconds=1)


def _read_timing(line: str) -> Timing:
    """The start and end in milliseconds of a SubRip timing line."""
    try:
        return tuple(_ms(srt.srt_timestamp_to_timedelta(part)) for part in split_timing(line))
    except ValueError:
        return None, None
