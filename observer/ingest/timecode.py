"""Time notations in transcripts, in milliseconds, with the one set of checks every reader applies.

Two notations: a time cell (CSV, AnnoMI, plain text) is seconds (``12.5``) or a clock time
(``hh:mm:ss[.mmm]``, ``mm:ss[.mmm]``); a cue time (SubRip, WebVTT) is always a clock time with
milliseconds (``hh:mm:ss,mmm``, ``hh:mm:ss.mmm`` or ``mm:ss.mmm``). Every time, ELAN's too,
must then be possible: minutes and seconds under 60 below a higher field, not negative, and at
most `MAX_MS` (24 hours: no recorded session is longer, so a later time is a typo or a clock
time of day).
"""

from __future__ import annotations

import re

MAX_MS = 24 * 60 * 60 * 1000

_CELL = re.compile(r"(?:(?:([0-9]+):)?([0-9]+):)?([0-9]+)(?:\.([0-9]+))?")
_CUE = re.compile(r"(?:([0-9]+):)?([0-9]+):([0-9]+)[.,]([0-9]+)")


class TimeError(ValueError):
    """A time that cannot be read or cannot be; the message says which and why."""


def parse_time(text: str) -> int:
    """Milliseconds for a time cell: seconds (``95``, ``95.25``) or a clock time (``1:35``, ``00:01:35.250``).

    Fields are whole numbers (leading zeros allowed); a fraction is read as decimals and rounded
    to the millisecond. Raises TimeError when `text` is not a time or not a possible one.
    """
    match = _CELL.fullmatch(text.strip())
    if match is None:
        raise TimeError(_not_a_time(text))
    return _milliseconds(text, *match.groups())


def parse_cue_time(text: str) -> int:
    """Milliseconds for a subtitle cue time: ``hh:mm:ss,mmm``, ``hh:mm:ss.mmm`` or ``mm:ss.mmm``."""
    match = _CUE.fullmatch(text.strip())
    if match is None:
        raise TimeError(_not_a_time(text))
    return _milliseconds(text, *match.groups())


def check_milliseconds(milliseconds: int, text: str) -> int:
    """`milliseconds` when it is a possible time; TimeError naming `text` when it is negative or too late."""
    if milliseconds < 0:
        raise TimeError(f"{_quoted(text)} is negative")
    if milliseconds > MAX_MS:
        raise TimeError(f"{_quoted(text)} is more than 24 hours, longer than any session")
    return milliseconds


def _milliseconds(text: str, hours: str | None, minutes: str | None, seconds: str, fraction: str | None) -> int:
    """The time of matched fields; TimeError when a minute or second field is 60 or more."""
    if hours is not None and int(minutes) >= 60:
        raise TimeError(_not_a_time(text, f"{minutes} minutes: minutes must be under 60"))
    if minutes is not None and int(seconds) >= 60:
        raise TimeError(_not_a_time(text, f"{seconds} seconds: seconds must be under 60"))
    whole = (int(hours or 0) * 60 + int(minutes or 0)) * 60 + int(seconds)
    return check_milliseconds(whole * 1000 + _fraction_ms(fraction or ""), text)


def _fraction_ms(digits: str) -> int:
    """Milliseconds in the decimal fraction `digits` (after the point), rounded half up."""
    padded = digits.ljust(4, "0")
    return int(padded[:3]) + (padded[3] >= "5")


def _not_a_time(text: str, why: str = "") -> str:
    """``'x' is not a time`` with the reason in brackets, or a note that the time is empty."""
    if not text.strip():
        return "no time is given"
    if text.strip().startswith("-"):
        return f"{_quoted(text)} is negative"
    return f"{_quoted(text)} is not a time" + (f" ({why})" if why else "")


def _quoted(text: str) -> str:
    """The text as messages quote it: stripped, cut at 40 characters, control characters escaped."""
    return repr(text.strip()[:40])


def format_clock(milliseconds: int) -> str:
    """``hh:mm:ss.mmm`` for a time in milliseconds, as messages show times."""
    seconds, millis = divmod(milliseconds, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
