"""How values and counts read in messages, notes and the methods paragraph."""

from __future__ import annotations

import numpy as np


def show(value: object) -> str:
    """A value as a message shows it: strings quoted, numbers plain (3.0 -> 3)."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (float, np.floating)):
        return f"{float(value):g}"
    return str(value)


def counted(n: int, noun: str) -> str:
    """'1 item', '3 items'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
