"""From timed cues as read to checked utterances: order, missing ends, end before start, overlaps."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from observer.errors import IngestError
from observer.ingest.model import Utterance
from observer.ingest.timecode import format_clock

MS_PER_WORD = 400
MIN_LAST_MS = 2000


class Cue(NamedTuple):
    """One turn as a reader found it: times in milliseconds, `end` None when the source gives none."""

    start: int
    end: int | None
    speaker: str
    text: str
    line: int | None
    kind: str
    ref: str

    @property
    def label(self) -> str:
        """How messages name the turn, e.g. ``cue 3`` or ``row 12``."""
        return f"{self.kind} {self.ref}"


def build_utterances(cues: Sequence[Cue], path: Path, *, overlapping_turns: bool = False) -> list[Utterance]:
    """Check the cues and turn them into utterances, filling missing ends (see `fill_ends`).

    Without `overlapping_turns`, a start earlier than the previous start, and a cue that overlaps
    an earlier cue of the same speaker, are errors. With it (AnnoMI, whose whole-second stamps mark
    overlapping turns), the file order is kept as given.
    """
    if not overlapping_turns:
        _check_order(cues, path)
    ends = fill_ends(cues)
    for cue, end in zip(cues, ends):
        if end < cue.start:
            raise _timing_error(cue, path, f"end {format_clock(end)} is before start {format_clock(cue.start)}.")
    if not overlapping_turns:
        _check_overlaps(cues, ends, path)
    return [Utterance(c.start / 1000, end / 1000, c.speaker, c.text, c.line) for c, end in zip(cues, ends)]


def fill_ends(cues: Sequence[Cue]) -> list[int]:
    """Each cue's end; a cue without one ends where the next begins (never before its own start).

    The last cue without an end gets an estimate from its length: 0.4 s per word, at least 2 s.
    """
    ends = [cue.end for cue in cues]
    for index, cue in enumerate(cues[:-1]):
        if cue.end is None:
            ends[index] = max(cue.start, cues[index + 1].start)
    if cues and ends[-1] is None:
        last = cues[-1]
        ends[-1] = last.start + max(MIN_LAST_MS, MS_PER_WORD * len(last.text.split()))
    return ends


def _check_order(cues: Sequence[Cue], path: Path) -> None:
    """Raise IngestError at the first cue that starts before the one above it."""
    for previous, cue in zip(cues, cues[1:]):
        if cue.start < previous.start:
            raise _timing_error(
                cue, path,
                f"start {format_clock(cue.start)} is before the start {format_clock(previous.start)} "
                f"of {previous.label}{_at(previous)}; {cue.kind}s must be in time order.",
                hint=f"Sort the {cue.kind}s by start time, or fix this {cue.kind}'s time.",
            )


def _check_overlaps(cues: Sequence[Cue], ends: Sequence[int], path: Path) -> None:
    """Raise IngestError where a cue starts before an earlier cue of the same speaker ends."""
    last_of: dict[str, tuple[Cue, int]] = {}
    for cue, end in zip(cues, ends):
        previous, previous_end = last_of.get(cue.speaker, (None, -1))
        if previous is not None and cue.start < previous_end:
            who = f"the same speaker '{cue.speaker}'" if cue.speaker else "the same (unnamed) speaker"
            raise _timing_error(
                cue, path,
                f"starts at {format_clock(cue.start)}, before {previous.label}{_at(previous)} of "
                f"{who} ends at {format_clock(previous_end)}.",
            )
        if end >= previous_end:
            last_of[cue.speaker] = (cue, end)


def _at(cue: Cue) -> str:
    """`` (line N)`` when the cue's line is known."""
    return f" (line {cue.line})" if cue.line else ""


def _timing_error(cue: Cue, path: Path, message: str, hint: str | None = None) -> IngestError:
    """An IngestError at `cue`; the hint defaults to fixing or removing it."""
    return IngestError(
        message, file=path, line=cue.line, field=cue.label,
        hint=hint or f"Fix the {cue.kind} times or remove the {cue.kind}.",
    )
