"""``--overlaps merge``: fold rolling-caption repeats and trim small overlaps of one speaker's cues.

Rolling captions (YouTube's, as yt-dlp saves them) show each line two or three times: typed in,
alone for a moment, then as the top line while the next is typed. Many subtitle tracks also
let a cue run a few milliseconds into the next. Both are refused by default; this is the
explicit way through, and it says what it did.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from observer.ingest.model import Cue

MAX_TRIM_MS = 1000


class Merged(NamedTuple):
    """The cues and their ends after merging, what was changed, and the first repeat found (cue, repeated cue)."""

    cues: list[Cue]
    ends: list[int]
    notes: list[str]
    first_repeat: tuple[Cue, Cue] | None


def merge_overlaps(cues: Sequence[Cue], ends: Sequence[int]) -> Merged:
    """Fold repeats and trim overlaps between consecutive cues of the same speaker (cues in time order).

    1. Repeats (subtitle cues, which have lines): a cue that starts before (or when) the previous
       cue of its speaker ends, and whose first lines are the last lines that cue showed, loses
       those lines. A cue left with no line is dropped, and the cue it repeats runs on to the
       dropped cue's end.
    2. Overlaps: a cue that starts before the previous cue of its speaker ends cuts that cue's end
       to its own start, when it lost repeated lines or the overlap is at most MAX_TRIM_MS. Larger
       overlaps stay, and the overlap check refuses them.
    """
    kept: list[Cue] = []
    kept_ends: list[int] = []
    shown: list[tuple[str, ...]] = []  # the lines on screen at the end of each kept cue
    last_of: dict[str, int] = {}
    repeated_lines = dropped = trimmed = largest = 0
    first_repeat = None
    for cue, end in zip(cues, ends):
        previous = last_of.get(cue.speaker)
        lines = cue.lines
        repeat = 0
        if previous is not None and cue.start <= kept_ends[previous]:
            repeat = _repeated_lines(shown[previous], lines)
            repeated_lines += repeat
            if repeat and first_repeat is None:
                first_repeat = (cue, kept[previous])
            if lines and repeat == len(lines):
                dropped += 1
                kept_ends[previous] = max(kept_ends[previous], end)
                shown[previous] = lines
                continue
            if repeat:
                cue = cue._replace(text=" ".join(lines[repeat:]), lines=lines[repeat:])
        if previous is not None and cue.start < kept_ends[previous]:
            overlap = kept_ends[previous] - cue.start
            if repeat or overlap <= MAX_TRIM_MS:
                kept_ends[previous] = cue.start
                trimmed += 1
                largest = max(largest, overlap)
        last_of[cue.speaker] = len(kept)
        kept.append(cue)
        kept_ends.append(end)
        shown.append(lines)
    notes = []
    if repeated_lines:
        notes.append(f"--overlaps merge removed {repeated_lines} repeated caption line(s) "
                     f"and dropped {dropped} cue(s) that had no new line.")
    if trimmed:
        notes.append(f"--overlaps merge trimmed {trimmed} overlap(s) between cues of one speaker "
                     f"(the largest {largest} ms).")
    return Merged(kept, kept_ends, notes, first_repeat)


def _repeated_lines(before: Sequence[str], lines: Sequence[str]) -> int:
    """How many of `lines`, from the first, repeat the last lines of `before` (the longest such run)."""
    for count in range(min(len(before), len(lines)), 0, -1):
        if tuple(lines[:count]) == tuple(before[-count:]):
            return count
    return 0
