"""Cutting a session into coding segments, and finding the segment of an utterance."""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

from observer.errors import IngestError

Bounds = Sequence[tuple[float, float]]


def segment_bounds(duration: float, seconds: float | None) -> list[tuple[float, float]]:
    """Consecutive ``(start, end)`` windows of `seconds` from 0 to `duration`.

    The last window ends at `duration` and is kept however short it is. ``seconds=None`` (the
    scheme codes whole sessions) gives one window for the whole session. A session of length 0
    gives one empty window ``(0, 0)``, so it still has a unit to code.
    """
    if not math.isfinite(duration) or duration < 0:
        raise IngestError(f"the session length {duration!r} is not a length in seconds.", field="duration",
                          hint="Pass a duration of 0 seconds or more.")
    if seconds is not None and (not math.isfinite(seconds) or seconds <= 0):
        raise IngestError(f"the segment length {seconds!r} is not a positive number of seconds.",
                          field="segment_seconds", hint="Set the scheme's segment length above 0, or code whole sessions.")
    if seconds is None or duration == 0:
        return [(0.0, float(duration))]
    count = math.ceil(duration / seconds)
    if (count - 1) * seconds >= duration:  # duration / seconds rounded up past a whole number
        count -= 1
    return [(index * seconds, min((index + 1) * seconds, duration)) for index in range(count)]


def segment_of(start: float, bounds: Bounds) -> int:
    """The index of the segment in which an utterance starting at `start` starts.

    A start exactly on a boundary belongs to the later segment. An utterance that runs past the
    end of its segment still belongs to it alone (it is shown as continuing in the next).
    """
    if start < 0 or start > bounds[-1][1]:
        raise IngestError(
            f"an utterance starts at {start} s, outside the session (0 to {bounds[-1][1]} s).",
            field="duration", hint="Give the session a --duration that covers the whole transcript.",
        )
    return bisect.bisect_right(bounds, start, key=lambda bound: bound[0]) - 1
