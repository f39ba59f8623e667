"""Plain-text transcripts: ``[hh:mm:ss] Speaker: text`` lines; other lines continue the utterance above."""

from __future__ import annotations

import re
from pathlib import Path

from observer.errors import IngestError
from observer.ingest.model import Cue, Transcript
from observer.ingest.source import load_text
from observer.ingest.speakers import take_name_prefixes
from observer.ingest.timecode import TimeError, parse_time
from observer.ingest.timeline import build_utterances

# A bracket at the start of a line that holds something time-like: digits, colons and dots.
_STAMP = re.compile(r"\s*\[([0-9:. ]*[0-9][0-9:. ]*)\]\s*")


def read_txt(path: Path, *, overlaps: str = "error") -> list[Transcript]:
    """The one transcript in a plain-text file."""
    cues: list[Cue] = []
    for number, line in enumerate(load_text(path).split("\n"), start=1):
        stamp = _STAMP.match(line)
        if stamp is None:
            if line.strip():
                if not cues:
                    raise IngestError(
                        "this line comes before the first timestamp.", file=path, line=number,
                        hint="Start each utterance with [hh:mm:ss] Speaker: text, or remove the line.",
                    )
                cues[-1] = cues[-1]._replace(text=" ".join([*cues[-1].text.split(), *line.split()]))
            continue
        try:
            start = parse_time(stamp.group(1))
        except TimeError as error:
            raise IngestError(
                f"the timestamp [{stamp.group(1)}]: {error}.", file=path, line=number,
                hint="Write the timestamp as [hh:mm:ss] or [hh:mm:ss.mmm] (minutes and seconds under 60).",
            ) from None
        cues.append(Cue(start, None, "", " ".join(line[stamp.end():].split()), number, "utterance", str(len(cues) + 1)))
    utterances, notes = build_utterances(take_name_prefixes(cues), path, overlaps=overlaps)
    return [Transcript(utterances, source=str(path), format="txt", notes=notes)]
