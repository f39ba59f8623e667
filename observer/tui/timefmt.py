"""Clock times for the coding screen: seconds to m:ss and back."""

from __future__ import annotations

import re

_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)")


def clock(seconds: float) -> str:
    """Seconds as m:ss, or h:mm:ss from one hour on."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def parse_clock_span(text: str) -> tuple[float, float]:
    """A time typed as m:ss or h:mm:ss, and what it rounds to: (439.0, 1.0) for 7:19, (439.5, 0.1) for 7:19.5.

    ``ValueError`` saying what to type when the text is not a time.
    """
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text.strip()!r} is not a time; type it as m:ss or h:mm:ss, e.g. 12:30")
    hours, minutes, secs = match.groups()
    if float(secs) >= 60 or (hours is not None and int(minutes) >= 60):
        raise ValueError(f"{text.strip()!r} is not a time: minutes and seconds run from 0 to 59")
    decimals = len(secs.partition(".")[2])
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(secs), 10.0 ** -decimals
