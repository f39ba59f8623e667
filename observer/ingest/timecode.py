"""Time notations in transcripts: seconds (12.5) or clock times (hh:mm:ss[.mmm], mm:ss[.mmm]), in milliseconds."""

from __future__ import annotations

import re

_TIME = re.compile(r"(?:(?:([0-9]+):)?([0-9]+):)?([0-9]+)(?:\.([0-9]+))?")


def parse_time(text: str) -> int | None:
    """Milliseconds for `text`, or None when it is not a time.

    Accepts plain seconds (``95``, ``95.25``) and clock times (``1:35``, ``00:01:35.250``).
    Fields are whole numbers (leading zeros allowed); minutes and seconds below a higher field
    must be under 60; a fraction is read as decimals and rounded to the millisecond.
    """
    match = _TIME.fullmatch(text.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if minutes is not None and int(seconds) >= 60:
        return None
    if hours is not None and int(minutes) >= 60:
        return None
    whole = (int(hours or 0) * 60 + int(minutes or 0)) * 60 + int(seconds)
    return whole * 1000 + _fraction_ms(fraction or "")


def _fraction_ms(digits: str) -> int:
    """Milliseconds in the decimal fraction `digits` (after the point), rounded half up."""
    padded = digits.ljust(4, "0")
    return int(padded[:3]) + (padded[3] >= "5")


def format_clock(milliseconds: int) -> str:
    """``hh:mm:ss.mmm`` for a time in milliseconds, as messages show times."""
    seconds, millis = divmod(milliseconds, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
