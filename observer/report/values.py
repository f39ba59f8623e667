"""Small conversions from summary values to what a reader sees: clocks, numbers, labels, missing values."""

from __future__ import annotations

import math

import pandas as pd

from observer.scheme.model import Scale
from observer.tables import format_duration


def missing(value: object) -> bool:
    """True for None, NA and NaN."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def clock(seconds: float) -> str:
    """Seconds from the session start as m:ss (h:mm:ss past an hour), cut to the second as a player shows it."""
    return format_duration(math.floor(float(seconds)))


def time_range(start: float, end: float) -> str:
    """A segment's time range as m:ss–m:ss."""
    return f"{clock(start)}–{clock(end)}"


def number(value: object) -> str:
    """A rating for reading: whole numbers without decimals, others to one decimal; empty when missing."""
    if missing(value):
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}"


def mean(value: object) -> str:
    """A mean of ratings with two decimals; empty when missing."""
    return "" if missing(value) else f"{float(value):.2f}"


def rated(value: object, scale: Scale) -> str:
    """A rating with its scale label, e.g. "4 (high)"; a mean between scale values ("2.5") has no label."""
    if missing(value):
        return ""
    value = float(value)
    label = scale.label_of(int(value)) if value.is_integer() else ""
    return f"{number(value)} ({label})" if label and label != number(value) else number(value)


def flag(value: object) -> bool | None:
    """A nullable boolean as True, False or None."""
    return None if missing(value) else bool(value)


def share(value: object) -> str:
    """A share as a whole percentage; empty when missing."""
    return "" if missing(value) else f"{float(value):.0%}"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """"1 segment", "3 segments"."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"
