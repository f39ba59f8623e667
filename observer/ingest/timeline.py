"""From timed cues as read to checked utterances: characters, order, missing ends, end before start, overlaps."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from observer.errors import IngestError
from observer.ingest.characters import check_characters
from observer.ingest.model import Cue, Utterance
from observer.ingest.overlaps import MAX_TRIM_MS, merge_overlaps
from observer.ingest.timecode import format_clock

MS_PER_WORD = 400
MIN_LAST_MS = 2000
OVERLAPS = ("error", "merge")


def build_utterances(cues: Sequence[Cue], path: Path, *, overlaps: str = "error",
                     overlapping_turns: bool = False) -> tuple[list[Utterance], list[str]]:
    """Check the cues and turn them into utterances, filling missing ends (see `fill_ends`).

    Returns the utterances and notes on what was changed. Speakers and text must be free of
    control characters. Without `overlapping_turns`, a start earlier than the previous start, a
    subtitle cue that repeats lines of the one before (rolling captions), and a cue that overlaps
    an earlier cue of the same speaker, are errors; ``overlaps="merge"`` instead folds the
    repeats and trims small overlaps (see `merge_overlaps`). With
    `overlapping_turns` (AnnoMI, whose whole-second stamps mark overlapping turns), the file
    order is kept as given.
    """
    for cue in cues:
        check_characters(cue.speaker, "the speaker name", path, cue.line, cue.label)
        check_characters(cue.text, "the text", path, cue.line, cue.label)
    if not overlapping_turns:
        _check_order(cues, path)
    ends = fill_ends(cues)
    for cue, end in zip(cues, ends):
        if end < cue.start:
            raise _timing_error(cue, path, f"end {format_clock(end)} is before start {format_clock(cue.start)}.")
    notes: list[str] = []
    if not overlapping_turns:
        merged = merge_overlaps(cues, ends)
        if overlaps == "merge":
            cues, ends, notes = merged.cues, merged.ends, merged.notes
        elif merged.first_repeat:
            cue, previous = merged.first_repeat
            raise _timing_error(
                cue, path, f"starts with the last line of {previous.label}{_at(previous)} again, while that "
                f"{previous.kind} is still shown, as rolling captions do (each line two or three times).",
                hint="Pass --overlaps merge to keep each line once (see docs/formats.md).",
            )
        _check_overlaps(cues, ends, path, merged=overlaps == "merge")
    utterances = [Utterance(c.start / 1000, end / 1000, c.speaker, c.text, c.line) for c, end in zip(cues, ends)]
    return utterances, notes


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


def _check_overlaps(cues: Sequence[Cue], ends: Sequence[int], path: Path, *, merged: bool) -> None:
    """Raise IngestError where a cue starts before an earlier cue of the same speaker ends."""
    last_of: dict[str, tuple[Cue, int]] = {}
    for cue, end in zip(cues, ends):
        previous, previous_end = last_of.get(cue.speaker, (None, -1))
        if previous is not None and cue.start < previous_end:
            who = f"the same speaker '{cue.speaker}'" if cue.speaker else "the same (unnamed) speaker"
            if merged:
                hint = (f"--overlaps merge trims overlaps of up to {MAX_TRIM_MS} ms; this one is "
                        f"{previous_end - cue.start} ms: fix the {cue.kind} times.")
            else:
                hint = (f"Fix the {cue.kind} times, or pass --overlaps merge to fold repeated caption lines "
                        f"and trim overlaps of up to {MAX_TRIM_MS} ms (see docs/formats.md).")
            raise _timing_error(
                cue, path,
                f"starts at {format_clock(cue.start)}, before {previous.label}{_at(previous)} of "
                f"{who} ends at {format_clock(previous_end)}.", hint=hint,
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
