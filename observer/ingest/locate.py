"""Line numbers for cues parsed by libraries that do not report them (srt, webvtt-py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

ARROW = "-->"

Timing = tuple[int | None, int | None]


def timing_lines(
    lines: Sequence[str], timings: Sequence[Timing], read_timing: Callable[[str], Timing]
) -> tuple[list[int], list[int]]:
    """Match parsed cues to their timing lines (lines with ``-->``), in order, by their times.

    Returns the 1-based line of each cue's timing line, and the lines with ``-->`` that match no
    cue (cues the parser dropped, or text that contains an arrow).
    """
    found: list[int] = []
    unmatched: list[int] = []
    number = 0
    for timing in timings:
        while number < len(lines):
            number += 1
            line = lines[number - 1]
            if ARROW not in line:
                continue
            if read_timing(line) == timing:
                found.append(number)
                break
            unmatched.append(number)
    unmatched.extend(n + 1 for n in range(number, len(lines)) if ARROW in lines[n])
    return found, unmatched


def split_timing(line: str) -> tuple[str, str]:
    """The start and end text of a timing line ``start --> end [settings]``."""
    start, _, rest = line.partition(ARROW)
    end = rest.split(maxsplit=1)
    return start.strip(), end[0] if end else ""
